"""Answers to typed messages: pure rendering of what bot/understanding.py found.

* an emergency sign: the urgent screen first, then the topics found, if any;
* a sign for a doctor (today, or soon: it has lasted weeks, a limb slowly getting weaker):
  "when to see a doctor" offered first, with the topics found;
* topics: "Is it one of these?" with the best matches as buttons;
* nothing: a short hint and the main menu.
"""

from __future__ import annotations

from bot import screens
from bot.callbacks import Route
from bot.guide import Guide, Tier
from bot.i18n import Language
from bot.routes import Area, AreaFlags, Cause, Doctor
from bot.screens import Reply, _button, _check_button, _nav, _reply
from bot.understanding import Topic, Understood


def replies(guide: Guide, lang: Language, understood: Understood) -> list[Reply]:
    """The messages to send, in order."""
    if understood.emergency:
        follow_up = (
            [_topics(lang, understood.topics, lang.gettext("If it is not an emergency:"))]
            if understood.topics
            else []
        )
        return [screens.urgent(guide, lang, now=True), *follow_up]
    if understood.soon:
        return [_doctor_offer(guide, lang, understood)]
    if understood.topics:
        return [_topics(lang, understood.topics, lang.gettext("Is it one of these?"))]
    hint = lang.gettext(
        "I didn't recognise that. Choose where you feel the twitching, "
        "or describe it in a few words:"
    )
    return [screens.home(guide, lang, notice=f"<i>{hint}</i>")]


def _route(topic: Topic) -> Route:
    if topic.cause is None:
        return Area(topic.area)
    return Cause(topic.area, topic.cause)


def _label(lang: Language, topic: Topic) -> str:
    if topic.cause is None:
        return lang.texts.areas[topic.area].title
    return lang.texts.causes[topic.cause].title


def _topics(lang: Language, topics: tuple[Topic, ...], question: str) -> Reply:
    origin = next((topic.area for topic in topics), None)
    return _reply(
        [f"<b>{question}</b>", lang.gettext("Tap the closest match:")],
        [
            *([_button(_label(lang, topic), _route(topic))] for topic in topics),
            [_check_button(lang, origin)],
            _nav(lang, None),
        ],
    )


def _doctor_offer(guide: Guide, lang: Language, understood: Understood) -> Reply:
    """A sign for a doctor: the doctor screen of the place they named (or the general one)
    first, then what else was found."""
    tiers = {flag.id: flag.tier for flag in guide.red_flags}
    today = any(tiers.get(fid) not in (Tier.DOCTOR, None) for fid in understood.soon)
    heading = (
        lang.gettext("This may need a doctor today.")
        if today
        else lang.gettext(
            "Twitching that lasts for weeks, or a muscle that slowly gets weaker, "
            "is worth showing to a doctor."
        )
    )
    area = next((topic.area for topic in understood.topics), None)
    doctor = AreaFlags(area) if area else Doctor()
    lines = [f"<b>{heading}</b>"]
    if understood.topics:
        lines.append(lang.gettext("Tap the closest match:"))
    return _reply(
        lines,
        [
            [_button(lang.gettext("🩺 When to see a doctor"), doctor)],
            *([_button(_label(lang, topic), _route(topic))] for topic in understood.topics),
            [_check_button(lang, area)],
            _nav(lang, None),
        ],
    )
