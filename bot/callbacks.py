"""Callback data: the one place where a screen address becomes button data and back.

Telegram gives a button at most 64 bytes of data, so a screen is addressed by a short
kind letter and the ids it needs, e.g. ``c:eyelid:stress``. Anything that does not decode
to a known kind with the right number of parts is treated as an expired button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum, unique

from bot.markup import MAX_CALLBACK_DATA_BYTES

SEPARATOR = ":"
# What an argument may be: ids, codes and ASCII numbers. Anything else (e.g. "²", which
# passes str.isdigit() and then crashes int()) is data this bot never made.
_ARGUMENT = re.compile(r"[A-Za-z0-9_\-]{1,40}", re.ASCII)


@unique  # two kinds sharing a prefix would silently become one
class Screen(StrEnum):
    """Kinds of screen; the value is the prefix used in callback data."""

    HOME = "h"
    AREA = "a"  # area_id
    AREA_FLAGS = "w"  # area_id: when to see a doctor for this area
    CAUSE = "c"  # area_id, cause_id
    SELF_CARE = "s"  # area_id, cause_id
    CAUSE_FLAGS = "f"  # area_id, cause_id
    URGENT = "u"
    SAME_DAY = "t"  # get seen today: the signs and the local ways
    DOCTOR = "d"
    ABOUT = "i"
    REMINDERS = "r"
    LANGUAGES = "l"
    SET_LANGUAGE = "L"  # language code
    CHECK = "sc"  # origin area id or "-" for the main menu, next question index, yes bitmask
    CHECK_VIEW = "sv"  # a check result's state (3 args as CHECK) + view: a screen it links to
    AREA_SOURCES = "ia"  # area_id: about this information, sources and review date
    CAUSE_SOURCES = "ic"  # area_id, cause_id
    # Reminders (bot/reminders): two-letter kinds starting with "r"; REMINDERS is the list.
    REMINDER = "rk"  # kind: one reminder's settings, or how to start it
    REMINDER_SETTINGS = "rn"  # kind: the same, as a new message (a reminder's Settings button)
    REMINDER_ON = "ro"  # kind: switch on, with the usual times if new
    REMINDER_OFF = "rf"  # kind
    REMINDER_REMOVE = "rx"  # kind
    REMINDER_HOURS = "rh"  # kind, field: pick the hour of a time
    REMINDER_MINUTES = "rm"  # kind, field, hour: pick the minutes
    REMINDER_TIME = "rt"  # kind, field, minute of the day: set a time
    REMINDER_INTERVALS = "ri"  # pick how often water reminders come
    REMINDER_EVERY = "re"  # minutes: set how often
    REMINDER_ZONE = "rz"  # ask for the time zone
    REMINDERS_PAUSE = "rp"
    REMINDERS_RESUME = "rr"
    DRANK = "rw"  # "I drank a glass", on a reminder
    SNOOZE = "rs"  # kind, unix seconds the reminder was due
    BEDTIME = "rb"  # "Going to bed", on a reminder
    PRIVACY = "rv"
    FORGET = "rd"  # ask to confirm
    FORGET_CONFIRMED = "rD"


REMINDER_SCREENS = frozenset(screen for screen in Screen if screen.value.startswith("r"))

_ARITY = {
    Screen.AREA: 1,
    Screen.AREA_FLAGS: 1,
    Screen.CAUSE: 2,
    Screen.SELF_CARE: 2,
    Screen.CAUSE_FLAGS: 2,
    Screen.SET_LANGUAGE: 1,
    Screen.CHECK: 3,
    Screen.CHECK_VIEW: 4,
    Screen.AREA_SOURCES: 1,
    Screen.CAUSE_SOURCES: 2,
    Screen.REMINDER: 1,
    Screen.REMINDER_SETTINGS: 1,
    Screen.REMINDER_ON: 1,
    Screen.REMINDER_OFF: 1,
    Screen.REMINDER_REMOVE: 1,
    Screen.REMINDER_HOURS: 2,
    Screen.REMINDER_MINUTES: 3,
    Screen.REMINDER_TIME: 3,
    Screen.REMINDER_EVERY: 1,
    Screen.SNOOZE: 2,
}


@dataclass(frozen=True, slots=True)
class Route:
    screen: Screen
    args: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.args) != _ARITY.get(self.screen, 0):
            raise ValueError(f"{self.screen.name} takes {_ARITY.get(self.screen, 0)} argument(s)")
        if not all(_ARGUMENT.fullmatch(arg) for arg in self.args):
            raise ValueError(f"bad route argument in {self.args!r}")


NO_AREA = "-"  # the origin of a symptom check started from the main menu


@dataclass(frozen=True, slots=True)
class CheckState:
    """Where a symptom check stands, kept in the buttons themselves: no storage, and it
    survives restarts. `yes` has bit i set when question i was answered "yes"."""

    origin: str | None  # the area it was started from, or None for the main menu
    step: int  # index of the next question to consider
    yes: int

    @property
    def route(self) -> Route:
        return Route(Screen.CHECK, (self.origin or NO_AREA, str(self.step), format(self.yes, "x")))

    @classmethod
    def of(cls, route: Route) -> CheckState | None:
        """The state a CHECK route carries, or None if its data is not one this bot makes."""
        if route.screen is Screen.CHECK_VIEW:  # a screen seen from a result: its state
            route = Route(Screen.CHECK, route.args[:3])
        if route.screen is not Screen.CHECK:
            return None
        origin, step, yes = route.args
        if not (step.isdigit() and all(c in "0123456789abcdef" for c in yes)):
            return None
        state = cls(None if origin == NO_AREA else origin, int(step), int(yes, 16))
        return state if state.route == route else None  # one spelling per state


def encode(route: Route) -> str:
    data = SEPARATOR.join((route.screen.value, *route.args))
    if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data {data!r} is over {MAX_CALLBACK_DATA_BYTES} bytes")
    return data


def decode(data: str | None) -> Route | None:
    """The route behind a button, or None for data this version of the bot never made."""
    if not data:
        return None
    kind, *args = data.split(SEPARATOR)
    try:
        route = Route(Screen(kind), tuple(args))
    except ValueError:
        return None
    if route.screen in (Screen.CHECK, Screen.CHECK_VIEW) and CheckState.of(route) is None:
        return None
    return route
