"""The reminders' domain: what the bot keeps for a user (`Profile`, `Subscription`) and the
rules screens, handlers and routes share: which times a reminder has, the choices offered,
the defaults of a new one, how long a snooze lasts.

The daily rule itself (`Reminder`, `ReminderKind`) and when it fires are bot/reminders/
schedule.py's; this module knows nothing of Telegram or of storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.reminders.schedule import MINUTES_PER_DAY, Reminder, ReminderKind

# The usual bedtimes offered with one tap, and the defaults of a new reminder.
SLEEP_PRESETS = (22 * 60, 22 * 60 + 30, 23 * 60, 23 * 60 + 30)
DEFAULT_WIND_DOWN = 30
WIND_DOWNS = (15, 30, 45, 60)  # minutes before bedtime the sleep reminder may come
DEFAULT_SLEEP = Reminder(ReminderKind.SLEEP, 23 * 60, wind_down=DEFAULT_WIND_DOWN)
DEFAULT_HYDRATION = Reminder(ReminderKind.HYDRATION, 9 * 60, 21 * 60, 120)
INTERVALS = (60, 90, 120, 180, 240)  # how often water reminders may come, in minutes
DEFAULT_WATER_GOAL = 8  # glasses of 250 ml a day
WATER_GOALS = (4, 5, 6, 7, 8, 9, 10, 11, 12)  # goals that can be chosen
SNOOZE = {ReminderKind.SLEEP: timedelta(minutes=15), ReminderKind.HYDRATION: timedelta(minutes=30)}
# Daily glasses and bedtimes are kept this long (the week screens and the chart show 7 days;
# four weeks leave room for a monthly view) and then deleted; a streak is counted within them.
HISTORY_DAYS = 28


class Field(StrEnum):
    """Which time of a reminder a picker sets (callback data and typed answers carry it)."""

    BEDTIME = "b"  # the sleep reminder's bedtime ("a", its time before bedtimes, expired)
    WEEKEND = "w"  # the bedtime on Friday and Saturday nights
    FROM = "f"  # the hydration window's start
    TO = "t"  # the hydration window's end


def fields_of(kind: ReminderKind) -> tuple[Field, ...]:
    """The times a kind of reminder has."""
    if kind is ReminderKind.SLEEP:
        return (Field.BEDTIME, Field.WEEKEND)
    return (Field.FROM, Field.TO)


def default(kind: ReminderKind) -> Reminder:
    return DEFAULT_SLEEP if kind is ReminderKind.SLEEP else DEFAULT_HYDRATION


def with_time(current: Reminder | None, kind: ReminderKind, field: Field, minute: int) -> Reminder:
    """The reminder after setting one of its times (a new one starts from the defaults)."""
    base = current or default(kind)
    minute %= MINUTES_PER_DAY
    if field is Field.BEDTIME:
        weekend = base.weekend_minute if base.weekend_minute != minute else None
        return replace(base, start_minute=minute, weekend_minute=weekend)
    if field is Field.WEEKEND:  # the same as on weekdays is no weekend bedtime at all
        return replace(base, weekend_minute=None if minute == base.start_minute else minute)
    if field is Field.FROM:
        return replace(base, start_minute=minute)
    return replace(base, end_minute=minute)


def with_wind_down(current: Reminder | None, minutes: int) -> Reminder:
    return replace(current or DEFAULT_SLEEP, wind_down=minutes)


def same_bedtime_every_night(current: Reminder | None) -> Reminder:
    return replace(current or DEFAULT_SLEEP, weekend_minute=None)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the bot keeps for a user of reminders."""

    user_id: int
    zone: str | None
    language: str
    paused: bool
    blocked: bool
    awaiting: str | None  # what a typed answer means, while it is still fresh
    water_goal: int = DEFAULT_WATER_GOAL  # glasses a day
    skip_when_met: bool = True  # no more water reminders on a day the goal is met
    hour24: bool | None = None  # the clock times are shown in; None: the Telegram language's
    evening_summary: bool = False  # the water window's last reminder sums the day up instead


@dataclass(frozen=True, slots=True)
class WaterToday:
    """Glasses logged on the user's local today, and the goal."""

    count: int
    goal: int

    @property
    def met(self) -> bool:
        return self.count >= self.goal


@dataclass(frozen=True, slots=True)
class History:
    """The last days of a user's glasses and bedtimes (local dates), for screens and charts.

    `bedtimes` is keyed by the evening's date (a bedtime after midnight is the night
    before), in minutes after local midnight."""

    today: date
    glasses: dict[date, int]
    bedtimes: dict[date, int]
    goal: int  # today's, the current one
    goals: Mapping[date, int] = field(default_factory=dict)  # earlier days' own goals

    def goal_on(self, day: date) -> int:
        """The goal a day is judged by: its own, as it was that day; today's is the current."""
        return self.goal if day == self.today else self.goals.get(day, self.goal)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A user's reminder as stored: the rule, whether it is on, and when it fires next."""

    reminder: Reminder
    enabled: bool
    next_fire_at: datetime | None  # None while it cannot fire: off, paused, blocked

    @property
    def kind(self) -> ReminderKind:
        return self.reminder.kind
