"""Callback data: typed routes, short and reversible; data this bot never made is 'expired'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pytest

import bot.app  # noqa: F401  (every feature's routes registered, as in the running bot)
from bot import routes
from bot.callbacks import Between, Route, decode, encode, registered
from bot.reminders import routes as reminder_routes
from bot.reminders.awaiting import AwaitTime, AwaitZone, format_awaiting, parse_awaiting
from bot.reminders.model import Field
from bot.reminders.schedule import ReminderKind


@pytest.mark.parametrize(
    ("route", "data"),
    [
        (routes.Home(), "h"),
        (routes.Area("eyelid"), "a:eyelid"),
        (routes.Cause("whole_body", "electrolytes"), "c:whole_body:electrolytes"),
        (routes.SelfCare("leg", "dehydration"), "s:leg:dehydration"),
        (routes.SetLanguage("ru"), "L:ru"),
        (routes.Check(None, 3, 0x1F), "sc:-:3:1f"),
        (routes.CheckView("leg", 15, 0, routes.View.TIPS), "sv:leg:15:0:s"),
        (reminder_routes.SetTime(ReminderKind.SLEEP, Field.BEDTIME, 1350), "rt:sleep:b:1350"),
        (reminder_routes.SetWindDown(45), "rSD:45"),
        (reminder_routes.PickMinutes(ReminderKind.HYDRATION, Field.TO, 21), "rm:water:t:21"),
        (reminder_routes.Snooze(ReminderKind.HYDRATION, 1774744200), "rs:water:1774744200"),
        (reminder_routes.SetInterval(90), "re:90"),
    ],
)
def test_a_route_packs_to_the_data_old_buttons_carry_and_back(route: Route, data: str) -> None:
    assert encode(route) == data
    assert decode(data) == route


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "x",  # an unknown prefix
        "c:eyelid",  # too few parts
        "a",
        "a:eyelid:extra",  # too many
        "h:1",
        "zz:top",
        "a:",  # an empty id
        "a:-",  # None where an id is required
        "a:глаз",  # not an id this bot makes
        "rm:sleep:a:²",  # passes str.isdigit(), then int() would crash
        "rm:sleep:a:٣",  # an Arabic-Indic digit: int() would accept it
        "rm:sleep:a:24",  # no 24th hour
        "rm:sleep:a:-1",
        "rt:sleep:a:1440",  # past the last minute of the day
        "rt:sleep:a:0090",  # a second spelling of 90
        "rt:sleep:f:600",  # a sleep reminder has no window start
        "rh:water:a",  # ...and a water reminder no single time
        "rk:coffee",  # an unknown kind
        "re:45",  # an interval never offered
        "rs:sleep:12.5",
        "rs:sleep:+12",
        "sc:-:0:1F",  # upper-case hex: a second spelling
        "sc:-:0:zz",
        "sv:leg:15:0:x",  # a view this bot never makes
    ],
)
def test_malformed_data_never_reaches_a_handler(data: str | None) -> None:
    assert decode(data) is None


def test_over_long_data_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(routes.Cause("a" * 40, "b" * 40))


def test_a_route_that_cannot_be_carried_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError):
        encode(routes.Area("two words"))
    with pytest.raises(ValueError):
        encode(reminder_routes.PickMinutes(ReminderKind.SLEEP, Field.BEDTIME, 24))


def test_a_prefix_is_taken_once_and_every_route_can_be_packed() -> None:
    known = registered()
    assert known["a"] is routes.Area and known["rt"] is reminder_routes.SetTime
    assert all(
        cls.prefix.startswith("r")
        for cls in known.values()
        if issubclass(cls, reminder_routes.ReminderRoute)
    )
    with pytest.raises(ValueError, match="taken by Area"):

        @dataclass(frozen=True)
        class Clash(Route, prefix="a"):
            hour: Annotated[int, Between(0, 23)]


def test_waiting_state_round_trips_and_old_stored_values_parse() -> None:
    then = reminder_routes.TurnOn(ReminderKind.SLEEP)
    for awaiting in (AwaitZone(), AwaitZone(then), AwaitTime(ReminderKind.HYDRATION, Field.FROM)):
        assert parse_awaiting(format_awaiting(awaiting)) == awaiting
    # as the first version stored them
    assert parse_awaiting("zone") == AwaitZone()
    assert parse_awaiting("zone ro:sleep") == AwaitZone(then)
    assert parse_awaiting("time:water:t") == AwaitTime(ReminderKind.HYDRATION, Field.TO)
    # the sleep reminder's time before it was a bedtime: a typed answer sets the bedtime
    assert parse_awaiting("time:sleep:a") == AwaitTime(ReminderKind.SLEEP, Field.BEDTIME)
    assert decode("rt:sleep:a:1350") is None, "an old time button is an expired one"
    # an action whose button no longer decodes still asks for the zone, then shows the list
    assert parse_awaiting("zone zz:gone") == AwaitZone()
    for stored in (None, "", "time:coffee:a", "time:sleep:f", "time:sleep", "city"):
        assert parse_awaiting(stored) is None
