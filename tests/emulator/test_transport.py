"""Transport, tokens, methods: the HTTP face of the fake Bot API."""

from __future__ import annotations

from typing import Any

import httpx

from bot.emulator import BotApiEmulator, BotApiError
from tests.emulator.helpers import KEYBOARD, error, ok, started


async def test_get_me_tokens_and_unknown_methods(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    assert server.base_url == f"http://127.0.0.1:{server.port}/bot"
    me = await ok(client, server, "getMe")
    assert me["id"] == 123456 and me["is_bot"] is True and me["username"] == server.bot_username
    assert (await client.get(server.method_url("GETME"))).json()["ok"] is True  # any case, GET
    wrong = await client.post(server.method_url("getMe", token="654321:" + "B" * 35))
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert await error(client, server, "sendSticker") == (404, "Not Found")
    body = await client.post(server.method_url("getMe"), json={})  # JSON bodies work too
    assert body.json()["ok"] is True
    assert [(e.method, e.error_code) for e in server.errors] == [
        ("getMe", 401),
        ("sendSticker", 404),
    ]
    assert [c.method for c in server.calls][:2] == ["getMe", "getMe"]


async def test_json_body_and_form_body_are_equivalent(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    response = await client.post(
        server.method_url("sendMessage"),
        json={
            "chat_id": user.id,
            "text": "<b>hi</b>",
            "parse_mode": "HTML",
            "reply_markup": KEYBOARD,
        },
    )
    message = response.json()["result"]
    assert message["text"] == "hi"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
    assert message["reply_markup"] == KEYBOARD
    assert message["from"]["is_bot"] is True and message["chat"]["type"] == "private"


async def test_method_hooks_see_every_known_call_and_can_fail_it(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    seen: list[str] = []

    async def flaky_send(method: str, params: dict[str, Any]) -> None:
        seen.append(method)
        if method == "sendMessage" and params.get("text") == "fail":
            raise BotApiError(502, "Bad Gateway")

    server.hooks.append(flaky_send)
    user = await started(server)
    assert await error(client, server, "sendMessage", chat_id=user.id, text="fail") == (
        502,
        "Bad Gateway",
    )
    assert user.pending_messages() == []  # the failed call changed nothing
    await ok(client, server, "sendMessage", chat_id=user.id, text="fine")
    await error(client, server, "sendSticker")  # unknown methods never reach a hook
    assert seen == ["sendMessage", "sendMessage"]
    assert [(e.method, e.error_code) for e in server.errors] == [
        ("sendMessage", 502),
        ("sendSticker", 404),
    ]
