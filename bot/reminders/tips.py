"""Reminder tips from `content/tips/<lang>.yaml`, read and checked once at start-up.

The same rules as the guide's content (bot/content.py): a JSON Schema, Telegram's markup,
one file for every language the guide speaks; every problem is listed by file and key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.content import CONTENT_DIR, ContentError, Problem
from bot.markup import MarkupError, visible_text
from bot.reminders.schedule import ReminderKind

SCHEMA = "tips.schema.json"
# The YAML key of each kind's list.
SECTIONS = {ReminderKind.SLEEP: "sleep", ReminderKind.HYDRATION: "hydration"}


@dataclass(frozen=True, slots=True)
class Tips:
    """Tips by language code and reminder kind."""

    by_language: Mapping[str, Mapping[ReminderKind, tuple[str, ...]]]

    def pick(self, language: str, kind: ReminderKind, number: int) -> str:
        """The tip for the `number`-th reminder of this kind: each in turn, then again."""
        tips = self.by_language[language][kind]
        return tips[number % len(tips)]


def _name(path: Path, content_dir: Path) -> str:
    try:
        return str(path.relative_to(content_dir.parent))
    except ValueError:
        return str(path)


def load_tips(languages: Iterable[str], content_dir: Path = CONTENT_DIR) -> Tips:
    """Read, validate and freeze the tips of every language; raise ContentError if any fail."""
    import yaml  # here: a start-up from the content cache (bot/cache.py) needs neither
    from jsonschema import Draft202012Validator

    problems: list[Problem] = []
    schema = json.loads((content_dir / "schema" / SCHEMA).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    tips: dict[str, Mapping[ReminderKind, tuple[str, ...]]] = {}
    for code in languages:
        path = content_dir / "tips" / f"{code}.yaml"
        name = _name(path, content_dir)
        try:
            data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            problems.append(Problem(name, "-", f"cannot read: {error.strerror}"))
            continue
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "-"
            problems.append(Problem(name, where, f"not valid YAML: {error}"))
            continue
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        for issue in errors:
            key = ".".join(str(part) for part in issue.absolute_path) or "(top level)"
            problems.append(Problem(name, key, issue.message))
        if errors:
            continue
        kinds: dict[ReminderKind, tuple[str, ...]] = {}
        for kind, section in SECTIONS.items():
            for index, text in enumerate(data[section]):
                try:
                    visible_text(text)
                except MarkupError as error:
                    problems.append(
                        Problem(
                            name, f"{section}.{index}", f"markup Telegram would refuse: {error}"
                        )
                    )
            kinds[kind] = tuple(text.strip() for text in data[section])
        tips[code] = MappingProxyType(kinds)
    if problems:
        raise ContentError(problems)
    return Tips(MappingProxyType(tips))
