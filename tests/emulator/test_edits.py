"""Edits and deletes."""

from __future__ import annotations

from typing import Any

import httpx

from bot.emulator import JSON, MESSAGE_NOT_MODIFIED, BotApiEmulator
from tests.emulator.helpers import KEYBOARD, call, error, ok, started


async def test_edit_rules(server: BotApiEmulator, client: httpx.AsyncClient) -> None:
    user = await started(server)
    sent = await ok(
        client,
        server,
        "sendMessage",
        chat_id=user.id,
        text="<b>Hi</b>",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    target = {"chat_id": user.id, "message_id": sent["message_id"]}

    async def edit(method: str = "editMessageText", **params: Any) -> tuple[int, JSON]:
        return await call(client, server, method, **target, **params)

    same = {"text": "<strong>Hi</strong>", "parse_mode": "HTML", "reply_markup": KEYBOARD}
    assert (await edit(**same))[1]["description"] == MESSAGE_NOT_MODIFIED
    status, body = await edit(text="Hi", reply_markup=KEYBOARD)  # same text, no bold any more
    assert status == 200 and "entities" not in body["result"] and "edit_date" in body["result"]
    status, body = await edit(text="Hi")  # no reply_markup: the keyboard goes away
    assert status == 200 and "reply_markup" not in body["result"]
    assert user.messages[-1].buttons == []
    assert (await edit(text="Hi"))[1]["description"] == MESSAGE_NOT_MODIFIED
    assert (await edit("editMessageReplyMarkup", reply_markup=KEYBOARD))[0] == 200
    assert (await edit("editMessageReplyMarkup", reply_markup=KEYBOARD))[1]["description"] == (
        MESSAGE_NOT_MODIFIED
    )
    assert (await edit(text="Hi", reply_markup={"keyboard": [["a"]]}))[1]["description"] == (
        "Bad Request: inline keyboard expected"
    )
    assert (await edit(text="x" * 4097))[1]["description"] == "Bad Request: MESSAGE_TOO_LONG"
    assert (await edit(text=""))[1]["description"] == "Bad Request: message text is empty"
    assert await error(
        client, server, "editMessageText", chat_id=user.id, message_id=999, text="x"
    ) == (400, "Bad Request: message to edit not found")
    assert await error(client, server, "editMessageText", text="x") == (
        400,
        "Bad Request: message identifier is not specified",
    )
    user_message = server.pending_updates[0]["message"]["message_id"]
    assert await error(
        client, server, "editMessageText", chat_id=user.id, message_id=user_message, text="x"
    ) == (400, "Bad Request: message can't be edited")

    assert await ok(client, server, "deleteMessage", **target) is True
    assert user.messages == []
    assert await error(client, server, "deleteMessage", **target) == (
        400,
        "Bad Request: message to delete not found",
    )
    assert (await edit(text="again"))[1]["description"] == "Bad Request: message to edit not found"
    kinds = [snapshot.kind for snapshot in user.pending_messages()]
    assert kinds == ["new", "edit", "edit", "edit"]
