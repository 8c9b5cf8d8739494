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
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

import snowballstemmer
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import get_timezone_location
from rapidfuzz import process
from rapidfuzz.distance import OSA

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

# Where many Russian speakers live outside Russia, west to east: a second list, so that the
# first one stays Russia's own zones (Kaliningrad to Kamchatka).
COMMON_ZONES_ABROAD: dict[str, tuple[str, ...]] = {
    "ru": (
        "America/Los_Angeles",
        "America/New_York",
        "Europe/Berlin",
        "Europe/Kyiv",
        "Europe/Minsk",
        "Asia/Jerusalem",
        "Asia/Tbilisi",
        "Asia/Yerevan",
        "Asia/Tashkent",
        "Asia/Almaty",
        "Asia/Bishkek",
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
    "nyc": "America/New_York",
    "eastern": "America/New_York",  # "Eastern time", "Pacific standard time"
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "sf": "America/Los_Angeles",
    "dc": "America/New_York",
    "нью йорк сити": "America/New_York",
    "астана": "Asia/Almaty",  # Kazakhstan's capital keeps Almaty's clock
    "минск": "Europe/Minsk",
    "тель авив": "Asia/Jerusalem",
    "tel aviv": "Asia/Jerusalem",
    "хайфа": "Asia/Jerusalem",
    "haifa": "Asia/Jerusalem",
    "харьков": "Europe/Kyiv",
    "одесса": "Europe/Kyiv",
    "днепр": "Europe/Kyiv",
    "львов": "Europe/Kyiv",
    "батуми": "Asia/Tbilisi",
    "ош": "Asia/Bishkek",
    "самарканд": "Asia/Samarkand",
}

# Former names still in use (IANA's own old names, such as Calcutta or Saigon, come from
# CLDR's zone aliases; these are the ones it does not know).
FORMER_NAMES: dict[str, str] = {
    "алма ата": "Asia/Almaty",
    "алмаата": "Asia/Almaty",
    "alma ata": "Asia/Almaty",
    "нур султан": "Asia/Almaty",
    "целиноград": "Asia/Almaty",
    "акмолинск": "Asia/Almaty",
    "ленинград": "Europe/Moscow",
    "петроград": "Europe/Moscow",
    "leningrad": "Europe/Moscow",
    "горький": "Europe/Moscow",
    "калинин": "Europe/Moscow",
    "куйбышев": "Europe/Samara",
    "свердловск": "Asia/Yekaterinburg",
    "sverdlovsk": "Asia/Yekaterinburg",
    "молотов": "Asia/Yekaterinburg",
    "кенигсберг": "Europe/Kaliningrad",
    "königsberg": "Europe/Kaliningrad",
    "фрунзе": "Asia/Bishkek",
    "днепропетровск": "Europe/Kyiv",
    "bombay": "Asia/Kolkata",
    "бомбей": "Asia/Kolkata",
    "madras": "Asia/Kolkata",
    "мадрас": "Asia/Kolkata",
    "калькутта": "Asia/Kolkata",
    "peking": "Asia/Shanghai",
    "canton": "Asia/Shanghai",
    "сайгон": "Asia/Ho_Chi_Minh",
    "рангун": "Asia/Yangon",
}

# Everyday short names Russian speakers use for big cities (also typed in Latin letters,
# "ekb", "novosib": those are read through transliteration).
COLLOQUIAL_NAMES: dict[str, str] = {
    "нижний": "Europe/Moscow",  # Нижний Новгород
    "ростов": "Europe/Moscow",
    "екб": "Asia/Yekaterinburg",
    "ебург": "Asia/Yekaterinburg",
    "челяба": "Asia/Yekaterinburg",
    "новосиб": "Asia/Novosibirsk",
    "нск": "Asia/Novosibirsk",
    "красик": "Asia/Krasnoyarsk",
    "крск": "Asia/Krasnoyarsk",
    "владик": "Asia/Vladivostok",
    "хаба": "Asia/Vladivostok",
    "калик": "Europe/Kaliningrad",
    "питербург": "Europe/Moscow",
    "петербург": "Europe/Moscow",
    "спб": "Europe/Moscow",
}

# How Russian speakers name a zone by its city: «по Москве», «московское время».
RUSSIAN_ZONE_ADJECTIVES: dict[str, str] = {
    "московск": "Europe/Moscow",
    "калининградск": "Europe/Kaliningrad",
    "самарск": "Europe/Samara",
    "екатеринбургск": "Asia/Yekaterinburg",
    "уральск": "Asia/Yekaterinburg",
    "омск": "Asia/Omsk",
    "новосибирск": "Asia/Novosibirsk",
    "красноярск": "Asia/Krasnoyarsk",
    "иркутск": "Asia/Irkutsk",
    "якутск": "Asia/Yakutsk",
    "владивостокск": "Asia/Vladivostok",
    "магаданск": "Asia/Magadan",
    "камчатск": "Asia/Kamchatka",
    "киевск": "Europe/Kyiv",
    "минск": "Europe/Minsk",
    "алматинск": "Asia/Almaty",
    "ташкентск": "Asia/Tashkent",
    "бишкекск": "Asia/Bishkek",
    "израильск": "Asia/Jerusalem",
    "грузинск": "Asia/Tbilisi",
    "ереванск": "Asia/Yerevan",
    "берлинск": "Europe/Berlin",
    "лондонск": "Europe/London",
    "гринвичск": UTC_ZONE,
}
_ADJECTIVE_ENDINGS = ("ому", "ое", "ий", "ого", "ая", "ой", "им")

# Abbreviations are read from CLDR's short zone names in these English locales (EST, PDT,
# BST, CET, IST for India, AEST, NZST...). In the order given, so India's IST wins over
# Ireland's summer time, which en_IE would add.
ABBREVIATION_LOCALES = ("en", "en_CA", "en_GB", "en_IN", "en_AU", "en_NZ")
# The zone each CLDR metazone stands for (its best-known city); others take the first zone.
METAZONE_ZONES: dict[str, str] = {
    "Alaska": "America/Anchorage",
    "America_Central": "America/Chicago",
    "America_Eastern": "America/New_York",
    "America_Mountain": "America/Denver",
    "America_Pacific": "America/Los_Angeles",
    "Atlantic": "America/Halifax",
    "Hawaii": "Pacific/Honolulu",
    "Hawaii_Aleutian": "America/Adak",
    "British": "Europe/London",
    "Europe_Central": "Europe/Berlin",
    "Europe_Eastern": "Europe/Helsinki",
    "Europe_Western": "Europe/Lisbon",
    "Gulf": "Asia/Dubai",
    "India": "Asia/Kolkata",
    "Australia_Central": "Australia/Adelaide",
    "Australia_CentralWestern": "Australia/Eucla",
    "Australia_Eastern": "Australia/Sydney",
    "Australia_Western": "Australia/Perth",
    "Lord_Howe": "Australia/Lord_Howe",
    "New_Zealand": "Pacific/Auckland",
    "Chatham": "Pacific/Chatham",
    "Newfoundland": "America/St_Johns",
    "Pierre_Miquelon": "America/Miquelon",
}
# Common abbreviations CLDR's English locales do not carry.
EXTRA_ABBREVIATIONS: dict[str, str] = {
    "msk": "Europe/Moscow",
    "msd": "Europe/Moscow",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "hkt": "Asia/Hong_Kong",
    "sgt": "Asia/Singapore",
    "pkt": "Asia/Karachi",
    "ict": "Asia/Bangkok",
    "wib": "Asia/Jakarta",
    "pht": "Asia/Manila",
    "idt": "Asia/Jerusalem",
    "trt": "Europe/Istanbul",
    "eat": "Africa/Nairobi",
    "cat": "Africa/Maputo",
    "wat": "Africa/Lagos",
    "sast": "Africa/Johannesburg",
    "brt": "America/Sao_Paulo",
    "art": "America/Argentina/Buenos_Aires",
}

# Countries with more than one clock where one is what nearly everybody means. Kazakhstan:
# all of it has kept UTC+5 since March 2024, and Almaty (the largest city) stands for it,
# also with older zone data that still has two zones there.
COUNTRY_CHOICES: dict[str, str] = {
    "KZ": "Asia/Almaty",
    "UA": "Europe/Kyiv",
    "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon",
    "CL": "America/Santiago",
    "EC": "America/Guayaquil",
    "NZ": "Pacific/Auckland",
    "UZ": "Asia/Tashkent",  # one clock; tzdata lists Samarkand first
}
# Names of countries that CLDR spells otherwise (its names in every language are read too).
COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US",
    "us": "US",
    "america": "US",
    "united states of america": "US",
    "сша": "US",
    "америка": "US",
    "штаты": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "англия": "GB",
    "британия": "GB",
    "шотландия": "GB",
    "holland": "NL",
    "голландия": "NL",
    "belorussia": "BY",
    "белоруссия": "BY",
    "кыргызстан": "KG",
    "молдавия": "MD",
    "czech republic": "CZ",
    "чешская республика": "CZ",
    "туркмения": "TM",
    "korea": "KR",
    "корея": "KR",
    "южная корея": "KR",
    "uae": "AE",
    "emirates": "AE",
    "эмираты": "AE",
}
# Words around a zone's name that do not change it: "Moscow time", «по Москве», "NYC time".
_FILLER_WORDS = frozenset(
    (
        *("time", "timezone", "zone", "tz", "standard", "daylight", "summer", "winter"),
        *("city", "local", "in", "at"),
        *("время", "времени", "часовой", "пояс", "зона", "по", "в", "во", "местное", "город"),
        # where someone says they are: "I live in Berlin", «я живу в Праге», «сейчас в Риге»
        *("i", "im", "m", "am", "we", "are", "live", "living", "based", "now", "currently"),
        *("from", "near", "here", "my", "is", "it", "s", "the", "of", "г", "гор"),
        *("я", "мы", "живу", "живем", "сейчас", "нахожусь", "из", "под", "у", "нас", "меня"),
    )
)

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
    text = re.sub(r"[^\w\s+\-‐–—.,'/:]", " ", text)  # emoji and symbols around a name
    text = re.sub(r"[\s_\-‐–—.,']+", " ", text)
    return text.strip()


@cache
def _available_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_zone(name: str) -> bool:
    """Whether `name` is an IANA zone. Only known names reach zoneinfo: a typed path such as
    'America/__pycache__' or '../etc' would make it open a directory or refuse the key."""
    if name not in _available_zones():
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
    compact = re.sub(r"^(?:гмт|джи?эмти)", "gmt", compact)  # «гмт+3»: GMT in Cyrillic letters
    compact = re.sub(r"^(?:утс|утц|юти?си)", "utc", compact)
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


def _words_key(words: Iterable[str]) -> str:
    return " ".join(words)


_RUSSIAN = snowballstemmer.stemmer("russian")


def _stem_key(key: str) -> str:
    """Russian case endings off: «в Германии» and «Германия», «Москве» and «Москва» meet."""
    return _words_key(
        _RUSSIAN.stemWord(word) if re.search("[а-я]", word) else word for word in key.split()
    )


@cache
def _zone_tab() -> dict[str, tuple[tuple[str, str], ...]]:
    """Country code -> its zones with tzdata's comments ('most of Germany'), from zone.tab."""
    rows: dict[str, list[tuple[str, str]]] = {}
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        comment = fields[3] if len(fields) > 3 else ""
        rows.setdefault(fields[0], []).append((fields[2], comment))
    return {code: tuple(zones) for code, zones in rows.items()}


def country_zones(country: str) -> tuple[str, ...]:
    """The zones of a country (ISO 3166 code) in tzdata's order, e.g. 'US' -> New York first."""
    return tuple(zone for zone, _ in _zone_tab().get(country.upper(), ()) if is_zone(zone))


def _same_clock(zones: Iterable[str], year: int) -> bool:
    """Whether these zones show the same time all year (checked twice a month)."""
    instants = [
        datetime(year, month, day, 12, tzinfo=UTC) for month in range(1, 13) for day in (1, 16)
    ]
    clocks = {tuple(i.astimezone(ZoneInfo(z)).utcoffset() for i in instants) for z in zones}
    return len(clocks) == 1


@cache
def country_zone(country: str) -> str | None:
    """The one zone a country keeps, or None where it has several clocks (US, Russia...).

    A country whose zones all show the same time all year (Germany: Berlin and Busingen)
    has one: the zone tzdata calls 'most of' the country, else its first.
    """
    country = country.upper()
    if country in COUNTRY_CHOICES:
        return COUNTRY_CHOICES[country]
    zones = country_zones(country)
    if not zones or not _same_clock(zones, datetime.now(UTC).year):
        return None
    rows = _zone_tab()[country]
    return next((zone for zone, comment in rows if comment.startswith("most")), zones[0])


def _locales(codes: tuple[str, ...]) -> list[Locale]:
    locales = []
    for code in codes:
        try:
            locales.append(Locale.parse(code))
        except (UnknownLocaleError, ValueError):
            continue
    return locales


@cache
def _country_index(codes: tuple[str, ...]) -> dict[str, str]:
    """Normalised country name in every given language (and common aliases) -> country code."""
    index: dict[str, str] = {}
    for locale in _locales(codes):
        for country, name in locale.territories.items():
            if country in _zone_tab():
                index.setdefault(normalize(name), country)
    for name, country in COUNTRY_ALIASES.items():
        index.setdefault(normalize(name), country)
    return index


@cache
def _abbreviations() -> dict[str, str]:
    """'est' -> America/New_York, 'bst' -> Europe/London: CLDR's short names, then extras."""
    meta_zones: dict[str, str] = dict(get_global("meta_zones"))
    first_zone: dict[str, str] = {}
    for member, metazone in sorted(meta_zones.items()):
        first_zone.setdefault(metazone, member)
    index: dict[str, str] = {}
    for locale in _locales(ABBREVIATION_LOCALES):
        for metazone, names in locale.meta_zones.items():
            if metazone == "GMT":
                continue  # GMT is UTC, read as an offset
            for name in (names.get("short") or {}).values():
                zone = METAZONE_ZONES.get(metazone) or first_zone.get(metazone)
                if name and name.isascii() and name.isalpha() and zone and is_zone(zone):
                    index.setdefault(name.casefold(), zone)
    for name, zone in EXTRA_ABBREVIATIONS.items():
        index.setdefault(name, zone)
    return index


@cache
def _city_index(locales: tuple[str, ...]) -> dict[str, str]:
    aliases: dict[str, str] = dict(get_global("zone_aliases"))
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
    # IANA's old names of renamed cities: Asia/Calcutta, Asia/Saigon, Europe/Kiev...
    for old, zone in sorted(aliases.items()):
        if old.startswith(CONTINENTS) and is_zone(zone):
            index.setdefault(normalize(old.rsplit("/", 1)[-1]), zone)
    for name, zone in {**FORMER_NAMES, **COLLOQUIAL_NAMES}.items():
        index.setdefault(normalize(name), zone)
    return index


@cache
def _stemmed_index(locales: tuple[str, ...]) -> dict[str, str]:
    """Cities and countries by their Russian stems, for names typed in another case."""
    index: dict[str, str] = {}
    for key, zone in _city_index(locales).items():
        index.setdefault(_stem_key(key), zone)
    for key, country in _country_index(locales).items():
        country_clock = country_zone(country)
        if country_clock:
            index.setdefault(_stem_key(key), country_clock)
    return index


def _adjective_zone(key: str) -> str | None:
    """«московское», «по московскому» -> Europe/Moscow."""
    words = key.split()
    if len(words) != 1:
        return None
    word = words[0]
    for ending in _ADJECTIVE_ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in RUSSIAN_ZONE_ADJECTIVES:
            return RUSSIAN_ZONE_ADJECTIVES[word[: -len(ending)]]
    return None


def _keys(text: str) -> list[str]:
    """The normalised text, then without the words around a zone's name."""
    key = normalize(text)
    stripped = _words_key(word for word in key.split() if word not in _FILLER_WORDS)
    return [key] if stripped in ("", key) else [key, stripped]


def _exact_zone(text: str, codes: tuple[str, ...]) -> str | None:
    """The zone of a name as typed (its words around it dropped), or None."""
    cities = _city_index(codes)
    countries = _country_index(codes)
    for key in _keys(text):
        if key in _abbreviations():
            return _abbreviations()[key]
        if key in cities:
            return cities[key]
        if key in countries:
            return country_zone(countries[key])
        zone = _adjective_zone(key) or parse_offset(key)
        if zone:
            return zone
    return _stemmed_index(codes).get(_stem_key(_keys(text)[-1]))


def _without_country(key: str, codes: tuple[str, ...]) -> str | None:
    """'london uk', 'tbilisi georgia', «рига латвия» -> the city without its country."""
    words = key.split()
    countries = _country_index(codes)
    for size in (3, 2, 1):
        if len(words) > size and _words_key(words[-size:]) in countries:
            return _words_key(words[:-size])
    return None


def _latin_as_russian(key: str) -> str | None:
    """'Moskva', 'Ekaterinburg', 'piter' -> Cyrillic, to look up as Russian."""
    if not re.fullmatch(r"[a-z' ]+", key):
        return None
    from bot.understanding import to_cyrillic  # cyrtranslit, already loaded by the bot

    return to_cyrillic(key)


@cache
def _more_cities() -> dict[str, str]:
    """Cities CLDR does not name (Limassol, Кемерово), from GeoNames, made by
    scripts/make_cities.py; by name and by Russian stems. Read on the first name that
    nothing else knows (about 30,000 names and stems, 0.8 MB, 10 MiB in memory)."""
    text = resources.files("bot.reminders").joinpath("data/cities.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if not line.startswith("#"))
    return {name: zone for name, zone in rows}


def _more_cities_zone(name: str) -> str | None:
    zone = _more_cities().get(name) or _more_cities().get(_stem_key(name))
    return zone if zone and is_zone(zone) else None


# Typos: a name of at least FUZZY_MIN_LENGTH letters may differ from a known city or
# country by one edit (a swap of two neighbours is one), by two from FUZZY_TWO_EDITS on.
# Shorter words ("idk", "ok") must be spelled right, and a typo that is as close to two
# places with different clocks is not guessed.
FUZZY_MIN_LENGTH = 5
FUZZY_TWO_EDITS = 9
_LETTERS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


@cache
def _fuzzy_choices(codes: tuple[str, ...]) -> dict[str, str]:
    """Names typos are matched against: cities and one-clock countries, letters only."""
    choices = {key: zone for key, zone in _city_index(codes).items() if _LETTERS.fullmatch(key)}
    for key, country in _country_index(codes).items():
        zone = country_zone(country)
        if zone and _LETTERS.fullmatch(key):
            choices.setdefault(key, zone)
    return choices


def _fuzzy_zone(key: str, codes: tuple[str, ...]) -> str | None:
    letters = len(key.replace(" ", ""))
    if letters < FUZZY_MIN_LENGTH or not _LETTERS.fullmatch(key):
        return None
    most = 2 if letters >= FUZZY_TWO_EDITS else 1
    choices = _fuzzy_choices(codes)
    matches = process.extract(key, list(choices), scorer=OSA.distance, score_cutoff=most, limit=8)
    if not matches:
        return None
    best = min(distance for _, distance, _ in matches)
    zones = {choices[name] for name, distance, _ in matches if distance == best}
    if len(zones) > 1 and not _one_clock(zones):
        return None
    return min(zones)


def _one_clock(zones: Iterable[str]) -> bool:
    return _same_clock(zones, datetime.now(UTC).year)


def find_zone(text: str, locales: Iterable[str] = ("en", "ru")) -> str | None:
    """The zone a person means by what they typed, or None.

    An offset (+3, UTC-5, МСК+4, «гмт+3»), an abbreviation (EST, CET, MSK, IST for India),
    an IANA name, a city in any of `locales` (also a former name: Bombay, Алма-Ата,
    Ленинград; an everyday one: Питер, Екб), a country with one clock (Germany, Индия,
    Kazakhstan -> Almaty), with or without the words around it ("Moscow time", «по
    Москве», «московское время», "New York City", "I live in Berlin", «я в Риге»), with a
    country after the city ("London, UK"), Russian names in Latin letters ("Moskva") and
    small typos ("Berlni", «Масвка»).
    """
    text = text.strip()
    if not text or len(text) > 64:
        return None
    offset_zone = parse_offset(text)
    if offset_zone:
        return offset_zone
    if "/" in text:
        name = text.replace(" ", "_")
        return name if is_zone(name) else None
    codes = tuple(locales)
    zone = _exact_zone(text, codes)
    if zone or find_country(text, codes):  # a country with several clocks: not a typo
        return zone
    key = _keys(text)[-1]
    city = _without_country(key, codes)
    names = [key, city] if city else [key]
    for name in names:  # Latin-letter Russian, exactly
        cyrillic = _latin_as_russian(name)
        zone = (city == name and _exact_zone(name, codes)) or (
            cyrillic and _exact_zone(cyrillic, codes)
        )
        if zone:
            return zone
    for name in names:  # a smaller city, exactly
        zone = _more_cities_zone(name)
        if zone:
            return zone
    for name in names:  # a typo, in the letters it was typed in, then as Russian
        zone = _fuzzy_zone(name, codes) or _fuzzy_zone(_latin_as_russian(name) or "", codes)
        if zone:
            return zone
    return None


def find_country(text: str, locales: Iterable[str] = ("en", "ru")) -> str | None:
    """The country code of a typed country name ('США' -> 'US'), to offer its zones
    (country_zones) when it has several clocks and find_zone gives None."""
    index = _country_index(tuple(locales))
    for key in _keys(text.strip()):
        if key in index:
            return index[key]
    return None


def common_zones(language: str) -> tuple[str, ...]:
    return COMMON_ZONES.get(language, COMMON_ZONES["en"])


def common_zones_abroad(language: str) -> tuple[str, ...]:
    """A second list: where speakers of `language` often live outside its main country."""
    return COMMON_ZONES_ABROAD.get(language, ())


def country_label(zone: str, locale: Locale, now: datetime) -> str:
    """'Kazakhstan (UTC+5)' / «Казахстан (UTC+5)» for a country's one zone; else zone_label."""
    country = (get_global("zone_territories") or {}).get(zone)
    if country and country_zone(country) == zone and country in locale.territories:
        offset = offset_label(now.astimezone(ZoneInfo(zone)).utcoffset())
        return f"{locale.territories[country]} ({offset})"
    return zone_label(zone, locale, now)


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
