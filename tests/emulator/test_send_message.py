"""sendMessage: chats, text length and trimming, entities."""

from __future__ import annotations

from typing import Any

import httpx

from bot.emulator import BotApiEmulator
from tests.emulator.helpers import call, error, ok, started


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
