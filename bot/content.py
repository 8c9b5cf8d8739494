"""Loading and validating the guide's content from `content/`.

Everything is parsed and checked once at start-up; a mistake stops the bot with every
problem listed by file and key, so a broken edit never reaches a user's phone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.guide import (
    AreaText,
    BodyArea,
    Cause,
    CauseText,
    CheckQuestion,
    CheckTexts,
    Guide,
    LanguageTexts,
    Lexicon,
    QuestionText,
    RedFlag,
    Source,
    Tier,
)
from bot.lexicon import build_lexicon
from bot.markup import MarkupError, visible_text
from bot.reminders.schedule import ReminderKind
from bot.resources import data_dir

CONTENT_DIR = data_dir("content")
DEFAULT_LANGUAGE = "en"
# How many questions the symptom check may ask, from the main menu or from any area, not
# counting follow-ups (asked only after a "yes" to the question before them).
CHECK_QUESTIONS = range(4, 11)


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}"


class ContentError(Exception):
    """The content cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the content:\n{lines}")


def load_guide(content_dir: Path = CONTENT_DIR) -> Guide:
    """Read, validate and freeze the whole guide; raise ContentError listing every problem."""
    loader = _Loader(content_dir)
    guide = loader.load()
    if loader.problems:
        raise ContentError(loader.problems)
    assert guide is not None
    return guide


def _freeze(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


class _Loader:
    def __init__(self, content_dir: Path) -> None:
        self.dir = content_dir
        self.problems: list[Problem] = []

    def problem(self, path: Path, key: str, message: str) -> None:
        self.problems.append(Problem(self._name(path), key, message))

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.dir.parent))
        except ValueError:
            return str(path)

    def read(self, path: Path, schema_name: str) -> dict[str, Any] | None:
        import yaml  # here: a start-up from the content cache (bot/cache.py) needs neither
        from jsonschema import Draft202012Validator

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            self.problem(path, "-", f"cannot read: {error.strerror}")
            return None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "-"
            self.problem(path, where, f"not valid YAML: {getattr(error, 'problem', error)}")
            return None
        schema = json.loads((self.dir / "schema" / schema_name).read_text(encoding="utf-8"))
        errors = sorted(
            Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path)
        )
        for issue in errors:
            key = ".".join(str(part) for part in issue.absolute_path) or "(top level)"
            message = issue.message
            if isinstance(issue.instance, bool):
                message += " (YAML reads yes, no, on and off as true or false: put it in quotes)"
            self.problem(path, key, message)
        return None if errors else data

    def load(self) -> Guide | None:
        structure_path = self.dir / "structure.yaml"
        structure = self.read(structure_path, "structure.schema.json")
        text_paths = sorted((self.dir / "texts").glob("*.yaml"))
        if not text_paths:
            self.problem(self.dir / "texts", "-", "no language files (texts/<lang>.yaml)")
        texts_data = {
            path.stem: (path, self.read(path, "texts.schema.json")) for path in text_paths
        }
        if structure is None:
            return None
        guide = self._build_structure(structure_path, structure)
        if guide is None:
            return None
        texts: dict[str, LanguageTexts] = {}
        for code, (path, data) in texts_data.items():
            if data is not None:
                texts[code] = self._build_texts(path, code, data, guide)
        if DEFAULT_LANGUAGE not in texts_data:
            self.problem(
                self.dir / "texts", "-", f"the default language {DEFAULT_LANGUAGE!r} is missing"
            )
        return Guide(
            areas=guide.areas,
            causes=guide.causes,
            red_flags=guide.red_flags,
            sources=guide.sources,
            texts=_freeze(texts),
            default_language=DEFAULT_LANGUAGE,
            check=guide.check,
        )

    def _refs(
        self, path: Path, key: str, ids: Sequence[str], known: Mapping[str, Any], kind: str
    ) -> Iterator[Any]:
        for index, ref in enumerate(ids):
            if ref in known:
                yield known[ref]
            else:
                self.problem(path, f"{key}.{index}", f"unknown {kind} {ref!r}")

    def _reminders(self, path: Path, key: str, kinds: Sequence[str]) -> Iterator[str]:
        """Reminder kinds the bot has (the schema lists them too; this keeps both in step)."""
        known = {kind.value: kind.value for kind in ReminderKind}
        return self._refs(path, key, kinds, known, "reminder")

    def _check_area_reminders(self, path: Path, key: str, area: BodyArea) -> None:
        """An area links only reminders that help one of its causes."""
        helped = {kind for cause in area.causes for kind in cause.reminders}
        for index, kind in enumerate(area.reminders):
            if kind not in helped:
                self.problem(
                    path,
                    f"{key}.reminders.{index}",
                    f"reminder {kind!r} helps none of the area's causes",
                )

    def _build_structure(self, path: Path, data: dict[str, Any]) -> Guide | None:
        default_reviewed = date.fromisoformat(data["reviewed"])
        sources = {
            sid: Source(sid, item["title"], item.get("url"))
            for sid, item in data["sources"].items()
        }
        flags: dict[str, RedFlag] = {}
        for index, item in enumerate(data["red_flags"]):
            if item["id"] in flags:
                self.problem(path, f"red_flags.{index}.id", f"duplicate red flag {item['id']!r}")
            flags[item["id"]] = RedFlag(item["id"], Tier(item["tier"]))

        causes: dict[str, Cause] = {}
        for cid, item in data["causes"].items():
            causes[cid] = Cause(
                id=cid,
                red_flags=tuple(
                    self._refs(
                        path,
                        f"causes.{cid}.red_flags",
                        item.get("red_flags", []),
                        flags,
                        "red flag",
                    )
                ),
                sources=tuple(
                    self._refs(path, f"causes.{cid}.sources", item["sources"], sources, "source")
                ),
                reviewed=date.fromisoformat(item.get("reviewed", data["reviewed"])),
                reminders=tuple(
                    self._reminders(path, f"causes.{cid}.reminders", item.get("reminders", []))
                ),
            )

        areas: list[BodyArea] = []
        seen_areas: set[str] = set()
        for index, item in enumerate(data["areas"]):
            key = f"areas.{index}"
            if item["id"] in seen_areas:
                self.problem(path, f"{key}.id", f"duplicate area {item['id']!r}")
            seen_areas.add(item["id"])
            areas.append(
                BodyArea(
                    id=item["id"],
                    causes=tuple(
                        self._refs(path, f"{key}.causes", item["causes"], causes, "cause")
                    ),
                    red_flags=tuple(
                        self._refs(
                            path, f"{key}.red_flags", item.get("red_flags", []), flags, "red flag"
                        )
                    ),
                    sources=tuple(
                        self._refs(path, f"{key}.sources", item["sources"], sources, "source")
                    ),
                    reviewed=date.fromisoformat(item.get("reviewed", data["reviewed"])),
                    reminders=tuple(
                        self._reminders(path, f"{key}.reminders", item.get("reminders", []))
                    ),
                )
            )
            self._check_area_reminders(path, key, areas[-1])

        check = self._build_check(path, data["symptom_check"], flags, {a.id for a in areas})

        used_causes = {cause.id for area in areas for cause in area.causes}
        for cid in causes.keys() - used_causes:
            self.problem(path, f"causes.{cid}", "not listed in any area, so no one can reach it")
        owners: list[BodyArea | Cause | CheckQuestion] = [*areas, *causes.values(), *check]
        used_flags = {f.id for owner in owners for f in owner.red_flags}
        for fid in flags.keys() - used_flags:
            self.problem(path, f"red_flags.{fid}", "not used by any area or cause")
        for tier in Tier:
            if not any(flag.tier is tier for flag in flags.values()):
                self.problem(path, "red_flags", f"no red flag of tier {tier.value!r}")
        del default_reviewed
        return Guide(
            areas=tuple(areas),
            causes=_freeze(causes),
            red_flags=tuple(flags.values()),
            sources=_freeze(sources),
            texts=_freeze({}),
            default_language=DEFAULT_LANGUAGE,
            check=check,
        )

    def _build_check(
        self, path: Path, items: list[dict[str, Any]], flags: dict[str, RedFlag], areas: set[str]
    ) -> tuple[CheckQuestion, ...]:
        questions: list[CheckQuestion] = []
        for index, item in enumerate(items):
            key = f"symptom_check.{index}"
            if item["id"] in {q.id for q in questions}:
                self.problem(path, f"{key}.id", f"duplicate question {item['id']!r}")
            tier = Tier(item["tier"])
            asked = tuple(item["red_flags"])
            question_flags = tuple(self._refs(path, f"{key}.red_flags", asked, flags, "red flag"))
            for flag_index, flag in enumerate(question_flags):
                if flag.tier is not tier:
                    self.problem(
                        path,
                        f"{key}.red_flags.{flag_index}",
                        f"red flag {flag.id!r} is of tier {flag.tier.value!r}, "
                        f"but a yes here leads to {tier.value!r}",
                    )
            for area_index, area_id in enumerate(item.get("areas", [])):
                if area_id not in areas:
                    self.problem(path, f"{key}.areas.{area_index}", f"unknown area {area_id!r}")
            if item.get("menu") and not item.get("areas"):
                self.problem(path, f"{key}.menu", "only with areas: without them, always asked")
            after = item.get("after")
            if after is not None:
                parent = next((q for q in questions if q.id == after), None)
                if parent is None:
                    self.problem(
                        path, f"{key}.after", f"{after!r} is not a question listed before this one"
                    )
                elif parent.tier is Tier.EMERGENCY:
                    self.problem(path, f"{key}.after", f"a yes to {after!r} already ends the check")
                elif item.get("areas"):
                    self.problem(path, f"{key}.areas", "a follow-up is asked where its question is")
            questions.append(
                CheckQuestion(
                    item["id"],
                    tier,
                    question_flags,
                    tuple(item.get("areas", [])),
                    menu=bool(item.get("menu", False)),
                    after=after,
                )
            )
        if questions and (questions[0].areas or questions[0].after):
            self.problem(path, "symptom_check.0", "the first question is asked everywhere")
        for origin in [None, *sorted(areas)]:
            count = sum(q.asked_from(origin) and q.after is None for q in questions)
            if count not in CHECK_QUESTIONS:
                where = f"from area {origin!r}" if origin else "from the main menu"
                self.problem(
                    path,
                    "symptom_check",
                    f"{count} questions asked {where}; ask "
                    f"{CHECK_QUESTIONS.start} to {CHECK_QUESTIONS.stop - 1}",
                )
        return tuple(questions)

    def _html(self, path: Path, key: str, value: str) -> str:
        try:
            visible_text(value)
        except MarkupError as error:
            self.problem(path, key, f"markup Telegram would refuse: {error}")
        return value.strip()

    def _build_texts(
        self, path: Path, code: str, data: dict[str, Any], guide: Guide
    ) -> LanguageTexts:
        def expect(section: str, wanted: set[str]) -> None:
            present = set(data.get(section, {}))
            for missing in sorted(wanted - present):
                self.problem(path, f"{section}.{missing}", "missing text")
            for extra in sorted(present - wanted):
                self.problem(
                    path, f"{section}.{extra}", "text for an id that structure.yaml does not define"
                )

        def expect_in(section: str, found: Mapping[str, Any], wanted: set[str]) -> None:
            for missing in sorted(wanted - set(found)):
                self.problem(path, f"{section}.{missing}", "missing text")
            for extra in sorted(set(found) - wanted):
                self.problem(path, f"{section}.{extra}", "text for an id that structure.yaml lacks")

        expect("areas", {area.id for area in guide.areas})
        expect("causes", set(guide.causes))
        expect("red_flags", {flag.id for flag in guide.red_flags})
        check_data = data["symptom_check"]
        expect_in("symptom_check.questions", check_data["questions"], {q.id for q in guide.check})
        lexicon = self._lexicon(code, data, guide)
        for sid in sorted(set(data.get("sources", {})) - set(guide.sources)):
            self.problem(
                path, f"sources.{sid}", "title for a source that structure.yaml does not define"
            )

        areas = {
            aid: AreaText(
                title=item["title"].strip(),
                intro=self._html(path, f"areas.{aid}.intro", item["intro"]),
                keywords=tuple(item["keywords"]),
            )
            for aid, item in data["areas"].items()
        }
        causes = {
            cid: CauseText(
                title=item["title"].strip(),
                how_common=self._html(path, f"causes.{cid}.how_common", item["how_common"]),
                about=self._html(path, f"causes.{cid}.about", item["about"]),
                self_care=self._html(path, f"causes.{cid}.self_care", item["self_care"]),
                see_doctor=self._html(path, f"causes.{cid}.see_doctor", item["see_doctor"]),
                keywords=tuple(item["keywords"]),
            )
            for cid, item in data["causes"].items()
        }
        red_flags = {
            fid: self._html(path, f"red_flags.{fid}", text)
            for fid, text in data["red_flags"].items()
        }
        return LanguageTexts(
            code=code,
            name=data["language"]["name"].strip(),
            emergency=self._html(path, "emergency", data["emergency"]),
            same_day=self._html(path, "same_day", data["same_day"]),
            areas=_freeze(areas),
            causes=_freeze(causes),
            red_flags=_freeze(red_flags),
            source_titles=_freeze(data.get("sources") or {}),
            check=CheckTexts(
                intro=self._html(path, "symptom_check.intro", check_data["intro"]),
                questions=_freeze(
                    {
                        qid: QuestionText(
                            question=self._html(
                                path, f"symptom_check.questions.{qid}.question", item["question"]
                            ),
                            answer=self._html(
                                path, f"symptom_check.questions.{qid}.answer", item["answer"]
                            ),
                        )
                        for qid, item in check_data["questions"].items()
                    }
                ),
                emergency=self._html(path, "symptom_check.emergency", check_data["emergency"]),
                same_day=self._html(path, "symptom_check.same_day", check_data["same_day"]),
                doctor=self._html(path, "symptom_check.doctor", check_data["doctor"]),
                self_care=self._html(path, "symptom_check.self_care", check_data["self_care"]),
            ),
            lexicon=lexicon,
        )

    def _lexicon(self, code: str, data: dict[str, Any], guide: Guide) -> Lexicon:
        """content/understanding/<code>.yaml, checked against the guide's red flags and with
        every keyword of the texts able to match."""
        path = self.dir / "understanding" / f"{code}.yaml"
        lexicon_data = self.read(path, "understanding.schema.json")
        keywords = {
            f"{section}.{tid}.keywords": tuple(item["keywords"])
            for section in ("areas", "causes")
            for tid, item in data[section].items()
        }
        lexicon, problems = build_lexicon(code, lexicon_data, guide, keywords)
        for key, message in problems:
            in_texts = key.startswith(("areas.", "causes."))
            where = self.dir / "texts" / f"{code}.yaml" if in_texts else path
            self.problem(where, key, message)
        return lexicon
