"""Next-fire computation with an injected clock: days, windows, roll-over, DST, odd offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.schedule import (
    Reminder,
    ReminderKind,
    local_day,
    local_instant,
    next_fire_at,
    spread_delay,
)
from bot.reminders.typed_times import parse_time_of_day

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
MOSCOW = ZoneInfo("Europe/Moscow")
KOLKATA = ZoneInfo("Asia/Kolkata")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def sleep_at(text: str) -> Reminder:
    return Reminder(ReminderKind.SLEEP, hm(text))


def water(start: str, end: str, every: int) -> Reminder:
    return Reminder(ReminderKind.HYDRATION, hm(start), hm(end), every)


def fires(reminder: Reminder, zone: ZoneInfo, start: datetime, count: int) -> list[datetime]:
    """The next `count` firings after `start`, as the dispatcher advances them."""
    out = []
    at = start
    for _ in range(count):
        at = next_fire_at(reminder, zone, at)
        out.append(at)
    return out


def test_sleep_fires_every_day_at_the_same_local_time() -> None:
    got = fires(sleep_at("22:30"), MOSCOW, utc(2026, 11, 20, 12, 0), 3)
    assert got == [utc(2026, 11, 20, 19, 30), utc(2026, 11, 21, 19, 30), utc(2026, 11, 22, 19, 30)]


def test_strictly_after_the_given_instant() -> None:
    reminder = sleep_at("22:30")
    exactly = utc(2026, 11, 20, 19, 30)
    assert next_fire_at(reminder, MOSCOW, exactly - timedelta(seconds=1)) == exactly
    assert next_fire_at(reminder, MOSCOW, exactly) == exactly + timedelta(days=1)


def test_hydration_window_every_two_hours() -> None:
    reminder = water("09:00", "21:00", 120)
    assert reminder.daily_minutes() == tuple(hm(f"{h:02d}:00") for h in range(9, 22, 2))
    got = fires(reminder, MOSCOW, utc(2026, 11, 20, 3, 0), 8)  # 06:00 Moscow
    local = [g.astimezone(MOSCOW).strftime("%d %H:%M") for g in got]
    assert local == [
        "20 09:00", "20 11:00", "20 13:00", "20 15:00", "20 17:00", "20 19:00", "20 21:00",
        "21 09:00",
    ]  # fmt: skip


def test_window_end_not_on_the_interval_and_ninety_minutes() -> None:
    reminder = water("08:30", "12:00", 90)
    assert reminder.daily_minutes() == (hm("08:30"), hm("10:00"), hm("11:30"))


def test_day_roll_over_after_the_last_reminder_of_the_day() -> None:
    reminder = water("09:00", "21:00", 120)
    late = utc(2026, 11, 20, 18, 30)  # 21:30 in Moscow
    assert next_fire_at(reminder, MOSCOW, late) == utc(2026, 11, 21, 6, 0)
    # New Year's Eve rolls into the next month and year.
    assert next_fire_at(sleep_at("00:15"), MOSCOW, utc(2026, 12, 31, 21, 30)) == utc(
        2026, 12, 31, 21, 15
    ) + timedelta(days=1)


def test_window_past_midnight_for_night_shifts() -> None:
    reminder = water("20:00", "04:00", 120)
    assert reminder.daily_minutes() == (0, 120, 240, hm("20:00"), hm("22:00"))
    got = fires(reminder, MOSCOW, utc(2026, 11, 20, 16, 0), 6)  # 19:00 Moscow
    local = [g.astimezone(MOSCOW).strftime("%d %H:%M") for g in got]
    assert local == ["20 20:00", "20 22:00", "21 00:00", "21 02:00", "21 04:00", "21 20:00"]


def test_spring_forward_gap_fires_when_the_clocks_jump_london() -> None:
    # 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 never shows on the clock.
    reminder = sleep_at("01:30")
    saturday = utc(2026, 3, 28, 1, 30)  # 28 March 01:30 GMT, before the change
    assert next_fire_at(reminder, LONDON, saturday - timedelta(minutes=1)) == saturday
    sunday = next_fire_at(reminder, LONDON, saturday)
    assert sunday == utc(2026, 3, 29, 1, 0), "the first valid instant: the jump to 02:00 BST"
    assert sunday.astimezone(LONDON).strftime("%H:%M %Z") == "02:00 BST"
    monday = next_fire_at(reminder, LONDON, sunday)
    assert monday == utc(2026, 3, 30, 0, 30)
    assert monday.astimezone(LONDON).strftime("%H:%M %Z") == "01:30 BST"


def test_spring_forward_gap_new_york_hydration_fires_once() -> None:
    # 8 March 2026: 02:00 EST becomes 03:00 EDT; 02:00 and 02:30 both fall in the gap.
    reminder = water("01:30", "03:30", 30)
    got = fires(reminder, NEW_YORK, utc(2026, 3, 8, 5, 0), 4)  # 00:00 EST
    local = [g.astimezone(NEW_YORK).strftime("%H:%M %Z") for g in got]
    assert local == ["01:30 EST", "03:00 EDT", "03:30 EDT", "01:30 EDT"]
    assert got[1] == utc(2026, 3, 8, 7, 0)


def test_fall_back_repeat_fires_once_at_the_first_occurrence() -> None:
    # 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:30 shows twice.
    reminder = sleep_at("01:30")
    first = next_fire_at(reminder, LONDON, utc(2026, 10, 24, 12, 0))
    assert first == utc(2026, 10, 25, 0, 30)  # 01:30 BST
    again = next_fire_at(reminder, LONDON, first)
    assert again == utc(2026, 10, 26, 1, 30), "not again at 01:30 GMT the same night"

    # New York, 1 November 2026: 02:00 EDT becomes 01:00 EST.
    ny = water("00:00", "02:00", 30)
    got = fires(ny, NEW_YORK, utc(2026, 11, 1, 3, 0), 5)  # 23:00 EDT on 31 October
    local = [g.astimezone(NEW_YORK).strftime("%H:%M %Z") for g in got]
    assert local == ["00:00 EDT", "00:30 EDT", "01:00 EDT", "01:30 EDT", "02:00 EST"]


def test_the_local_time_follows_dst_not_utc() -> None:
    reminder = sleep_at("22:00")
    winter = next_fire_at(reminder, NEW_YORK, utc(2026, 1, 15, 12, 0))
    summer = next_fire_at(reminder, NEW_YORK, utc(2026, 7, 15, 12, 0))
    assert winter.hour == 3 and summer.hour == 2  # 22:00 EST = 03:00 UTC, EDT = 02:00 UTC


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (MOSCOW, utc(2026, 6, 1, 19, 0)),  # UTC+3 all year
        (KOLKATA, utc(2026, 6, 1, 16, 30)),  # UTC+5:30
        (ZoneInfo("Asia/Kathmandu"), utc(2026, 6, 1, 16, 15)),  # UTC+5:45
        (ZoneInfo("Etc/GMT+5"), utc(2026, 6, 2, 3, 0)),  # a typed "UTC-5"
    ],
)
def test_zones_without_dst(zone: ZoneInfo, expected: datetime) -> None:
    reminder = sleep_at("22:00")
    assert next_fire_at(reminder, zone, utc(2026, 6, 1, 12, 0)) == expected
    # Same time in winter: no DST shift.
    winter = next_fire_at(reminder, zone, utc(2026, 12, 1, 12, 0))
    assert (winter - expected) % timedelta(days=1) == timedelta(0)


def test_kolkata_hydration_half_hour_offset() -> None:
    got = fires(water("09:00", "13:00", 120), KOLKATA, utc(2026, 6, 1, 0, 0), 4)
    assert got == [
        utc(2026, 6, 1, 3, 30),
        utc(2026, 6, 1, 5, 30),
        utc(2026, 6, 1, 7, 30),
        utc(2026, 6, 2, 3, 30),
    ]


def test_local_instant_and_local_day() -> None:
    assert local_instant(date(2026, 3, 29), hm("01:30"), LONDON) == utc(2026, 3, 29, 1, 0)
    assert local_instant(date(2026, 10, 25), hm("01:30"), LONDON) == utc(2026, 10, 25, 0, 30)
    assert local_day(utc(2026, 11, 20, 21, 30), MOSCOW) == date(2026, 11, 21)


def test_invalid_rules_are_refused() -> None:
    with pytest.raises(ValueError):
        Reminder(ReminderKind.SLEEP, 1440)
    with pytest.raises(ValueError):
        Reminder(ReminderKind.HYDRATION, 540, 1260, 0)
    with pytest.raises(ValueError):
        next_fire_at(sleep_at("22:00"), MOSCOW, datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        ("22:30", hm("22:30")),
        ("7.05", hm("07:05")),
        (" 9 ", hm("09:00")),
        ("10pm", hm("22:00")),
        ("10:30 p.m.", hm("22:30")),
        ("12am", 0),
        ("12 pm", hm("12:00")),
        ("00:00", 0),
        ("24:00", None),
        ("13pm", None),
        ("22:60", None),
        ("tonight", None),
        ("", None),
    ],
)
def test_typed_times(text: str, minute: int | None) -> None:
    assert parse_time_of_day(text) == minute


def test_spread_delays_are_stable_small_and_even() -> None:
    """Round times chosen by many people are spread over the window, the same every run."""
    window = timedelta(seconds=90)
    delays = [spread_delay(user_id, window) for user_id in range(1, 9001)]
    assert delays == [spread_delay(user_id, window) for user_id in range(1, 9001)]
    assert all(-window / 2 <= delay < window / 2 for delay in delays)
    per_ten_seconds = [0] * 9
    for delay in delays:
        per_ten_seconds[int(delay.total_seconds() + 45) // 10] += 1
    assert min(per_ten_seconds) > 900 and max(per_ten_seconds) < 1100  # even, ~1000 each
    assert spread_delay(42, timedelta(0)) == timedelta(0)


def test_an_offset_reminder_fires_once_a_day_near_the_chosen_time() -> None:
    reminder = sleep_at("22:00")
    delay = timedelta(seconds=70)
    chosen = utc(2026, 11, 20, 19, 0)  # 22:00 in Moscow
    assert next_fire_at(reminder, MOSCOW, chosen - timedelta(minutes=1), delay) == chosen + delay
    # Between the chosen time and its delayed send, the same occurrence is still ahead.
    assert next_fire_at(reminder, MOSCOW, chosen + timedelta(seconds=30), delay) == chosen + delay
    assert next_fire_at(reminder, MOSCOW, chosen + delay, delay) == chosen + delay + timedelta(
        days=1
    )
    # A reminder at 23:59 delayed past midnight still fires once a day.
    late = sleep_at("23:59")
    first = next_fire_at(late, LONDON, utc(2026, 11, 20, 12, 0), delay)
    assert first == utc(2026, 11, 20, 23, 59) + delay
    assert next_fire_at(late, LONDON, first, delay) == first + timedelta(days=1)
    # An early one at 00:00 goes out the evening before, once a day too.
    early = -timedelta(seconds=80)
    midnight = sleep_at("00:00")
    first = next_fire_at(midnight, LONDON, utc(2026, 11, 20, 12, 0), early)
    assert first == utc(2026, 11, 21, 0, 0) + early
    assert next_fire_at(midnight, LONDON, first, early) == first + timedelta(days=1)
