"""Which screen a guide button shows, and every screen a user can reach from the main menu.

The guide's screens are bot/screens.py's, the symptom check's bot/symptom_check.py's (it
builds on the guide's); this module picks between them, so neither imports the other
backwards. Reminder buttons are bot/reminders/handlers.py's.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot import screens, symptom_check, ui
from bot.callbacks import Route, encode
from bot.guide import Guide
from bot.i18n import Language
from bot.markup import MAX_CAPTION, MarkupError
from bot.routes import (
    About,
    Area,
    AreaFlags,
    AreaSources,
    BodyMap,
    Cause,
    CauseFlags,
    CauseSources,
    Check,
    CheckView,
    Doctor,
    Home,
    Languages,
    SameDay,
    SelfCare,
    Urgent,
)
from bot.ui import Reply


def render(guide: Guide, lang: Language, route: Route, names: dict[str, str]) -> Reply | None:
    """The screen a route points to, or None if it no longer resolves (an expired button)."""
    if isinstance(route, Check):
        return symptom_check.render(guide, lang, route)
    if isinstance(route, CheckView):
        return symptom_check.render_view(guide, lang, route, names)
    return screens.render(guide, lang, route, names)


def all_routes(guide: Guide) -> Iterator[Route]:
    """Every screen a user can reach, for start-up checks and tests."""
    yield from (Home(), Urgent(), SameDay(), Doctor(), About(), Languages(), BodyMap())
    for body_area in guide.areas:
        yield from (Area(body_area.id), AreaFlags(body_area.id), AreaSources(body_area.id))
        for topic in body_area.causes:
            ids = (body_area.id, topic.id)
            yield from (Cause(*ids), SelfCare(*ids), CauseFlags(*ids), CauseSources(*ids))
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
                if reply is None:
                    raise MarkupError("does not resolve")
                ui.check_reply(reply)
            except (MarkupError, ValueError, KeyError) as error:
                problems.append(f"{where}: {error}")
        try:  # screens that no button leads to: commands' answers; a caption's limit
            ui.check_reply(screens.help_screen(guide, lang))
            ui.check_reply(screens.body_map(guide, lang), limit=MAX_CAPTION)
        except MarkupError as error:
            problems.append(f"texts/{code}.yaml, the /help screen or a caption: {error}")
    return problems
