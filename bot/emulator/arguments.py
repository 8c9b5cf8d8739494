"""Request arguments: everything is a string, as in telegram-bot-api; JSON fields are read
with tdlib's error messages."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.emulator.errors import JSON, Fail


def to_integer(text: str) -> int:
    """tdlib's lenient ``to_integer``: the leading integer, or 0."""
    match = re.match(r"\s*(-?\d+)", text)
    return int(match.group(1)) if match else 0


class Args:
    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    def has(self, name: str) -> bool:
        return name in self.params

    def text(self, name: str) -> str:
        value = self.params.get(name)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float | list | dict):
            return json.dumps(value, ensure_ascii=False)
        return ""  # uploaded files are not supported

    def integer(self, name: str, default: int = 0, low: int = -(2**63), high: int = 2**63) -> int:
        text = self.text(name)
        value = default if text == "" else to_integer(text)
        return max(low, min(high, value))

    def flag(self, name: str) -> bool:
        return self.text(name).strip().lower() in ("true", "yes", "1")

    def json_value(self, name: str) -> Any:
        return json.loads(self.text(name))


# JSON field access with tdlib's error messages


def _field_type(value: Any) -> str:
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Number"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    return "Object"


def opt_str(obj: JSON, name: str) -> str:
    if name not in obj:
        return ""
    value = obj[name]
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    raise Fail(f'Field "{name}" must be of type String')


def req_str(obj: JSON, name: str) -> str:
    if name not in obj:
        raise Fail(f'Can\'t find field "{name}"')
    return opt_str(obj, name)


def opt_bool(obj: JSON, name: str) -> bool:
    if name not in obj:
        return False
    value = obj[name]
    if isinstance(value, bool):
        return value
    raise Fail(f'Field "{name}" must be of type Boolean')


def req_int(obj: JSON, name: str) -> int:
    if name not in obj:
        raise Fail(f'Can\'t find field "{name}"')
    value = obj[name]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise Fail(f'Field "{name}" must be a valid Number')


def opt_field(obj: JSON, name: str, kind: str) -> Any:
    if name not in obj:
        return None
    value = obj[name]
    if _field_type(value) != kind:
        raise Fail(f'Field "{name}" must be of type {kind}')
    return value
