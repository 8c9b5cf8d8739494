"""Rendering screens: guide data and a language in, HTML text and inline keyboard out.

Pure functions with no I/O, so every screen in every language can be rendered and
checked against Telegram's limits at start-up and in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from babel.dates import format_date
from telegram import InlineKeyboardButton

from bot import routes, ui
from bot.callbacks import Route
from bot.guide import BodyArea, Cause, Guide, RedFlag, Source, Tier
from bot.i18n import Language
from bot.markup import escape
from bot.reminders import routes as reminder_routes
from bot.reminders import screens as reminder_screens
from bot.ui import Keyboard, Reply


def _source(lang: Language, source: Source) -> str:
    title = escape(lang.texts.source_title(source))
    return f'<a href="{escape(source.url)}">{title}</a>' if source.url else title


def _reviewed(lang: Language, reviewed: date) -> str:
    when = format_date(reviewed, format="long", locale=lang.locale)
    return "<i>" + lang.gettext("Text last updated: {date}").format(date=escape(when)) + "</i>"


def check_button(lang: Language, origin: str | None) -> InlineKeyboardButton:
    return ui.button(lang.gettext("📝 Check my symptoms"), routes.Check(origin, 0, 0))


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
            + ui.bullets(lang.texts.red_flags[f.id] for f in emergency)
            + "\n"
            + lang.texts.emergency
        )
    if same_day:
        parts.append(
            "🕐 <b>"
            + lang.gettext("Get seen today if:")
            + "</b>\n"
            + ui.bullets(lang.texts.red_flags[f.id] for f in same_day)
        )
    if doctor:
        parts.append(
            "🩺 <b>"
            + lang.gettext("See a doctor soon if:")
            + "</b>\n"
            + ui.bullets(lang.texts.red_flags[f.id] for f in doctor)
        )
    return "\n\n".join(parts)


def _tier_buttons(lang: Language, flags: Sequence[RedFlag]) -> Keyboard:
    """The urgent signs, and how to be seen today when a same-day sign is listed."""
    row = [ui.button(lang.gettext("🚨 Urgent warning signs"), routes.Urgent())]
    if any(flag.tier is Tier.SAME_DAY for flag in flags):
        row.append(ui.button(lang.gettext("🕐 Get seen today"), routes.SameDay()))
    return [row]


def home(guide: Guide, lang: Language, notice: str = "") -> Reply:
    areas = [
        ui.button(lang.texts.areas[area.id].title, routes.Area(area.id)) for area in guide.areas
    ]
    keyboard = [
        *ui.rows(areas, 2),
        [ui.button(lang.gettext("🗺 Show on a body map"), routes.BodyMap())],
        [check_button(lang, None)],
        [ui.button(lang.gettext("🚨 Urgent warning signs"), routes.Urgent())],
        [
            ui.button(lang.gettext("⏰ Reminders"), reminder_routes.Reminders()),
            ui.button(lang.gettext("🌐 Language"), routes.Languages()),
            ui.button(lang.gettext("ℹ️ About"), routes.About()),
        ],
    ]
    return ui.reply(
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


def body_map(guide: Guide, lang: Language) -> Reply:
    """The caption and buttons of the body map picture (bot/pictures/body_map.py): one
    numbered button per marker, in the same order, so the buttons are its text alternative."""
    areas = [
        ui.button(f"{number} {lang.texts.areas[area.id].title}", routes.Area(area.id))
        for number, area in enumerate(guide.areas, start=1)
    ]
    return ui.reply(
        [
            "🗺 <b>" + lang.gettext("Where does it twitch?") + "</b>",
            lang.gettext("Tap the number of the place on the picture."),
        ],
        [*ui.rows(areas, 2), [check_button(lang, None)], ui.nav(lang, None)],
    )


def area(guide: Guide, lang: Language, body_area: BodyArea) -> Reply:
    text = lang.texts.areas[body_area.id]
    causes = [
        [ui.button(lang.texts.causes[c.id].title, routes.Cause(body_area.id, c.id))]
        for c in body_area.causes
    ]
    count = len(body_area.causes)
    return ui.reply(
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
            [check_button(lang, body_area.id)],
            *reminder_screens.links(lang, body_area.reminders),
            [
                ui.button(
                    lang.gettext("🩺 When to see a doctor"),
                    routes.AreaFlags(body_area.id),
                ),
                ui.button(lang.gettext("ℹ️ Sources"), routes.AreaSources(body_area.id)),
            ],
            ui.nav(lang, routes.Home()),
        ],
    )


def area_flags(guide: Guide, lang: Language, body_area: BodyArea) -> Reply:
    title = lang.texts.areas[body_area.id].title
    flags = body_area.red_flags or guide.flags_of_tier(Tier.DOCTOR)
    return ui.reply(
        [
            "<b>"
            + lang.gettext("When to see a doctor: {topic}").format(topic=escape(title))
            + "</b>",
            _flag_section(lang, flags),
        ],
        [
            *_tier_buttons(lang, flags),
            ui.nav(lang, routes.Area(body_area.id)),
        ],
    )


def cause(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    text = lang.texts.causes[topic.id]
    ids = (body_area.id, topic.id)
    return ui.reply(
        [f"<b>{escape(text.title)}</b>", text.how_common, text.about],
        [
            [
                ui.button(lang.gettext("🌿 What helps"), routes.SelfCare(*ids)),
                ui.button(lang.gettext("🩺 When to see a doctor"), routes.CauseFlags(*ids)),
            ],
            *reminder_screens.links(lang, topic.reminders),
            [ui.button(lang.gettext("ℹ️ Sources"), routes.CauseSources(*ids))],
            ui.nav(lang, routes.Area(body_area.id)),
        ],
    )


def self_care(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    text = lang.texts.causes[topic.id]
    ids = (body_area.id, topic.id)
    return ui.reply(
        [
            "<b>" + lang.gettext("What helps: {topic}").format(topic=escape(text.title)) + "</b>",
            text.self_care,
            "<i>"
            + lang.gettext("Don't stop a prescribed medicine without talking to your doctor.")
            + "</i>",
        ],
        [
            [ui.button(lang.gettext("🩺 When to see a doctor"), routes.CauseFlags(*ids))],
            *reminder_screens.links(lang, topic.reminders),
            ui.nav(lang, routes.Cause(*ids)),
        ],
    )


def cause_flags(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    text = lang.texts.causes[topic.id]
    ids = (body_area.id, topic.id)
    return ui.reply(
        [
            "<b>"
            + lang.gettext("When to see a doctor: {topic}").format(topic=escape(text.title))
            + "</b>",
            text.see_doctor,
            _flag_section(lang, topic.red_flags),
        ],
        [
            [ui.button(lang.gettext("🌿 What helps"), routes.SelfCare(*ids))],
            *_tier_buttons(lang, topic.red_flags),
            ui.nav(lang, routes.Cause(*ids)),
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
    return ui.reply(
        [
            "🚨 <b>" + heading + "</b>",
            lang.gettext("If any of these is happening now, call emergency services:"),
            lang.texts.emergency,
            ui.bullets(lang.texts.red_flags[f.id] for f in guide.flags_of_tier(Tier.EMERGENCY)),
        ],
        [
            [ui.button(lang.gettext("🕐 Get seen today: the signs"), routes.SameDay())],
            [ui.button(lang.gettext("🩺 See a doctor soon: the signs"), routes.Doctor())],
            ui.nav(lang, None),
        ],
    )


def same_day(guide: Guide, lang: Language) -> Reply:
    """Signs that need a doctor today, and the local ways to be seen today."""
    return ui.reply(
        [
            "🕐 <b>" + lang.gettext("Get seen today if:") + "</b>",
            ui.bullets(lang.texts.red_flags[f.id] for f in guide.flags_of_tier(Tier.SAME_DAY)),
            "<b>" + lang.gettext("How to be seen today:") + "</b>\n" + lang.texts.same_day,
        ],
        [
            [ui.button(lang.gettext("🚨 Urgent warning signs"), routes.Urgent())],
            [ui.button(lang.gettext("🩺 See a doctor soon: the signs"), routes.Doctor())],
            ui.nav(lang, None),
        ],
    )


def doctor(guide: Guide, lang: Language) -> Reply:
    return ui.reply(
        [
            "🩺 <b>" + lang.gettext("See a doctor soon (within days) if:") + "</b>",
            ui.bullets(lang.texts.red_flags[f.id] for f in guide.flags_of_tier(Tier.DOCTOR)),
            "<b>"
            + lang.gettext(
                "If it feels like an emergency, don't wait and don't read on: "
                "call emergency services now."
            )
            + "</b>",
        ],
        [
            [
                ui.button(lang.gettext("🚨 Urgent warning signs"), routes.Urgent()),
                ui.button(lang.gettext("🕐 Get seen today"), routes.SameDay()),
            ],
            ui.nav(lang, None),
        ],
    )


def about(guide: Guide, lang: Language) -> Reply:
    topics = [
        ui.button(lang.texts.areas[a.id].title, routes.AreaSources(a.id)) for a in guide.areas
    ]
    return ui.reply(
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
            *ui.rows(topics, 2),
            [ui.button(lang.gettext("🔒 Privacy"), reminder_routes.Privacy())],
            ui.nav(lang, None),
        ],
    )


def commands(lang: Language) -> list[tuple[str, str]]:
    """Every command with what it does: Telegram's command menu and the /help screen."""
    return [
        ("start", lang.gettext("Main menu: where it twitches")),
        ("urgent", lang.gettext("Urgent warning signs and who to call")),
        ("reminders", lang.gettext("Sleep and water reminders")),
        ("stop", lang.gettext("Pause all reminders")),
        ("forget", lang.gettext("Delete everything the bot keeps about you")),
        ("language", lang.gettext("Change the language")),
        ("about", lang.gettext("About this information and its sources")),
        ("help", lang.gettext("What this bot does and its commands")),
    ]


def help_screen(guide: Guide, lang: Language) -> Reply:
    """/help: what the bot does, in a few lines, and every command."""
    return ui.reply(
        [
            "❓ <b>" + lang.gettext("How this bot helps") + "</b>",
            lang.gettext(
                "Tap where it twitches to see what usually causes it, what helps and when to "
                "see a doctor, or describe it in a few words, such as “my eyelid has been "
                "twitching for a week”. 📝 Check my symptoms asks a few yes/no questions."
            ),
            lang.gettext(
                "Sleep and water reminders come once or a few times a day, at times you "
                "choose; they count your glasses and show your week."
            ),
            "\n".join(f"/{command} — {escape(what)}" for command, what in commands(lang)),
            "<i>"
            + lang.gettext(
                "General information, not a diagnosis. If it feels like an emergency, call "
                "emergency services now."
            )
            + "</i>",
        ],
        [
            [check_button(lang, None)],
            [
                ui.button(lang.gettext("⏰ Reminders"), reminder_routes.Reminders()),
                ui.button(lang.gettext("🚨 Urgent warning signs"), routes.Urgent()),
            ],
            ui.nav(lang, None),
        ],
    )


def area_sources(guide: Guide, lang: Language, body_area: BodyArea) -> Reply:
    """About this information, for one area: its sources, its date, and its causes' pages."""
    causes = [
        [
            ui.button(
                "ℹ️ " + lang.texts.causes[c.id].title,
                routes.CauseSources(body_area.id, c.id),
            )
        ]
        for c in body_area.causes
    ]
    return _sources_screen(
        lang,
        lang.texts.areas[body_area.id].title,
        body_area.sources,
        body_area.reviewed,
        [*causes, ui.nav(lang, routes.Area(body_area.id))],
    )


def cause_sources(guide: Guide, lang: Language, body_area: BodyArea, topic: Cause) -> Reply:
    ids = (body_area.id, topic.id)
    return _sources_screen(
        lang,
        lang.texts.causes[topic.id].title,
        topic.sources,
        topic.reviewed,
        [
            [ui.button(lang.gettext("ℹ️ About this information"), routes.About())],
            ui.nav(lang, routes.Cause(*ids)),
        ],
    )


def _sources_screen(
    lang: Language, title: str, sources: Sequence[Source], reviewed: date, keyboard: Keyboard
) -> Reply:
    return ui.reply(
        [
            "ℹ️ <b>" + lang.gettext("Sources: {topic}").format(topic=escape(title)) + "</b>",
            ui.bullets(_source(lang, source) for source in sources),
            _reviewed(lang, reviewed),
            lang.gettext("General information written from these sources, not a diagnosis."),
        ],
        keyboard,
    )


def languages(guide: Guide, lang: Language, names: dict[str, str]) -> Reply:
    buttons = [
        ui.button(("✓ " if code == lang.code else "") + name, routes.SetLanguage(code))
        for code, name in names.items()
    ]
    return ui.reply(
        ["🌐 <b>" + lang.gettext("Choose a language") + "</b>"],
        [*ui.rows(buttons, 2), ui.nav(lang, None)],
    )


def render(guide: Guide, lang: Language, route: Route, names: dict[str, str]) -> Reply | None:
    """The guide screen a route points to, or None if it no longer resolves (expired
    button) or is not the guide's."""
    match route:
        case routes.Home():
            return home(guide, lang)
        case routes.Urgent():
            return urgent(guide, lang)
        case routes.SameDay():
            return same_day(guide, lang)
        case routes.Doctor():
            return doctor(guide, lang)
        case routes.About():
            return about(guide, lang)
        case routes.Languages():
            return languages(guide, lang, names)
        case routes.BodyMap():
            return body_map(guide, lang)  # the caption; bot/handlers.py sends the picture
        case routes.Area(area_id) | routes.AreaFlags(area_id) | routes.AreaSources(area_id):
            body_area = guide.area(area_id)
            if body_area is None:
                return None
            screen = {routes.Area: area, routes.AreaFlags: area_flags}.get(
                type(route), area_sources
            )
            return screen(guide, lang, body_area)
        case (
            routes.Cause(area_id, cause_id)
            | routes.SelfCare(area_id, cause_id)
            | routes.CauseFlags(area_id, cause_id)
            | routes.CauseSources(area_id, cause_id)
        ):
            body_area = guide.area(area_id)
            topic = body_area.cause(cause_id) if body_area else None
            if body_area is None or topic is None:
                return None
            screen_of_cause = {
                routes.Cause: cause,
                routes.SelfCare: self_care,
                routes.CauseFlags: cause_flags,
            }.get(type(route), cause_sources)
            return screen_of_cause(guide, lang, body_area, topic)
    return None  # another feature's route (bot/navigation.py), or SetLanguage: an action
