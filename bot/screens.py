"""Rendering screens: guide data and a language in, HTML text and inline keyboard out.

Pure functions with no I/O, so every screen in every language can be rendered and
checked against Telegram's limits at start-up and in tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import CheckState, Route, Screen, encode
from bot.guide import BodyArea, Cause, Guide, RedFlag, Source, Tier
from bot.i18n import Language
from bot.markup import MAX_BUTTON_TEXT, MarkupError, check_message, escape

Keyboard = list[list[InlineKeyboardButton]]


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML
    keyboard: InlineKeyboardMarkup


def _button(label: str, route: Route) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(route))


def _rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> Keyboard:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def _nav(lang: Language, back: Route | None) -> list[InlineKeyboardButton]:
    home = _button(lang.gettext("🏠 Home"), Route(Screen.HOME))
    if back is None or back.screen is Screen.HOME:
        return [home]
    return [_button(lang.gettext("⬅️ Back"), back), home]


def _reply(lines: Iterable[str], keyboard: Keyboard) -> Reply:
    text = "\n\n".join(line for line in lines if line)
    return Reply(text, InlineKeyboardMarkup(keyboard))


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _source(lang: Language, source: Source) -> str:
    title = escape(lang.texts.source_title(source))
    return f'<a href="{escape(source.url)}">{title}</a>' if source.url else title


def _reviewed(lang: Language, reviewed: date) -> str:
    when = format_date(reviewed, format="long", locale=lang.locale)
    return "<i>" + lang.gettext("Text last updated: {date}").format(date=escape(when)) + "</i>"


def _check_button(lang: Language, origin: str | None) -> InlineKeyboardButton:
    return _button(lang.gettext("📝 Check my symptoms"), CheckState(origin, 0, 0).route)


def _flag_section(lang: Language, flags: Sequence[RedFlag]) -> str:
    """Red flags grouped by tier, emergency first, with the number to call."""
    parts = []
    emergency = [f for f in flags if f.tier is Tier.EMERGENCY]
    same_day = [f for f in flags if f.tier is Tier.SAME_DAY]
    doctor = [f for f in flags if f.tier is Tier.DOCTOR]
    if emergency:
        parts.append(
            "🚨 <b>"
            + lang.gettext("Call emergency services now if:")
            + "</b>\n"
            + _bullets(lang.texts.red_flags[f.id] for f in emergency)
            + "\n"
            + lang.texts.emergency
        )
    if same_day:
        parts.append(
            "🕐 <b>"
            + lang.gettext("Get seen today if:")
            + "</b>\n"
            + _bullets(lang.texts.red_flags[f.id] for f in same_day)
        )
    if doctor:
        parts.append(
            "🩺 <b>"
            + lang.gettext("See a doctor soon if:")
            + "</b>\n"
            + _bullets(lang.texts.red_flags[f.id] for f in doctor)
        )
    return "\n\n".join(parts)


def _tier_buttons(lang: Language, flags: Sequence[RedFlag]) -> Keyboard:
    """The urgent signs, and how to be seen today when a same-day sign is listed."""
    row = [_button(lang.gettext("🚨 Urgent warning signs"), Route(Screen.URGENT))]
    if any(flag.tier is Tier.SAME_DAY for flag in flags):
        row.append(_button(lang.gettext("🕐 Get seen today"), Route(Screen.SAME_DAY)))
    return [row]


def home(guide: Guide, lang: Language, notice: str = "") -> Reply:
    areas = [
        _button(lang.texts.areas[area.id].title, Route(Screen.AREA, (area.id,)))
        for area in guide.areas
    ]
    keyboard = [
        *_rows(areas, 2),
        [_check_button(lang, None)],
        [_button(lang.gettext("🚨 Urgent warning signs"), Route(Screen.URGENT))],
        [
            _button(lang.gettext("⏰ Reminders"), Route(Screen.REMINDERS)),
            _button(lang.gettext("🌐 Language"), Route(Screen.LANGUAGES)),
            _button(lang.gettext("ℹ️ About"), Route(Screen.ABOUT)),
        ],
    ]
    return _reply(
        [
            notice,
            "<b>" + lang.gettext("Muscle twitching: a calm guide") + "</b>",
            lang.gettext(
                "Most twitches are harmless and settle on their own within days or weeks. "
                "This is general information, not a diagnosis."
            ),
            lang.gettext("<b>Where do you feel the twitching?</b>"),
        ],
        keyboard,
    )


def area(guide: Guide, lang: Language, body_area: BodyArea) -> Reply:
    text = lang.texts.areas[body_area.id]
    causes = [
        [_button(lang.texts.causes[c.id].title, Route(Screen.CAUSE, (body_area.id, c.id)))]
        for c in body_area.causes
    ]
    count = len(body_area.causes)
    return _reply(
        [
            f"<b>{escape(text.title)}</b>",
            text.intro,
            lang.ngettext(
                "{count} possible cause:",
                "{count} possible causes, the most likely first:",
                count,
            ).format(count=count),
        ],
        [
            *causes,
            [_check_button(lang, body_area.id)],
            [
                _button(
                    lang.gettext("🩺 When to see a doctor"),
                    Route(Screen.AREA_FLAGS, (body_area.id,)),
                ),
                _button(lang.gettext("ℹ️ Sources"), Route(Screen.AREA_SOURCES, (body_area.id,))),
            ],
            _nav(lang, Route(Screen.HOME)),
        ],
    )


def area_flags(guide: Guide, lang: Language, body_area: BodyArea) -> Reply:
    title = lang.texts.areas[body_area.id].title
    flags = body_area.red_flags or guide.flags_of_tier(Tier.DOCTOR)
    return _reply(
        [
            "<b>"
            + lang.gettext("When to see a doctor: {topic}").format(topic=escape(title))
            + "</b>",
            _flag_section(lang, flags),
        ],
        [
            *_tier_buttons(lang, flags),
            _nav(lang, Route(Screen.AREA, (body_area.id,))),
        ],
    )


def cause(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    text = lang.texts.causes[topic.id]
    ids = (body_area.id, topic.id)
    return _reply(
        [f"<b>{escape(text.title)}</b>", text.how_common, text.about],
        [
            [
                _button(lang.gettext("🌿 What helps"), Route(Screen.SELF_CARE, ids)),
                _button(lang.gettext("🩺 When to see a doctor"), Route(Screen.CAUSE_FLAGS, ids)),
            ],
            [_button(lang.gettext("ℹ️ Sources"), Route(Screen.CAUSE_SOURCES, ids))],
            _nav(lang, Route(Screen.AREA, (body_area.id,))),
        ],
    )


def self_care(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    text = lang.texts.causes[topic.id]
    ids = (body_area.id, topic.id)
    return _reply(
        [
            "<b>" + lang.gettext("What helps: {topic}").format(topic=escape(text.title)) + "</b>",
            text.self_care,
            "<i>"
            + lang.gettext("Don't stop a prescribed medicine without talking to your doctor.")
            + "</i>",
        ],
        [
            [_button(lang.gettext("🩺 When to see a doctor"), Route(Screen.CAUSE_FLAGS, ids))],
            *_reminder_buttons(lang, topic),
            _nav(lang, Route(Screen.CAUSE, ids)),
        ],
    )


def _reminder_buttons(lang: Language, topic: Cause) -> Keyboard:
    """A way to the daily reminders from the causes they help with (structure.yaml)."""
    labels = {
        "sleep": lang.gettext("⏰ Sleep reminder"),
        "water": lang.gettext("⏰ Water reminders"),
    }
    return [[_button(labels[kind], Route(Screen.REMINDER, (kind,)))] for kind in topic.reminders]


def cause_flags(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    text = lang.texts.causes[topic.id]
    ids = (body_area.id, topic.id)
    return _reply(
        [
            "<b>"
            + lang.gettext("When to see a doctor: {topic}").format(topic=escape(text.title))
            + "</b>",
            text.see_doctor,
            _flag_section(lang, topic.red_flags),
        ],
        [
            [_button(lang.gettext("🌿 What helps"), Route(Screen.SELF_CARE, ids))],
            *_tier_buttons(lang, topic.red_flags),
            _nav(lang, Route(Screen.CAUSE, ids)),
        ],
    )


def urgent(guide: Guide, lang: Language, now: bool = False) -> Reply:
    """The emergency signs, the numbers to call in a block of their own.

    Calm for someone only browsing; `now` heads it "Call emergency services now", for a
    message that described an emergency.
    """
    heading = (
        lang.gettext("Call emergency services now") if now else lang.gettext("Urgent warning signs")
    )
    return _reply(
        [
            "🚨 <b>" + heading + "</b>",
            lang.gettext("If any of these is happening now, call emergency services:"),
            lang.texts.emergency,
            _bullets(lang.texts.red_flags[f.id] for f in guide.flags_of_tier(Tier.EMERGENCY)),
        ],
        [
            [_button(lang.gettext("🕐 Get seen today: the signs"), Route(Screen.SAME_DAY))],
            [_button(lang.gettext("🩺 See a doctor soon: the signs"), Route(Screen.DOCTOR))],
            _nav(lang, None),
        ],
    )


def same_day(guide: Guide, lang: Language) -> Reply:
    """Signs that need a doctor today, and the local ways to be seen today."""
    return _reply(
        [
            "🕐 <b>" + lang.gettext("Get seen today if:") + "</b>",
            _bullets(lang.texts.red_flags[f.id] for f in guide.flags_of_tier(Tier.SAME_DAY)),
            "<b>" + lang.gettext("How to be seen today:") + "</b>\n" + lang.texts.same_day,
        ],
        [
            [_button(lang.gettext("🚨 Urgent warning signs"), Route(Screen.URGENT))],
            [_button(lang.gettext("🩺 See a doctor soon: the signs"), Route(Screen.DOCTOR))],
            _nav(lang, None),
        ],
    )


def doctor(guide: Guide, lang: Language) -> Reply:
    return _reply(
        [
            "🩺 <b>" + lang.gettext("See a doctor soon (within days) if:") + "</b>",
            _bullets(lang.texts.red_flags[f.id] for f in guide.flags_of_tier(Tier.DOCTOR)),
            "<b>"
            + lang.gettext(
                "If it feels like an emergency, don't wait and don't read on: "
                "call emergency services now."
            )
            + "</b>",
        ],
        [
            [
                _button(lang.gettext("🚨 Urgent warning signs"), Route(Screen.URGENT)),
                _button(lang.gettext("🕐 Get seen today"), Route(Screen.SAME_DAY)),
            ],
            _nav(lang, None),
        ],
    )


def about(guide: Guide, lang: Language) -> Reply:
    topics = [
        _button(lang.texts.areas[a.id].title, Route(Screen.AREA_SOURCES, (a.id,)))
        for a in guide.areas
    ]
    return _reply(
        [
            "ℹ️ <b>" + lang.gettext("About this information") + "</b>",
            lang.gettext(
                "This bot gives general information about muscle twitching. It cannot examine "
                "you and does not make a diagnosis. If you are worried, see a doctor."
            ),
            lang.gettext(
                "The texts are written from public health sources such as the NHS, MedlinePlus "
                "and the MSD Manual. Every topic names its sources and the date its text was "
                "last updated against them; that date is not a review by a doctor. "
                "Choose a topic:"
            ),
            lang.gettext(
                "Privacy: the bot stores your language choice if you make one, and what "
                "reminders need if you set them up. Telegram shows us your name; we do not "
                "keep it."
            ),
        ],
        [
            *_rows(topics, 2),
            [_button(lang.gettext("🔒 Privacy"), Route(Screen.PRIVACY))],
            _nav(lang, None),
        ],
    )


def area_sources(guide: Guide, lang: Language, body_area: BodyArea) -> Reply:
    """About this information, for one area: its sources, its date, and its causes' pages."""
    causes = [
        [
            _button(
                "ℹ️ " + lang.texts.causes[c.id].title,
                Route(Screen.CAUSE_SOURCES, (body_area.id, c.id)),
            )
        ]
        for c in body_area.causes
    ]
    return _sources_screen(
        lang,
        lang.texts.areas[body_area.id].title,
        body_area.sources,
        body_area.reviewed,
        [*causes, _nav(lang, Route(Screen.AREA, (body_area.id,)))],
    )


def cause_sources(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    ids = (body_area.id, topic.id)
    return _sources_screen(
        lang,
        lang.texts.causes[topic.id].title,
        topic.sources,
        topic.reviewed,
        [
            [_button(lang.gettext("ℹ️ About this information"), Route(Screen.ABOUT))],
            _nav(lang, Route(Screen.CAUSE, ids)),
        ],
    )


def _sources_screen(
    lang: Language, title: str, sources: Sequence[Source], reviewed: date, keyboard: Keyboard
) -> Reply:
    return _reply(
        [
            "ℹ️ <b>" + lang.gettext("Sources: {topic}").format(topic=escape(title)) + "</b>",
            _bullets(_source(lang, source) for source in sources),
            _reviewed(lang, reviewed),
            lang.gettext("General information written from these sources, not a diagnosis."),
        ],
        keyboard,
    )


def languages(guide: Guide, lang: Language, names: dict[str, str]) -> Reply:
    buttons = [
        _button(("✓ " if code == lang.code else "") + name, Route(Screen.SET_LANGUAGE, (code,)))
        for code, name in names.items()
    ]
    return _reply(
        ["🌐 <b>" + lang.gettext("Choose a language") + "</b>"],
        [*_rows(buttons, 2), _nav(lang, None)],
    )


def render(guide: Guide, lang: Language, route: Route, names: dict[str, str]) -> Reply | None:
    """The screen a route points to, or None if it no longer resolves (expired button)."""
    match route.screen:
        case Screen.HOME:
            return home(guide, lang)
        case Screen.URGENT:
            return urgent(guide, lang)
        case Screen.SAME_DAY:
            return same_day(guide, lang)
        case Screen.DOCTOR:
            return doctor(guide, lang)
        case Screen.ABOUT:
            return about(guide, lang)
        case Screen.LANGUAGES:
            return languages(guide, lang, names)
        case Screen.AREA | Screen.AREA_FLAGS | Screen.AREA_SOURCES:
            body_area = guide.area(route.args[0])
            if body_area is None:
                return None
            screen = {Screen.AREA: area, Screen.AREA_FLAGS: area_flags}.get(
                route.screen, area_sources
            )
            return screen(guide, lang, body_area)
        case Screen.CAUSE | Screen.SELF_CARE | Screen.CAUSE_FLAGS | Screen.CAUSE_SOURCES:
            body_area = guide.area(route.args[0])
            topic = body_area.cause(route.args[1]) if body_area else None
            if body_area is None or topic is None:
                return None
            screen = {
                Screen.CAUSE: cause,
                Screen.SELF_CARE: self_care,
                Screen.CAUSE_FLAGS: cause_flags,
            }.get(route.screen, cause_sources)
            return screen(guide, lang, body_area, topic)
        case Screen.CHECK | Screen.CHECK_VIEW:
            from bot import symptom_check  # it renders with this module's helpers

            if route.screen is Screen.CHECK_VIEW:
                return symptom_check.render_view(guide, lang, route, names)
            return symptom_check.render(guide, lang, route)
    return None  # SET_LANGUAGE is an action; reminder screens are bot/reminders/screens.py's


def all_routes(guide: Guide) -> Iterator[Route]:
    """Every screen a user can reach, for start-up checks and tests."""
    for screen in (
        Screen.HOME,
        Screen.URGENT,
        Screen.SAME_DAY,
        Screen.DOCTOR,
        Screen.ABOUT,
        Screen.LANGUAGES,
    ):
        yield Route(screen)
    for body_area in guide.areas:
        for screen in (Screen.AREA, Screen.AREA_FLAGS, Screen.AREA_SOURCES):
            yield Route(screen, (body_area.id,))
        for topic in body_area.causes:
            for screen in (
                Screen.CAUSE,
                Screen.SELF_CARE,
                Screen.CAUSE_FLAGS,
                Screen.CAUSE_SOURCES,
            ):
                yield Route(screen, (body_area.id, topic.id))
    from bot import symptom_check

    yield from symptom_check.all_routes(guide)


def check_screens(guide: Guide, languages: dict[str, Language]) -> list[str]:
    """Render every screen in every language; list what Telegram would refuse."""
    names = {code: lang.texts.name for code, lang in languages.items()}
    problems = []
    for code, lang in languages.items():
        for route in all_routes(guide):
            where = f"texts/{code}.yaml, screen {encode(route)}"
            try:
                reply = render(guide, lang, route, names)
                assert reply is not None, "does not resolve"
                check_message(reply.text)
                for row in reply.keyboard.inline_keyboard:
                    for button in row:
                        if not button.text.strip() or len(button.text) > MAX_BUTTON_TEXT:
                            raise MarkupError(f"button label {button.text!r} is empty or too long")
            except (MarkupError, ValueError, KeyError, AssertionError) as error:
                problems.append(f"{where}: {error}")
    return problems
