"""Finding the user's IANA time zone: a typed offset or city, a list, or a shared location.

Telegram does not tell a bot the user's zone. Everything here works offline: cities come
from the CLDR data that Babel ships (in every language the bot speaks, plus a few common
names that are not zone cities), locations from tzfpy's bundled boundaries, and the zone
rules from zoneinfo with the tzdata package as a fallback where the system has none.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location

UTC_ZONE = "Etc/UTC"
CONTINENTS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)

# A short list of common zones per interface language, west to east; English is the default.
COMMON_ZONES: dict[str, tuple[str, ...]] = {
    "ru": (
        "Europe/Kaliningrad",
        "Europe/Moscow",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Omsk",
        "Asia/Krasnoyarsk",
        "Asia/Irkutsk",
        "Asia/Yakutsk",
        "Asia/Vladivostok",
        "Asia/Magadan",
        "Asia/Kamchatka",
    ),
    "en": (
        "America/Los_Angeles",
        "America/Denver",
        "America/Chicago",
        "America/New_York",
        "Europe/London",
        "Europe/Berlin",
        "Europe/Moscow",
        "Asia/Kolkata",
        "Asia/Singapore",
        "Asia/Tokyo",
        "Australia/Sydney",
    ),
}

# Big cities that are not zone names in CLDR, as people type them.
CITY_ALIASES: dict[str, str] = {
    "saint petersburg": "Europe/Moscow",
    "st petersburg": "Europe/Moscow",
    "санкт петербург": "Europe/Moscow",
    "питер": "Europe/Moscow",
    "спб": "Europe/Moscow",
    "казань": "Europe/Moscow",
    "нижний новгород": "Europe/Moscow",
    "ростов на дону": "Europe/Moscow",
    "краснодар": "Europe/Moscow",
    "сочи": "Europe/Moscow",
    "воронеж": "Europe/Moscow",
    "мск": "Europe/Moscow",
    "уфа": "Asia/Yekaterinburg",
    "пермь": "Asia/Yekaterinburg",
    "челябинск": "Asia/Yekaterinburg",
    "тюмень": "Asia/Yekaterinburg",
    "красноярск": "Asia/Krasnoyarsk",
    "хабаровск": "Asia/Vladivostok",
    "киев": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "дели": "Asia/Kolkata",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "beijing": "Asia/Shanghai",
    "пекин": "Asia/Shanghai",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "munich": "Europe/Berlin",
    "ankara": "Europe/Istanbul",
}

_OFFSET = re.compile(
    r"^(?:(?P<base>utc|gmt|мск|msk)\s*)?(?:(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})"
    r"(?:\s*[:.]?\s*(?P<minutes>\d{2}))?)?$"
)
# Zones for offsets that are not whole hours (Etc/GMT zones exist only for whole hours).
_PART_HOUR_ZONES = {
    -210: "America/St_Johns",
    -150: "America/St_Johns",
    210: "Asia/Tehran",
    270: "Asia/Kabul",
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    390: "Asia/Yangon",
    525: "Australia/Eucla",
    570: "Australia/Darwin",
    630: "Australia/Lord_Howe",
    765: "Pacific/Chatham",
}


def normalize(text: str) -> str:
    """Case, accents, punctuation and 'ё' do not matter when matching a city."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    text = re.sub(r"\s*\(.*\)\s*$", "", text)  # "Moscow (UTC+3)" as the list shows it
    text = re.sub(r"[\s_\-‐–—.,']+", " ", text)
    return text.strip()


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_zone(name: str) -> bool:
    """A real IANA zone name: looked up in the list first, so that a name such as
    `America/__pycache__` (a folder of the tzdata package) never reaches the file system."""
    if name not in _known_zones():
        return False
    try:
        ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone_for_offset(minutes: int) -> str | None:
    """An IANA zone with this fixed UTC offset (Etc/GMT signs are inverted by POSIX)."""
    if minutes == 0:
        return UTC_ZONE
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        hours = minutes // 60
        return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    return _PART_HOUR_ZONES.get(minutes)


def parse_offset(text: str) -> str | None:
    """`+3`, `UTC-5`, `GMT+05:30`, `UTC`, `МСК+4` -> an IANA zone, or None."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())
    match = _OFFSET.match(compact)
    if not match or not (match["base"] or match["sign"]):
        return None
    base = 180 if match["base"] in ("мск", "msk") else 0
    if match["sign"] is None:
        return "Europe/Moscow" if base else UTC_ZONE
    minutes = int(match["hours"]) * 60 + int(match["minutes"] or 0)
    if match["minutes"] and int(match["minutes"]) >= 60:
        return None
    sign = 1 if match["sign"] == "+" else -1
    return zone_for_offset(base + sign * minutes)


@cache
def _city_index(locales: tuple[str, ...]) -> dict[str, str]:
    aliases: dict[str, str] = get_global("zone_aliases")
    index: dict[str, str] = {}
    names = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if zone.startswith(CONTINENTS) and zone not in aliases
    )
    for zone in names:
        keys = {normalize(zone.rsplit("/", 1)[-1]), normalize(zone)}
        for code in locales:
            keys.add(normalize(get_timezone_location(zone, locale=code, return_city=True)))
        for key in keys:
            index.setdefault(key, zone)
    for name, zone in CITY_ALIASES.items():
        index.setdefault(normalize(name), zone)
    return index


def find_zone(text: str, locales: Iterable[str] = ("en", "ru")) -> str | None:
    """The zone a person means by what they typed: an offset, a city or an IANA name."""
    text = text.strip()
    if not text or len(text) > 64:
        return None
    offset_zone = parse_offset(text)
    if offset_zone:
        return offset_zone
    if "/" in text and is_zone(text.replace(" ", "_")):
        return text.replace(" ", "_")
    return _city_index(tuple(locales)).get(normalize(text))


def common_zones(language: str) -> tuple[str, ...]:
    return COMMON_ZONES.get(language, COMMON_ZONES["en"])


def zone_at(latitude: float, longitude: float) -> str | None:
    """The zone of a point on Earth, looked up offline; None if it is not a usable zone."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    from tzfpy import get_tz  # ~30 MB of boundaries: loaded on the first shared location

    name = get_tz(longitude, latitude)
    return name if name and is_zone(name) else None


def offset_label(offset: timedelta | None) -> str:
    """UTC+3, UTC-5, UTC+5:30, UTC."""
    minutes = int((offset or timedelta(0)).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def city_name(zone: str, locale: Locale) -> str | None:
    """The zone's city in the user's language, or None for fixed-offset zones."""
    if not zone.startswith(CONTINENTS):
        return None
    return get_timezone_location(zone, locale=locale, return_city=True)


def zone_label(zone: str, locale: Locale, now: datetime) -> str:
    """'Moscow (UTC+3)' in the user's language; 'UTC+3' for a typed offset."""
    offset = offset_label(now.astimezone(ZoneInfo(zone)).utcoffset())
    city = city_name(zone, locale)
    return f"{city} ({offset})" if city else offset
