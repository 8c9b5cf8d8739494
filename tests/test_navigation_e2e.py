"""End to end: a user taps through the guide on the real bot against a fake Telegram."""

from __future__ import annotations

import pytest

from bot.config import HTTP_CLIENTS
from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.guide import Tier
from bot.markup import visible_text
from tests.conftest import BotRunner

EMERGENCY_NUMBERS = {"en": ("999", "911", "112"), "ru": ("112", "103")}


@pytest.mark.parametrize("http_client", HTTP_CLIENTS)
@pytest.mark.parametrize("code", ["en", "ru"])
async def test_full_navigation(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    texts = lang.texts
    guide = services.guide
    user = telegram.user(1001, language_code=code, first_name="Alex")

    async with bot_runner():
        await user.send("/start")
        home = await user.wait_for_message()
        assert lang.gettext("Muscle twitching: a calm guide") in home.text
        assert "not a diagnosis" in home.text or "не диагноз" in home.text
        labels = home.button_texts()
        for area in guide.areas:
            assert texts.areas[area.id].title in labels
        menu_id = home.message_id

        # Area -> causes, most likely first, edited in place.
        area = guide.areas[0]
        screen = await user.tap_and_wait(texts.areas[area.id].title)
        assert screen.message_id == menu_id, "navigation edits the message in place"
        assert texts.areas[area.id].title in screen.text
        cause_labels = [texts.causes[c.id].title for c in area.causes]
        assert [label for label in screen.button_texts() if label in cause_labels] == cause_labels

        # Cause -> self-care -> back -> red flags -> home.
        cause = area.causes[0]
        screen = await user.tap_and_wait(texts.causes[cause.id].title)
        assert texts.causes[cause.id].title in screen.text
        assert texts.causes[cause.id].how_common.split("<")[0] in screen.html
        screen = await user.tap_and_wait(lang.gettext("ℹ️ Sources"))
        assert lang.gettext("Text last updated: {date}").split(":")[0] in screen.text
        assert cause.sources[0].url in screen.html
        screen = await user.tap_and_wait(lang.gettext("⬅️ Back"))
        screen = await user.tap_and_wait(lang.gettext("🌿 What helps"))
        assert lang.gettext("What helps: {topic}").format(topic="") in screen.text
        screen = await user.tap_and_wait(lang.gettext("⬅️ Back"))
        assert lang.gettext("🌿 What helps") in screen.button_texts()
        screen = await user.tap_and_wait(lang.gettext("🩺 When to see a doctor"))
        assert lang.gettext("See a doctor soon if:") in screen.text
        screen = await user.tap_and_wait(lang.gettext("🏠 Home"))
        assert lang.gettext("Muscle twitching: a calm guide") in screen.text

        # Urgent signs: one tap from the menu, with the local number, and by /urgent.
        screen = await user.tap_and_wait(lang.gettext("🚨 Urgent warning signs"))
        assert all(number in screen.text for number in EMERGENCY_NUMBERS[code])
        first_emergency = guide.flags_of_tier(Tier.EMERGENCY)[0]
        assert visible_text(texts.red_flags[first_emergency.id]).split()[0] in screen.text
        screen = await user.tap_and_wait(lang.gettext("🩺 See a doctor soon: the signs"))
        assert lang.gettext("See a doctor soon (within days) if:") in screen.text
        await user.send("/urgent")
        urgent = await user.wait_for_message()
        assert urgent.message_id != menu_id
        assert lang.gettext("Urgent warning signs") in urgent.text
        assert all(number in urgent.text for number in EMERGENCY_NUMBERS[code])

        # Every screen kind has a way home: no dead ends.
        for message in user.messages:
            assert message.buttons, f"a message without buttons: {message.text[:60]!r}"

    assert telegram.errors == []
    assert telegram.unanswered_callback_queries() == []


async def test_language_follows_telegram_then_the_users_choice_across_restarts(
    telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    ru, en = services.languages["ru"], services.languages["en"]
    user = telegram.user(2002, language_code="ru-RU")
    stranger = telegram.user(2003, language_code="de")

    async with bot_runner():
        await stranger.send("/start")
        assert (
            en.gettext("Muscle twitching: a calm guide") in (await stranger.wait_for_message()).text
        )

        await user.send("/start")
        home = await user.wait_for_message()
        assert ru.gettext("Muscle twitching: a calm guide") in home.text
        await user.tap_and_wait(ru.gettext("🌐 Language"))
        screen = await user.tap_and_wait(en.texts.name)
        assert en.gettext("Muscle twitching: a calm guide") in screen.text
        assert user.callback_answers[-1]["text"] == en.gettext("Language: {name}").format(
            name=en.texts.name
        )

    # Commands are registered per language, and this chat's follow the choice.
    assert next(c["description"] for c in telegram.commands(language_code="ru")) == ru.gettext(
        "Main menu: where it twitches"
    )
    assert telegram.commands(language_code="en")[0]["command"] == "start"

    async with bot_runner():  # a restart: the choice is in the database
        await user.send("/start")
        assert en.gettext("Muscle twitching: a calm guide") in (await user.wait_for_message()).text

    assert telegram.errors == []


async def test_expired_buttons_and_free_text_get_a_fresh_menu(
    telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    en = services.languages["en"]
    user = telegram.user(3003, language_code="en")
    async with bot_runner():
        await user.send("/start")
        home = await user.wait_for_message()
        notice = en.gettext("This menu has expired. Here is a fresh one.")
        for stale in ["c:eyelid:no_such_cause", "a:removed_area", "v9|old-format", "L:xx"]:
            query_id = await user.tap_data_nowait(stale, message=home)
            assert (await user.wait_for_answer(query_id))["text"] == notice
            stripped, fresh = await user.wait_for_messages(2)
            assert stripped.message_id == home.message_id and not stripped.buttons
            assert fresh.kind == "new" and notice in fresh.text
            assert en.texts.areas["eyelid"].title in fresh.button_texts()
            home = fresh

        await user.send("my eyelid keeps twitching???")
        offer = await user.wait_for_message()
        assert en.gettext("Is it one of these?") in offer.text
        assert en.texts.causes["eyelid_myokymia"].title in offer.button_texts()

        await user.send("asdf qwerty")
        hint = await user.wait_for_message()
        assert "recognise" in hint.text
        assert en.texts.areas["eyelid"].title in hint.button_texts()

        await user.send("/nonsense")
        assert en.gettext("Muscle twitching: a calm guide") in (await user.wait_for_message()).text

    assert telegram.errors == []
    assert telegram.unanswered_callback_queries() == []


async def test_double_tap_is_harmless(
    telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    en = services.languages["en"]
    user = telegram.user(4004, language_code="en")
    async with bot_runner():
        await user.send("/start")
        home = await user.wait_for_message()
        label = en.texts.areas["leg"].title
        screen = await user.tap_and_wait(label, message=home)
        query_id = await user.tap(label, message=home)  # the old snapshot, tapped again
        await user.wait_for_answer(query_id)
        await user.assert_no_message(within=0.5)
        assert user.messages[-1].text == screen.text
    # Telegram refuses the identical second edit; the bot treats it as done.
    assert {e.description for e in telegram.errors} <= {
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    }
    assert telegram.unanswered_callback_queries() == []
