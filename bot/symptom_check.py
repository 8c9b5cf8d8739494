"""The symptom check: a few yes/no questions that end in the right tier of advice.

The questions, their order and the tier each "yes" leads to are content
(`symptom_check` in content/structure.yaml, words in texts/<lang>.yaml). The rules:

* a "yes" to an emergency question ends the check at once: call emergency services;
* after the last question, any "yes" to a doctor question: see a doctor soon, with the
  answers that led there;
* every answer "no": self-care first, and what to watch for.

The state travels in the buttons (`CheckState`); rendering is pure, like bot/screens.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CheckState, Route, Screen
from bot.guide import CheckQuestion, Guide, Tier
from bot.i18n import Language
from bot.markup import escape
from bot.screens import Reply, _bullets, _button, _nav, _reply


class Outcome(StrEnum):
    EMERGENCY = "emergency"  # call emergency services now
    DOCTOR = "doctor"  # see a doctor soon
    SELF_CARE = "self_care"  # self-care first, and what to watch for


@dataclass(frozen=True, slots=True)
class Step:
    """What a state shows: the next question (index into guide.check), or the outcome."""

    question: int | None
    outcome: Outcome | None


def start(origin: str | None) -> Route:
    return CheckState(origin, 0, 0).route


def asked(guide: Guide, origin: str | None) -> list[int]:
    """Indexes of the questions asked in a check started from `origin`, in order."""
    return [i for i, question in enumerate(guide.check) if question.asked_from(origin)]


def _after(guide: Guide, origin: str | None, index: int) -> int:
    """The step after answering question `index`: the next question asked, or the end."""
    return next((i for i in asked(guide, origin) if i > index), len(guide.check))


def answer(guide: Guide, state: CheckState, index: int, yes: bool) -> CheckState:
    """The state after answering question `index`."""
    answered = state.yes | 1 << index if yes else state.yes
    return CheckState(state.origin, _after(guide, state.origin, index), answered)


def _answered_yes(guide: Guide, state: CheckState) -> list[CheckQuestion]:
    return [q for i, q in enumerate(guide.check) if state.yes >> i & 1]


def step(guide: Guide, state: CheckState) -> Step | None:
    """Where the check stands, or None for a state this content cannot produce."""
    if state.origin is not None and guide.area(state.origin) is None:
        return None
    questions = asked(guide, state.origin)
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
    return Step(None, Outcome.DOCTOR if yes else Outcome.SELF_CARE)


def _back(guide: Guide, state: CheckState) -> Route:
    """One step back: the previous question, unanswered; before the first, where it began."""
    previous = [i for i in asked(guide, state.origin) if i < state.step]
    if not previous:
        return Route(Screen.AREA, (state.origin,)) if state.origin else Route(Screen.HOME)
    last = previous[-1]
    return CheckState(state.origin, last, state.yes & ~(1 << last)).route


def render(guide: Guide, lang: Language, route: Route) -> Reply | None:
    state = CheckState.of(route)
    where = step(guide, state) if state else None
    if state is None or where is None:
        return None
    if where.question is not None:
        return _question(guide, lang, state, where.question)
    yes = _answered_yes(guide, state)
    match where.outcome:
        case Outcome.EMERGENCY:
            return _emergency(lang, state, guide, yes)
        case Outcome.DOCTOR:
            return _doctor(lang, state, guide, yes)
    return _self_care(lang, state, guide)


def _title(lang: Language) -> str:
    return "📝 <b>" + lang.gettext("Check my symptoms") + "</b>"


def _question(guide: Guide, lang: Language, state: CheckState, index: int) -> Reply:
    questions = asked(guide, state.origin)
    text = lang.texts.check
    number = questions.index(index) + 1
    counter = lang.gettext("Question {number} of {total}").format(
        number=number, total=len(questions)
    )
    question = guide.check[index]
    yes, no = answer(guide, state, index, True), answer(guide, state, index, False)
    return _reply(
        [
            f"{_title(lang)} · {escape(counter)}",
            text.intro if number == 1 else "",
            text.questions[question.id].question,
        ],
        [
            [
                _button(lang.gettext("Yes"), yes.route),
                _button(lang.gettext("No"), no.route),
            ],
            _nav(lang, _back(guide, state)),
        ],
    )


def _answers(lang: Language, yes: list[CheckQuestion]) -> str:
    return _bullets(lang.texts.check.questions[q.id].answer for q in yes)


def _emergency(lang: Language, state: CheckState, guide: Guide, yes: list[CheckQuestion]) -> Reply:
    return _reply(
        [
            "🚨 <b>" + lang.gettext("Call emergency services now") + "</b>",
            lang.gettext("You answered yes to:") + "\n" + _answers(lang, yes),
            lang.texts.check.emergency,
            lang.texts.emergency,
        ],
        [
            [_button(lang.gettext("🚨 Urgent warning signs"), Route(Screen.URGENT))],
            _nav(lang, _back(guide, state)),
        ],
    )


def _origin_button(guide: Guide, lang: Language, state: CheckState) -> list[list]:
    """A way back to the area the check started from: its causes and what helps."""
    if state.origin is None:
        return []
    title = lang.texts.areas[state.origin].title
    return [[_button(title, Route(Screen.AREA, (state.origin,)))]]


def _doctor(lang: Language, state: CheckState, guide: Guide, yes: list[CheckQuestion]) -> Reply:
    signs = Route(Screen.AREA_FLAGS, (state.origin,)) if state.origin else Route(Screen.DOCTOR)
    return _reply(
        [
            "🩺 <b>" + lang.gettext("See a doctor soon") + "</b>",
            lang.gettext("Because you answered yes to:") + "\n" + _answers(lang, yes),
            lang.texts.check.doctor,
        ],
        [
            [_button(lang.gettext("🩺 When to see a doctor"), signs)],
            *_origin_button(guide, lang, state),
            [
                _button(lang.gettext("🚨 Urgent warning signs"), Route(Screen.URGENT)),
                _button(lang.gettext("🔁 Start again"), start(state.origin)),
            ],
            _nav(lang, _back(guide, state)),
        ],
    )


def _self_care(lang: Language, state: CheckState, guide: Guide) -> Reply:
    return _reply(
        ["🌿 <b>" + lang.gettext("Self-care first") + "</b>", lang.texts.check.self_care],
        [
            *_origin_button(guide, lang, state),
            [
                _button(lang.gettext("🚨 Urgent warning signs"), Route(Screen.URGENT)),
                _button(lang.gettext("🔁 Start again"), start(state.origin)),
            ],
            _nav(lang, _back(guide, state)),
        ],
    )


def all_routes(guide: Guide) -> Iterator[Route]:
    """Every state a user can reach by answering, from the main menu and from every area."""
    for origin in [None, *(area.id for area in guide.areas)]:
        seen: set[CheckState] = set()
        queue = [CheckState(origin, 0, 0)]
        while queue:
            state = queue.pop()
            if state in seen:
                continue
            seen.add(state)
            yield state.route
            where = step(guide, state)
            if where is not None and where.question is not None:
                queue.append(answer(guide, state, where.question, True))
                queue.append(answer(guide, state, where.question, False))
