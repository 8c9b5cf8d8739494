"""Screens: every one fits Telegram's limits, in every language, and none is a dead end."""

from __future__ import annotations

import pytest

from bot import routes, screens
from bot.callbacks import Route, decode, encode
from bot.context import Services
from bot.markup import visible_text
from bot.reminders.routes import Privacy, ReminderRoute, ReminderSettings


def test_every_screen_in_every_language_is_valid(services: Services) -> None:
    assert screens.check_screens(services.guide, services.languages) == []


@pytest.mark.parametrize("code", ["en", "ru"])
def test_every_screen_is_reachable_and_leads_home(services: Services, code: str) -> None:
    lang = services.languages[code]
    seen: set[str] = set()
    queue: list[Route] = [routes.Home()]
    while queue:
        route = queue.pop()
        if encode(route) in seen:
            continue
        seen.add(encode(route))
        reply = screens.render(services.guide, lang, route, services.language_names)
        assert reply is not None, f"{encode(route)} does not resolve"
        targets = [b.callback_data for row in reply.keyboard.inline_keyboard for b in row]
        if not isinstance(route, routes.Home):
            assert "h" in targets, f"{encode(route)} has no way home"
        for data in targets:
            target = decode(str(data))
            assert target is not None, f"{encode(route)} has a button that does not decode"
            # Reminder screens depend on the user's data: tests/test_reminder_screens.py
            if not isinstance(target, routes.SetLanguage | ReminderRoute):
                queue.append(target)
    assert seen == {encode(route) for route in screens.all_routes(services.guide)}


def test_area_lists_its_causes_in_order_with_a_plural(services: Services) -> None:
    ru = services.languages["ru"]
    area = services.guide.area("eyelid")
    assert area is not None
    reply = screens.area(services.guide, ru, area)
    labels = [row[0].text for row in reply.keyboard.inline_keyboard[: len(area.causes)]]
    assert labels == [ru.texts.causes[c.id].title for c in area.causes]
    count = len(area.causes)
    assert f"{count} возможн" in reply.text


def test_cause_screen_says_how_common_and_links_its_sources(services: Services) -> None:
    en = services.languages["en"]
    area = services.guide.area("whole_body")
    assert area is not None
    cause = area.causes[-1]  # motor neurone disease: rare, and the screen says so first
    reply = screens.cause(services.guide, en, area, cause)
    lines = visible_text(reply.text).split("\n")
    assert lines[2].startswith("Rare")
    sources = next(b for row in reply.keyboard.inline_keyboard for b in row if "Sources" in b.text)
    assert decode(str(sources.callback_data)) == routes.CauseSources(area.id, cause.id)


def test_sources_screen_names_every_source_and_the_review_date(services: Services) -> None:
    ru = services.languages["ru"]
    area = services.guide.area("leg")
    assert area is not None
    cause = area.causes[0]
    reply = screens.cause_sources(services.guide, ru, area, cause)
    text = visible_text(reply.text)
    for source in cause.sources:
        assert ru.texts.source_title(source) in text
        if source.url:
            assert f'href="{source.url}"' in reply.text
    assert "Текст обновлён" in text and str(cause.reviewed.year) in text


def test_about_lists_every_topic(services: Services) -> None:
    en = services.languages["en"]
    reply = screens.about(services.guide, en)
    targets = [decode(str(b.callback_data)) for row in reply.keyboard.inline_keyboard for b in row]
    areas = len(services.guide.areas)
    assert [routes.AreaSources(a.id) for a in services.guide.areas] == targets[:areas]
    assert targets[areas:] == [Privacy(), routes.Home()]
    for body_area in services.guide.areas:
        sources = screens.area_sources(services.guide, en, body_area)
        labels = [b.text for row in sources.keyboard.inline_keyboard for b in row]
        for cause in body_area.causes:
            assert "ℹ️ " + en.texts.causes[cause.id].title in labels


def test_back_from_self_care_returns_to_the_same_cause(services: Services) -> None:
    en = services.languages["en"]
    area = services.guide.area("whole_body")
    assert area is not None
    cause = area.causes[0]
    reply = screens.self_care(services.guide, en, area, cause)
    back = next(b for row in reply.keyboard.inline_keyboard for b in row if "Back" in b.text)
    assert decode(str(back.callback_data)) == routes.Cause(area.id, cause.id)


def test_language_menu_marks_the_current_language(services: Services) -> None:
    ru = services.languages["ru"]
    reply = screens.languages(services.guide, ru, services.language_names)
    labels = [b.text for row in reply.keyboard.inline_keyboard for b in row]
    assert "✓ Русский" in labels and "English" in labels


def test_self_care_offers_reminders_only_for_the_causes_they_help(services: Services) -> None:
    en = services.languages["en"]
    offered = {}
    for area in services.guide.areas:
        for cause in area.causes:
            reply = screens.self_care(services.guide, en, area, cause)
            targets = [
                decode(str(b.callback_data)) for row in reply.keyboard.inline_keyboard for b in row
            ]
            offered[cause.id] = sorted(
                r.kind.value for r in targets if isinstance(r, ReminderSettings)
            )
    assert {cause: kinds for cause, kinds in offered.items() if kinds} == {
        "fatigue": ["sleep", "water"],
        "stress": ["sleep"],
        "poor_sleep": ["sleep"],
        "dehydration": ["water"],
        "electrolytes": ["water"],
    }


def test_russian_doctor_screen_says_to_call_not_to_read_in_an_emergency(
    services: Services,
) -> None:
    # A native editor found «не ждите: посмотрите тревожные признаки» here: someone who
    # feels it is an emergency was told to read a list instead of calling.
    text = visible_text(screens.doctor(services.guide, services.languages["ru"]).text)
    assert "звоните 112 или 103" in text
    assert "тревожные признаки" not in text.lower()
