"""The symptom check: every path through the questions ends in the tier the content says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import navigation, screens, symptom_check
from bot.callbacks import Route, decode, encode
from bot.content import CONTENT_DIR, ContentError, load_guide
from bot.context import Services
from bot.guide import CheckQuestion, Tier
from bot.i18n import Language
from bot.markup import visible_text
from bot.reminders.routes import ReminderSettings
from bot.routes import Area, Check, CheckView, View
from bot.ui import Reply

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
        reply = navigation.render(guide, lang, route, services.language_names)
        assert reply is not None
        assert isinstance(route, Check)
        where = symptom_check.step(guide, route)
        assert where is not None
        if where.question is None:
            return reply, asked
        question = guide.check[where.question]
        assert lang.texts.check.questions[question.id].question in reply.text
        asked.append(question.id)
        answer = lang.gettext("Yes") if question.id in yes else lang.gettext("No")
        route = buttons(reply)[answer]


def parents(services: Services, question: CheckQuestion) -> set[str]:
    """The "yes" answers that lead to a follow-up question, itself included."""
    if question.after is None:
        return {question.id}
    parent = next(q for q in services.guide.check if q.id == question.after)
    return {question.id} | parents(services, parent)


def view(reply: Reply, label: str) -> CheckView:
    route = buttons(reply)[label]
    assert isinstance(route, CheckView), f"{label!r} has no way back to the result"
    return route


def test_checks_ask_four_to_ten_questions_most_urgent_first(services: Services) -> None:
    check = services.guide.check
    for origin in ORIGINS:
        base = [q for q in check if q.asked_from(origin) and q.after is None]
        assert 4 <= len(base) <= 10, origin
        ranks = [q.tier.urgency for q in base]
        assert ranks == sorted(ranks), origin
    for index, question in enumerate(check):
        if question.after is not None:  # a follow-up comes right after the question it follows
            assert check[index - 1].id == question.after or check[index - 1].after is not None


@pytest.mark.parametrize("origin", ORIGINS)
def test_all_no_asks_only_the_questions_for_that_origin(
    services: Services, origin: str | None
) -> None:
    en = services.languages["en"]
    _, asked = run(services, en, origin, set())
    expected = [q.id for q in services.guide.check if q.asked_from(origin) and q.after is None]
    assert asked == expected
    assert ("cauda_equina" in asked) == (origin in (None, "back", "thigh", "leg"))
    assert ("fever_or_head" in asked) and ("emergency_now" in asked)
    assert ("calf_clot" in asked) == (origin == "leg")
    assert ("mouth_tingling" in asked) == (origin in ("face", "arm", "foot"))


@pytest.mark.parametrize("code", ["en", "ru"])
@pytest.mark.parametrize("origin", ORIGINS)
def test_all_no_ends_in_self_care_with_a_way_forward(
    services: Services, code: str, origin: str | None
) -> None:
    lang = services.languages[code]
    reply, _ = run(services, lang, origin, set())
    assert lang.gettext("Self-care first") in reply.text
    assert lang.texts.check.self_care in reply.text
    targets = buttons(reply)
    assert view(reply, lang.gettext("🚨 Urgent warning signs")).view is View.URGENT
    reminders = {r.kind.value for r in targets.values() if isinstance(r, ReminderSettings)}
    assert "sleep" in reminders  # every area links the sleep reminder
    if origin:
        body_area = services.guide.area(origin)
        assert body_area is not None
        assert reminders == set(body_area.reminders), "the area's reminders, as its screen"
        tips = navigation.render(
            services.guide, lang, view(reply, lang.gettext("🌿 Self-care tips")), {}
        )
        assert tips is not None
        assert lang.texts.causes[body_area.causes[0].id].self_care in tips.text
        back = buttons(tips)[lang.gettext("⬅️ Back to my result")]
        assert navigation.render(services.guide, lang, back, {}) == reply
        area = view(reply, lang.texts.areas[origin].title)  # back to its causes
        assert area.view is View.AREA
    else:
        assert reminders == {"sleep", "water"}


@pytest.mark.parametrize("code", ["en", "ru"])
@pytest.mark.parametrize("origin", ORIGINS)
def test_an_emergency_yes_ends_the_check_at_once(
    services: Services, code: str, origin: str | None
) -> None:
    lang = services.languages[code]
    emergency = [q for q in services.guide.check if q.tier is Tier.EMERGENCY]
    for question in emergency:
        needed = parents(services, question)
        first = next(q for q in services.guide.check if q.id in needed)
        if not first.asked_from(origin):
            continue
        reply, asked = run(services, lang, origin, needed)
        assert asked[-1] == question.id, "no question after an emergency yes"
        assert lang.gettext("Call emergency services now") in reply.text
        assert lang.texts.emergency in reply.text  # the local numbers
        assert reply.text.index(lang.texts.emergency) < reply.text.index(
            lang.texts.check.questions[question.id].answer
        ), "the numbers come first"
        assert view(reply, lang.gettext("🚨 Urgent warning signs")).view is View.URGENT
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
        assert len(asked) >= len(run(services, lang, origin, set())[1]), "every question asked"
        text = visible_text(reply.text)
        assert lang.gettext("See a doctor soon") in text
        assert visible_text(lang.texts.check.questions[question.id].answer) in text
        for other in doctor:
            if other is not question:
                assert visible_text(lang.texts.check.questions[other.id].answer) not in text
        signs = navigation.render(
            services.guide, lang, view(reply, lang.gettext("🩺 When to see a doctor")), {}
        )
        assert signs is not None
        heading = (
            lang.gettext("When to see a doctor: {topic}").format(
                topic=lang.texts.areas[origin].title
            )
            if origin
            else lang.gettext("See a doctor soon (within days) if:")
        )
        assert heading in signs.text
        assert (
            buttons(signs)[lang.gettext("⬅️ Back to my result")]
            == view(reply, lang.gettext("🩺 When to see a doctor")).state
        )


SAME_DAY_PATHS = [
    ("leg", {"calf_clot"}, "calf_clot"),
    ("leg", {"long_cramp"}, "long_cramp"),
    ("thigh", {"long_cramp", "over_2_weeks"}, "long_cramp"),
    ("foot", {"long_cramp"}, "long_cramp"),
    ("face", {"mouth_tingling"}, "mouth_tingling"),
    ("arm", {"mouth_tingling", "weakness"}, "mouth_tingling"),
]


@pytest.mark.parametrize("code", ["en", "ru"])
@pytest.mark.parametrize(("origin", "yes", "question"), SAME_DAY_PATHS)
def test_a_same_day_yes_ends_in_get_seen_today(
    services: Services, code: str, origin: str, yes: set[str], question: str
) -> None:
    lang = services.languages[code]
    reply, asked = run(services, lang, origin, yes)
    assert asked[-1] == "new_medicine", "the check goes on to the end"
    assert lang.gettext("Get seen today") in reply.text
    assert lang.gettext("Call emergency services now") not in reply.text
    assert lang.texts.same_day in reply.text  # the local ways to be seen today
    for answered in yes:  # every "yes" is listed, the doctor ones too
        assert lang.texts.check.questions[answered].answer in reply.text
    signs = navigation.render(
        services.guide, lang, view(reply, lang.gettext("🕐 Get seen today: the signs")), {}
    )
    assert signs is not None
    for flag in services.guide.flags_of_tier(Tier.SAME_DAY):
        assert lang.texts.red_flags[flag.id] in signs.text
    tips = view(reply, lang.gettext("🌿 Self-care tips"))
    assert tips.view is View.TIPS


@pytest.mark.parametrize(
    ("origin", "yes", "follow_up"),
    [
        (None, {"new_medicine", "serotonin"}, "serotonin"),
        ("whole_body", {"new_medicine", "serotonin"}, "serotonin"),
        ("leg", {"calf_clot", "clot_breathless"}, "clot_breathless"),
        ("face", {"mouth_tingling", "tetany"}, "tetany"),
        ("foot", {"mouth_tingling", "tetany"}, "tetany"),
    ],
)
def test_a_follow_up_is_asked_only_after_a_yes_and_can_end_in_an_emergency(
    services: Services, origin: str | None, yes: set[str], follow_up: str
) -> None:
    en = services.languages["en"]
    _, asked = run(services, en, origin, set())
    assert follow_up not in asked
    reply, asked = run(services, en, origin, yes)
    assert asked[-1] == follow_up
    assert en.gettext("Call emergency services now") in reply.text
    parent = next(q.after for q in services.guide.check if q.id == follow_up)
    reply, asked = run(services, en, origin, {parent})
    assert follow_up in asked
    assert en.gettext("Call emergency services now") not in reply.text


def test_the_question_count_grows_when_a_follow_up_opens(services: Services) -> None:
    en = services.languages["en"]
    state = Check(None, 0, 0)
    index = next(i for i, q in enumerate(services.guide.check) if q.id == "new_medicine")
    total = len(symptom_check.asked(services.guide, None))
    state = Check(None, index, 0)
    reply = navigation.render(services.guide, en, state, {})
    assert reply is not None
    counter = en.gettext("Question {number} of {total}")
    assert counter.format(number=total, total=total) in reply.text
    following = buttons(reply)[en.gettext("Yes")]
    reply = navigation.render(services.guide, en, following, {})
    assert reply is not None
    assert counter.format(number=total + 1, total=total + 1) in reply.text
    assert en.texts.check.questions["serotonin"].question in reply.text
    assert buttons(reply)[en.gettext("⬅️ Back")] == state


def test_several_doctor_yeses_are_all_listed(services: Services) -> None:
    en = services.languages["en"]
    reply, _ = run(services, en, "eyelid", {"over_2_weeks", "face_one_side"})
    for question in ("over_2_weeks", "face_one_side"):
        assert en.texts.check.questions[question].answer in reply.text


def test_back_takes_the_last_answer_back(services: Services) -> None:
    en = services.languages["en"]

    def show(route: Route) -> Reply:
        reply = navigation.render(services.guide, en, route, {})
        assert reply is not None
        return reply

    first = symptom_check.start("leg")
    emergency = buttons(show(first))[en.gettext("Yes")]
    assert en.gettext("Call emergency services now") in show(emergency).text
    assert buttons(show(emergency))[en.gettext("⬅️ Back")] == first
    assert buttons(show(first))[en.gettext("⬅️ Back")] == Area("leg")


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
        "sv:-:0:0:u",  # a screen "from a result" of a check that has no result yet
        "sv:leg:15:0:x",  # a view this bot never makes
        "sv:-:15:0:s",  # the self-care tips of an area, from a check that began at home
        "sv:eyelid:15:0:t",  # how to be seen today, from a self-care result
    ],
)
def test_forged_or_stale_check_buttons_are_expired(services: Services, data: str) -> None:
    route = decode(data)
    en = services.languages["en"]
    assert route is None or navigation.render(services.guide, en, route, {}) is None


def broken_copy(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "structure.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["symptom_check"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return content


def test_the_rules_are_content_and_are_checked(tmp_path: Path) -> None:
    def break_the_rules(questions: list[dict]) -> None:
        weakness = next(q for q in questions if q["id"] == "weakness")
        weakness["tier"] = "emergency"
        questions.append({"id": "extra", "tier": "doctor", "red_flags": ["ghost"]})
        questions.append(
            {"id": "orphan", "tier": "emergency", "red_flags": ["tetany"], "after": "nowhere"}
        )
        questions.append(
            {"id": "too_late", "tier": "emergency", "red_flags": ["tetany"], "after": "tetany"}
        )
        questions.append({"id": "menu_only", "tier": "doctor", "red_flags": ["weakness"]})
        questions[-1]["menu"] = True

    with pytest.raises(ContentError) as error:
        load_guide(broken_copy(tmp_path, break_the_rules))
    problems = [str(p) for p in error.value.problems]
    weakness = f"content/structure.yaml: symptom_check.{8}.red_flags.0"
    assert any(p.startswith(weakness) and "tier" in p for p in problems), problems
    assert "content/structure.yaml: symptom_check.15.red_flags.0: unknown red flag 'ghost'" in (
        problems
    )
    assert any(p.startswith("content/structure.yaml: symptom_check.16.after:") for p in problems)
    assert any(
        p.startswith("content/structure.yaml: symptom_check.17.after:") and "ends the check" in p
        for p in problems
    )
    assert any(p.startswith("content/structure.yaml: symptom_check.18.menu:") for p in problems)
    assert any("content/texts/en.yaml: symptom_check.questions.extra" in p for p in problems)


def test_a_check_of_fewer_than_four_questions_is_refused(tmp_path: Path) -> None:
    def ask_most_only_about_eyelids(questions: list[dict]) -> None:
        for question in questions[1:]:
            if "after" not in question:
                question["areas"] = ["eyelid"]
                question.pop("menu", None)

    with pytest.raises(ContentError) as error:
        load_guide(broken_copy(tmp_path, ask_most_only_about_eyelids))
    assert (
        "content/structure.yaml: symptom_check: 1 questions asked from the main menu; ask 4 to 10"
        in [str(p) for p in error.value.problems]
    )
