"""What a typed answer means: the one place the bot's waiting state is written and read.

After asking for a time zone, a time or a weight, the bot waits (up to `AWAIT_TYPED_ANSWER`)
for a typed answer; the question is kept in the database (reminder_users.awaiting) so an
answer typed after a restart is still understood. Stored as text, in the format of the first
version, so values stored by it still parse:

* ``zone``, or ``zone <callback data>``: a time zone, then finish that action;
* ``time:<kind>:<field>``: a time of day for one time of a reminder (e.g. ``time:sleep:b``,
  the bedtime; ``time:sleep:a``, the sleep reminder's time before bedtimes, is read as it);
* ``weight``: a body weight, for a water goal (the weight itself is never stored).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import decode, encode
from bot.reminders.model import Field, fields_of
from bot.reminders.routes import ReminderRoute
from bot.reminders.schedule import ReminderKind

_ZONE = "zone"
_TIME = "time"
_BEFORE_BEDTIMES = "a"  # the sleep reminder's only time, before it became a bedtime
_WEIGHT = "weight"


@dataclass(frozen=True)
class AwaitZone:
    """A time zone (a city, an offset, a shared location)."""

    then: ReminderRoute | None = None  # the action to finish once the zone is known


@dataclass(frozen=True)
class AwaitTime:
    """A time of day for one of a reminder's times."""

    kind: ReminderKind
    field: Field

    def __post_init__(self) -> None:
        if self.field not in fields_of(self.kind):
            raise ValueError(f"a {self.kind} reminder has no time {self.field!r}")


@dataclass(frozen=True)
class AwaitWeight:
    """A body weight, to suggest a water goal from."""


Awaiting = AwaitZone | AwaitTime | AwaitWeight


def format_awaiting(awaiting: Awaiting) -> str:
    match awaiting:
        case AwaitZone(then=None):
            return _ZONE
        case AwaitZone(then=then):
            assert then is not None
            return f"{_ZONE} {encode(then)}"
        case AwaitTime(kind, field):
            return f"{_TIME}:{kind.value}:{field.value}"
        case AwaitWeight():
            return _WEIGHT


def parse_awaiting(stored: str | None) -> Awaiting | None:
    """What the bot waits for, or None for nothing (or a value no version of it wrote)."""
    if not stored:
        return None
    if stored == _ZONE:
        return AwaitZone()
    if stored == _WEIGHT:
        return AwaitWeight()
    if stored.startswith(_ZONE + " "):
        # an action whose button no longer decodes: ask for the zone, then show the list
        then = decode(stored.removeprefix(_ZONE + " "))
        return AwaitZone(then if isinstance(then, ReminderRoute) else None)
    tag, *values = stored.split(":")
    if tag == _TIME and len(values) == 2:
        if values == [ReminderKind.SLEEP.value, _BEFORE_BEDTIMES]:
            return AwaitTime(ReminderKind.SLEEP, Field.BEDTIME)  # asked just before the update
        try:
            return AwaitTime(ReminderKind(values[0]), Field(values[1]))
        except ValueError:
            return None
    return None
