"""Interface strings through gettext, with catalogs read straight from `locales/*.po`.

The .po files are compiled in memory at start-up with Babel, so there is no compile step
for anyone installing the bot and no stale .mo file to forget.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.guide import Guide, LanguageTexts
from bot.reminders.clock import time_pattern, user_locale, uses_24_hour_clock
from bot.resources import data_dir

LOCALES_DIR = data_dir("locales")
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # msgids are English, so English needs no catalog


class CatalogError(Exception):
    """A language has content but no usable interface catalog."""


@dataclass(frozen=True)
class Language:
    """Everything needed to speak to a user in one language.

    Times of day are written in `hour24`'s clock. `load_languages` gives each language its
    locale's clock; `for_user` is the same language in a user's clock (English: 22:30 or
    10:30 PM), so every screen that writes a time takes the clock with the language."""

    code: str
    texts: LanguageTexts
    locale: Locale
    translations: gettext.NullTranslations
    hour24: bool = False  # 22:30 rather than 10:30 PM

    @property
    def clock_choice(self) -> bool:
        """Whether users choose the clock: English does; Russian always writes 22:30."""
        return not uses_24_hour_clock(self.locale)

    @property
    def time_pattern(self) -> str:
        """How a time of day is written (a Babel pattern), in this language's clock."""
        return time_pattern(self.locale, self.hour24)

    def with_clock(self, hour24: bool) -> Language:
        if not self.clock_choice or hour24 == self.hour24:
            return self
        return dataclasses.replace(self, hour24=hour24)

    def for_user(self, chosen_hour24: bool | None, telegram_code: str | None) -> Language:
        """This language in the user's clock: the one they chose on the reminders screen,
        else their Telegram app's region's (en-GB, en-AU: 24-hour; en, en-US: 12-hour)."""
        if chosen_hour24 is None:
            chosen_hour24 = uses_24_hour_clock(user_locale(self.code, telegram_code))
        return self.with_clock(chosen_hour24)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)


def catalog_path(code: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(code: str, locales_dir: Path = LOCALES_DIR) -> gettext.NullTranslations:
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = catalog_path(code, locales_dir)
    try:
        with path.open("rb") as po_file:
            catalog = read_po(po_file, locale=code)
    except OSError as error:
        raise CatalogError(f"{path}: cannot read the {code!r} catalog: {error.strerror}") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_languages(guide: Guide, locales_dir: Path = LOCALES_DIR) -> dict[str, Language]:
    """One Language per content language, in the order of the language menu."""
    return {
        code: Language(
            code=code,
            texts=texts,
            locale=Locale.parse(code),
            translations=load_translations(code, locales_dir),
            hour24=uses_24_hour_clock(Locale.parse(code)),
        )
        for code, texts in guide.texts.items()
    }


def pick_language(
    stored: str | None, telegram_code: str | None, languages: dict[str, Language], default: str
) -> Language:
    """The user's explicit choice if still offered, else their Telegram language, else default."""
    if stored in languages:
        return languages[stored]
    if telegram_code:
        primary = telegram_code.replace("_", "-").split("-")[0].lower()
        if primary in languages:
            return languages[primary]
    return languages[default]
