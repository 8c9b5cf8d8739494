"""/help, the command menu, and the bot's places named in a typed message."""

from __future__ import annotations

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.places import Place, place_named
from tests.helpers import BotRunner


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("reminders", Place.REMINDERS),
        ("Reminders!", Place.REMINDERS),
        ("Напоминания", Place.REMINDERS),
        ("stop", Place.STOP),
        ("Стоп.", Place.STOP),
        ("language", Place.LANGUAGE),
        ("язык", Place.LANGUAGE),
        ("delete my data", Place.FORGET),
        ("Удалить мои данные", Place.FORGET),
        ("удали мои данные, пожалуйста", Place.FORGET),
        ("help", Place.HELP),
        ("помощь", Place.HELP),
        ("please help", Place.HELP),
        # by what the words are about, not whole fixed phrases
        ("open my water reminder", Place.REMINDERS),
        ("I want to set up reminders", Place.REMINDERS),
        ("reminder settings please", Place.REMINDERS),
        ("настрой напоминалку", Place.REMINDERS),
        ("покажи мои напоминания", Place.REMINDERS),
        ("хочу напоминания о сне", Place.REMINDERS),
        ("notifications", Place.REMINDERS),
        ("please stop the notifications", Place.STOP),
        ("don't remind me anymore", Place.STOP),
        ("mute the bot", Place.STOP),
        ("cancel all my reminders", Place.STOP),
        ("отключи уведомления пожалуйста", Place.STOP),
        ("больше не напоминай мне", Place.STOP),
        ("прекрати слать сообщения", Place.STOP),
        ("поставь на паузу", Place.STOP),
        ("talk to me in english", Place.LANGUAGE),
        ("change the language to russian", Place.LANGUAGE),
        ("говори по-русски", Place.LANGUAGE),
        ("можно на русском", Place.LANGUAGE),
        ("поменяй язык на английский", Place.LANGUAGE),
        ("wipe all my data", Place.FORGET),
        ("remove everything about me", Place.FORGET),
        ("удалите мой аккаунт", Place.FORGET),
        ("очисти всю историю", Place.FORGET),
        ("забудь всё обо мне", Place.FORGET),
        ("how do I use this bot", Place.HELP),
        ("what can this bot do", Place.HELP),
        ("как пользоваться ботом?", Place.HELP),
        ("что ты умеешь делать", Place.HELP),
        ("инструкция", Place.HELP),
    ],
)
def test_a_place_named_in_either_language(text: str, place: Place) -> None:
    assert place_named(text) is place


@pytest.mark.parametrize(
    "text",
    [
        "stop the twitching",
        "my eye twitches",
        "help my arm is weak",
        "не могу остановить дрожь",
        "",
        # a place's words about something else: a symptom, the tongue, a remark
        "how can I stop a calf cramp",
        "help, my hand shakes",
        "will it stop on its own",
        "my tongue twitches in english class",
        "язык немеет",
        "как перестать нервничать",
        "помогите мне пожалуйста с глазом",
        "хватит ли воды",
        "напомню себе",
        "I forgot to drink water",
        "remove the cause",
        "delete",
        "what do I do",
        "what can I do",
        "ok thanks",
        "спокойной ночи",
    ],
)
def test_a_description_is_not_a_place(text: str) -> None:
    assert place_named(text) is None


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_help_explains_every_command(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    user = telegram.user(5005, language_code=code)
    async with bot_runner():
        await user.send("/help")
        help_screen = await user.wait_for_message()
        assert lang.gettext("How this bot helps") in help_screen.text
        assert lang.gettext("Muscle twitching: a calm guide") not in help_screen.text
        menu = telegram.commands(language_code=code)
        for command in ("start", "urgent", "reminders", "stop", "forget", "language", "about"):
            assert f"/{command} " in help_screen.text
            assert command in [c["command"] for c in menu]
        assert lang.gettext("⏰ Reminders") in help_screen.button_texts()
        # Typed instead of the command, in the user's language.
        await user.send({"en": "help", "ru": "помощь"}[code])
        assert lang.gettext("How this bot helps") in (await user.wait_for_message()).text


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_typed_places_open_their_screens(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    user = telegram.user(6006, language_code=code)
    words = {
        "en": ("reminders", "language", "stop", "delete my data"),
        "ru": ("напоминания", "язык", "стоп", "удалить мои данные"),
    }[code]
    async with bot_runner():
        await user.send(words[0])
        reminders = await user.wait_for_message()
        assert lang.gettext("🌙 Sleep reminder") in reminders.button_texts()
        await user.send(words[1])
        languages = await user.wait_for_message()
        assert lang.gettext("Choose a language") in languages.text
        await user.send(words[2])
        stopped = await user.wait_for_message()
        assert lang.gettext(
            "You have no reminders turned on, so there is nothing to pause."
        ) in stopped.text
        await user.send(words[3])
        confirm = await user.wait_for_message()
        assert lang.gettext("Delete all your data?") in confirm.text
        # An emergency is still read first.
        await user.send({"en": "I can't breathe", "ru": "не могу дышать"}[code])
        assert lang.gettext("Call emergency services now") in (await user.wait_for_message()).text
