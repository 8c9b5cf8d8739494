"""Times of day in the user's clock: 24-hour where their locale uses it, 12-hour elsewhere."""

from __future__ import annotations

import pytest

from bot.reminders.clock import clock_text, user_locale, uses_24_hour_clock


@pytest.mark.parametrize(
    ("language", "telegram_code", "expected"),
    [
        ("en", "en-GB", "en_GB"),
        ("en", "en_IE", "en_IE"),
        ("en", "en", "en"),
        ("en", None, "en"),
        ("en", "ru-RU", "en"),  # the region of another language is not the user's clock
        ("ru", "ru-RU", "ru_RU"),
        ("en", "en-XX", "en"),  # an unknown region falls back to the language
        ("en", "en-419", "en"),
    ],
)
def test_the_locale_takes_the_region_telegram_gives(
    language: str, telegram_code: str | None, expected: str
) -> None:
    assert str(user_locale(language, telegram_code)) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "10:30\u202fPM"),
        ("en_US", "10:30\u202fPM"),
        ("en_GB", "22:30"),
        ("en_IE", "22:30"),
        ("ru", "22:30"),
        ("en-GB", "22:30"),
    ],
)
def test_a_time_is_written_in_the_locale_s_clock(locale: str, expected: str) -> None:
    assert clock_text(22 * 60 + 30, locale) == expected


def test_midnight_and_the_24_hour_flag() -> None:
    assert clock_text(0, "en_GB") == "00:00"
    assert clock_text(0, "en").startswith("12:00")
    assert uses_24_hour_clock(user_locale("en", "en-GB"))
    assert not uses_24_hour_clock(user_locale("en", "en-US"))
    with pytest.raises(ValueError):
        clock_text(24 * 60, "en")
