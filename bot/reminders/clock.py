"""Times of day as the user reads them: 12- or 24-hour clock from their locale (CLDR, via Babel).

Telegram sends `language_code` as "en", "en-GB" or "ru". The interface language decides the
words; the region, when Telegram gives one, decides the clock: "en-GB" and "en-IE" read
22:30, "en" and "en-US" read 10:30 PM.
"""

from __future__ import annotations

from datetime import time

from babel import Locale, UnknownLocaleError
from babel.dates import format_time


def user_locale(language: str, telegram_code: str | None = None) -> Locale:
    """The Babel locale for `language`, with the region of `telegram_code` when it matches.

    user_locale("en", "en-GB") -> en_GB; user_locale("en", "ru") -> en;
    user_locale("ru", "ru-RU") -> ru_RU. An unknown region falls back to the language.
    """
    if telegram_code:
        parts = telegram_code.replace("_", "-").split("-")
        if len(parts) >= 2 and parts[0].lower() == language.lower() and parts[1].isalpha():
            try:
                return Locale.parse(f"{parts[0].lower()}_{parts[1].upper()}")
            except (UnknownLocaleError, ValueError):
                pass
    return Locale.parse(language)


def _as_locale(locale: Locale | str) -> Locale:
    return locale if isinstance(locale, Locale) else Locale.parse(locale.replace("-", "_"))


def uses_24_hour_clock(locale: Locale | str) -> bool:
    """Whether the locale's short time format counts hours 0-23 (pattern H or k)."""
    pattern = _as_locale(locale).time_formats["short"].pattern
    return "H" in pattern or "k" in pattern


def time_pattern(locale: Locale | str, hour24: bool | None = None) -> str:
    """The locale's short time pattern, or (`hour24` given) the same in that clock."""
    pattern = _as_locale(locale).time_formats["short"].pattern
    if hour24 is None or hour24 == uses_24_hour_clock(locale):
        return pattern
    return "HH:mm" if hour24 else "h:mm a"


def clock_text(minute: int, locale: Locale | str, hour24: bool | None = None) -> str:
    """Minutes after midnight as the locale writes a time: 1350 -> '22:30' or '10:30 PM';
    `hour24` overrides the locale's clock (the user's choice)."""
    if not 0 <= minute < 24 * 60:
        raise ValueError(f"{minute} is not a minute of the day")
    pattern = time_pattern(locale, hour24)
    return format_time(time(minute // 60, minute % 60), pattern, locale=_as_locale(locale))
