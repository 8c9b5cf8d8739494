"""Callback data: short, reversible, and unknown data decodes to 'expired'."""

from __future__ import annotations

import pytest

from bot.callbacks import Route, Screen, decode, encode


@pytest.mark.parametrize(
    "route",
    [
        Route(Screen.HOME),
        Route(Screen.AREA, ("eyelid",)),
        Route(Screen.CAUSE, ("whole_body", "electrolytes")),
        Route(Screen.SELF_CARE, ("leg", "dehydration")),
        Route(Screen.SET_LANGUAGE, ("ru",)),
    ],
)
def test_round_trip(route: Route) -> None:
    data = encode(route)
    assert len(data.encode()) <= 64
    assert decode(data) == route


@pytest.mark.parametrize(
    "data", [None, "", "x", "c:eyelid", "a", "a:eyelid:extra", "h:1", "zz:top", "a:"]
)
def test_unknown_or_malformed_data_is_expired(data: str | None) -> None:
    assert decode(data) is None


def test_over_long_data_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(Route(Screen.CAUSE, ("a" * 40, "b" * 40)))
