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
    EMERGENCY = "emergency"  # call emergency services now
    DOCTOR = "doctor"  # see a doctor soon


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str


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
    about: str
    self_care: str
    see_doctor: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LanguageTexts:
    code: str
    name: str
    emergency: str
    areas: Mapping[str, AreaText]
    causes: Mapping[str, CauseText]
    red_flags: Mapping[str, str]
    source_titles: Mapping[str, str]

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

    def area(self, area_id: str) -> BodyArea | None:
        return next((area for area in self.areas if area.id == area_id), None)

    def flags_of_tier(self, tier: Tier) -> tuple[RedFlag, ...]:
        return tuple(flag for flag in self.red_flags if flag.tier is tier)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)
