"""Photos: sendPhoto, editMessageMedia and editMessageCaption with Telegram's limits."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from PIL import Image
from telegram import InputMediaPhoto
from telegram.error import BadRequest
from telegram.ext import ApplicationBuilder

from bot.emulator import MESSAGE_NOT_MODIFIED, BotApiEmulator
from bot.emulator.media import MAX_PHOTO_BYTES
from tests.emulator.helpers import KEYBOARD, TOKEN, _form, error, ok, started


def png(width: int = 40, height: int = 30, colour: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


async def upload(
    client: httpx.AsyncClient,
    server: BotApiEmulator,
    method: str,
    files: dict[str, bytes],
    **params: Any,
) -> tuple[int, dict[str, Any]]:
    """A multipart/form-data request, as python-telegram-bot sends files."""
    response = await client.post(
        server.method_url(method),
        data=_form(params),
        files={name: (f"{name}.png", data, "image/png") for name, data in files.items()},
    )
    return response.status_code, response.json()


async def test_send_photo_upload_with_html_caption(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    status, body = await upload(
        client,
        server,
        "sendPhoto",
        {"photo": png(1000, 700)},
        chat_id=user.id,
        caption="<b>Your week</b>",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    assert status == 200, body
    message = body["result"]
    assert "text" not in message
    assert message["caption"] == "Your week"
    assert message["caption_entities"] == [{"type": "bold", "offset": 0, "length": 9}]
    sizes = message["photo"]
    assert sizes[-1]["width"] == 1000 and sizes[-1]["height"] == 700
    assert sizes[0]["width"] == 90  # Telegram's thumbnail first
    assert message["reply_markup"] == KEYBOARD
    seen = await user.wait_for_message()
    assert seen.photo == png(1000, 700)  # the user sees the bytes the bot sent
    assert seen.caption == "Your week" and seen.text is None
    # the file_id sends the same photo again without an upload
    again = await ok(client, server, "sendPhoto", chat_id=user.id, photo=sizes[-1]["file_id"])
    assert again["photo"][-1]["file_unique_id"] == sizes[-1]["file_unique_id"]


async def test_caption_limit_counts_characters_after_entity_parsing(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    fits = "<b>" + "я" * 1024 + "</b>"  # 1024 characters once the tags are parsed
    status, body = await upload(
        client,
        server,
        "sendPhoto",
        {"photo": png()},
        chat_id=user.id,
        caption=fits,
        parse_mode="HTML",
    )
    assert status == 200, body
    status, body = await upload(
        client, server, "sendPhoto", {"photo": png()}, chat_id=user.id, caption="я" * 1025
    )
    assert (status, body["description"]) == (400, "Bad Request: message caption is too long")
    status, body = await upload(
        client,
        server,
        "sendPhoto",
        {"photo": png()},
        chat_id=user.id,
        caption="<b>x",
        parse_mode="HTML",
    )
    assert status == 400 and "can't parse entities" in body["description"]


@pytest.mark.parametrize(
    ("data", "description"),
    [
        (png(9000, 1001), "Bad Request: PHOTO_INVALID_DIMENSIONS"),  # width + height > 10000
        (png(2100, 100), "Bad Request: PHOTO_INVALID_DIMENSIONS"),  # ratio 21 > 20
        (b"not a picture at all", "Bad Request: IMAGE_PROCESS_FAILED"),
        (png()[:40], "Bad Request: IMAGE_PROCESS_FAILED"),  # cut short
        (b"\x89PNG" + b"\0" * MAX_PHOTO_BYTES, "Bad Request: PHOTO_SAVE_FILE_INVALID"),  # > 10 MB
    ],
)
async def test_photos_telegram_refuses(
    server: BotApiEmulator, client: httpx.AsyncClient, data: bytes, description: str
) -> None:
    user = await started(server)
    status, body = await upload(client, server, "sendPhoto", {"photo": data}, chat_id=user.id)
    assert (status, body["description"]) == (400, description)
    assert user.pending_messages() == []


async def test_photo_limits_that_pass(server: BotApiEmulator, client: httpx.AsyncClient) -> None:
    user = await started(server)
    for width, height in ((2000, 100), (5000, 5000), (1, 1)):
        status, body = await upload(
            client, server, "sendPhoto", {"photo": png(width, height)}, chat_id=user.id
        )
        assert status == 200, (width, height, body)


async def test_photo_argument_errors(server: BotApiEmulator, client: httpx.AsyncClient) -> None:
    user = await started(server)
    assert await error(client, server, "sendPhoto", chat_id=user.id) == (
        400,
        "Bad Request: there is no photo in the request",
    )
    assert await error(client, server, "sendPhoto", chat_id=user.id, photo="AgACnope") == (
        400,
        "Bad Request: wrong file identifier/HTTP URL specified",
    )
    assert await error(client, server, "sendPhoto", chat_id=user.id, photo="attach://missing") == (
        400,
        "Bad Request: wrong file identifier/HTTP URL specified",
    )
    status, body = await upload(client, server, "sendPhoto", {"photo": png()}, chat_id=999)
    assert (status, body["description"]) == (400, "Bad Request: chat not found")


async def test_edit_message_media_turns_a_text_message_into_a_photo(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    sent = await ok(
        client, server, "sendMessage", chat_id=user.id, text="menu", reply_markup=KEYBOARD
    )
    media = {
        "type": "photo",
        "media": "attach://chart",
        "caption": "<i>Week</i>",
        "parse_mode": "HTML",
    }
    status, body = await upload(
        client,
        server,
        "editMessageMedia",
        {"chart": png(100, 70)},
        chat_id=user.id,
        message_id=sent["message_id"],
        media=media,
        reply_markup=KEYBOARD,
    )
    assert status == 200, body  # Bot API: "or to add media to text messages"
    edited = body["result"]
    assert "text" not in edited and edited["caption"] == "Week"
    seen = user.messages[-1]
    assert seen.photo == png(100, 70) and seen.text is None
    # now a photo: its text cannot be edited, its caption can
    assert await error(
        client, server, "editMessageText", chat_id=user.id, message_id=sent["message_id"], text="x"
    ) == (400, "Bad Request: there is no text in the message to edit")
    same = {
        "type": "photo",
        "media": edited["photo"][-1]["file_id"],
        "caption": "<i>Week</i>",
        "parse_mode": "HTML",
    }
    assert await error(
        client,
        server,
        "editMessageMedia",
        chat_id=user.id,
        message_id=sent["message_id"],
        media=same,
        reply_markup=KEYBOARD,
    ) == (400, MESSAGE_NOT_MODIFIED)
    caption = await ok(
        client,
        server,
        "editMessageCaption",
        chat_id=user.id,
        message_id=sent["message_id"],
        caption="Week 2",
        reply_markup=KEYBOARD,
    )
    assert caption["caption"] == "Week 2" and caption["photo"] == edited["photo"]


async def test_edit_message_caption_not_modified(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    user = await started(server)
    bold = {"caption": "<b>Week</b>", "parse_mode": "HTML", "reply_markup": KEYBOARD}
    status, body = await upload(
        client, server, "sendPhoto", {"photo": png()}, **bold, chat_id=user.id
    )
    assert status == 200, body
    target = {"chat_id": user.id, "message_id": body["result"]["message_id"]}
    # the same caption in other markup, the same keyboard: Telegram refuses the edit
    same = {"caption": "<strong>Week</strong>", "parse_mode": "HTML", "reply_markup": KEYBOARD}
    assert await error(client, server, "editMessageCaption", **target, **same) == (
        400,
        MESSAGE_NOT_MODIFIED,
    )
    # the same words without bold are a change, and so is dropping the keyboard
    plain = await ok(
        client, server, "editMessageCaption", **target, caption="Week", reply_markup=KEYBOARD
    )
    assert plain["caption"] == "Week" and "caption_entities" not in plain and "edit_date" in plain
    bare = await ok(client, server, "editMessageCaption", **target, caption="Week")
    assert "reply_markup" not in bare
    assert await error(client, server, "editMessageCaption", **target, caption="Week") == (
        400,
        MESSAGE_NOT_MODIFIED,
    )
    assert [m.kind for m in user.messages] == ["edit"] and user.messages[-1].caption == "Week"


async def test_edit_message_media_errors(server: BotApiEmulator, client: httpx.AsyncClient) -> None:
    user = await started(server)
    sent = await ok(client, server, "sendMessage", chat_id=user.id, text="menu")
    target = {"chat_id": user.id, "message_id": sent["message_id"]}
    assert await error(client, server, "editMessageMedia", **target, media="{") == (
        400,
        "Bad Request: can't parse InputMedia JSON object",
    )
    assert await error(
        client, server, "editMessageMedia", **target, media={"type": "photo", "media": "attach://x"}
    ) == (400, "Bad Request: wrong file identifier/HTTP URL specified")
    assert await error(
        client,
        server,
        "editMessageMedia",
        **target,
        media={"type": "photo", "media": "https://example.com/a.png"},
    ) == (400, "Bad Request: failed to get HTTP URL content")
    long_caption = {"type": "photo", "media": "attach://p", "caption": "x" * 1025}
    status, body = await upload(
        client, server, "editMessageMedia", {"p": png()}, **target, media=long_caption
    )
    assert (status, body["description"]) == (400, "Bad Request: message caption is too long")
    assert await error(client, server, "editMessageCaption", **target, caption="x") == (
        400,
        "Bad Request: there is no caption in the message to edit",
    )
    assert user.messages[-1].text == "menu"  # nothing changed


async def test_python_telegram_bot_sends_and_edits_photos() -> None:
    async with BotApiEmulator(token=TOKEN) as server:
        app = ApplicationBuilder().token(TOKEN).base_url(server.base_url).build()
        async with app:
            user = await started(server)
            sent = await app.bot.send_photo(user.id, png(300, 200), caption="chart")
            assert sent.photo[-1].width == 300 and sent.caption == "chart"
            text = await app.bot.send_message(user.id, "menu")
            edited = await app.bot.edit_message_media(
                InputMediaPhoto(png(200, 300), caption="map"), user.id, text.message_id
            )
            assert edited.photo[-1].height == 300 and edited.caption == "map"
            with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
                await app.bot.send_photo(user.id, png(4000, 100))
            assert [m.photo is not None for m in user.messages] == [
                True,
                True,
            ]  # the text message became a photo
        assert [e.description for e in server.errors] == ["Bad Request: PHOTO_INVALID_DIMENSIONS"]
