"""When a reminder fires: pure functions of the reminder, the user's zone and an instant.

A reminder's times are local wall-clock times (minutes after local midnight) in the user's
IANA zone; every instant is an aware UTC datetime. Daylight-saving changes are resolved here:

* a local time that does not exist (spring-forward gap) fires at the first valid instant
  after it, the moment the clocks jump;
* a local time that happens twice (fall-back repeat) fires once, at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
# Many people pick the same round times (22:00, every 2 hours from 09:00) and Telegram lets
# a bot send about 30 messages a second, so each user's reminders go out at a small, stable
# offset from the time they chose, spread evenly over this window centred on it: a
# minute and a half early at most, a minute and a half late at most before any queueing
# (benchmarks/reminder_peak.py measures the effect). Users are shown the time they chose.
SPREAD = timedelta(seconds=180)


class ReminderKind(StrEnum):
    """The value is what the database and callback data carry."""

    SLEEP = "sleep"  # once a day: wind down before bed
    HYDRATION = "water"  # every few hours inside the waking window


@dataclass(frozen=True, slots=True)
class Reminder:
    """One subscription's daily rule (times are minutes after local midnight)."""

    kind: ReminderKind
    start_minute: int  # sleep: the time it fires; hydration: the window's first reminder
    end_minute: int = 0  # hydration: the window's end (inclusive); unused for sleep
    every_minutes: int = 0  # hydration: the interval; unused for sleep

    def __post_init__(self) -> None:
        for value in (self.start_minute, self.end_minute):
            if not 0 <= value < MINUTES_PER_DAY:
                raise ValueError(f"{value} is not a minute of the day")
        if self.kind is ReminderKind.HYDRATION and not 15 <= self.every_minutes <= 12 * 60:
            raise ValueError(f"interval {self.every_minutes} min is out of range")

    def daily_minutes(self) -> tuple[int, ...]:
        """The local times it fires each day, sorted, as minutes after midnight.

        A hydration window that ends before it starts (e.g. 20:00 to 04:00 for night
        shifts) runs past midnight.
        """
        if self.kind is ReminderKind.SLEEP:
            return (self.start_minute,)
        length = (self.end_minute - self.start_minute) % MINUTES_PER_DAY
        offsets = range(0, length + 1, self.every_minutes)
        return tuple(sorted({(self.start_minute + offset) % MINUTES_PER_DAY for offset in offsets}))


def local_instant(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the local clock in `zone` shows `minute` on `day`.

    In a spring-forward gap that wall time never shows: the first valid instant after it
    is the transition itself. In a fall-back repeat the first occurrence wins (fold=0).
    """
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    instant = wall.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return instant
    # A gap: fold=0 reads the wall time with the offset before the jump (a later instant),
    # fold=1 with the offset after it (an earlier one); the transition lies in between.
    low = wall.replace(fold=1).astimezone(UTC)
    high = instant
    after = high.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def spread_delay(user_id: int, window: timedelta = SPREAD) -> timedelta:
    """The user's stable offset within `window` centred on zero (negative: early), the same
    on every machine and every run.

    Fibonacci hashing of the id, so consecutive ids land far apart and any large group of
    users covers the window evenly.
    """
    fraction = ((user_id * 0x9E3779B1) & 0xFFFFFFFF) / 2**32
    seconds = window.total_seconds()
    return timedelta(seconds=int(fraction * seconds) - int(seconds) // 2)


def chosen_instant(instant: datetime, user_id: int) -> datetime:
    """The time shown to the user for an occurrence stored at `instant`: the stores keep
    every occurrence (snoozes too) at the user's `spread_delay` from the time they chose."""
    return instant - spread_delay(user_id)


def next_fire_at(
    reminder: Reminder, zone: ZoneInfo, after: datetime, delay: timedelta = timedelta(0)
) -> datetime:
    """The first instant strictly after `after` (aware) at which the reminder fires, in UTC,
    each occurrence `delay` (see `spread_delay`) after the local time the user chose."""
    if after.tzinfo is None:
        raise ValueError("`after` must be an aware datetime")
    today = (after - delay).astimezone(zone).date()
    minutes = reminder.daily_minutes()
    # Yesterday covers a local time pushed forward past midnight; tomorrow always has one.
    for offset in (-1, 0, 1, 2):
        day = today + timedelta(days=offset)
        for minute in minutes:
            instant = local_instant(day, minute, zone) + delay
            if instant > after:
                return instant
    raise AssertionError("unreachable: every reminder fires at least once a day")


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    """The user's calendar day at an instant (for 'today's glasses')."""
    return instant.astimezone(zone).date()
