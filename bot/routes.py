"""The guide's routes and its symptom check's: every screen a guide button can open.

Each is a frozen dataclass packed to callback data by bot/callbacks.py (see there how to add
one); the prefix is what old buttons in users' chats carry, so a prefix never changes
meaning. Reminder routes are bot/reminders/routes.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from bot.callbacks import HEX, Route

# -- the guide (bot/screens.py) ---------------------------------------------------------------


@dataclass(frozen=True)
class Home(Route, prefix="h"):
    """The main menu: where it twitches."""


@dataclass(frozen=True)
class BodyMap(Route, prefix="m"):
    """The areas on a picture of a body, sent as a photo (bot/handlers.py `send_body_map`);
    its caption and numbered buttons are bot/screens.py `body_map`."""


@dataclass(frozen=True)
class Area(Route, prefix="a"):
    """A body area: its most likely causes."""

    area: str


@dataclass(frozen=True)
class AreaFlags(Route, prefix="w"):
    """When to see a doctor, for one area."""

    area: str


@dataclass(frozen=True)
class AreaSources(Route, prefix="ia"):
    """About this information: an area's sources and review date."""

    area: str


@dataclass(frozen=True)
class Cause(Route, prefix="c"):
    """One cause of twitching in an area."""

    area: str
    cause: str


@dataclass(frozen=True)
class SelfCare(Route, prefix="s"):
    """What helps, for a cause."""

    area: str
    cause: str


@dataclass(frozen=True)
class CauseFlags(Route, prefix="f"):
    """When to see a doctor, for a cause."""

    area: str
    cause: str


@dataclass(frozen=True)
class CauseSources(Route, prefix="ic"):
    area: str
    cause: str


@dataclass(frozen=True)
class Urgent(Route, prefix="u"):
    """The urgent warning signs and the number to call."""


@dataclass(frozen=True)
class SameDay(Route, prefix="t"):
    """Get seen today: the signs and the local ways."""


@dataclass(frozen=True)
class Doctor(Route, prefix="d"):
    """See a doctor soon: the signs."""


@dataclass(frozen=True)
class About(Route, prefix="i"):
    pass


@dataclass(frozen=True)
class Languages(Route, prefix="l"):
    """The list of languages to choose from."""


@dataclass(frozen=True)
class SetLanguage(Route, prefix="L"):
    """An action: switch to this language (bot/handlers.py `switch_language`)."""

    code: str


# -- the symptom check (bot/symptom_check.py) --------------------------------------------------


@dataclass(frozen=True)
class Check(Route, prefix="sc"):
    """Where a symptom check stands, kept in the buttons themselves: no storage, and it
    survives restarts. `yes` has bit i set when question i was answered "yes"."""

    origin: str | None  # the area it was started from, or None for the main menu
    step: int  # index of the next question to consider
    yes: Annotated[int, HEX]


class View(StrEnum):
    """A screen a check's result links to, with a way back to the result."""

    URGENT = "u"  # the urgent warning signs
    SAME_DAY = "t"  # get seen today: the signs and the local ways
    SIGNS = "w"  # when to see a doctor: the area's signs, or all of them from the main menu
    TIPS = "s"  # what helps: the self-care tips of the area's most likely cause
    AREA = "a"  # the area the check began from: its causes


@dataclass(frozen=True)
class CheckView(Route, prefix="sv"):
    """A screen opened from a check's result (`state`), its back button leading there."""

    origin: str | None
    step: int
    yes: Annotated[int, HEX]
    view: View

    @classmethod
    def of(cls, state: Check, view: View) -> CheckView:
        return cls(state.origin, state.step, state.yes, view)

    @property
    def state(self) -> Check:
        return Check(self.origin, self.step, self.yes)
