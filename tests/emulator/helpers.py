"""Calling the fake Bot API the way python-telegram-bot's HTTPXRequest does, and reading answers."""

from __future__ import annotations

import json
from typing import Any

import httpx

from bot.emulator import JSON, BotApiEmulator, SimulatedUser

TOKEN = "123456:" + "A" * 35
KEYBOARD = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}


def _form(params: dict[str, Any]) -> dict[str, str]:
    """Encode parameters the way python-telegram-bot's HTTPXRequest does."""
    encoded = {}
    for key, value in params.items():
        if isinstance(value, str):
            encoded[key] = value
        else:
            encoded[key] = json.dumps(value)
    return encoded


async def call(
    client: httpx.AsyncClient, server: BotApiEmulator, method: str, **params: Any
) -> tuple[int, JSON]:
    response = await client.post(server.method_url(method), data=_form(params))
    return response.status_code, response.json()


async def ok(client: httpx.AsyncClient, server: BotApiEmulator, method: str, **params: Any) -> Any:
    status, body = await call(client, server, method, **params)
    assert status == 200 and body["ok"] is True, body
    return body["result"]


async def error(
    client: httpx.AsyncClient, server: BotApiEmulator, method: str, **params: Any
) -> tuple[int, str]:
    status, body = await call(client, server, method, **params)
    assert body["ok"] is False and body["error_code"] == status, body
    return status, body["description"]


async def started(server: BotApiEmulator, user_id: int = 1001, **kwargs: Any) -> SimulatedUser:
    user = server.user(user_id, **kwargs)
    await user.send("/start")
    return user


def button(text: str = "a", **action: Any) -> dict[str, Any]:
    """An inline button as JSON: ``button("Go", callback_data="go")``."""
    return {"text": text, **action}
