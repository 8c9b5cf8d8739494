"""What a reviewing clinician checks: short screens, key phrases in bold, safe wording."""

from __future__ import annotations

import re

import pytest

from bot import screens
from bot.context import Services
from bot.guide import Tier
from bot.markup import visible_text

PHONE_SCREEN = 1000  # visible characters a small phone shows without scrolling, roughly
# Where medicines are named, a doctor is the one who prescribes or stops them.
PRESCRIBING = {"en": re.compile(r"prescri", re.I), "ru": re.compile(r"назнач", re.I)}
DOCTOR = {"en": re.compile(r"doctor|GP", re.I), "ru": re.compile(r"врач|терапевт", re.I)}


@pytest.mark.parametrize("code", ["en", "ru"])
def test_topic_screens_fit_one_phone_screen(services: Services, code: str) -> None:
    lang = services.languages[code]
    guide = services.guide
    for area in guide.areas:
        assert len(visible_text(screens.area(guide, lang, area).text)) <= PHONE_SCREEN, area.id
        for cause in area.causes:
            for screen in (screens.cause, screens.self_care, screens.cause_sources):
                text = visible_text(screen(guide, lang, area, cause).text)
                assert len(text) <= PHONE_SCREEN, f"{screen.__name__} {cause.id}"


@pytest.mark.parametrize("code", ["en", "ru"])
def test_key_phrases_are_bold(services: Services, code: str) -> None:
    texts = services.languages[code].texts
    for cause_id, cause in texts.causes.items():
        assert "<b>" in cause.how_common, cause_id
        assert "<b>" in cause.about + cause.self_care, cause_id
    for area_id, area in texts.areas.items():
        assert "<b>" in area.intro, area_id
    for flag_id, flag in texts.red_flags.items():
        assert flag.startswith("<b>"), flag_id


@pytest.mark.parametrize("code", ["en", "ru"])
def test_only_a_doctor_prescribes(services: Services, code: str) -> None:
    texts = services.languages[code].texts
    blocks = [
        text
        for cause in texts.causes.values()
        for text in (cause.about, cause.self_care, cause.see_doctor)
    ]
    blocks += [*texts.red_flags.values(), *(a.intro for a in texts.areas.values())]
    for line in (line for block in blocks for line in block.split("\n")):
        if PRESCRIBING[code].search(line):
            assert DOCTOR[code].search(line), line


@pytest.mark.parametrize(
    ("code", "rare", "weakness"), [("en", "rare", "weakness"), ("ru", "редк", "слабост")]
)
def test_all_over_the_body_is_honest_about_motor_neurone_disease(
    services: Services, code: str, rare: str, weakness: str
) -> None:
    intro = services.languages[code].texts.areas["whole_body"].intro.lower()
    last = intro.split("\n")[-1]
    assert rare in last and weakness in last
    area = services.guide.area("whole_body")
    assert area is not None and area.causes[-1].id == "mnd"


def test_every_emergency_sign_can_be_recognised_in_typed_text(services: Services) -> None:
    for texts in services.guide.texts.values():
        meant = {fid for concept in texts.lexicon.concepts for fid in concept.flags}
        for flag in services.guide.flags_of_tier(Tier.EMERGENCY):
            assert flag.id in meant, f"{texts.code}: no concept means {flag.id}"
