"""The symptom check: every path through the questions ends in the tier the content says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import screens, symptom_check
from bot.callbacks import CheckState, Route, Screen, decode, encode
from bot.content import CONTENT_DIR, ContentError, load_guide
from bot.context import Services
from bot.guide import Tier
from bot.i18n import Language
from bot.markup import visible_text
from bot.screens import Reply

ORIGINS = [None, "eyelid", "face", "neck", "arm", "back", "thigh", "leg", "foot", "whole_body"]


def buttons(reply: Reply) -> dict[str, Route]:
    routes = {}
    for row in reply.keyboard.inline_keyboard:
        for button in row:
            route = decode(str(button.callback_data))
            assert route is not None, f"{button.text!r} does not decode"
            routes[button.text] = route
    return routes


def run(
    services: Services, lang: Language, origin: str | None, yes: set[str]
) -> tuple[Reply, list[str]]:
    """Tap through the check as a user would, answering "Yes" to the questions in `yes`."""
    guide = services.guide
    if origin is None:
        entry = screens.home(guide, lang)
    else:
        body_area = guide.area(origin)
        assert body_area is not None
        entry = screens.area(guide, lang, body_area)
    route = buttons(entry)[lang.gettext("📝 Check my symptoms")]
    asked: list[str] = []
    while True:
        reply = screens.render(guide, lang, route, services.language_names)
        assert reply is not None
        where = symptom_check.step(guide, CheckState.of(route))  # type: ignore[arg-type]
        assert where is not None
        if where.question is None:
            return reply, asked
        question = guide.check[where.question]
        assert lang.texts.check.questions[question.id].question in reply.text
        asked.append(question.id)
        answer = lang.gettext("Yes") if question.id in yes else lang.gettext("No")
        route = buttons(reply)[answer]


@pytest.mark.parametrize("origin", ORIGINS)
def test_four_to_seven_questions_emergencies_first(services: Services, origin: str | None) -> None:
    en = services.languages["en"]
    _, asked = run(services, en, origin, set())
    assert 4 <= len(asked) <= 7
    tiers = [q.tier for q in services.guide.check if q.id in asked]
    assert tiers == sorted(tiers, key=lambda tier: tier is not Tier.EMERGENCY)


@pytest.mark.parametrize("code", ["en", "ru"])
@pytest.mark.parametrize("origin", ORIGINS)
def test_all_no_ends_in_self_care(services: Services, code: str, origin: str | None) -> None:
    lang = services.languages[code]
    reply, _ = run(services, lang, origin, set())
    assert lang.gettext("Self-care first") in reply.text
    assert lang.texts.check.self_care in reply.text
    targets = buttons(reply).values()
    assert Route(Screen.URGENT) in targets
    if origin:
        assert Route(Screen.AREA, (origin,)) in targets  # back to its causes and what helps


@pytest.mark.parametrize("code", ["en", "ru"])
@pytest.mark.parametrize("origin", ORIGINS)
def test_an_emergency_yes_ends_the_check_at_once(
    services: Services, code: str, origin: str | None
) -> None:
    lang = services.languages[code]
    emergency = [q for q in services.guide.check if q.tier is Tier.EMERGENCY]
    for question in emergency:
        if not question.asked_from(origin):
            continue
        reply, asked = run(services, lang, origin, {question.id} | {q.id for q in emergency[1:]})
        assert asked[-1] == question.id, "no question after an emergency yes"
        assert lang.gettext("Call emergency services now") in reply.text
        assert lang.texts.emergency in reply.text  # the local numbers
        assert lang.texts.check.questions[question.id].answer in reply.text
        assert Route(Screen.URGENT) in buttons(reply).values()
        assert lang.gettext("Yes") not in buttons(reply)


@pytest.mark.parametrize("code", ["en", "ru"])
@pytest.mark.parametrize("origin", ORIGINS)
def test_each_doctor_yes_leads_to_a_doctor_soon_and_says_why(
    services: Services, code: str, origin: str | None
) -> None:
    lang = services.languages[code]
    doctor = [q for q in services.guide.check if q.tier is Tier.DOCTOR and q.asked_from(origin)]
    for question in doctor:
        reply, asked = run(services, lang, origin, {question.id})
        assert len(asked) == len(run(services, lang, origin, set())[1]), "every question asked"
        text = visible_text(reply.text)
        assert lang.gettext("See a doctor soon") in text
        assert visible_text(lang.texts.check.questions[question.id].answer) in text
        for other in doctor:
            if other is not question:
                assert visible_text(lang.texts.check.questions[other.id].answer) not in text
        signs = Route(Screen.AREA_FLAGS, (origin,)) if origin else Route(Screen.DOCTOR)
        assert signs in buttons(reply).values()


def test_several_doctor_yeses_are_all_listed(services: Services) -> None:
    en = services.languages["en"]
    reply, _ = run(services, en, "eyelid", {"over_2_weeks", "face_one_side"})
    for question in ("over_2_weeks", "face_one_side"):
        assert en.texts.check.questions[question].answer in reply.text


def test_back_takes_the_last_answer_back(services: Services) -> None:
    en = services.languages["en"]

    def show(route: Route) -> Reply:
        reply = screens.render(services.guide, en, route, {})
        assert reply is not None
        return reply

    first = symptom_check.start("leg")
    emergency = buttons(show(first))[en.gettext("Yes")]
    assert en.gettext("Call emergency services now") in show(emergency).text
    assert buttons(show(emergency))[en.gettext("⬅️ Back")] == first
    assert buttons(show(first))[en.gettext("⬅️ Back")] == Route(Screen.AREA, ("leg",))


def test_every_state_fits_in_callback_data(services: Services) -> None:
    routes = list(symptom_check.all_routes(services.guide))
    assert all(len(encode(route).encode()) <= 64 for route in routes)
    assert len({encode(route) for route in routes}) == len(routes)


@pytest.mark.parametrize(
    "data",
    [
        "sc:-:0:zz",  # not a bitmask
        "sc:-:00:0",  # a second spelling of a state
        "sc:-:99:0",  # past the last question
        "sc:nowhere:0:0",  # an area that is gone
        "sc:-:7:20",  # a "yes" to a question never asked from the main menu (bit 5)
        "sc:-:1",
    ],
)
def test_forged_or_stale_check_buttons_are_expired(services: Services, data: str) -> None:
    route = decode(data)
    en = services.languages["en"]
    assert route is None or screens.render(services.guide, en, route, {}) is None


def broken_copy(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "structure.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["symptom_check"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return content


def test_the_rules_are_content_and_are_checked(tmp_path: Path) -> None:
    def make_weakness_an_emergency(questions: list[dict]) -> None:
        questions[2]["tier"] = "emergency"
        questions.append({"id": "extra", "tier": "doctor", "red_flags": ["ghost"]})

    with pytest.raises(ContentError) as error:
        load_guide(broken_copy(tmp_path, make_weakness_an_emergency))
    problems = [str(p) for p in error.value.problems]
    assert any(
        p.startswith("content/structure.yaml: symptom_check.2.red_flags.0") and "tier" in p
        for p in problems
    )
    assert "content/structure.yaml: symptom_check.8.red_flags.0: unknown red flag 'ghost'" in (
        problems
    )
    assert any("content/texts/en.yaml: symptom_check.questions.extra" in p for p in problems)


def test_a_check_of_fewer_than_four_questions_is_refused(tmp_path: Path) -> None:
    def ask_three_only_about_eyelids(questions: list[dict]) -> None:
        for question in questions[3:7]:
            question["areas"] = ["eyelid"]

    with pytest.raises(ContentError) as error:
        load_guide(broken_copy(tmp_path, ask_three_only_about_eyelids))
    assert (
        "content/structure.yaml: symptom_check: 3 questions asked from the main menu; ask 4 to 7"
        in [str(p) for p in error.value.problems]
    )
