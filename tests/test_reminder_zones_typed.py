"""Time zones as people type them: abbreviations, countries, «по Москве», former names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel import Locale
from babel.core import get_global

from bot.reminders.zones import (
    COMMON_ZONES_ABROAD,
    EXTRA_ABBREVIATIONS,
    _abbreviations,
    common_zones_abroad,
    country_label,
    country_zone,
    country_zones,
    find_country,
    find_zone,
    is_zone,
)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("EST", "America/New_York"),
        ("edt", "America/New_York"),
        ("PST", "America/Los_Angeles"),
        ("PDT", "America/Los_Angeles"),
        ("CST", "America/Chicago"),
        ("MST", "America/Denver"),
        ("CET", "Europe/Berlin"),
        ("CEST", "Europe/Berlin"),
        ("EET", "Europe/Helsinki"),
        ("MSK", "Europe/Moscow"),
        ("GMT", "Etc/UTC"),
        ("BST", "Europe/London"),
        ("IST", "Asia/Kolkata"),  # India's, not Ireland's summer time
        ("JST", "Asia/Tokyo"),
        ("AEST", "Australia/Sydney"),
        ("AEDT", "Australia/Sydney"),
        ("NZST", "Pacific/Auckland"),
        ("HST", "Pacific/Honolulu"),
    ],
)
def test_abbreviations(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Germany", "Europe/Berlin"),  # two zones in tzdata (Busingen), one clock
        ("Германия", "Europe/Berlin"),
        ("в Германии", "Europe/Berlin"),
        ("India", "Asia/Kolkata"),
        ("Индия", "Asia/Kolkata"),
        ("France", "Europe/Paris"),
        ("Франция", "Europe/Paris"),
        ("Japan", "Asia/Tokyo"),
        ("Belarus", "Europe/Minsk"),
        ("Беларусь", "Europe/Minsk"),
        ("Белоруссия", "Europe/Minsk"),
        ("Israel", "Asia/Jerusalem"),
        ("Израиль", "Asia/Jerusalem"),
        ("в Израиле", "Asia/Jerusalem"),
        ("Kazakhstan", "Asia/Almaty"),
        ("Казахстан", "Asia/Almaty"),
        ("Ukraine", "Europe/Kyiv"),
        ("Украина", "Europe/Kyiv"),
        ("Georgia", "Asia/Tbilisi"),
        ("Грузия", "Asia/Tbilisi"),
        ("Армения", "Asia/Yerevan"),
        ("Uzbekistan", "Asia/Tashkent"),
        ("Киргизия", "Asia/Bishkek"),
        ("Кыргызстан", "Asia/Bishkek"),
        ("UK", "Europe/London"),
        ("England", "Europe/London"),
        ("Spain", "Europe/Madrid"),
        ("USA", None),  # several clocks: find_country + country_zones offer them
        ("США", None),
        ("Россия", None),
    ],
)
def test_countries(text: str, zone: str | None) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("New York City", "America/New_York"),
        ("NYC", "America/New_York"),
        ("nyc time", "America/New_York"),
        ("Mexico City", "America/Mexico_City"),  # "City" is part of this name
        ("Moscow time", "Europe/Moscow"),
        ("по Москве", "Europe/Moscow"),
        ("в Москве", "Europe/Moscow"),
        ("московское время", "Europe/Moscow"),
        ("по московскому времени", "Europe/Moscow"),
        ("екатеринбургское время", "Asia/Yekaterinburg"),
        ("Eastern time", "America/New_York"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Алма-Ата", "Asia/Almaty"),
        ("Ленинград", "Europe/Moscow"),
        ("Свердловск", "Asia/Yekaterinburg"),
        ("Фрунзе", "Asia/Bishkek"),
        ("Bombay", "Asia/Kolkata"),
        ("Calcutta", "Asia/Kolkata"),  # IANA's own old name, from CLDR's zone aliases
        ("Saigon", "Asia/Ho_Chi_Minh"),
        ("Kiev", "Europe/Kyiv"),
        ("Астана", "Asia/Almaty"),
        ("Минск", "Europe/Minsk"),
        ("Тбилиси", "Asia/Tbilisi"),
        ("hello", None),
        ("я не знаю", None),
        ("время", None),
    ],
)
def test_names_with_words_around_them_and_former_names(text: str, zone: str | None) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "America/__pycache__",
        "../etc",
        "Europe/../../etc/passwd",
        "/etc/passwd",
        "Europe/",
        "tzdata.zi",
        "zone.tab",
        "__init__",
        "America/__init__.py",
    ],
)
def test_a_path_typed_as_a_zone_never_raises(text: str) -> None:
    assert find_zone(text) is None
    assert not is_zone(text)


def test_abbreviations_come_from_cldr_and_stand_for_their_metazone() -> None:
    meta_zones: dict[str, str] = get_global("meta_zones")
    english_short = Locale.parse("en").meta_zones["America_Eastern"]["short"]
    assert set(english_short.values()) == {"ET", "EST", "EDT"}
    for name, zone in _abbreviations().items():
        assert is_zone(zone), name
        if name in EXTRA_ABBREVIATIONS:
            continue
        # each CLDR abbreviation maps to a zone of the metazone it names
        owners = {
            metazone
            for code in ("en", "en_CA", "en_GB", "en_IN", "en_AU", "en_NZ")
            for metazone, names in Locale.parse(code).meta_zones.items()
            if name.upper() in (names.get("short") or {}).values()
        }
        assert meta_zones.get(zone) in owners, (name, zone, owners)


def test_country_zones_come_from_tzdata() -> None:
    assert country_zones("US")[0] == "America/New_York"
    assert "Europe/Busingen" in country_zones("DE")
    assert country_zone("DE") == "Europe/Berlin"
    assert country_zone("RU") is None
    assert country_zone("XX") is None
    assert find_country("США") == "US"
    assert find_country("United States") == "US"
    assert find_country("Atlantis") is None


def test_a_list_for_russian_speakers_outside_russia() -> None:
    zones = common_zones_abroad("ru")
    assert {"Asia/Almaty", "Europe/Minsk", "Asia/Jerusalem", "Europe/Berlin", "Europe/Kyiv"} <= set(
        zones
    )
    assert {"Asia/Tbilisi", "Asia/Yerevan", "Asia/Tashkent", "Asia/Bishkek"} <= set(zones)
    assert any(zone.startswith("America/") for zone in zones)
    assert all(is_zone(zone) for zones in COMMON_ZONES_ABROAD.values() for zone in zones)
    assert common_zones_abroad("en") == ()
    # west to east, in winter
    winter = datetime(2026, 1, 15, tzinfo=UTC)
    offsets = [winter.astimezone(__import__("zoneinfo").ZoneInfo(z)).utcoffset() for z in zones]
    assert offsets[0] < offsets[-1]


def test_a_country_s_zone_is_labelled_with_the_country() -> None:
    now = datetime(2026, 1, 15, tzinfo=UTC)
    assert country_label("Asia/Almaty", Locale.parse("ru"), now) == "Казахстан (UTC+5)"
    assert country_label("Europe/Berlin", Locale.parse("en"), now) == "Germany (UTC+1)"
    # several clocks in the country: the city
    assert country_label("America/New_York", Locale.parse("en"), now) == "New York (UTC-5)"


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        # typos in a name long enough to be safe (one edit; two from nine letters)
        ("Amsterdm", "Europe/Amsterdam"),
        ("Vladivostk", "Asia/Vladivostok"),
        ("Warsaw", "Europe/Warsaw"),
        ("Lodnon", "Europe/London"),
        ("Chicgao", "America/Chicago"),
        ("Новосибирс", "Asia/Novosibirsk"),
        ("Владивасток", "Asia/Vladivostok"),
        ("Ирктуск", "Asia/Irkutsk"),
        ("Гемрания", "Europe/Berlin"),
        # where someone says they are, and a country after the city
        ("I'm in Paris", "Europe/Paris"),
        ("we live in Madrid now", "Europe/Madrid"),
        ("currently based in Tokyo", "Asia/Tokyo"),
        ("сейчас живу в Риме", "Europe/Rome"),
        ("мы в Варшаве", "Europe/Warsaw"),
        ("я из Киева", "Europe/Kyiv"),
        ("Paris, France", "Europe/Paris"),
        ("Minsk Belarus", "Europe/Minsk"),
        ("Рига, Латвия", "Europe/Riga"),
        ("Berlin 🇩🇪", "Europe/Berlin"),
        ("☀️ Madrid", "Europe/Madrid"),
        # Russian names typed in Latin letters, and everyday short names
        ("Sankt-Peterburg", "Europe/Moscow"),
        ("Kazan", "Europe/Moscow"),
        ("Chelyabinsk", "Asia/Yekaterinburg"),
        ("Habarovsk", "Asia/Vladivostok"),
        ("ekb", "Asia/Yekaterinburg"),
        ("в Екб", "Asia/Yekaterinburg"),
        ("Новосиб", "Asia/Novosibirsk"),
        ("Владик", "Asia/Vladivostok"),
        ("Челяба", "Asia/Yekaterinburg"),
        ("в Питере", "Europe/Moscow"),
        # smaller cities CLDR does not name, from GeoNames (bot/reminders/data/cities.tsv)
        ("Larnaca", "Asia/Nicosia"),
        ("Бобруйск", "Europe/Minsk"),
        ("в Гомеле", "Europe/Minsk"),
        ("живу в Сургуте", "Asia/Yekaterinburg"),
        ("Tartu", "Europe/Tallinn"),
        ("Bergen, Norway", "Europe/Oslo"),
        # GMT and UTC in Cyrillic letters
        ("гмт+5", "Etc/GMT-5"),
        ("утц-3", "Etc/GMT+3"),
    ],
)
def test_typos_words_around_latin_russian_and_everyday_names(text: str, zone: str) -> None:
    assert find_zone(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        # words, greetings and numbers stay no zone, however close to a city's name
        "привет",
        "спасибо",
        "hello there",
        "whatever",
        "anything",
        "nothing",
        "sleep",
        "water",
        "работа",
        "дома",
        "не знаю",
        "i dunno",
        "later",
        "22:30",
        "10 pm",
        "my eye twitches",
        "глаз дергается",
        "Paris Texas",  # not a country after the city: not guessed
        "Америка",  # several clocks: no typo guessed for a country
        "Russia time",
        "Springfield",  # cities with different clocks, none much larger: not guessed
        "Aberdeen",
        "nice",  # a city, and a word: too short a Latin name for the GeoNames list
        "мир",
    ],
)
def test_no_zone_for_what_is_not_a_place(text: str) -> None:
    assert find_zone(text) is None
