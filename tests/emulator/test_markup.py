"""Reply markup: what Telegram rejects and how it returns the rest."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.emulator import BotApiEmulator
from tests.emulator.helpers import button, error, ok, started


@pytest.mark.parametrize(
    ("markup", "description"),
    [
        (
            {"inline_keyboard": [[button(callback_data="x" * 65)]]},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"inline_keyboard": [[button(callback_data="ж" * 33)]]},  # 66 bytes
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"inline_keyboard": [[button()]]},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"inline_keyboard": [[button(callback_data="")]]},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"inline_keyboard": [[{"callback_data": "x"}]]},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            {"inline_keyboard": [[button(url="not-a-url")]]},
            "Bad Request: inline keyboard button URL 'not-a-url' is invalid: Wrong HTTP URL",
        ),
        (
            {"inline_keyboard": [[button(url="http://localhost:8080/x")]]},
            "Bad Request: inline keyboard button URL 'http://localhost:8080/x' is invalid: "
            "Wrong HTTP URL",
        ),
        (
            {"inline_keyboard": [[button(url="ftp://example.com")]]},
            "Bad Request: inline keyboard button URL 'ftp://example.com' is invalid: "
            "Unsupported URL protocol",
        ),
        (
            {"inline_keyboard": [button(callback_data="x")]},
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an '
            "Array of Arrays",
        ),
        ({"inline_keyboard": "x"}, 'Bad Request: field "inline_keyboard" must be of type Array'),
        (
            {"inline_keyboard": [[button(callback_data=str(i))] for i in range(101)]},
            "Bad Request: reply markup is too long",
        ),
        ([], "Bad Request: object expected as reply markup"),
        ("{oops", "Bad Request: can't parse reply keyboard markup JSON object"),
    ],
)
async def test_bad_inline_keyboards_are_rejected(
    markup: Any, description: str, server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    assert await error(
        client, server, "sendMessage", chat_id=user.id, text="hi", reply_markup=markup
    ) == (400, description)
    assert user.messages == []


async def test_valid_keyboards_are_kept_as_telegram_returns_them(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    fine = {
        "inline_keyboard": [
            [button("", callback_data="dropped"), button("ok", callback_data="ж" * 32)],
            [button("site", url="example.com/x"), button("tg", url="tg://resolve?domain=x")],
            [button(str(i), callback_data=str(i)) for i in range(10)],
        ]
    }
    sent = await ok(client, server, "sendMessage", chat_id=user.id, text="hi", reply_markup=fine)
    assert sent["reply_markup"]["inline_keyboard"][:2] == [
        [{"text": "ok", "callback_data": "ж" * 32}],
        [
            {"text": "site", "url": "http://example.com/x"},
            {"text": "tg", "url": "tg://resolve?domain=x"},
        ],
    ]
    assert user.messages[-1].buttons[0] == [("ok", "ж" * 32)]

    reply_keyboard = {
        "keyboard": [[{"text": "Share", "request_location": True}], ["Plain"]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
        "is_persistent": True,
        "input_field_placeholder": "Where?",
    }
    shown = await ok(
        client, server, "sendMessage", chat_id=user.id, text="where", reply_markup=reply_keyboard
    )
    assert "reply_markup" not in shown  # Telegram returns only inline keyboards in messages
    assert user.reply_keyboard == [["Share"], ["Plain"]]
    assert user.messages[-1].reply_keyboard == [["Share"], ["Plain"]]
    await user.share_location(55.75, 37.62)
    assert server.pending_updates[-1]["message"]["location"] == {
        "latitude": 55.75,
        "longitude": 37.62,
    }
    await user.press("Plain")
    assert user.reply_keyboard is None  # one_time_keyboard
    await ok(client, server, "sendMessage", chat_id=user.id, text="k", reply_markup=reply_keyboard)
    await ok(
        client,
        server,
        "sendMessage",
        chat_id=user.id,
        text="gone",
        reply_markup={"remove_keyboard": True},
    )
    assert user.reply_keyboard is None
    await ok(
        client, server, "sendMessage", chat_id=user.id, text="?", reply_markup={"force_reply": True}
    )
    no_rows = {"inline_keyboard": []}
    empty = await ok(
        client, server, "sendMessage", chat_id=user.id, text="no", reply_markup=no_rows
    )
    assert "reply_markup" not in empty
