"""What a reviewing clinician checks: short screens, key phrases in bold, safe wording."""

from __future__ import annotations

import re

import pytest
import yaml

from bot import screens
from bot.content import CONTENT_DIR
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


WEAK_SOURCES = re.compile(
    r"healthgrades|healthline|medicinenet|minclinic|boltpharmacy|wtop\.com|wikipedia|ascension",
    re.I,
)


def test_sources_are_ones_a_clinician_trusts(services: Services) -> None:
    guide = services.guide
    for source in guide.sources.values():
        assert source.url, f"{source.id}: a source without an address (a seed article?)"
        assert not WEAK_SOURCES.search(source.url), source.url
        assert "official" not in source.title.lower()
    used = {s.id for owner in [*guide.areas, *guide.causes.values()] for s in owner.sources}
    assert {"blexrud_1993", "nhs_meningitis", "nhs_dvt", "nhs_cauda_equina"} <= used


# Where advice could harm: drinking more, and potassium, are not for everyone.
FLUID_LIMIT = {
    "en": re.compile(r"limit fluids|fluid limit"),
    "ru": re.compile(r"ограни\w*[^.]{0,12}жидкост|жидкост\w*[^.]{0,30}ограни"),
}
KIDNEYS = {"en": re.compile(r"kidney"), "ru": re.compile(r"почк|почек")}
DRINK_MORE = {
    "en": re.compile(r"drink a little more|glasses of fluid"),
    "ru": re.compile(r"пейте немного больше|стаканов жидкости"),
}


@pytest.mark.parametrize("code", ["en", "ru"])
def test_fluid_and_potassium_advice_carries_its_caveat(services: Services, code: str) -> None:
    lang = services.languages[code]
    texts = lang.texts
    for cause in ("dehydration", "electrolytes"):
        assert FLUID_LIMIT[code].search(texts.causes[cause].self_care), cause
    potassium = next(
        line
        for line in texts.causes["electrolytes"].self_care.split("\n")
        if line.lower().startswith(("• potassium", "• калий"))
    )
    assert KIDNEYS[code].search(potassium), potassium


@pytest.mark.parametrize("code", ["en", "ru"])
def test_hydration_tips_that_say_drink_more_mention_a_fluid_limit(code: str) -> None:
    tips = yaml.safe_load((CONTENT_DIR / "tips" / f"{code}.yaml").read_text(encoding="utf-8"))
    advising = [tip for tip in tips["hydration"] if DRINK_MORE[code].search(tip.lower())]
    assert advising
    for tip in advising:
        assert FLUID_LIMIT[code].search(tip), tip
    salts = next(tip for tip in tips["hydration"] if re.search(r"banan|банан", tip))
    assert KIDNEYS[code].search(salts)


@pytest.mark.parametrize("code", ["en", "ru"])
def test_the_water_reminder_screen_mentions_a_fluid_limit(services: Services, code: str) -> None:
    from datetime import UTC, datetime

    from bot.reminders.schedule import ReminderKind
    from bot.reminders.screens import reminder

    lang = services.languages[code]
    text = reminder(lang, ReminderKind.HYDRATION, None, None, datetime(2026, 1, 1, tzinfo=UTC)).text
    assert FLUID_LIMIT[code].search(text) and KIDNEYS[code].search(text)


# «Тревожные признаки» reads as "signs of anxiety" in a bot about anxious twitching.
ALARMING = re.compile(r"тревожн\w* признак", re.I)


def test_russian_never_says_alarming_signs_nor_tells_to_read_instead_of_calling(
    services: Services,
) -> None:
    ru = services.languages["ru"]
    raw = (CONTENT_DIR / "texts" / "ru.yaml").read_text(encoding="utf-8")
    shown = [screens.urgent(services.guide, ru), screens.doctor(services.guide, ru)]
    shown += [screens.home(services.guide, ru), screens.same_day(services.guide, ru)]
    for text in [raw, *(reply.text for reply in shown)]:
        assert not ALARMING.search(text)
    buttons = [b.text for reply in shown for row in reply.keyboard.inline_keyboard for b in row]
    assert not any(ALARMING.search(label) for label in buttons)
    doctor = screens.doctor(services.guide, ru).text
    assert "звоните 112 или 103" in doctor and "посмотрите" not in doctor


@pytest.mark.parametrize("code", ["en", "ru"])
def test_same_day_screen_tells_the_local_way_to_be_seen(services: Services, code: str) -> None:
    text = screens.same_day(services.guide, services.languages[code]).text
    expected = {
        "en": ["NHS 111", "urgent appointment", "urgent care", "local"],
        "ru": ["неотложн", "дежурного врача", "112", "103"],
    }
    assert all(phrase in text for phrase in expected[code])
    for flag in services.guide.flags_of_tier(Tier.SAME_DAY):
        assert services.languages[code].texts.red_flags[flag.id] in text
