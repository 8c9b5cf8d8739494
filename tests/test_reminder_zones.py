"""Finding a time zone from what people type or share, offline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale

from bot.reminders.zones import (
    COMMON_ZONES,
    common_zones,
    find_zone,
    is_zone,
    offset_label,
    zone_at,
    zone_label,
)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("+3", "Etc/GMT-3"),
        ("UTC-5", "Etc/GMT+5"),
        ("utc − 5", "Etc/GMT+5"),
        ("GMT+05:30", "Asia/Kolkata"),
        ("+5:45", "Asia/Kathmandu"),
        ("UTC", "Etc/UTC"),
        ("UTC+14", "Etc/GMT-14"),
        ("МСК+4", "Etc/GMT-7"),
        ("мск", "Europe/Moscow"),
        ("Moscow", "Europe/Moscow"),
        ("москва", "Europe/Moscow"),
        ("Петропавловск-Камчатский", "Asia/Kamchatka"),
        ("new york", "America/New_York"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("Санкт-Петербург", "Europe/Moscow"),
        ("Екатеринбург", "Asia/Yekaterinburg"),
        ("Москва (UTC+3)", "Europe/Moscow"),  # a list button, pressed
        ("Kolkata (UTC+5:30)", "Asia/Kolkata"),
        ("Narnia", None),  # (Atlantis is a real town in South Africa, in GeoNames)
        ("+15", None),
        ("UTC-13", None),
        ("+3:75", None),
        ("22:30", None),
        ("", None),
    ],
)
def test_typed_zones(text: str, zone: str | None) -> None:
    assert find_zone(text) == zone


def test_every_common_zone_exists_and_russia_runs_kaliningrad_to_kamchatka() -> None:
    for zones in COMMON_ZONES.values():
        assert all(is_zone(zone) for zone in zones)
    russian = common_zones("ru")
    assert russian[0] == "Europe/Kaliningrad" and russian[-1] == "Asia/Kamchatka"
    assert len(russian) == 11  # UTC+2 to UTC+12
    assert common_zones("de") == common_zones("en")


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (55.75, 37.62, "Europe/Moscow"),
        (54.71, 20.51, "Europe/Kaliningrad"),
        (53.02, 158.65, "Asia/Kamchatka"),
        (51.5, -0.12, "Europe/London"),
        (40.71, -74.0, "America/New_York"),
        (28.61, 77.21, "Asia/Kolkata"),
    ],
)
def test_location_lookup_offline(latitude: float, longitude: float, zone: str) -> None:
    assert zone_at(latitude, longitude) == zone


def test_location_out_of_range() -> None:
    assert zone_at(91, 0) is None


def test_labels_show_the_current_offset_and_the_city_in_the_language() -> None:
    winter = datetime(2026, 1, 15, tzinfo=UTC)
    summer = datetime(2026, 7, 15, tzinfo=UTC)
    assert zone_label("Europe/London", Locale("en"), winter) == "London (UTC)"
    assert zone_label("Europe/London", Locale("en"), summer) == "London (UTC+1)"
    assert zone_label("Europe/Moscow", Locale("ru"), winter) == "Москва (UTC+3)"
    assert zone_label("Etc/GMT+5", Locale("ru"), winter) == "UTC-5"
    assert offset_label(timedelta(hours=-3, minutes=-30)) == "UTC-3:30"
    assert ZoneInfo("Asia/Kolkata")  # tzdata or system zone data is present


@pytest.mark.parametrize(
    "typed",
    ["America/__pycache__", "Europe/__init__.py", "Asia/", "America/../Europe/Moscow", "/etc/x"],
)
def test_names_that_are_no_zone_are_not_found_and_do_not_crash(typed: str) -> None:
    """Issue 9, defect 3: `America/__pycache__` raised IsADirectoryError."""
    assert find_zone(typed) is None
    assert not is_zone(typed)
