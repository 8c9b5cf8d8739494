"""Callback data: the one place where a button's data becomes a typed route and back.

A route is a small frozen dataclass: its class names a short prefix, its fields are what the
screen or action needs, typed. The data Telegram carries (at most 64 bytes) is the prefix and
the fields joined by ":", e.g. ``c:eyelid:stress``. Each feature owns its routes, in its own
module: the guide and its symptom check in bot/routes.py, reminders in
bot/reminders/routes.py. Every route class registers its prefix here when it is created, and
a prefix taken twice fails at import.

Adding a route, in the feature's routes module::

    @dataclass(frozen=True)
    class Snooze(Route, prefix="rs"):  # a prefix no other route uses
        kind: ReminderKind  # a StrEnum: carried by its value
        due: int  # ASCII digits, no sign, no leading zeros
        hour: Annotated[int, Between(0, 23)]  # ...and only inside this range
        yes: Annotated[int, HEX]  # lower-case hexadecimal
        area: str  # an id: ASCII letters, digits, "_" and "-"
        origin: str | None  # an id, or None (carried as "-")

        def __post_init__(self) -> None:  # optional: rules across fields
            if ...:
                raise ValueError("...")

then build buttons with ``encode(Snooze(...))`` (bot/ui.py's ``button`` does it) and match
on the class in the feature's handler (``case Snooze(kind, due):``).

`decode` returns None for data this bot never made: an unknown prefix, a wrong number of
parts, a number in non-ASCII digits ("²") or out of range, an unknown enum value, a second
spelling of the same route ("007"), or fields the route's `__post_init__` refuses. Handlers
answer None as an expired button (bot/handlers.py `expired`), so they never see malformed
data and never parse or check arguments again.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Union, cast, get_args, get_origin, get_type_hints

from bot.markup import MAX_CALLBACK_DATA_BYTES

SEPARATOR = ":"
NONE = "-"  # how an optional field that is None is carried
_PREFIX = re.compile(r"[A-Za-z]{1,3}", re.ASCII)
# What an id may be. Anything else is data this bot never made.
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]{0,39}", re.ASCII)
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,17}", re.ASCII)
_HEXADECIMAL = re.compile(r"[0-9a-f]{1,16}", re.ASCII)

_REGISTRY: dict[str, type[Route]] = {}


class Route:
    """The base of every route; a subclass is a frozen dataclass named with a prefix.

    A subclass without a prefix is the base of a feature's routes (e.g. `ReminderRoute`),
    not a route: it is not registered and cannot be encoded."""

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix is None:
            return
        if not _PREFIX.fullmatch(prefix):
            raise ValueError(f"route prefix {prefix!r} is not 1 to 3 ASCII letters")
        taken = _REGISTRY.get(prefix)
        # dataclass(slots=True) creates the class a second time: that is not a clash
        if taken is not None and (taken.__module__, taken.__qualname__) != (
            cls.__module__,
            cls.__qualname__,
        ):
            raise ValueError(
                f"route prefix {prefix!r} of {cls.__qualname__} is taken by {taken.__qualname__}"
            )
        cls.prefix = prefix
        _REGISTRY[prefix] = cls


@dataclass(frozen=True)
class Between:
    """`Annotated[int, Between(low, high)]`: an int field limited to low..high inclusive."""

    low: int
    high: int


class _Hex:
    pass


HEX = _Hex()  # `Annotated[int, HEX]`: an int field carried in lower-case hexadecimal


@dataclass(frozen=True)
class _Part:
    pack: Callable[[Any], str]
    unpack: Callable[[str], Any]  # raises ValueError for text this bot never made


def _id_part() -> _Part:
    def pack(value: Any) -> str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise ValueError(f"{value!r} is not an id")
        return value

    return _Part(pack, pack)


def _enum_part(enum: type[StrEnum]) -> _Part:
    def pack(value: Any) -> str:
        return str(enum(value).value)

    return _Part(pack, enum)  # enum("unknown") raises ValueError


def _int_part(metadata: tuple[Any, ...]) -> _Part:
    hexadecimal = HEX in metadata
    pattern = _HEXADECIMAL if hexadecimal else _DECIMAL
    bounds = next((m for m in metadata if isinstance(m, Between)), None)

    def check(value: int) -> int:
        if value < 0 or (bounds is not None and not bounds.low <= value <= bounds.high):
            raise ValueError(f"{value} is out of range")
        return value

    def pack(value: Any) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{value!r} is not an int")
        return format(check(value), "x" if hexadecimal else "d")

    def unpack(text: str) -> int:
        if not pattern.fullmatch(text):
            raise ValueError(f"{text!r} is not a number")
        return check(int(text, 16 if hexadecimal else 10))

    return _Part(pack, unpack)


def _optional(part: _Part) -> _Part:
    def pack(value: Any) -> str:
        return NONE if value is None else part.pack(value)

    def unpack(text: str) -> Any:
        return None if text == NONE else part.unpack(text)

    return _Part(pack, unpack)


def _part_for(hint: Any, where: str) -> _Part:
    metadata: tuple[Any, ...] = ()
    if get_origin(hint) is Annotated:
        hint, *extras = get_args(hint)
        metadata = tuple(extras)
    if get_origin(hint) in (Union, types.UnionType):
        members = [member for member in get_args(hint) if member is not type(None)]
        if len(members) != 1 or len(get_args(hint)) != 2:
            raise TypeError(f"{where}: only `X | None` unions are supported")
        inner = Annotated[members[0], *metadata] if metadata else members[0]
        return _optional(_part_for(inner, where))
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return _enum_part(hint)
    if hint is int:
        return _int_part(metadata)
    if hint is str:
        return _id_part()
    raise TypeError(f"{where}: a route field is an int, an id (str), a StrEnum, or one | None")


_PARTS: dict[type[Route], tuple[tuple[str, _Part], ...]] = {}


def _parts(cls: type[Route]) -> tuple[tuple[str, _Part], ...]:
    """The route's fields in order, each with how it is packed; resolved once per class
    (after the dataclass decorator has run, which is after `__init_subclass__`)."""
    known = _PARTS.get(cls)
    if known is not None:
        return known
    if not is_dataclass(cls):
        raise TypeError(f"route {cls.__qualname__} is not a dataclass")
    hints = get_type_hints(cls, include_extras=True)
    parts = tuple(
        (field.name, _part_for(hints[field.name], f"{cls.__qualname__}.{field.name}"))
        for field in fields(cls)
    )
    _PARTS[cls] = parts
    return parts


def registered() -> dict[str, type[Route]]:
    """Every route class by prefix, each checked to be one this module can pack."""
    for cls in _REGISTRY.values():
        _parts(cls)
    return dict(_REGISTRY)


def arguments(route: Route) -> tuple[Any, ...]:
    """The route's field values, in order."""
    return tuple(getattr(route, name) for name, _ in _parts(type(route)))


def encode(route: Route) -> str:
    """The callback data of a route; ValueError if a field cannot be carried (a bug or bad
    content, caught by the start-up checks) or the data would be over 64 bytes."""
    packed = [part.pack(getattr(route, name)) for name, part in _parts(type(route))]
    data = SEPARATOR.join((type(route).prefix, *packed))
    if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data {data!r} is over {MAX_CALLBACK_DATA_BYTES} bytes")
    return data


def decode(data: str | None) -> Route | None:
    """The route behind a button, or None for data this version of the bot never made."""
    if not data:
        return None
    prefix, *texts = data.split(SEPARATOR)
    cls = _REGISTRY.get(prefix)
    if cls is None:
        return None
    parts = _parts(cls)
    if len(texts) != len(parts):
        return None
    try:
        values = [part.unpack(text) for (_, part), text in zip(parts, texts, strict=True)]
        route: Route = cast(Any, cls)(*values)
        return route if encode(route) == data else None  # one spelling per route
    except ValueError:
        return None
