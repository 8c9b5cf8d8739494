"""The sleep reminder as a bedtime: it fires the wind-down before bedtime, on Friday and
Saturday nights before the weekend bedtime, across midnight and DST; and the reminder knows
which bedtime it is for (pure time arithmetic, an injected instant)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.context import Services
from bot.reminders import model, progress
from bot.reminders.model import Field
from bot.reminders.schedule import (
    Reminder,
    ReminderKind,
    bedtime_ahead,
    next_fire_at,
    night_of,
    night_of_bedtime,
)

MOSCOW = ZoneInfo("Europe/Moscow")  # UTC+3, no DST
LONDON = ZoneInfo("Europe/London")


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def bedtime(text: str, wind_down: int = 30, weekend: str | None = None) -> Reminder:
    return Reminder(
        ReminderKind.SLEEP, hm(text), wind_down=wind_down, weekend_minute=weekend and hm(weekend)
    )


def local_fires(reminder: Reminder, zone: ZoneInfo, start: datetime, count: int) -> list[str]:
    """The next `count` firings as local 'Mon 22:30' strings."""
    out, at = [], start
    for _ in range(count):
        at = next_fire_at(reminder, zone, at)
        out.append(at.astimezone(zone).strftime("%a %H:%M"))
    return out


def test_the_reminder_comes_the_wind_down_before_bedtime() -> None:
    monday_noon = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    for wind_down, expected in ((15, "22:45"), (30, "22:30"), (45, "22:15"), (60, "22:00")):
        got = local_fires(bedtime("23:00", wind_down), MOSCOW, monday_noon, 2)
        assert got == [f"Mon {expected}", f"Tue {expected}"]


def test_friday_and_saturday_nights_use_the_weekend_bedtime() -> None:
    monday_noon = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    got = local_fires(bedtime("23:00", 30, weekend="00:30"), MOSCOW, monday_noon, 7)
    assert got == [
        "Mon 22:30",
        "Tue 22:30",
        "Wed 22:30",
        "Thu 22:30",
        "Sat 00:00",  # Friday night: bed at 00:30, so the reminder is at midnight
        "Sun 00:00",  # Saturday night
        "Sun 22:30",  # Sunday night is a school night again
    ]


def test_a_bedtime_after_midnight_with_a_wind_down_across_it() -> None:
    monday_noon = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    assert local_fires(bedtime("00:30", 60), MOSCOW, monday_noon, 2) == ["Mon 23:30", "Tue 23:30"]
    assert local_fires(bedtime("00:15", 15), MOSCOW, monday_noon, 2) == ["Tue 00:00", "Wed 00:00"]


def test_the_clocks_going_back_do_not_move_the_reminder() -> None:
    # London leaves summer time at 02:00 on Sunday 25 October 2026.
    saturday = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    got = local_fires(bedtime("23:00", 45), LONDON, saturday, 3)
    assert got == ["Sat 22:15", "Sun 22:15", "Mon 22:15"]


@pytest.mark.parametrize(
    ("reminder", "zone", "chosen", "sent", "expected"),
    [
        (bedtime("23:00", 30), MOSCOW, "2026-11-16 22:30", "22:30:10", ("23:00", 30)),
        (bedtime("23:00", 30), MOSCOW, "2026-11-16 22:45", "22:45:05", ("23:00", 15)),  # snooze
        (bedtime("23:00", 30), MOSCOW, "2026-11-16 23:15", "23:15:00", ("23:00", None)),  # past
        (bedtime("23:00", 30), MOSCOW, "2026-11-16 22:30", "22:55:00", ("23:00", 5)),  # late
        (bedtime("23:00", 30), MOSCOW, "2026-11-16 22:30", "22:28:32", ("23:00", 30)),  # spread
        (bedtime("23:00", 60, "00:30"), MOSCOW, "2026-11-20 23:30", "23:30:00", ("00:30", 60)),
        (bedtime("23:00", 60, "00:30"), MOSCOW, "2026-11-22 22:00", "22:00:00", ("23:00", 60)),
        (bedtime("00:15", 15), MOSCOW, "2026-11-17 00:00", "00:00:00", ("00:15", 15)),
        # London leaves summer time at 02:00 on 25 October: 01:00 to 02:00 is two hours
        (bedtime("02:00", 60), LONDON, "2026-10-25 01:00", "01:00:00", ("02:00", 120)),
    ],
)
def test_a_reminder_knows_its_bedtime_and_the_minutes_left(
    reminder: Reminder,
    zone: ZoneInfo,
    chosen: str,
    sent: str,
    expected: tuple[str, int | None],
) -> None:
    chosen_at = datetime.fromisoformat(chosen).replace(tzinfo=zone)  # fold=0: the first 01:00
    sent_at = datetime.fromisoformat(chosen[:11] + sent).replace(tzinfo=zone)
    if sent_at < chosen_at - timedelta(hours=1):
        sent_at += timedelta(days=1)
    time, left = expected
    assert bedtime_ahead(reminder, zone, chosen_at, sent_at) == (hm(time), left)


def test_a_night_is_named_by_its_evening() -> None:
    assert night_of(datetime(2026, 11, 21, 0, 40)) == date(2026, 11, 20)
    assert night_of(datetime(2026, 11, 20, 23, 10)) == date(2026, 11, 20)


def test_changing_one_time_keeps_the_others() -> None:
    new = model.with_time(None, ReminderKind.SLEEP, Field.BEDTIME, hm("22:30"))
    assert (new.start_minute, new.wind_down, new.weekend_minute) == (hm("22:30"), 30, None)
    weekend = model.with_time(new, ReminderKind.SLEEP, Field.WEEKEND, hm("01:00"))
    assert weekend.weekend_minute == hm("01:00") and weekend.start_minute == hm("22:30")
    later = model.with_wind_down(model.with_time(weekend, ReminderKind.SLEEP, Field.BEDTIME, 0), 60)
    assert (later.start_minute, later.wind_down, later.weekend_minute) == (0, 60, hm("01:00"))
    # a weekend bedtime equal to the weekday one is no weekend bedtime
    same = model.with_time(later, ReminderKind.SLEEP, Field.WEEKEND, 0)
    assert same.weekend_minute is None
    assert model.same_bedtime_every_night(weekend).weekend_minute is None


def test_a_wind_down_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        bedtime("23:00", wind_down=-5)
    with pytest.raises(ValueError):
        bedtime("23:00", wind_down=24 * 60)


def test_the_week_ticks_nights_in_bed_by_their_bedtime(services: Services) -> None:
    en = services.languages["en"].with_clock(True)
    friday = date(2026, 11, 20)
    reminder = bedtime("23:00", 30, weekend="00:30")
    logged = {
        date(2026, 11, 16): hm("23:10"),  # Monday, within 15 minutes
        date(2026, 11, 17): hm("23:40"),  # Tuesday, late
        date(2026, 11, 18): hm("00:20"),  # Wednesday, after midnight: late
        date(2026, 11, 20): hm("00:25"),  # Friday night, bed by the weekend's 00:30
    }
    lines = progress.sleep_week(en, friday, logged, reminder.bedtime_on).splitlines()
    assert lines[2:] == [
        "Mon 16 Nov: 23:10 ✓",
        "Tue 17 Nov: 23:40",
        "Wed 18 Nov: 00:20",
        "Thu 19 Nov: —",
        "Today: 00:25 ✓",
    ]


def test_the_fast_search_agrees_with_every_night_considered() -> None:
    """next_fire_at stops early (it is the claims' hot path); checked against the smallest
    of all candidate nights around the instant, for random rules, zones and instants."""
    import random

    from bot.reminders.schedule import local_instant

    rng = random.Random(13)
    zones = [MOSCOW, LONDON, ZoneInfo("America/New_York"), ZoneInfo("Australia/Lord_Howe")]
    for _ in range(3000):
        reminder = Reminder(
            ReminderKind.SLEEP,
            rng.randrange(24 * 60),
            wind_down=rng.choice((0, 15, 30, 45, 60, 180)),
            weekend_minute=rng.choice((None, rng.randrange(24 * 60))),
        )
        zone = rng.choice(zones)
        after = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(366 * 24 * 60))
        delay = timedelta(seconds=rng.randrange(-90, 90))
        today = (after - delay).astimezone(zone).date()
        everything = [
            local_instant(local_date, minute, zone) + delay
            for offset in range(-4, 5)
            for local_date, minute in reminder.fire_times(today + timedelta(days=offset))
        ]
        expected = min(instant for instant in everything if instant > after)
        assert next_fire_at(reminder, zone, after, delay) == expected, (reminder, zone, after)


@pytest.mark.parametrize(
    ("rule", "local", "night"),
    [
        (None, "2026-11-17 12:10", "2026-11-17"),  # no plan: the noon boundary
        (bedtime("09:00"), "2026-11-17 12:10", "2026-11-16"),  # after a night shift, late
        (bedtime("09:00"), "2026-11-17 08:40", "2026-11-16"),
        (bedtime("23:00"), "2026-11-17 01:30", "2026-11-16"),  # a late night
        (bedtime("23:00"), "2026-11-17 22:40", "2026-11-17"),
        (bedtime("12:30"), "2026-11-17 11:50", "2026-11-17"),  # early for a 12:30 bedtime
        (bedtime("23:00", 30, "01:30"), "2026-11-21 02:10", "2026-11-20"),  # Friday night
    ],
)
def test_going_to_bed_is_filed_under_the_nearest_planned_night(
    rule: Reminder | None, local: str, night: str
) -> None:
    assert night_of_bedtime(datetime.fromisoformat(local), rule) == date.fromisoformat(night)
