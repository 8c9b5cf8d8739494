"""Tests of the fake Bot API server itself: it must reject what Telegram rejects, word for word."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.emulator import (
    BOT_BLOCKED,
    CONFLICT_OTHER_GET_UPDATES,
    CONFLICT_WEBHOOK_ACTIVE,
    JSON,
    MESSAGE_NOT_MODIFIED,
    QUERY_ID_INVALID,
    BotApiEmulator,
    EntityParseError,
    SimulatedUser,
    parse_html,
)

TOKEN = "123456:" + "A" * 35
KEYBOARD = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}


@pytest.fixture
async def server() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as http:
        yield http


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


# ---------------------------------------------------------------------------------------------
# Transport, tokens, methods
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# sendMessage: chats and text
# ---------------------------------------------------------------------------------------------


async def test_send_message_needs_a_chat_that_wrote(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    assert await error(client, server, "sendMessage", text="hi") == (
        400,
        "Bad Request: chat_id is empty",
    )
    server.user(2002)  # exists, but never wrote to the bot
    for chat_id in (2002, 999, "@somebody"):
        assert await error(client, server, "sendMessage", chat_id=chat_id, text="hi") == (
            400,
            "Bad Request: chat not found",
        )
    await started(server, 2002)
    assert (await ok(client, server, "sendMessage", chat_id=2002, text="hi"))["text"] == "hi"


async def test_text_emptiness_length_and_trimming(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)

    async def send(text: str, **params: Any) -> Any:
        return await call(client, server, "sendMessage", chat_id=user.id, text=text, **params)

    assert (await send(""))[1]["description"] == "Bad Request: message text is empty"
    for blank, mode in ((" \n ", ""), ("<b></b>", "HTML"), ("<i> </i>\n", "HTML")):
        assert (await send(blank, parse_mode=mode))[1]["description"] == (
            "Bad Request: text must be non-empty"
        )
    # 4096 characters after entity parsing; Telegram counts Unicode characters
    assert (await send("x" * 4096))[0] == 200
    assert (await send("<b>" + "x" * 4096 + "</b>", parse_mode="HTML"))[0] == 200
    assert (await send("😀" * 4096))[0] == 200
    for too_long in ("x" * 4097, "😀" * 4097, "Ж" * 4097):
        assert (await send(too_long))[1] == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: message is too long",
        }
    assert (await send("x" * 32769))[1]["description"] == "Bad Request: text is too long"
    # spaces and newlines are trimmed, control characters become spaces, \r disappears
    assert (await send("  hi  \n"))[1]["result"]["text"] == "hi"
    trimmed = (await send("\n  <b>hi</b> there  ", parse_mode="HTML"))[1]["result"]
    assert trimmed["text"] == "hi there"
    assert trimmed["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
    assert (await send("\ta\r\nb\tc"))[1]["result"]["text"] == "a\nb c"
    assert (await send("x", parse_mode="Markdown3"))[1]["description"] == (
        "Bad Request: unsupported parse_mode"
    )
    assert (await send("<b>x</b>", parse_mode="none"))[1]["result"]["text"] == "<b>x</b>"


async def test_detected_entities_and_explicit_entities(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    sent = await ok(
        client,
        server,
        "sendMessage",
        chat_id=user.id,
        text="See https://example.com/page. or /help, @durov_x #tag",
    )
    assert [(e["type"], e["offset"], e["length"]) for e in sent["entities"]] == [
        ("url", 4, 24),
        ("bot_command", 33, 5),
        ("mention", 40, 8),
        ("hashtag", 49, 4),
    ]
    explicit = await ok(
        client,
        server,
        "sendMessage",
        chat_id=user.id,
        text="Привет 😀 мир",
        entities=[{"type": "italic", "offset": 7, "length": 2}],
    )
    assert explicit["entities"] == [{"type": "italic", "offset": 7, "length": 2}]
    assert await error(
        client,
        server,
        "sendMessage",
        chat_id=user.id,
        text="abc",
        entities=[{"type": "bold", "offset": 1, "length": 5}],
    ) == (
        400,
        "Bad Request: entity beginning at UTF-16 offset 1 ends after the end of the text at "
        "UTF-16 offset 6",
    )


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


def test_html_parser_produces_telegram_entities() -> None:
    text, entities = parse_html(
        "<b>Жирный <i>и 😀</i></b> &lt;tag&gt; AT&T &copy &lt &#x1F600;&#1046; "
        '<a href="https://example.com/a?b=1&amp;c=2">link</a>\n'
        '<pre><code class="language-python">print(1)</code></pre>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>'
        "<blockquote expandable>q</blockquote><blockquote>r</blockquote>"
        '<U>u</U><del>d</del><code class="language-x">c</code>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        '<a href="tg://user?id=42">me</a><a href="not a link">x</a>'
    )
    assert text == ("Жирный и 😀 <tag> AT&T &copy < 😀Ж link\nprint(1)stqrudc👍mex")
    assert entities == [
        {"type": "bold", "offset": 0, "length": 11},
        {"type": "italic", "offset": 7, "length": 4},
        {"type": "text_link", "offset": 35, "length": 4, "url": "https://example.com/a?b=1&c=2"},
        {"type": "pre", "offset": 40, "length": 8, "language": "python"},
        {"type": "spoiler", "offset": 48, "length": 1},
        {"type": "spoiler", "offset": 49, "length": 1},
        {"type": "expandable_blockquote", "offset": 50, "length": 1},
        {"type": "blockquote", "offset": 51, "length": 1},
        {"type": "underline", "offset": 52, "length": 1},
        {"type": "strikethrough", "offset": 53, "length": 1},
        {"type": "code", "offset": 54, "length": 1},
        {
            "type": "custom_emoji",
            "offset": 55,
            "length": 2,
            "custom_emoji_id": "5368324170671202286",
        },
        {"type": "text_mention", "offset": 57, "length": 2, "user": {"id": 42}},
    ]


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("Привет <br>", 'Unsupported start tag "br" at byte offset 13'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x <3", "Unclosed start tag at byte offset 2"),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</i>", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<a href=https://x.com>y</a>", "Unexpected end of name token at byte offset 8"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b />x", 'Empty attribute name in the tag "b" at byte offset 0'),
        ("<tg-emoji emoji-id=abc>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        (
            "&#xD83D;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
async def test_html_errors_are_telegrams(
    html: str, message: str, server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(html)
    assert str(caught.value) == message
    user = await started(server)
    assert await error(
        client, server, "sendMessage", chat_id=user.id, text=html, parse_mode="HTML"
    ) == (400, f"Bad Request: can't parse entities: {message}")


# ---------------------------------------------------------------------------------------------
# Reply markup
# ---------------------------------------------------------------------------------------------


def _button(text: str = "a", **action: Any) -> dict[str, Any]:
    return {"text": text, **action}


@pytest.mark.parametrize(
    ("markup", "description"),
    [
        (
            {"inline_keyboard": [[_button(callback_data="x" * 65)]]},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"inline_keyboard": [[_button(callback_data="ж" * 33)]]},  # 66 bytes
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"inline_keyboard": [[_button()]]},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"inline_keyboard": [[_button(callback_data="")]]},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"inline_keyboard": [[{"callback_data": "x"}]]},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            {"inline_keyboard": [[_button(url="not-a-url")]]},
            "Bad Request: inline keyboard button URL 'not-a-url' is invalid: Wrong HTTP URL",
        ),
        (
            {"inline_keyboard": [[_button(url="http://localhost:8080/x")]]},
            "Bad Request: inline keyboard button URL 'http://localhost:8080/x' is invalid: "
            "Wrong HTTP URL",
        ),
        (
            {"inline_keyboard": [[_button(url="ftp://example.com")]]},
            "Bad Request: inline keyboard button URL 'ftp://example.com' is invalid: "
            "Unsupported URL protocol",
        ),
        (
            {"inline_keyboard": [_button(callback_data="x")]},
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an '
            "Array of Arrays",
        ),
        ({"inline_keyboard": "x"}, 'Bad Request: field "inline_keyboard" must be of type Array'),
        (
            {"inline_keyboard": [[_button(callback_data=str(i))] for i in range(101)]},
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
            [_button("", callback_data="dropped"), _button("ok", callback_data="ж" * 32)],
            [_button("site", url="example.com/x"), _button("tg", url="tg://resolve?domain=x")],
            [_button(str(i), callback_data=str(i)) for i in range(10)],
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


# ---------------------------------------------------------------------------------------------
# Edits and deletes
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Callback queries
# ---------------------------------------------------------------------------------------------


async def test_callback_query_rules(client: httpx.AsyncClient) -> None:
    async with BotApiEmulator(token=TOKEN, callback_timeout=0.5) as server:
        user = await started(server, language_code="ru", first_name="Ира")
        keyboard = {
            "inline_keyboard": [
                [_button("Go ▶️", callback_data="go"), _button("Site", url="https://example.com")]
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


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


async def test_commands_per_scope_and_language(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    english = [
        {"command": "start", "description": "Start"},
        {"command": "help", "description": "Help"},
    ]
    assert await ok(client, server, "setMyCommands", commands=english) is True
    russian = [{"command": "/start", "description": "  Начать "}]
    assert await ok(client, server, "setMyCommands", commands=russian, language_code="ru")
    assert await ok(client, server, "getMyCommands") == english
    assert server.commands() == english
    assert server.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    assert await ok(client, server, "getMyCommands", language_code="de") == []

    ira = await started(server, 1001, language_code="ru")
    bob = await started(server, 1002, language_code="de")
    assert [c["description"] for c in ira.command_menu()] == ["Начать"]
    assert bob.command_menu() == english
    private = [{"command": "menu", "description": "Menu"}]
    scope = {"type": "all_private_chats"}
    assert await ok(client, server, "setMyCommands", commands=private, scope=scope)
    assert ira.command_menu() == private  # all_private_chats beats default, even with language
    assert server.commands(scope="all_private_chats") == private
    chat_scope = {"type": "chat", "chat_id": ira.id}
    assert await ok(client, server, "setMyCommands", commands=english, scope=chat_scope)
    assert ira.command_menu() == english
    assert await ok(client, server, "deleteMyCommands", scope=chat_scope)
    assert await ok(client, server, "deleteMyCommands", language_code="ru")
    assert server.commands(language_code="ru") == []

    def single(command: str, description: str = "d") -> list[dict[str, str]]:
        return [{"command": command, "description": description}]

    for params, description in [
        ({"commands": single("Start")}, "Bad Request: BOT_COMMAND_INVALID"),
        ({"commands": single("старт")}, "Bad Request: BOT_COMMAND_INVALID"),
        ({"commands": single("a" * 33)}, "Bad Request: command length must not exceed 32"),
        ({"commands": single("/")}, "Bad Request: command must be non-empty"),
        ({"commands": single("a", " ")}, "Bad Request: command description must be non-empty"),
        (
            {"commands": single("a", "d" * 257)},
            "Bad Request: command description length must not exceed 256",
        ),
        (
            {"commands": [single(f"c{i}")[0] for i in range(101)]},
            "Bad Request: BOT_COMMANDS_TOO_MUCH",
        ),
        ({"commands": "nope"}, "Bad Request: can't parse commands JSON object"),
        ({"commands": {"command": "a"}}, "Bad Request: expected an Array of BotCommand"),
        (
            {"commands": [{"command": "a"}]},
            "Bad Request: can't parse BotCommand: Can't find field \"description\"",
        ),
        (
            {"commands": single("a"), "language_code": "rus"},
            "Bad Request: invalid language code specified",
        ),
        (
            {"commands": single("a"), "scope": {"type": "bogus"}},
            "Bad Request: can't parse BotCommandScope: Unsupported type specified",
        ),
        (
            {"commands": single("a"), "scope": {"type": "chat", "chat_id": 424242}},
            "Bad Request: chat not found",
        ),
    ]:
        assert await error(client, server, "setMyCommands", **params) == (400, description)


# ---------------------------------------------------------------------------------------------
# getUpdates and webhooks
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# python-telegram-bot against the fake
# ---------------------------------------------------------------------------------------------


async def test_python_telegram_bot_round_trip() -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Next ▶️", callback_data="next")]])
        await update.effective_message.reply_html("<b>Привет</b>, pick one", reply_markup=keyboard)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Moving on")
        await query.edit_message_text(f"You chose <i>{query.data}</i>", parse_mode=ParseMode.HTML)

    async with BotApiEmulator(token=TOKEN) as server:
        app = ApplicationBuilder().token(TOKEN).base_url(server.base_url).build()
        app.add_handler(CommandHandler("start", start))
        app.add_handler(CallbackQueryHandler(on_button))
        async with app:
            assert app.updater is not None
            await app.updater.start_polling(timeout=dtm.timedelta(seconds=2))
            await app.start()
            try:
                user = server.user(1001, language_code="ru", first_name="Ира")
                await user.send("/start")
                reply = await user.wait_for_message()
                assert reply.text == "Привет, pick one"
                assert reply.html == "<b>Привет</b>, pick one"
                assert reply.entities == [{"type": "bold", "offset": 0, "length": 6}]
                assert reply.buttons == [[("Next ▶️", "next")]]
                assert reply.button_texts() == ["Next ▶️"]

                edited = await user.tap_and_wait("Next")
                assert edited.kind == "edit" and edited.message_id == reply.message_id
                assert edited.text == "You chose next" and edited.buttons == []
                assert user.callback_answers[-1]["text"] == "Moving on"
                assert server.unanswered_callback_queries() == []
                assert server.errors == []

                # Telegram's rejections reach the bot as the matching PTB exceptions
                with pytest.raises(BadRequest, match='end tag corresponding to start tag "b"'):
                    await app.bot.send_message(user.id, "<b>broken", parse_mode=ParseMode.HTML)
                user.block()
                with pytest.raises(Forbidden, match="bot was blocked by the user"):
                    await app.bot.send_message(user.id, "hello?")
            finally:
                await app.updater.stop()
                await app.stop()
    assert [e.error_code for e in server.errors] == [400, 403]
