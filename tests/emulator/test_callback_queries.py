"""Callback queries, blocked users and chat actions."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.emulator import BOT_BLOCKED, QUERY_ID_INVALID, BotApiEmulator
from tests.emulator.helpers import TOKEN, button, error, ok, started


async def test_callback_query_rules(client: httpx.AsyncClient) -> None:
    async with BotApiEmulator(token=TOKEN, callback_timeout=0.5) as server:
        user = await started(server, language_code="ru", first_name="Ира")
        keyboard = {
            "inline_keyboard": [
                [button("Go ▶️", callback_data="go"), button("Site", url="https://example.com")]
            ]
        }
        sent = await ok(
            client, server, "sendMessage", chat_id=user.id, text="pick", reply_markup=keyboard
        )
        query_id = await user.tap("Go")  # a unique substring is enough
        update = (await ok(client, server, "getUpdates"))[-1]
        query = update["callback_query"]
        assert query["id"] == query_id and query["data"] == "go"
        assert query["from"]["language_code"] == "ru" and query["from"]["first_name"] == "Ира"
        assert query["message"]["message_id"] == sent["message_id"]
        assert query["message"]["reply_markup"] == sent["reply_markup"]
        assert query["chat_instance"]

        assert await error(
            client, server, "answerCallbackQuery", callback_query_id=query_id, text="x" * 201
        ) == (400, "Bad Request: MESSAGE_TOO_LONG")
        assert (
            await ok(client, server, "answerCallbackQuery", callback_query_id=query_id, text="ok")
            is True
        )
        assert user.callback_answers[-1]["text"] == "ok"
        for query_id_to_answer in (query_id, "12345"):
            assert await error(
                client, server, "answerCallbackQuery", callback_query_id=query_id_to_answer
            ) == (400, QUERY_ID_INVALID)

        late = await user.tap("Go ▶️")
        await asyncio.sleep(0.55)
        assert await error(client, server, "answerCallbackQuery", callback_query_id=late) == (
            400,
            QUERY_ID_INVALID,
        )
        assert server.unanswered_callback_queries() == [late]

        with pytest.raises(AssertionError, match=r"available buttons: \['Go ▶️', 'Site'\]"):
            await user.tap("Stop")
        with pytest.raises(AssertionError, match="is a url button"):
            await user.tap("Site")
        forged = await user.tap_data_nowait("forged:1")
        assert server.pending_updates[-1]["callback_query"]["data"] == "forged:1"
        assert await ok(
            client, server, "answerCallbackQuery", callback_query_id=forged, show_alert=True
        )
        assert (await user.wait_for_answer(forged))["show_alert"] is True
        with pytest.raises(AssertionError, match="NOT answered"):
            await user.tap_and_wait("Go", timeout=0.2)


async def test_blocked_user_and_chat_actions(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    assert await ok(client, server, "sendChatAction", chat_id=user.id, action="typing") is True
    assert user.chat_actions == ["typing"]
    assert await error(client, server, "sendChatAction", chat_id=user.id, action="dancing") == (
        400,
        "Bad Request: wrong parameter action in request",
    )
    user.block()
    blocked_update = server.pending_updates[-1]["my_chat_member"]
    assert blocked_update["new_chat_member"]["status"] == "kicked"
    assert await error(client, server, "sendMessage", chat_id=user.id, text="hi") == (
        403,
        BOT_BLOCKED,
    )
    assert await error(client, server, "sendChatAction", chat_id=user.id, action="typing") == (
        403,
        BOT_BLOCKED,
    )
    with pytest.raises(AssertionError, match="blocked the bot"):
        await user.send("hello")
    user.unblock()
    assert await ok(client, server, "sendMessage", chat_id=user.id, text="welcome back")
    assert server.errors[-1].chat_id == user.id
