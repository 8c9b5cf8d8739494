"""The same words for the same idea, in every language, so that they do not drift:

- turn off: one reminder, its times kept (and turn on);
- pause all: every reminder, /stop (and resume);
- remove: one reminder, its times deleted, asked first;
- delete: everything stored, /forget, asked first.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import pytest

from bot import screens
from bot.callbacks import Route, decode
from bot.context import Services
from bot.reminders import routes
from bot.reminders.screens import sample_screens, stopped
from bot.reminders.tips import load_tips
from bot.ui import Reply

# Each idea: the word stem it is written with, and the stems of the others it must not use.
STEMS = {
    "turn off": {"en": "off", "ru": "выкл"},
    "turn on": {"en": "turn", "ru": "включ"},
    "pause": {"en": "paus", "ru": "приостан"},
    "resume": {"en": "resum", "ru": "возобнов"},
    "remove": {"en": "remov", "ru": "удал"},
    "delete": {"en": "delet", "ru": "удал"},
}
# Words that would blur two ideas: Russian "пауза" next to "приостановить", "включить" for
# resuming, "remove"/"delete" crossed in English.
FORBIDDEN = {
    "pause": {"en": ("turn off",), "ru": ("пауз", "выкл")},
    "resume": {"en": ("turn on",), "ru": ("включ", "пауз")},
    "turn off": {"en": ("paus",), "ru": ("приостан", "пауз")},
    "remove": {"en": ("delet",), "ru": ()},
    "delete": {"en": ("remov",), "ru": ()},
}
BUTTONS: dict[type[Route], str] = {
    routes.TurnOff: "turn off",
    routes.TurnOn: "turn on",
    routes.PauseAll: "pause",
    routes.ResumeAll: "resume",
    routes.Remove: "remove",
    routes.RemoveConfirmed: "remove",
    routes.Forget: "delete",
    routes.ForgetConfirmed: "delete",
}
# Texts (msgids) that speak of one idea: screens, notices, /help and the command menu.
TEXTS = {
    "turn off": [
        "⏸ Turn off",
        "Turned off. Its times are kept for when you want it back.",
        "off ({plan})",
        "This reminder is off now, so there is nothing to snooze.",
    ],
    "pause": [
        "⏸ Pause all",
        "Pause all reminders",
        "/stop pauses all reminders in one step.",
        "All reminders are paused.",
        "paused ({plan})",
        "You have no reminders turned on, so there is nothing to pause.",
    ],
    "resume": ["▶️ Resume all", "Reminders resumed.", "Welcome back: your reminders have resumed."],
    "remove": ["🗑 Remove", "Remove this reminder?", "🗑 Yes, remove"],
    "delete": [
        "🗑 Delete all my data",
        "Delete all your data?",
        "🗑 Yes, delete everything",
        "Delete everything the bot keeps about you",
    ],
}


def _labels_by_route(replies: list[Reply]) -> dict[type[Route], set[str]]:
    found: dict[type[Route], set[str]] = defaultdict(set)
    for reply in replies:
        for row in getattr(reply.keyboard, "inline_keyboard", ()):
            for button in row:
                route = decode(button.callback_data)
                if type(route) in BUTTONS:
                    found[type(route)].add(button.text)
    return found


@pytest.mark.parametrize("code", ["en", "ru"])
def test_each_action_has_one_label_with_its_word(services: Services, code: str) -> None:
    """Every button for an action, on every reminder screen, reads the same and uses the
    idea's word (e.g. every Russian "turn off" button says «Выключить»)."""
    lang = services.languages[code]
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    replies: list[Reply] = [
        reply
        for _, reply in sample_screens(lang, load_tips(services.languages), now)
        if isinstance(reply, Reply)
    ]
    replies += [stopped(lang, 1), screens.help_screen(services.guide, lang)]
    found = _labels_by_route(replies)
    assert set(found) == set(BUTTONS), "every action appears on some screen"
    for route, labels in found.items():
        idea = BUTTONS[route]
        # "Turn on" also labels the new water reminder's one-tap start, with its plan
        assert len(labels) == 1 or route is routes.TurnOn, f"{route.__name__}: {labels}"
        for label in labels:
            assert STEMS[idea][code] in label.lower(), (idea, label)


@pytest.mark.parametrize("code", ["en", "ru"])
@pytest.mark.parametrize("idea", sorted(TEXTS))
def test_each_idea_is_written_with_its_word(services: Services, code: str, idea: str) -> None:
    lang = services.languages[code]
    for msgid in TEXTS[idea]:
        text = lang.gettext(msgid).lower()
        assert STEMS[idea][code] in text, (idea, text)
        for other in FORBIDDEN.get(idea, {}).get(code, ()):
            assert other not in text, (idea, text, other)


def test_the_command_menu_and_help_use_the_same_words(services: Services) -> None:
    for lang in services.languages.values():
        described = dict(screens.commands(lang))
        assert described["stop"] == lang.gettext("Pause all reminders")
        assert described["forget"] == lang.gettext("Delete everything the bot keeps about you")
        help_text = screens.help_screen(services.guide, lang).text
        assert f"/stop — {described['stop']}" in help_text
