"""The twitching guide as immutable domain objects: areas, causes, red flags, sources.

Structure (which causes belong to which area, in what order) is language-independent;
the words live in one `LanguageTexts` per language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Tier(StrEnum):
    """How soon to get help, most urgent first (the order of definition is the order of urgency)."""

    EMERGENCY = "emergency"  # call emergency services now
    SAME_DAY = "same_day"  # get seen today: NHS 111, urgent care, the polyclinic's duty doctor
    DOCTOR = "doctor"  # see a doctor soon (within days)

    @property
    def urgency(self) -> int:
        """0 for the most urgent tier; sort by it to put emergencies first."""
        return list(Tier).index(self)


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str | None  # None for a text without a public address (the project's seed articles)


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    tier: Tier


@dataclass(frozen=True, slots=True)
class Cause:
    id: str
    red_flags: tuple[RedFlag, ...]
    sources: tuple[Source, ...]
    reviewed: date
    reminders: tuple[str, ...] = ()  # daily reminders that help: "sleep", "water"


@dataclass(frozen=True, slots=True)
class BodyArea:
    id: str
    causes: tuple[Cause, ...]  # most likely first
    red_flags: tuple[RedFlag, ...]
    sources: tuple[Source, ...]
    reviewed: date
    reminders: tuple[str, ...] = ()  # daily reminders offered on its screen: "sleep", "water"

    def cause(self, cause_id: str) -> Cause | None:
        return next((cause for cause in self.causes if cause.id == cause_id), None)


@dataclass(frozen=True, slots=True)
class AreaText:
    title: str
    intro: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CauseText:
    title: str
    how_common: str
    about: str
    self_care: str
    see_doctor: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckQuestion:
    """One yes/no question of the symptom check; a "yes" leads to `tier`."""

    id: str
    tier: Tier
    red_flags: tuple[RedFlag, ...]  # the warning signs the question asks about
    areas: tuple[str, ...]  # asked only when the check starts from one of these; () = always
    menu: bool = False  # with `areas`: asked from the main menu too
    after: str | None = None  # a follow-up: asked only after a "yes" to this question id

    def asked_from(self, area_id: str | None) -> bool:
        if not self.areas:
            return True
        return self.menu if area_id is None else area_id in self.areas


@dataclass(frozen=True, slots=True)
class QuestionText:
    question: str  # what the user is asked
    answer: str  # the "yes" answer in a few words, listed on the result screen


@dataclass(frozen=True, slots=True)
class CheckTexts:
    intro: str
    questions: Mapping[str, QuestionText]
    emergency: str  # result when a "yes" was an emergency sign
    same_day: str  # result when a "yes" needs to be seen today
    doctor: str  # result when a "yes" needs a doctor soon
    self_care: str  # result when every answer was "no": self-care and what to watch for


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing people describe in their own words (a stroke, a fit, a collapse), and the
    red flags it means."""

    id: str
    flags: tuple[str, ...]  # red flag ids, already resolved against the guide
    patterns: tuple[str, ...]  # see bot/understanding.py for the pattern syntax
    when_lasting: tuple[str, ...] = ()  # flags instead, when the message says it has lasted
    lasting: bool = False  # this concept says it has lasted weeks or is slowly getting worse


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What free-text understanding needs in one language, besides the topic keywords
    (content/understanding/<lang>.yaml)."""

    code: str  # language code for the lemmatiser, e.g. "en"
    lemmatizer: str  # "pymorphy3", "simplemma" or "none"
    stemmer: str  # a Snowball algorithm name, e.g. "english"
    transliterated: bool  # also read text typed in Latin letters transliterated
    ignore: frozenset[str]  # words that say nothing about where or why it twitches
    negations: frozenset[str]  # "no", "not": deny a sign shortly after them
    after_negations: frozenset[str]  # «нет», "none": deny a sign right before them
    scope_breaks: frozenset[str]  # "but", "and", "why": a negation's reach ends here
    concepts: tuple[Concept, ...]


@dataclass(frozen=True, slots=True)
class LanguageTexts:
    code: str
    name: str
    emergency: str  # the emergency numbers to call, as a block of their own
    same_day: str  # the local ways to be seen today (NHS 111, urgent care, duty doctor)
    areas: Mapping[str, AreaText]
    causes: Mapping[str, CauseText]
    red_flags: Mapping[str, str]
    source_titles: Mapping[str, str]
    check: CheckTexts
    lexicon: Lexicon

    def source_title(self, source: Source) -> str:
        return self.source_titles.get(source.id, source.title)


@dataclass(frozen=True, slots=True)
class Guide:
    areas: tuple[BodyArea, ...]
    causes: Mapping[str, Cause]
    red_flags: tuple[RedFlag, ...]
    sources: Mapping[str, Source]
    texts: Mapping[str, LanguageTexts]  # by language code
    default_language: str
    check: tuple[CheckQuestion, ...]  # the symptom check's questions, in the order asked

    def area(self, area_id: str) -> BodyArea | None:
        return next((area for area in self.areas if area.id == area_id), None)

    def flags_of_tier(self, tier: Tier) -> tuple[RedFlag, ...]:
        return tuple(flag for flag in self.red_flags if flag.tier is tier)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)
