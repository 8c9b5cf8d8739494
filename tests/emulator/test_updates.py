"""getUpdates, webhooks, flood control and injected failures."""

from __future__ import annotations

import asyncio
import time

import httpx
from aiohttp import web

from bot.emulator import CONFLICT_OTHER_GET_UPDATES, CONFLICT_WEBHOOK_ACTIVE, JSON, BotApiEmulator
from tests.emulator.helpers import TOKEN, call, error, ok, started


async def test_long_polling_offsets_and_conflicts(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = server.user(1001)
    started_at = time.monotonic()
    poll = asyncio.create_task(call(client, server, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    await user.send("/start@fake_test_bot now")
    status, body = await poll
    assert status == 200 and time.monotonic() - started_at < 1.0  # returned promptly
    message = body["result"][0]["message"]
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 20}]
    assert message["from"]["language_code"] == "en"
    first_id = body["result"][0]["update_id"]
    assert await ok(client, server, "getUpdates", offset=first_id + 1) == []

    for text in ("a", "b", "c"):
        await user.send(text)
    assert [u["update_id"] for u in await ok(client, server, "getUpdates", limit=2)] == [
        first_id + 1,
        first_id + 2,
    ]
    last = await ok(client, server, "getUpdates", offset=-1)
    assert [u["message"]["text"] for u in last] == ["c"]
    assert await ok(client, server, "getUpdates", offset=last[0]["update_id"] + 1) == []

    # a second long poll terminates the first one, as with two bot instances
    first = asyncio.create_task(call(client, server, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(call(client, server, "getUpdates", timeout=5))
    status, body = await first
    assert (status, body["description"]) == (409, CONFLICT_OTHER_GET_UPDATES)
    await user.send("d")
    update_d = (await second)[1]["result"][0]
    assert update_d["message"]["text"] == "d"

    # allowed_updates filters what is queued from then on
    confirm = update_d["update_id"] + 1
    await ok(client, server, "getUpdates", offset=confirm, allowed_updates=["callback_query"])
    await user.send("ignored")
    assert await ok(client, server, "getUpdates") == []


async def test_webhook_delivery_with_secret(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    received: list[tuple[JSON, str | None]] = []
    arrived = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        arrived.set()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        assert await error(client, server, "setWebhook", url=url, secret_token="bad token!") == (
            400,
            "Bad Request: secret token contains unallowed characters",
        )
        assert await error(client, server, "setWebhook", url=url, secret_token="s" * 257) == (
            400,
            "Bad Request: secret token is too long",
        )
        _, body = await call(client, server, "setWebhook", url=url, secret_token="Tok_en-1")
        assert body == {"ok": True, "result": True, "description": "Webhook was set"}
        assert (await call(client, server, "setWebhook", url=url, secret_token="Tok_en-1"))[1][
            "description"
        ] == "Webhook is already set"
        assert await error(client, server, "getUpdates") == (409, CONFLICT_WEBHOOK_ACTIVE)

        user = server.user(1001)
        await user.send("via webhook")
        await asyncio.wait_for(arrived.wait(), 2)
        update, secret = received[0]
        assert secret == "Tok_en-1" and update["message"]["text"] == "via webhook"
        info = await ok(client, server, "getWebhookInfo")
        assert info["url"] == url and info["pending_update_count"] == 0

        _, body = await call(client, server, "deleteWebhook")
        assert body["description"] == "Webhook was deleted"
        assert await ok(client, server, "getUpdates") == []
        assert (await call(client, server, "deleteWebhook"))[1]["description"] == (
            "Webhook is already deleted"
        )
    finally:
        await runner.cleanup()


async def test_flood_control_and_injected_failures(client: httpx.AsyncClient) -> None:
    async with BotApiEmulator(token=TOKEN, max_messages_per_second=2) as server:
        user = await started(server)
        for _ in range(2):
            await ok(client, server, "sendMessage", chat_id=user.id, text="x")
        status, body = await call(client, server, "sendMessage", chat_id=user.id, text="x")
        assert (status, body) == (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            },
        )
    async with BotApiEmulator(token=TOKEN) as server:
        user = await started(server)
        server.fail_next("sendMessage", 502, "Bad Gateway")
        server.fail_next("sendmessage", 429, "Too Many Requests: retry after 3", retry_after=3)
        assert await error(client, server, "sendMessage", chat_id=user.id, text="x") == (
            502,
            "Bad Gateway",
        )
        status, body = await call(client, server, "sendMessage", chat_id=user.id, text="x")
        assert status == 429 and body["parameters"] == {"retry_after": 3}
        assert await ok(client, server, "sendMessage", chat_id=user.id, text="x")
        assert [e.error_code for e in server.errors] == [502, 429]
        assert await error(client, server, "close") == (429, "Too Many Requests: retry after 600")
