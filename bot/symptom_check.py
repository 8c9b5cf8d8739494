"""The symptom check: a few yes/no questions that end in the right tier of advice.

The questions, their order and the tier each "yes" leads to are content
(`symptom_check` in content/structure.yaml, words in texts/<lang>.yaml). The rules:

* a "yes" to an emergency question ends the check at once: call emergency services;
* a follow-up question (`after`) is asked only after a "yes" to the question it follows;
* after the last question, the most urgent tier answered "yes" wins: get seen today, then
  see a doctor soon, each with the answers that led there;
* every answer "no": self-care first, and what to watch for.

Every result leads on: to the self-care tips of the area the check began from, the signs,
the reminders; a screen opened from a result (`CheckView`) has a way back to it.
The state travels in the buttons (the `Check` route); rendering is pure, like bot/screens.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from bot import screens, ui
from bot.callbacks import Route
from bot.guide import CheckQuestion, Guide, Tier
from bot.i18n import Language
from bot.markup import escape
from bot.reminders import screens as reminder_screens
from bot.reminders.schedule import ReminderKind
from bot.routes import (
    Area,
    AreaFlags,
    Check,
    CheckView,
    Doctor,
    Home,
    SameDay,
    SelfCare,
    Urgent,
    View,
)
from bot.ui import Keyboard, Reply


class Outcome(StrEnum):
    EMERGENCY = "emergency"  # call emergency services now
    SAME_DAY = "same_day"  # get seen today
    DOCTOR = "doctor"  # see a doctor soon
    SELF_CARE = "self_care"  # self-care first, and what to watch for


@dataclass(frozen=True, slots=True)
class Step:
    """What a state shows: the next question (index into guide.check), or the outcome."""

    question: int | None
    outcome: Outcome | None


def start(origin: str | None) -> Check:
    return Check(origin, 0, 0)


def asked(guide: Guide, origin: str | None, yes: int = 0) -> list[int]:
    """Indexes of the questions asked in a check started from `origin`, in order, given the
    "yes" answers so far (a follow-up is asked only after a "yes" to its question)."""
    indexes = {question.id: i for i, question in enumerate(guide.check)}
    found: list[int] = []
    for i, question in enumerate(guide.check):
        if question.after is None:
            if question.asked_from(origin):
                found.append(i)
        elif indexes[question.after] in found and yes >> indexes[question.after] & 1:
            found.append(i)
    return found


def answer(guide: Guide, state: Check, index: int, yes: bool) -> Check:
    """The state after answering question `index`."""
    answered = state.yes | 1 << index if yes else state.yes
    following = next(
        (i for i in asked(guide, state.origin, answered) if i > index), len(guide.check)
    )
    return Check(state.origin, following, answered)


def _answered_yes(guide: Guide, state: Check) -> list[CheckQuestion]:
    return [q for i, q in enumerate(guide.check) if state.yes >> i & 1]


def step(guide: Guide, state: Check) -> Step | None:
    """Where the check stands, or None for a state this content cannot produce."""
    if state.origin is not None and guide.area(state.origin) is None:
        return None
    questions = asked(guide, state.origin, state.yes)
    before = {i for i in questions if i < state.step}
    if any(state.yes >> i & 1 and i not in before for i in range(state.yes.bit_length())):
        return None  # a "yes" to a question that was never asked
    yes = _answered_yes(guide, state)
    if any(q.tier is Tier.EMERGENCY for q in yes):
        return Step(None, Outcome.EMERGENCY)
    upcoming = next((i for i in questions if i >= state.step), None)
    if upcoming is not None:
        return Step(upcoming, None)
    if state.step > len(guide.check):
        return None
    tiers = {q.tier for q in yes}
    if Tier.SAME_DAY in tiers:
        return Step(None, Outcome.SAME_DAY)
    return Step(None, Outcome.DOCTOR if tiers else Outcome.SELF_CARE)


def _back(guide: Guide, state: Check) -> Route:
    """One step back: the previous question, unanswered; before the first, where it began."""
    previous = [i for i in asked(guide, state.origin, state.yes) if i < state.step]
    if not previous:
        return Area(state.origin) if state.origin else Home()
    last = previous[-1]
    return Check(state.origin, last, state.yes & ~(1 << last))


def render(guide: Guide, lang: Language, state: Check) -> Reply | None:
    where = step(guide, state)
    if where is None:
        return None
    if where.question is not None:
        return _question(guide, lang, state, where.question)
    yes = _answered_yes(guide, state)
    match where.outcome:
        case Outcome.EMERGENCY:
            return _emergency(lang, state, guide, yes)
        case Outcome.SAME_DAY:
            return _same_day(lang, state, guide, yes)
        case Outcome.DOCTOR:
            return _doctor(lang, state, guide, yes)
    return _self_care(lang, state, guide)


def _title(lang: Language) -> str:
    return "📝 <b>" + lang.gettext("Check my symptoms") + "</b>"


def _question(guide: Guide, lang: Language, state: Check, index: int) -> Reply:
    questions = asked(guide, state.origin, state.yes)
    text = lang.texts.check
    number = questions.index(index) + 1
    counter = lang.gettext("Question {number} of {total}").format(
        number=number, total=len(questions)
    )
    question = guide.check[index]
    yes, no = answer(guide, state, index, True), answer(guide, state, index, False)
    return ui.reply(
        [
            f"{_title(lang)} · {escape(counter)}",
            text.intro if number == 1 else "",
            text.questions[question.id].question,
        ],
        [
            [
                ui.button(lang.gettext("Yes"), yes),
                ui.button(lang.gettext("No"), no),
            ],
            ui.nav(lang, _back(guide, state)),
        ],
    )


def _answers(lang: Language, yes: list[CheckQuestion]) -> str:
    return ui.bullets(lang.texts.check.questions[q.id].answer for q in yes)


# -- screens a result links to, with a way back to the result ------------------------------


def _views(guide: Guide, state: Check, outcome: Outcome) -> list[View]:
    """The screens a result links to; each keeps a way back to the result."""
    if outcome is Outcome.EMERGENCY:
        return [View.URGENT]
    views = [View.URGENT, View.SAME_DAY] if outcome is Outcome.SAME_DAY else [View.URGENT]
    if outcome is not Outcome.SELF_CARE:
        views.append(View.SIGNS)
    if state.origin is not None:
        views += [View.TIPS, View.AREA]
    return views


def _view(state: Check, view: View) -> CheckView:
    return CheckView.of(state, view)


def _target(guide: Guide, state: Check, view: View) -> Route:
    origin = state.origin
    if view == View.SIGNS:
        return AreaFlags(origin) if origin else Doctor()
    if view in (View.TIPS, View.AREA) and origin is not None:
        body_area = guide.area(origin)
        assert body_area is not None
        if view == View.TIPS:
            return SelfCare(origin, body_area.causes[0].id)
        return Area(origin)
    return SameDay() if view is View.SAME_DAY else Urgent()


def render_view(
    guide: Guide, lang: Language, route: CheckView, names: dict[str, str]
) -> Reply | None:
    """A screen opened from a result, its back button leading to the result again."""
    state, view = route.state, route.view
    where = step(guide, state)
    if where is None or where.outcome is None:
        return None
    if view not in _views(guide, state, where.outcome):
        return None
    reply = screens.render(guide, lang, _target(guide, state, view), names)
    if reply is None:
        return None
    keyboard = [list(row) for row in reply.keyboard.inline_keyboard[:-1]]  # all but its nav
    back = ui.button(lang.gettext("⬅️ Back to my result"), state)
    return ui.reply([reply.text], [*keyboard, [back, *ui.nav(lang, None)]])


def _tips_buttons(guide: Guide, lang: Language, state: Check) -> Keyboard:
    """The area's self-care tips and its causes, when the check began from an area."""
    if state.origin is None:
        return []
    return [
        [ui.button(lang.gettext("🌿 Self-care tips"), _view(state, View.TIPS))],
        [ui.button(lang.texts.areas[state.origin].title, _view(state, View.AREA))],
    ]


def _closing(guide: Guide, lang: Language, state: Check) -> Keyboard:
    return [
        [
            ui.button(lang.gettext("🚨 Urgent warning signs"), _view(state, View.URGENT)),
            ui.button(lang.gettext("🔁 Start again"), start(state.origin)),
        ],
        ui.nav(lang, _back(guide, state)),
    ]


def _emergency(lang: Language, state: Check, guide: Guide, yes: list[CheckQuestion]) -> Reply:
    return ui.reply(
        [
            "🚨 <b>" + lang.gettext("Call emergency services now") + "</b>",
            lang.texts.emergency,
            lang.gettext("You answered yes to:") + "\n" + _answers(lang, yes),
            lang.texts.check.emergency,
        ],
        [
            [ui.button(lang.gettext("🚨 Urgent warning signs"), _view(state, View.URGENT))],
            ui.nav(lang, _back(guide, state)),
        ],
    )


def _same_day(lang: Language, state: Check, guide: Guide, yes: list[CheckQuestion]) -> Reply:
    return ui.reply(
        [
            "🕐 <b>" + lang.gettext("Get seen today") + "</b>",
            lang.gettext("Because you answered yes to:") + "\n" + _answers(lang, yes),
            lang.texts.check.same_day + "\n" + lang.texts.same_day,
        ],
        [
            [ui.button(lang.gettext("🕐 Get seen today: the signs"), _view(state, View.SAME_DAY))],
            [ui.button(lang.gettext("🩺 When to see a doctor"), _view(state, View.SIGNS))],
            *_tips_buttons(guide, lang, state),
            *_closing(guide, lang, state),
        ],
    )


def _doctor(lang: Language, state: Check, guide: Guide, yes: list[CheckQuestion]) -> Reply:
    return ui.reply(
        [
            "🩺 <b>" + lang.gettext("See a doctor soon") + "</b>",
            lang.gettext("Because you answered yes to:") + "\n" + _answers(lang, yes),
            lang.texts.check.doctor,
        ],
        [
            [ui.button(lang.gettext("🩺 When to see a doctor"), _view(state, View.SIGNS))],
            *_tips_buttons(guide, lang, state),
            *_closing(guide, lang, state),
        ],
    )


def reminders(guide: Guide, state: Check) -> tuple[str, ...]:
    """The daily reminders that help, for the area the check began from (`reminders:` of
    the area in structure.yaml, as its screen shows); from the main menu, all of them."""
    if state.origin is None:
        return tuple(kind.value for kind in ReminderKind)
    body_area = guide.area(state.origin)
    assert body_area is not None
    return body_area.reminders


def _self_care(lang: Language, state: Check, guide: Guide) -> Reply:
    return ui.reply(
        ["🌿 <b>" + lang.gettext("Self-care first") + "</b>", lang.texts.check.self_care],
        [
            *_tips_buttons(guide, lang, state),
            *reminder_screens.links(lang, reminders(guide, state)),
            *_closing(guide, lang, state),
        ],
    )


def all_routes(guide: Guide) -> Iterator[Route]:
    """Every state a user can reach by answering, from the main menu and from every area,
    and every screen a result links to."""
    for origin in [None, *(area.id for area in guide.areas)]:
        seen: set[Check] = set()
        queue = [Check(origin, 0, 0)]
        while queue:
            state = queue.pop()
            if state in seen:
                continue
            seen.add(state)
            yield state
            where = step(guide, state)
            if where is not None and where.question is not None:
                queue.append(answer(guide, state, where.question, True))
                queue.append(answer(guide, state, where.question, False))
            elif where is not None and where.outcome is not None:
                yield from (_view(state, view) for view in _views(guide, state, where.outcome))
