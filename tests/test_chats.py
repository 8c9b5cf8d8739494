"""Issue 9, defects 4 and 5: groups get a pointer to the private chat, and messages that
are not text get a kind answer with the menu."""

from __future__ import annotations

import asyncio

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.conftest import BotRunner
from tests.updates import MEDIA, callback_query, group_chat, message, private_chat, text_message

GROUP = -1001234567890
MEMBER = 3001


def sent_to(telegram: BotApiEmulator, chat_id: int) -> list[dict]:
    return [
        call.params
        for call in telegram.calls_to("sendMessage")
        if str(call.params.get("chat_id")) == str(chat_id)
    ]


@pytest.mark.parametrize("command", ["/start", "/start@fake_test_bot", "/urgent", "/reminders"])
async def test_a_command_in_a_group_gets_a_link_to_the_private_chat(
    telegram: BotApiEmulator, bot_runner: BotRunner, services: Services, command: str
) -> None:
    en = services.languages["en"]
    group = telegram.user(GROUP)  # stands in for the group chat, so messages can land there
    group.has_chat = True
    async with bot_runner():
        telegram.push_update("message", text_message(group_chat(GROUP), MEMBER, command))
        note = await group.wait_for_message()
        assert "private chat" in note.text
        (row,) = note.inline_keyboard
        assert row[0]["url"] == "https://t.me/fake_test_bot?start=group"
        assert en.gettext("💬 Open the private chat") == row[0]["text"]
        await group.assert_no_message(within=0.3)
    assert [str(c.params.get("chat_id")) for c in telegram.calls_to("sendMessage")] == [str(GROUP)]
    telegram.assert_no_errors()


async def test_other_group_messages_and_other_bots_commands_are_ignored(
    telegram: BotApiEmulator, bot_runner: BotRunner
) -> None:
    group = telegram.user(GROUP)
    group.has_chat = True
    async with bot_runner():
        for text in ("my eyelid twitches", "/start@other_bot", "can't breathe"):
            telegram.push_update("message", text_message(group_chat(GROUP), MEMBER, text))
        telegram.push_update(
            "message", message(group_chat(GROUP), MEMBER, **{"sticker": MEDIA["sticker"]})
        )
        await asyncio.sleep(0.8)
        assert telegram.pending_updates == []
    assert telegram.calls_to("sendMessage") == []
    telegram.assert_no_errors()


async def test_a_button_in_a_group_answers_with_the_link_and_sends_nothing(
    telegram: BotApiEmulator, bot_runner: BotRunner
) -> None:
    async with bot_runner():
        for data in ("i", "ro:sleep", "rD", "L:ru", "forged²"):
            telegram.push_update("callback_query", callback_query(group_chat(GROUP), MEMBER, data))
        await asyncio.sleep(0.8)
    answers = telegram.calls_to("answerCallbackQuery")
    assert len(answers) == 5
    assert {a.params["url"] for a in answers} == {"https://t.me/fake_test_bot?start=group"}
    assert telegram.calls_to("sendMessage") == [], "nothing to the group, nothing to the member"
    assert telegram.calls_to("editMessageText") == []


@pytest.mark.parametrize("kind", [*sorted(set(MEDIA) - {"location", "venue"}), "location"])
@pytest.mark.parametrize("code", ["en", "ru"])
async def test_a_message_that_is_not_text_gets_a_kind_answer_with_the_menu(
    telegram: BotApiEmulator, bot_runner: BotRunner, services: Services, kind: str, code: str
) -> None:
    lang = services.languages[code]
    user = telegram.user(3100, language_code=code)
    user.has_chat = True
    async with bot_runner():
        payload = message(private_chat(3100), 3100, **{kind: MEDIA[kind]})
        payload["from"]["language_code"] = code
        telegram.push_update("message", payload)
        answer = await user.wait_for_message()
    notice = lang.gettext(
        "I can read only text and buttons. Tap where it twitches, or describe it in a few words."
    )
    assert notice in answer.text
    assert lang.texts.areas[services.guide.areas[0].id].title in answer.button_texts()
    telegram.assert_no_errors()
