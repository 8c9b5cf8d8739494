"""Reminder routes: every reminder screen and action a button can carry.

Frozen dataclasses packed to callback data by bot/callbacks.py (see there how to add one);
all prefixes start with "r" so old buttons keep their meaning. bot/reminders/handlers.py
`act` matches on these classes; a route whose fields break a reminder rule (a time field
the kind does not have, an interval not offered) fails to decode and is an expired button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from bot.callbacks import Between, Route
from bot.reminders.model import INTERVALS, WATER_GOALS, WIND_DOWNS, Field, fields_of
from bot.reminders.schedule import MINUTES_PER_DAY, ReminderKind


class ReminderRoute(Route):
    """The base of every reminder route, so the reminders' handler claims its buttons with
    `isinstance`."""

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        if prefix is not None and not prefix.startswith("r"):
            raise ValueError(f"reminder route prefix {prefix!r} does not start with 'r'")
        super().__init_subclass__(prefix=prefix, **kwargs)


@dataclass(frozen=True)
class Reminders(ReminderRoute, prefix="r"):
    """The list of reminders (/reminders)."""


def _check_field(kind: ReminderKind, field: Field) -> None:
    if field not in fields_of(kind):
        raise ValueError(f"a {kind} reminder has no time {field!r}")


@dataclass(frozen=True)
class ReminderSettings(ReminderRoute, prefix="rk"):
    """One reminder's settings, or how to start it."""

    kind: ReminderKind


@dataclass(frozen=True)
class SettingsAnew(ReminderRoute, prefix="rn"):
    """The same, as a new message (the Settings button on a reminder)."""

    kind: ReminderKind


@dataclass(frozen=True)
class TurnOn(ReminderRoute, prefix="ro"):
    """Switch on, with the usual times if new."""

    kind: ReminderKind


@dataclass(frozen=True)
class TurnOff(ReminderRoute, prefix="rf"):
    kind: ReminderKind


@dataclass(frozen=True)
class Remove(ReminderRoute, prefix="rx"):
    kind: ReminderKind


@dataclass(frozen=True)
class RemoveConfirmed(ReminderRoute, prefix="rX"):
    """Remove, once confirmed (Remove asks first)."""

    kind: ReminderKind


@dataclass(frozen=True)
class PickHour(ReminderRoute, prefix="rh"):
    """Pick the hour of one of the reminder's times."""

    kind: ReminderKind
    field: Field

    def __post_init__(self) -> None:
        _check_field(self.kind, self.field)


@dataclass(frozen=True)
class PickHourForMinutes(ReminderRoute, prefix="rH"):
    """Pick the hour, then the minutes (PickHour sets a whole hour in one tap)."""

    kind: ReminderKind
    field: Field

    def __post_init__(self) -> None:
        _check_field(self.kind, self.field)


@dataclass(frozen=True)
class PickWindow(ReminderRoute, prefix="rW"):
    """Pick the water window's start hour, then its end (a new reminder's other hours)."""


@dataclass(frozen=True)
class WindowFrom(ReminderRoute, prefix="rF"):
    """Set the water window's start, then ask for its end."""

    minute: Annotated[int, Between(0, MINUTES_PER_DAY - 1)]


@dataclass(frozen=True)
class PickMinutes(ReminderRoute, prefix="rm"):
    """Pick the minutes, the hour picked."""

    kind: ReminderKind
    field: Field
    hour: Annotated[int, Between(0, 23)]

    def __post_init__(self) -> None:
        _check_field(self.kind, self.field)


@dataclass(frozen=True)
class SetTime(ReminderRoute, prefix="rt"):
    """Set one of the reminder's times."""

    kind: ReminderKind
    field: Field
    minute: Annotated[int, Between(0, MINUTES_PER_DAY - 1)]  # of the day

    def __post_init__(self) -> None:
        _check_field(self.kind, self.field)


@dataclass(frozen=True)
class PickInterval(ReminderRoute, prefix="ri"):
    """Pick how often water reminders come."""


@dataclass(frozen=True)
class SetInterval(ReminderRoute, prefix="re"):
    minutes: int

    def __post_init__(self) -> None:
        if self.minutes not in INTERVALS:
            raise ValueError(f"{self.minutes} minutes is not an interval on offer")


@dataclass(frozen=True)
class AskZone(ReminderRoute, prefix="rz"):
    """Ask for the time zone."""


@dataclass(frozen=True)
class PauseAll(ReminderRoute, prefix="rp"):
    pass


@dataclass(frozen=True)
class ResumeAll(ReminderRoute, prefix="rr"):
    pass


@dataclass(frozen=True)
class Drank(ReminderRoute, prefix="rw"):
    """ "I drank a glass", on a water reminder."""


@dataclass(frozen=True)
class DrankUndo(ReminderRoute, prefix="ru"):
    """Take the last glass back, on a water reminder that shows the day's glasses."""


@dataclass(frozen=True)
class WaterGoals(ReminderRoute, prefix="rg"):
    """Pick the daily water goal."""


@dataclass(frozen=True)
class SetWaterGoal(ReminderRoute, prefix="rG"):
    goal: int  # glasses of 250 ml a day

    def __post_init__(self) -> None:
        if self.goal not in WATER_GOALS:
            raise ValueError(f"{self.goal} glasses is not a goal on offer")


@dataclass(frozen=True)
class WaterQuiet(ReminderRoute, prefix="rq"):
    """Skip (1) or keep (0) the day's remaining water reminders once the goal is met."""

    quiet: Annotated[int, Between(0, 1)]


@dataclass(frozen=True)
class WaterSummary(ReminderRoute, prefix="rwe"):
    """Turn the evening summary on (1) or off (0): the water window's last reminder of the
    day sums the day up instead."""

    on: Annotated[int, Between(0, 1)]


@dataclass(frozen=True)
class SummaryGlass(ReminderRoute, prefix="rws"):
    """Log a glass (or take one back: `undo` 1) on the evening summary, which stays one."""

    undo: Annotated[int, Between(0, 1)]


@dataclass(frozen=True)
class AskWeight(ReminderRoute, prefix="rwk"):
    """Ask for a body weight to suggest a water goal from (typed; never stored)."""


@dataclass(frozen=True)
class WeekChart(ReminderRoute, prefix="rc"):
    """The week's glasses and bedtimes as a picture."""


@dataclass(frozen=True)
class Snooze(ReminderRoute, prefix="rs"):
    """Snooze, on a reminder that was due at `due` (unix seconds)."""

    kind: ReminderKind
    due: int


@dataclass(frozen=True)
class Bedtime(ReminderRoute, prefix="rb"):
    """ "Going to bed", on a sleep reminder."""


@dataclass(frozen=True)
class PickWindDown(ReminderRoute, prefix="rSd"):
    """Pick how long before bedtime the sleep reminder comes."""


@dataclass(frozen=True)
class SetWindDown(ReminderRoute, prefix="rSD"):
    minutes: int

    def __post_init__(self) -> None:
        if self.minutes not in WIND_DOWNS:
            raise ValueError(f"{self.minutes} minutes is not a wind-down on offer")


@dataclass(frozen=True)
class WeekendSame(ReminderRoute, prefix="rSw"):
    """The same bedtime on Friday and Saturday nights as on the others."""


@dataclass(frozen=True)
class SetClock(ReminderRoute, prefix="rcl"):
    """Show times in the 24-hour (1) or the 12-hour (0) clock (languages that offer both)."""

    hour24: Annotated[int, Between(0, 1)]


@dataclass(frozen=True)
class Privacy(ReminderRoute, prefix="rv"):
    """What is stored, and a way to delete it."""


@dataclass(frozen=True)
class Forget(ReminderRoute, prefix="rd"):
    """Ask to confirm deleting everything."""


@dataclass(frozen=True)
class ForgetConfirmed(ReminderRoute, prefix="rD"):
    pass
