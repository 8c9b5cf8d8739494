"""An emulator of the Telegram Bot API: for offline tests and the console mode.

The bot under test (python-telegram-bot's real ``Application`` with its real httpx client) is
pointed at this server with ``ApplicationBuilder().base_url(server.base_url)`` and talks to it on
127.0.0.1 exactly as it would talk to api.telegram.org.  The server keeps the state a private chat
would have (messages, their keyboards, callback queries, commands) and **rejects what Telegram
rejects**, answering with Telegram's own error JSON, e.g.::

    {"ok": false, "error_code": 400, "description": "Bad Request: message is too long"}

Every call is recorded in ``server.calls`` and every non-ok answer in ``server.errors``, so a test
can finish with ``assert server.errors == []`` to prove the run hit no Bot API error.

Quick start::

    async with BotApiEmulator(token=TOKEN) as server:
        app = ApplicationBuilder().token(TOKEN).base_url(server.base_url).build()
        ...start the bot (polling or webhook)...
        user = server.user(1001, language_code="ru", first_name="Ира")
        await user.send("/start")
        reply = await user.wait_for_message()
        edited = await user.tap_and_wait("Далее")
        assert server.errors == []

Test-facing API (see the docstrings for details):

* ``server.user(id, first_name=..., language_code=...)`` -> :class:`SimulatedUser`; the private
  chat exists once the user wrote (before that, sends get "chat not found").
* ``await user.send(text)``, ``await user.share_location(lat, lon)``, ``await user.press(label)``
  (reply keyboard) queue ``message`` updates; commands carry a ``bot_command`` entity.
* ``await user.wait_for_message()`` -> :class:`MessageSnapshot` of the next unread new bot
  message or edit (``.text``, ``.html``, ``.entities``, ``.buttons``, ``.button_texts()``);
  ``user.messages`` is the current state of the chat, ``user.pending_messages()`` the unread.
* ``await user.tap(label)`` queues a ``callback_query`` and returns its id; ``tap_and_wait``
  also waits until it was answered and a message was edited or sent; ``tap_data(data)`` does the
  same for arbitrary callback data (``tap_data_nowait`` only queues);
  ``await user.wait_for_answer(query_id)``; ``user.callback_answers``.
* ``user.block()`` / ``user.unblock()``, ``user.command_menu()``, ``user.chat_actions``.
* ``server.errors``, ``server.calls``, ``server.commands(language_code, scope)``,
  ``server.unanswered_callback_queries()``, ``server.fail_next(...)``, ``server.push_update(...)``,
  ``server.pending_updates``, ``server.assert_no_errors()``.

Where the behaviour comes from: the error strings, the HTML parser (a port of tdlib's
``parse_html``), the text clean-up and trimming (tdlib's ``fix_formatted_text``), the reply-markup
parsing (telegram-bot-api's ``get_reply_markup`` plus tdlib's ``get_reply_markup``) and the
``setMyCommands`` checks (tdlib's ``set_commands``) follow the public telegram-bot-api and tdlib
sources.  Text length is counted in Unicode code points (tdlib's ``utf8_length``), not UTF-16
units; entity offsets are UTF-16 units.  ``close`` answers 429 during the first
``close_cooldown`` seconds (600, as Telegram does after launch); after ``logOut`` every request
gets 401.  Known simplifications, all deliberate:

* ``parse_mode`` "HTML" is implemented; "Markdown"/"MarkdownV2" are answered with a 400 that
  names this fake's limitation (Telegram itself accepts them), so such a bot fails loudly here.
* Only private chats exist: a chat is the private chat of a simulated user who wrote to the bot.
* Entity post-processing is simplified: entities are sorted like tdlib does, but tdlib's splitting
  of bold/italic around links and code is not reproduced.  Automatically detected entities (url,
  mention, hashtag, cashtag, bot_command, email) use simple patterns.
* Webhooks may use plain http on 127.0.0.1 (Telegram demands https on ports 443/80/88/8443; pass
  ``require_https_webhook=True`` to get that check), and the webhook reply is not executed as a
  method call.  Failed deliveries are retried every ``webhook_retry_delay`` seconds.
* getUpdates does not force the 3-second minimum timeout Telegram applies when the same offset is
  polled again quickly, so bots shut down fast.
* Flood control, when enabled, is one global window for sendMessage
  (``max_messages_per_second``), not Telegram's per-chat and per-group limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import ipaddress
import json
import math
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final, Literal, Self
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

__all__ = [
    "BOT_BLOCKED",
    "CONFLICT_OTHER_GET_UPDATES",
    "CONFLICT_SET_WEBHOOK",
    "CONFLICT_WEBHOOK_ACTIVE",
    "MESSAGE_NOT_MODIFIED",
    "QUERY_ID_INVALID",
    "ApiCall",
    "ApiErrorRecord",
    "BotApiEmulator",
    "BotApiError",
    "EntityParseError",
    "MessageSnapshot",
    "SimulatedUser",
    "check_link",
    "parse_html",
    "utf16_len",
]

JSON = dict[str, Any]

CONFLICT_WEBHOOK_ACTIVE: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CONFLICT_OTHER_GET_UPDATES: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_SET_WEBHOOK: Final = "Conflict: terminated by setWebhook request"
MESSAGE_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_ID_INVALID: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
BOT_BLOCKED: Final = "Forbidden: bot was blocked by the user"

MAX_MESSAGE_LENGTH: Final = 4096  # Unicode code points after entity parsing (tdlib utf8_length)
MAX_CALLBACK_ANSWER_LENGTH: Final = 200
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_INLINE_BUTTONS: Final = 100
MAX_RAW_TEXT_BYTES: Final = 1 << 15
LONG_POLL_MAX_TIMEOUT: Final = 50

_TOKEN_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]{20,}")
_DEFAULT_ALLOWED_UPDATES: Final = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
_ALL_UPDATE_TYPES: Final = _DEFAULT_ALLOWED_UPDATES | {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}
_CHAT_ACTIONS: Final = frozenset(
    {
        "cancel",
        "typing",
        "record_video",
        "upload_video",
        "record_audio",
        "record_voice",
        "upload_audio",
        "upload_voice",
        "upload_photo",
        "upload_document",
        "choose_sticker",
        "pick_up_location",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class BotApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        record: bool = True,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.record = record

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class _Fail(Exception):
    """A tdlib-style message that still needs telegram-bot-api's "Bad Request: " treatment."""


class EntityParseError(ValueError):
    """Raised by :func:`parse_html` with tdlib's message (without "can't parse entities: ")."""


def _bad(message: str) -> BotApiError:
    """Build a 400 answer the way telegram-bot-api's ``fail_query_with_error`` words it."""
    if len(message) >= 2 and (message[1] == "_" or "A" <= message[1] <= "Z"):
        text = message
    else:
        text = message[:1].lower() + message[1:]
    return BotApiError(400, f"Bad Request: {text}")


# --------------------------------------------------------------------------------------------
# UTF-16 helpers
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _utf16_prefix(text: str) -> list[int]:
    """``prefix[i]`` is the UTF-16 length of ``text[:i]``."""
    prefix = [0] * (len(text) + 1)
    total = 0
    for index, ch in enumerate(text):
        total += 2 if ord(ch) > 0xFFFF else 1
        prefix[index + 1] = total
    return prefix


def _utf16_to_cp(text: str) -> dict[int, int]:
    """Map every UTF-16 offset that falls on a code point boundary to the code point index."""
    return {u16: cp for cp, u16 in enumerate(_utf16_prefix(text))}


def _entities_to_utf16(text: str, entities: list[JSON]) -> list[JSON]:
    prefix = _utf16_prefix(text)
    result = []
    for entity in entities:
        converted = dict(entity)
        start = entity["offset"]
        end = start + entity["length"]
        converted["offset"] = prefix[start]
        converted["length"] = prefix[end] - prefix[start]
        result.append(converted)
    return result


# --------------------------------------------------------------------------------------------
# Telegram's HTML parser (a port of tdlib's parse_html)
# --------------------------------------------------------------------------------------------

_HTML_SPACE: Final = frozenset(b" \t\r\n\x00\x0b")
_HTML_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_HTML_ENTITY_NAMES: Final = {b"lt": 0x3C, b"gt": 0x3E, b"amp": 0x26, b"quot": 0x22}
_TYPE_PRIORITY: Final = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_TG_USER_LINK: Final = re.compile(r"tg:(?://)?user\?id=(\d+)", re.IGNORECASE)


def _is_alnum(c: int) -> bool:
    return 0x30 <= c <= 0x39 or 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A


def _is_hex(c: int) -> bool:
    return 0x30 <= c <= 0x39 or 0x41 <= c <= 0x46 or 0x61 <= c <= 0x66


def _decode_html_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Decode ``&...;`` at ``pos``; return (code point, end) or (0, pos) if it is no entity."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == 0x23:  # '#': numeric character reference
        end += 1
        if at(pos + 2) == 0x78:  # 'x': hexadecimal
            end += 1
            while _is_hex(at(end)):
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while 0x30 <= at(end) <= 0x39:
                code = code * 10 + at(end) - 0x30
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while 0x41 <= at(end) <= 0x5A or 0x61 <= at(end) <= 0x7A:
            end += 1
        code = _HTML_ENTITY_NAMES.get(data[pos + 1 : end], 0)
        if code == 0:
            return 0, pos
    if at(end) == 0x3B:  # the ';' is optional, as in tdlib
        end += 1
    return code, end


def _link_user_id(url: str) -> int | None:
    match = _TG_USER_LINK.fullmatch(url.strip())
    if match is None:
        return None
    user_id = int(match.group(1))
    return user_id if 0 < user_id < (1 << 40) else None


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML into (plain text, entities) exactly like tdlib's ``parse_html``.

    Offsets and lengths are in UTF-16 code units.  No trimming or clean-up happens here (the
    server does that afterwards).  Raises :class:`EntityParseError` with tdlib's message.
    ``text_mention`` entities carry only ``{"user": {"id": ...}}``; the server fills in the user.
    """
    data = source.encode("utf-8")
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    def is_space(c: int) -> bool:
        return c in _HTML_SPACE

    out = bytearray()
    utf16 = 0
    entities: list[JSON] = []
    # (tag name, argument, UTF-16 offset, byte position in ``out``)
    stack: list[tuple[str, str, int, int]] = []
    i = 0
    while i < size:
        c = data[i]
        if c == 0x26:  # '&'
            code, end = _decode_html_entity(data, i)
            if code:
                if 0xD800 <= code <= 0xDFFF:
                    raise EntityParseError(
                        "Text contains invalid Unicode characters after decoding HTML entities, "
                        "check for unmatched surrogate code units"
                    )
                out += chr(code).encode("utf-8")
                utf16 += 2 if code > 0xFFFF else 1
                i = end
                continue
        if c != 0x3C:  # not '<'
            if (c & 0xC0) != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != 0x2F:  # start tag
            while not is_space(at(i)) and at(i) != 0x3E:
                i += 1
            if at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].lower().decode("utf-8", "replace")
            if tag not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')

            argument = ""
            while at(i) != 0x3E:
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                if at(i) == 0x3E:
                    break
                attr_begin = i
                while not is_space(at(i)) and at(i) not in (0x3D, 0x3E, 0x2F, 0x22, 0x27):
                    i += 1
                attr_name = data[attr_begin:i]
                if not attr_name:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                if at(i) != 0x3D:  # attribute without a value
                    if at(i) == 0:
                        raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and attr_name == b"expandable":
                        argument = "1"
                    continue
                i += 1
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                if at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in (0x27, 0x22):
                    # A name token: letters, digits, periods and hyphens, case-insensitive.
                    token_begin = i
                    while _is_alnum(at(i)) or at(i) in (0x2E, 0x2D):
                        i += 1
                    value = data[token_begin:i].lower()
                    if not is_space(at(i)) and at(i) != 0x3E:
                        raise EntityParseError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    buffer = bytearray()
                    while at(i) != quote and at(i) != 0:
                        if at(i) == 0x26:
                            code, end = _decode_html_entity(data, i)
                            if code:
                                buffer += chr(code).encode("utf-8", "surrogatepass")
                                i = end
                                continue
                        buffer.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = bytes(buffer)
                if at(i) == 0:
                    raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                text_value = value.decode("utf-8", "replace")
                if tag == "a" and attr_name == b"href":
                    argument = text_value
                elif tag == "code" and attr_name == b"class" and value.startswith(b"language-"):
                    argument = text_value[len("language-") :]
                elif tag == "span" and attr_name == b"class" and value.startswith(b"tg-"):
                    argument = text_value[len("tg-") :]
                elif tag == "tg-emoji" and attr_name == b"emoji-id":
                    argument = text_value
                elif tag == "blockquote" and attr_name == b"expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            stack.append((tag, argument, utf16, len(out)))
            i += 1  # skip '>'
            continue

        # end tag
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        while not is_space(at(i)) and at(i) != 0x3E:
            i += 1
        end_name = data[begin + 2 : i].lower().decode("utf-8", "replace")
        while is_space(at(i)) and at(i) != 0:
            i += 1
        if at(i) != 0x3E:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, offset, byte_pos = stack[-1]
        if end_name and end_name != tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        if utf16 > offset:
            length = utf16 - offset
            _add_html_entity(entities, tag, argument, offset, length, out, byte_pos)
        stack.pop()
        i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=_entity_sort_key)
    return out.decode("utf-8"), entities


def _add_html_entity(
    entities: list[JSON],
    tag: str,
    argument: str,
    offset: int,
    length: int,
    out: bytearray,
    byte_pos: int,
) -> None:
    simple = {
        "i": "italic",
        "em": "italic",
        "b": "bold",
        "strong": "bold",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "u": "underline",
        "ins": "underline",
        "tg-spoiler": "spoiler",
        "span": "spoiler",
    }
    if tag in simple:
        entities.append({"type": simple[tag], "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not re.fullmatch(r"-?\d{1,19}", argument) or int(argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entity: JSON = {"type": "custom_emoji", "offset": offset, "length": length}
        entity["custom_emoji_id"] = argument
        entities.append(entity)
    elif tag == "a":
        url = argument or out[byte_pos:].decode("utf-8", "replace")
        user_id = _link_user_id(url)
        if user_id is not None:
            mention: JSON = {"type": "text_mention", "offset": offset, "length": length}
            mention["user"] = {"id": user_id}
            entities.append(mention)
        else:
            with contextlib.suppress(_Fail):
                link: JSON = {"type": "text_link", "offset": offset, "length": length}
                link["url"] = check_link(url)
                entities.append(link)
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and last["offset"] == offset
            and last["length"] == length
            and argument
        ):
            last["language"] = argument
        else:
            code: JSON = {"type": "code", "offset": offset, "length": length}
            if argument:
                code["language"] = argument
            entities.append(code)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


def _entity_sort_key(entity: JSON) -> tuple[int, int, int]:
    priority = _TYPE_PRIORITY.get(entity["type"], 50)
    if entity["type"] == "pre" and entity.get("language"):
        priority = 10
    return entity["offset"], -entity["length"], priority


# --------------------------------------------------------------------------------------------
# Links (tdlib's LinkManager::check_link, simplified)
# --------------------------------------------------------------------------------------------


def check_link(url: str) -> str:
    """Validate a link the way tdlib does for buttons and ``<a href>``; return it normalized.

    http(s) links need a host with a dot and an alphabetic top-level domain (or an IP address);
    ``tg:`` and ``ton:`` links are accepted; other schemes are "Unsupported URL protocol".  A link
    without a scheme gets ``http://``.  Raises ``_Fail("URL '...' is invalid: <reason>")``.
    """
    link = url.strip()

    def fail(reason: str) -> _Fail:
        return _Fail(f"URL '{url}' is invalid: {reason}")

    lowered = link.lower()
    for scheme in ("tg:", "ton:"):
        if lowered.startswith(scheme):
            rest = link[len(scheme) :]
            rest = rest.removeprefix("//")
            if not re.fullmatch(r"[A-Za-z0-9_\-]+(?:[/?#].*)?", rest, re.DOTALL):
                raise fail(f"Wrong {scheme[:-1]} URL")
            return f"{scheme}//{rest}"
    if "://" in link:
        scheme = link.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise fail("Unsupported URL protocol")
        full = link
    else:
        full = "http://" + link
    if any(ch.isspace() for ch in full):
        raise fail("Wrong HTTP URL")
    parts = urlsplit(full)
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise fail("Wrong port number specified in the URL") from None
    host = parts.hostname or ""
    if not host:
        raise fail("Wrong HTTP URL")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.rstrip(".").split(".")
        tld = labels[-1]
        if (
            len(labels) < 2
            or not all(labels)
            or not all(re.fullmatch(r"[\w-]+", label) for label in labels)
            or not (tld.startswith("xn--") or (tld.isalpha() and len(tld) >= 2))
        ):
            raise fail("Wrong HTTP URL") from None
    return full


# --------------------------------------------------------------------------------------------
# Automatic entities (tdlib's find_entities, simplified)
# --------------------------------------------------------------------------------------------

_AUTO_PATTERNS: Final = (
    ("url", re.compile(r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#])#(?=\w*[^\W\d_])\w{1,256}")),
    ("cashtag", re.compile(r"(?<![\w$])\$[A-Z]{3,8}(?![\w$])")),
    (
        "bot_command",
        re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])"),
    ),
)
_CONTINUOUS_TYPES: Final = frozenset(
    {"code", "pre", "text_link", "text_mention", "custom_emoji", "url", "email", "mention"}
)


def _find_entities(text: str, existing: list[JSON]) -> list[JSON]:
    """Find url/email/mention/hashtag/cashtag/bot_command entities (code point offsets)."""
    found: list[JSON] = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "url":
                while end > start and text[end - 1] in ".,:;!?'\")]}":
                    end -= 1
                if end - start < 8:
                    continue
            found.append({"type": kind, "offset": start, "length": end - start})
    found.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    accepted: list[JSON] = []
    blockers = [entity for entity in existing if entity["type"] in _CONTINUOUS_TYPES]
    for entity in found:
        start, end = entity["offset"], entity["offset"] + entity["length"]
        if any(start < b["offset"] + b["length"] and b["offset"] < end for b in accepted):
            continue
        if any(start < b["offset"] + b["length"] and b["offset"] < end for b in blockers):
            continue
        accepted.append(entity)
    return accepted


_EMPTY_CHARS: Final = frozenset(
    [
        0x20,
        0x0A,
        0xA0,
        0x115F,
        0x1160,
        0x180E,
        0x205F,
        0x3000,
        0x3164,
        0xFFA0,
        0xFEFF,
        *range(0x2000, 0x2010),
        *range(0x2060, 0x2065),
    ]
)


# --------------------------------------------------------------------------------------------
# Records and snapshots
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiCall:
    """One HTTP request the bot made (``method`` is the canonical Bot API name when known)."""

    method: str
    params: dict[str, Any]
    http_method: str
    time: float


@dataclass(frozen=True)
class ApiErrorRecord:
    """One non-ok answer the server gave."""

    method: str
    error_code: int
    description: str
    chat_id: int | None
    params: dict[str, Any] = field(compare=False, repr=False)


@dataclass(frozen=True)
class MessageSnapshot:
    """The state of one bot message as the user sees it at one moment.

    ``kind`` is "new" for a sent message and "edit" for an edited one (as yielded by
    :meth:`SimulatedUser.wait_for_message`); ``text`` is the plain text after entity parsing and
    ``html`` the text exactly as the bot sent it (HTML source when ``parse_mode`` was HTML).
    """

    message_id: int
    chat_id: int
    kind: Literal["new", "edit"]
    text: str | None
    html: str | None
    parse_mode: str | None
    entities: list[JSON]
    reply_markup: JSON | None
    date: int
    edit_date: int | None = None
    reply_to_message_id: int | None = None
    location: JSON | None = None

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        """Rows of inline buttons as Telegram returns them (empty without an inline keyboard)."""
        if self.reply_markup is None:
            return []
        rows: list[list[JSON]] = self.reply_markup.get("inline_keyboard", [])
        return rows

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline buttons as rows of (label, callback_data); URL and other buttons have None."""
        return [
            [(button["text"], button.get("callback_data")) for button in row]
            for row in self.inline_keyboard
        ]

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Labels of a ReplyKeyboardMarkup sent with this message, if any."""
        if self.reply_markup is None or "keyboard" not in self.reply_markup:
            return None
        return [[button["text"] for button in row] for row in self.reply_markup["keyboard"]]

    def button_texts(self) -> list[str]:
        """All inline button labels, row by row."""
        return [label for row in self.buttons for label, _ in row]

    def button_data(self, label: str) -> str | None:
        """callback_data of the button with exactly this label."""
        for row in self.buttons:
            for text, data in row:
                if text == label:
                    return data
        raise AssertionError(f"no button {label!r}; buttons: {self.button_texts()}")

    def has_entity(self, entity_type: str) -> bool:
        return any(entity["type"] == entity_type for entity in self.entities)

    def __str__(self) -> str:
        buttons = f" buttons={self.button_texts()}" if self.buttons else ""
        return f"<{self.kind} message #{self.message_id}: {self.text!r}{buttons}>"


@dataclass
class _StoredMessage:
    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    source: str | None = None
    parse_mode: str | None = None
    markup: JSON | None = None  # any reply markup sent with the message (normalized)
    edit_date: int | None = None
    deleted: bool = False
    reply_to: int | None = None
    location: JSON | None = None

    @property
    def inline_markup(self) -> JSON | None:
        if self.markup is not None and "inline_keyboard" in self.markup:
            return self.markup
        return None


@dataclass
class _CallbackQuery:
    query_id: str
    user_id: int
    message_id: int
    data: str
    created: float
    answered: bool = False
    answer: JSON | None = None


@dataclass
class _PollWaiter:
    request: web.Request | None
    event: asyncio.Event = field(default_factory=asyncio.Event)
    abort_reason: str | None = None


@dataclass
class _Webhook:
    url: str
    secret_token: str
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


class _Signal:
    """Wake-up for any number of waiters in the same event loop."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def fire(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, timeout: float) -> bool:
        if timeout <= 0:
            return False
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)
        return True


# --------------------------------------------------------------------------------------------
# Request arguments: everything is a string, as in telegram-bot-api
# --------------------------------------------------------------------------------------------


def _to_integer(text: str) -> int:
    """tdlib's lenient ``to_integer``: the leading integer, or 0."""
    match = re.match(r"\s*(-?\d+)", text)
    return int(match.group(1)) if match else 0


class _Args:
    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    def has(self, name: str) -> bool:
        return name in self.params

    def text(self, name: str) -> str:
        value = self.params.get(name)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float | list | dict):
            return json.dumps(value, ensure_ascii=False)
        return ""  # uploaded files are not supported

    def integer(self, name: str, default: int = 0, low: int = -(2**63), high: int = 2**63) -> int:
        text = self.text(name)
        value = default if text == "" else _to_integer(text)
        return max(low, min(high, value))

    def flag(self, name: str) -> bool:
        return self.text(name).strip().lower() in ("true", "yes", "1")

    def json_value(self, name: str) -> Any:
        return json.loads(self.text(name))


# JSON field access with tdlib's error messages


def _field_type(value: Any) -> str:
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Number"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "Array"
    return "Object"


def _opt_str(obj: JSON, name: str) -> str:
    if name not in obj:
        return ""
    value = obj[name]
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    raise _Fail(f'Field "{name}" must be of type String')


def _req_str(obj: JSON, name: str) -> str:
    if name not in obj:
        raise _Fail(f'Can\'t find field "{name}"')
    return _opt_str(obj, name)


def _opt_bool(obj: JSON, name: str) -> bool:
    if name not in obj:
        return False
    value = obj[name]
    if isinstance(value, bool):
        return value
    raise _Fail(f'Field "{name}" must be of type Boolean')


def _req_int(obj: JSON, name: str) -> int:
    if name not in obj:
        raise _Fail(f'Can\'t find field "{name}"')
    value = obj[name]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise _Fail(f'Field "{name}" must be a valid Number')


def _opt_field(obj: JSON, name: str, kind: str) -> Any:
    if name not in obj:
        return None
    value = obj[name]
    if _field_type(value) != kind:
        raise _Fail(f'Field "{name}" must be of type {kind}')
    return value


# --------------------------------------------------------------------------------------------
# Reply markup
# --------------------------------------------------------------------------------------------

_INLINE_ACTIONS: Final = (
    "url",
    "callback_data",
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
)


def _parse_inline_button(button: Any) -> JSON:
    """telegram-bot-api's get_inline_keyboard_button: pick the first usable action."""
    if not isinstance(button, dict):
        raise _Fail("InlineKeyboardButton must be an Object")
    text = _req_str(button, "text")
    url = _opt_str(button, "url")
    if url:
        return {"text": text, "url": url}
    data = _opt_str(button, "callback_data")
    if data:
        return {"text": text, "callback_data": data}
    if "callback_game" in button:
        return {"text": text, "callback_game": {}}
    if "pay" in button:
        return {"text": text, "pay": True}
    if "switch_inline_query" in button:
        return {"text": text, "switch_inline_query": _req_str(button, "switch_inline_query")}
    if "switch_inline_query_chosen_chat" in button:
        value = _opt_field(button, "switch_inline_query_chosen_chat", "Object")
        return {"text": text, "switch_inline_query_chosen_chat": value}
    if "switch_inline_query_current_chat" in button:
        query = _req_str(button, "switch_inline_query_current_chat")
        return {"text": text, "switch_inline_query_current_chat": query}
    for name in ("login_url", "web_app", "copy_text"):
        if name in button:
            value = _opt_field(button, name, "Object")
            _req_str(value, "text" if name == "copy_text" else "url")
            return {"text": text, name: value}
    raise _Fail("Text buttons are unallowed in the inline keyboard")


def _parse_keyboard_button(button: Any) -> JSON:
    if isinstance(button, str):
        return {"text": button}
    if not isinstance(button, dict):
        raise _Fail("KeyboardButton must be a String or an Object")
    result: JSON = {"text": _req_str(button, "text")}
    for flag in ("request_contact", "request_location"):
        if _opt_bool(button, flag):
            result[flag] = True
            return result
    for name in ("request_poll", "web_app", "request_users", "request_user", "request_chat"):
        if name in button:
            result[name] = _opt_field(button, name, "Object")
            return result
    return result


def _parse_reply_markup(raw: str) -> JSON | None:
    """The Bot API stage: JSON decoding and structure (errors come out verbatim)."""
    if raw == "":
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise _bad("Can't parse reply keyboard markup JSON object") from None
    try:
        return _parse_reply_markup_value(value)
    except _Fail as exc:
        raise _bad(str(exc)) from None


def _parse_reply_markup_value(value: Any) -> JSON | None:
    if not isinstance(value, dict):
        raise _Fail("Object expected as reply markup")
    rows: list[list[JSON]] = []
    keyboard = _opt_field(value, "keyboard", "Array")
    for row in keyboard or []:
        if not isinstance(row, list):
            raise _Fail('Field "keyboard" must be an Array of Arrays')
        parsed_row = []
        for button in row:
            try:
                parsed_row.append(_parse_keyboard_button(button))
            except _Fail as exc:
                raise _Fail(f"Can't parse keyboard button: {exc}") from None
        rows.append(parsed_row)
    inline_rows: list[list[JSON]] = []
    inline_keyboard = _opt_field(value, "inline_keyboard", "Array")
    for row in inline_keyboard or []:
        if not isinstance(row, list):
            raise _Fail(
                'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        parsed_row = []
        for button in row:
            try:
                parsed_row.append(_parse_inline_button(button))
            except _Fail as exc:
                raise _Fail(f"Can't parse inline keyboard button: {exc}") from None
        inline_rows.append(parsed_row)
    hide = _opt_bool(value, "hide_keyboard") or _opt_bool(value, "remove_keyboard")
    selective = _opt_bool(value, "personal_keyboard") or _opt_bool(value, "selective")
    force_reply = _opt_bool(value, "force_reply_keyboard") or _opt_bool(value, "force_reply")
    placeholder = _opt_str(value, "input_field_placeholder")
    if rows:
        result: JSON = {"keyboard": rows}
        for flag in ("resize_keyboard", "one_time_keyboard", "is_persistent"):
            if _opt_bool(value, flag):
                result[flag] = True
        if placeholder:
            result["input_field_placeholder"] = placeholder
        return result
    if inline_rows:
        return {"inline_keyboard": inline_rows}
    if hide:
        return {"remove_keyboard": True, **({"selective": True} if selective else {})}
    if force_reply:
        result = {"force_reply": True}
        if placeholder:
            result["input_field_placeholder"] = placeholder
        return result
    return None


def _finalize_markup(markup: JSON | None, *, only_inline: bool) -> JSON | None:
    """The tdlib stage: drop empty-text buttons, check URLs, 12 per row, 300 in total."""
    if markup is None:
        return None
    if only_inline and "inline_keyboard" not in markup:
        raise _bad("Inline keyboard expected")
    for key in ("inline_keyboard", "keyboard"):
        if key not in markup:
            continue
        rows: list[list[JSON]] = []
        total = 0
        for row in markup[key]:
            kept: list[JSON] = []
            for button in row:
                if button["text"] == "":
                    continue
                if key == "inline_keyboard" and "url" in button:
                    button = dict(button)
                    user_id = _link_user_id(button["url"])
                    if user_id is None:
                        try:
                            button["url"] = check_link(button["url"])
                        except _Fail as exc:
                            raise _bad(f"Inline keyboard button {exc}") from None
                kept.append(button)
                total += 1
                if len(kept) >= 12 or total >= 300:
                    break
            if kept:
                rows.append(kept)
            if total >= 300:
                break
        if not rows:
            return None
        return {**markup, key: rows}
    return markup


def _server_check_markup(markup: JSON | None) -> None:
    """Checks Telegram's servers make on inline keyboards."""
    if markup is None or "inline_keyboard" not in markup:
        return
    count = 0
    for row in markup["inline_keyboard"]:
        for button in row:
            count += 1
            data = button.get("callback_data")
            if data is not None and len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
                raise _bad("BUTTON_DATA_INVALID")
    if count > MAX_INLINE_BUTTONS:
        raise _bad("reply markup is too long")


# --------------------------------------------------------------------------------------------
# Simulated users
# --------------------------------------------------------------------------------------------


class SimulatedUser:
    """A Telegram user chatting with the bot in a private chat.  Create via ``server.user()``."""

    def __init__(
        self,
        server: BotApiEmulator,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
        is_premium: bool,
    ) -> None:
        self.server = server
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.is_premium = is_premium
        self.blocked = False
        self.has_chat = False
        self.callback_answers: list[JSON] = []
        self.chat_actions: list[str] = []
        self.reply_keyboard_markup: JSON | None = None
        self._messages: dict[int, _StoredMessage] = {}
        self._next_message_id = 1
        self._inbox: list[MessageSnapshot] = []
        self._inbox_pos = 0
        self._changed = _Signal()

    # -- JSON views -------------------------------------------------------------------------

    def to_user_json(self) -> JSON:
        """The ``User`` object Telegram sends for this user."""
        user: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        if self.is_premium:
            user["is_premium"] = True
        return user

    def to_chat_json(self) -> JSON:
        """The private ``Chat`` object."""
        chat: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    @property
    def chat_instance(self) -> str:
        return str((self.id * 2654435761 + 97) % (1 << 62))

    # -- state ------------------------------------------------------------------------------

    @property
    def messages(self) -> list[MessageSnapshot]:
        """Current state of all (not deleted) bot messages in the chat, oldest first."""
        return [
            self.server._snapshot(message, "edit" if message.edit_date else "new")
            for message in sorted(self._messages.values(), key=lambda m: m.message_id)
            if message.from_bot and not message.deleted
        ]

    @property
    def last_message(self) -> MessageSnapshot | None:
        """The newest bot message (current state), or None."""
        messages = self.messages
        return messages[-1] if messages else None

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Labels of the reply keyboard the user currently sees, if any."""
        if self.reply_keyboard_markup is None:
            return None
        rows = self.reply_keyboard_markup["keyboard"]
        return [[button["text"] for button in row] for row in rows]

    def pending_messages(self) -> list[MessageSnapshot]:
        """New messages and edits not yet returned by the ``wait_*`` helpers."""
        return list(self._inbox[self._inbox_pos :])

    def clear_pending(self) -> None:
        """Forget unread messages and edits (the next wait only sees later ones)."""
        self._inbox_pos = len(self._inbox)

    def _new_message_id(self) -> int:
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    def _push(self, snapshot: MessageSnapshot) -> None:
        self._inbox.append(snapshot)
        self._changed.fire()

    def _require_active(self, action: str) -> None:
        if self.blocked:
            raise AssertionError(
                f"user {self.id} blocked the bot and cannot {action}; call user.unblock() first"
            )

    # -- actions ----------------------------------------------------------------------------

    async def send(self, text: str, *, reply_to: int | MessageSnapshot | None = None) -> JSON:
        """Send a text message to the bot; returns the ``Message`` the bot receives.

        Commands get a ``bot_command`` entity (and URLs, mentions... their entities) as
        Telegram adds them.
        """
        self._require_active("send messages")
        if not text or not text.strip():
            raise AssertionError("Telegram clients cannot send an empty message")
        entities = _find_entities(text, [])
        message = _StoredMessage(
            message_id=self._new_message_id(),
            chat_id=self.id,
            from_bot=False,
            date=int(time.time()),
            text=text,
            entities=sorted(_entities_to_utf16(text, entities), key=_entity_sort_key),
            reply_to=self._message_id_of(reply_to) if reply_to is not None else None,
        )
        return await self._deliver(message)

    async def share_location(self, latitude: float, longitude: float) -> JSON:
        """Send a location (as a ``request_location`` button or the attachment menu does)."""
        self._require_active("send messages")
        message = _StoredMessage(
            message_id=self._new_message_id(),
            chat_id=self.id,
            from_bot=False,
            date=int(time.time()),
            location={"latitude": latitude, "longitude": longitude},
        )
        return await self._deliver(message)

    async def press(self, label: str) -> JSON:
        """Press a button of the current reply keyboard (sends its label as a message)."""
        markup = self.reply_keyboard_markup
        if markup is None:
            raise AssertionError(f"user {self.id} has no reply keyboard")
        for row in markup["keyboard"]:
            for button in row:
                if button["text"] == label:
                    if button.get("request_location"):
                        raise AssertionError(
                            f"{label!r} requests a location: use user.share_location(lat, lon)"
                        )
                    if markup.get("one_time_keyboard"):
                        self.reply_keyboard_markup = None
                    return await self.send(label)
        raise AssertionError(f"no reply keyboard button {label!r}; keyboard: {self.reply_keyboard}")

    async def _deliver(self, message: _StoredMessage) -> JSON:
        self.has_chat = True
        self._messages[message.message_id] = message
        payload = self.server._message_json(message)
        self.server.push_update("message", payload)
        await asyncio.sleep(0)
        return payload

    def _message_id_of(self, message: int | MessageSnapshot) -> int:
        return message.message_id if isinstance(message, MessageSnapshot) else int(message)

    def _target_message(self, message: int | MessageSnapshot | None) -> _StoredMessage:
        if isinstance(message, MessageSnapshot) and message.chat_id != self.id:
            raise AssertionError(f"{message} belongs to chat {message.chat_id}, not {self.id}")
        if message is not None:
            message_id = self._message_id_of(message)
            stored = self._messages.get(message_id)
            if stored is None or stored.deleted or not stored.from_bot:
                raise AssertionError(f"no bot message #{message_id} in chat {self.id}")
            return stored
        candidates = [
            m
            for m in self._messages.values()
            if m.from_bot and not m.deleted and m.inline_markup is not None
        ]
        if not candidates:
            shown = [str(snapshot) for snapshot in self.messages]
            raise AssertionError(
                f"no bot message with an inline keyboard in chat {self.id}; messages: {shown}"
            )
        return max(candidates, key=lambda m: m.message_id)

    async def tap(self, label: str, *, message: int | MessageSnapshot | None = None) -> str:
        """Press the inline button labelled ``label`` (exact, or a unique substring).

        Uses the newest bot message with an inline keyboard unless ``message`` is given.  With a
        snapshot, the button is looked up in the keyboard the snapshot shows (what the user saw,
        e.g. for a double tap); with a message id, in the message's current keyboard.  Queues a
        ``callback_query`` update carrying the message's current state and returns its id
        without waiting (see :meth:`tap_and_wait`).
        """
        self._require_active("press buttons")
        target = self._target_message(message)
        if isinstance(message, MessageSnapshot):
            rows = message.inline_keyboard
        else:
            rows = (target.inline_markup or {}).get("inline_keyboard", [])
        buttons = [button for row in rows for button in row]
        labels = [button["text"] for button in buttons]
        chosen = [button for button in buttons if button["text"] == label]
        if not chosen:
            chosen = [button for button in buttons if label in button["text"]]
            if len(chosen) > 1:
                raise AssertionError(
                    f"{label!r} matches several buttons of message #{target.message_id}: "
                    f"{[button['text'] for button in chosen]}"
                )
        if not chosen:
            raise AssertionError(
                f"no button {label!r} on message #{target.message_id} ({target.text!r}); "
                f"available buttons: {labels}"
            )
        button = chosen[0]
        if "callback_data" not in button:
            kind = next(key for key in button if key != "text")
            raise AssertionError(f"button {button['text']!r} is a {kind} button, not a callback")
        return self.server._new_callback_query(self, target, button["callback_data"])

    async def tap_data_nowait(
        self, data: str, *, message: int | MessageSnapshot | None = None
    ) -> str:
        """Press a (possibly forged or expired) button carrying ``data``; return the query id.

        Without ``message`` the newest bot message with an inline keyboard (or else the newest
        bot message) is used.
        """
        self._require_active("press buttons")
        if message is None:
            with_keyboard = [
                m
                for m in self._messages.values()
                if m.from_bot and not m.deleted and m.inline_markup is not None
            ]
            any_bot = [m for m in self._messages.values() if m.from_bot and not m.deleted]
            pool = with_keyboard or any_bot
            if not pool:
                raise AssertionError(f"no bot message in chat {self.id} to press a button on")
            target = max(pool, key=lambda m: m.message_id)
        else:
            target = self._target_message(message)
        return self.server._new_callback_query(self, target, data)

    async def tap_data(
        self,
        data: str,
        *,
        message: int | MessageSnapshot | None = None,
        timeout: float = 5.0,
    ) -> MessageSnapshot:
        """Press a button carrying arbitrary ``data`` (expired or forged buttons) and wait like
        :meth:`tap_and_wait`.  Use :meth:`tap_data_nowait` when the bot only answers."""
        start = len(self._inbox)
        query_id = await self.tap_data_nowait(data, message=message)
        return await self._wait_after_query(query_id, start, timeout, f"tap_data {data!r}")

    async def tap_and_wait(
        self,
        label: str,
        *,
        message: int | MessageSnapshot | None = None,
        timeout: float = 5.0,
    ) -> MessageSnapshot:
        """Tap, then wait until the query was answered AND a message was edited or sent.

        Returns the newest snapshot (edit or new message) that arrived after the tap once both
        happened; unread older messages are skipped.  Raises AssertionError on timeout.
        """
        start = len(self._inbox)
        query_id = await self.tap(label, message=message)
        return await self._wait_after_query(query_id, start, timeout, f"tap {label!r}")

    async def wait_for_answer(self, query_id: str, timeout: float = 5.0) -> JSON:
        """Wait until the bot answered the callback query ``query_id``; return the answer."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        query = self.server._callback_queries[query_id]
        while query.answer is None:
            if not await self._changed.wait(deadline - loop.time()):
                raise AssertionError(
                    f"callback query {query_id} ({query.data!r}) was not answered within "
                    f"{timeout}s; Bot API errors: {self.server._errors_for(self.id)}"
                )
        return query.answer

    async def _wait_after_query(
        self, query_id: str, start: int, timeout: float, what: str
    ) -> MessageSnapshot:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        query = self.server._callback_queries[query_id]
        while True:
            if query.answered and len(self._inbox) > start:
                self._inbox_pos = len(self._inbox)
                return self._inbox[-1]
            if not await self._changed.wait(deadline - loop.time()):
                break
        events = [str(snapshot) for snapshot in self._inbox[start:]]
        raise AssertionError(
            f"{what} in chat {self.id}: after {timeout}s the callback query was "
            f"{'answered' if query.answered else 'NOT answered'} and messages/edits since the "
            f"tap were {events}; Bot API errors: {self.server._errors_for(self.id)}"
        )

    async def wait_for_message(self, timeout: float = 5.0) -> MessageSnapshot:
        """Wait for the next unread new bot message or edit in this chat."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._inbox_pos >= len(self._inbox):
            if not await self._changed.wait(deadline - loop.time()):
                last = self.last_message
                raise AssertionError(
                    f"no new bot message or edit in chat {self.id} within {timeout}s; "
                    f"newest bot message: {last}; Bot API errors: "
                    f"{self.server._errors_for(self.id)}"
                )
        snapshot = self._inbox[self._inbox_pos]
        self._inbox_pos += 1
        return snapshot

    async def wait_for_messages(self, count: int, timeout: float = 5.0) -> list[MessageSnapshot]:
        """Wait for the next ``count`` new messages or edits."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        return [await self.wait_for_message(max(0.0, deadline - loop.time())) for _ in range(count)]

    async def assert_no_message(self, within: float = 0.3) -> None:
        """Assert that the bot sends or edits nothing in this chat for ``within`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while self._inbox_pos >= len(self._inbox):
            if not await self._changed.wait(deadline - loop.time()):
                return
        raise AssertionError(f"unexpected bot activity: {self._inbox[self._inbox_pos]}")

    def block(self, *, notify: bool = True) -> None:
        """Block the bot: sends to this chat get 403; the bot gets a my_chat_member update."""
        if not self.blocked and notify and self.has_chat:
            self.server._push_member_update(self, "member", "kicked")
        self.blocked = True

    def unblock(self, *, notify: bool = True) -> None:
        if self.blocked and notify and self.has_chat:
            self.server._push_member_update(self, "kicked", "member")
        self.blocked = False

    def command_menu(self) -> list[dict[str, str]]:
        """The commands this user sees in the menu, resolved like Telegram does for a private chat
        (chat scope, all_private_chats, default; each with the user's language first)."""
        return self.server._resolve_commands(self)

    def __repr__(self) -> str:
        return f"<SimulatedUser {self.id} {self.first_name!r} lang={self.language_code}>"


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------

_Handler = Callable[[_Args, web.Request | None], Awaitable[Any]]


@dataclass
class _Described:
    """A result that comes with a "description" (setWebhook and friends)."""

    value: Any
    description: str


class BotApiEmulator:
    """An in-process fake of api.telegram.org.  Use as ``async with BotApiEmulator(token=...)``."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "fake_test_bot",
        bot_first_name: str = "Fake Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        callback_timeout: float = 15.0,
        max_messages_per_second: float | None = None,
        close_cooldown: float = 600.0,
        webhook_retry_delay: float = 1.0,
        require_https_webhook: bool = False,
        detect_entities: bool = True,
    ) -> None:
        if not _TOKEN_RE.fullmatch(token):
            raise ValueError(f"not a bot token: {token!r}")
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.host = host
        self.port = port
        self.callback_timeout = callback_timeout
        self.max_messages_per_second = max_messages_per_second
        self.close_cooldown = close_cooldown
        self.webhook_retry_delay = webhook_retry_delay
        self.require_https_webhook = require_https_webhook
        self.detect_entities = detect_entities

        self.calls: list[ApiCall] = []
        self.errors: list[ApiErrorRecord] = []
        self.users: dict[int, SimulatedUser] = {}
        self.webhook_deliveries: list[JSON] = []

        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] = _DEFAULT_ALLOWED_UPDATES
        self._allowed_updates_custom = False
        self._poll: _PollWaiter | None = None
        self._webhook: _Webhook | None = None
        self._webhook_signal = _Signal()
        self._webhook_task: asyncio.Task[None] | None = None
        self._callback_queries: dict[str, _CallbackQuery] = {}
        self._next_callback_id = 1
        self._commands: dict[tuple[tuple[Any, ...], str], list[dict[str, str]]] = {}
        self._send_times: deque[float] = deque()
        self._injected: dict[str, deque[BotApiError]] = {}
        self._logged_out = False
        self._closing = False
        self._started_at = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._methods: dict[str, tuple[str, _Handler]] = {}
        for name, handler in (
            ("getMe", self._get_me),
            ("getUpdates", self._get_updates),
            ("setWebhook", self._set_webhook),
            ("deleteWebhook", self._delete_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("setMyCommands", self._set_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
            ("sendMessage", self._send_message),
            ("editMessageText", self._edit_message_text),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("answerCallbackQuery", self._answer_callback_query),
            ("deleteMessage", self._delete_message),
            ("sendChatAction", self._send_chat_action),
            ("close", self._close),
            ("logOut", self._log_out),
        ):
            self._methods[name.lower()] = (name, handler)

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._started_at = time.monotonic()

    async def stop(self) -> None:
        self._closing = True
        if self._poll is not None:
            self._poll.event.set()
        await self._stop_webhook_worker()
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Pass to ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    def method_url(self, method: str, token: str | None = None) -> str:
        """Full URL of a method, e.g. for calling the API with httpx in tests."""
        return f"{self.base_url}{token or self.token}/{method}"

    # -- test-facing API ----------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        *,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        is_premium: bool = False,
    ) -> SimulatedUser:
        """Get or create the simulated user ``user_id`` (the chat exists once they write)."""
        existing = self.users.get(user_id)
        if existing is not None:
            return existing
        created = SimulatedUser(
            self,
            user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            is_premium=is_premium,
        )
        self.users[user_id] = created
        return created

    def commands(
        self,
        language_code: str = "",
        scope: str | JSON = "default",
    ) -> list[dict[str, str]]:
        """Commands registered with setMyCommands for exactly this scope and language, as
        ``[{"command": ..., "description": ...}]`` (what getMyCommands returns)."""
        scope_json = {"type": scope} if isinstance(scope, str) else scope
        key = (self._scope_key_from_json(scope_json), language_code)
        return copy.deepcopy(self._commands.get(key, []))

    def unanswered_callback_queries(self) -> list[str]:
        """Ids of callback queries the bot never answered."""
        return [q.query_id for q in self._callback_queries.values() if not q.answered]

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        retry_after: int | None = None,
    ) -> None:
        """Make the next call of ``method`` fail with this status (e.g. 502 or 429)."""
        error = BotApiError(status, description, retry_after=retry_after)
        self._injected.setdefault(method.lower(), deque()).append(error)

    def push_update(self, kind: str, payload: JSON) -> int | None:
        """Queue an arbitrary update (``{"update_id": ..., kind: payload}``); returns its id,
        or None when the bot's allowed_updates filter drops it (as Telegram does)."""
        if kind not in self._allowed_updates:
            return None
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({"update_id": update_id, kind: payload})
        if self._poll is not None:
            self._poll.event.set()
        self._webhook_signal.fire()
        return update_id

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot."""
        return copy.deepcopy(self._updates)

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def assert_no_errors(self) -> None:
        """Raise AssertionError listing all Bot API errors, if any."""
        if self.errors:
            lines = "\n".join(
                f"  {e.method} -> {e.error_code} {e.description} (chat {e.chat_id})"
                for e in self.errors
            )
            raise AssertionError(f"Bot API errors:\n{lines}")

    def _errors_for(self, chat_id: int) -> list[str]:
        return [
            f"{e.method}: {e.error_code} {e.description}"
            for e in self.errors
            if e.chat_id in (chat_id, None)
        ]

    # -- HTTP -----------------------------------------------------------------------------------

    async def _read_params(self, request: web.Request | None) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            body = await request.read()
            if body.strip():
                try:
                    data = json.loads(body)
                except ValueError:
                    raise BotApiError(400, "Bad Request: can't parse JSON encoded data") from None
                if isinstance(data, dict):
                    params.update(data)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in (await request.post()).items():
                params[key] = value if isinstance(value, str) else None
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        raw_method = request.match_info["method"]
        try:
            params = await self._read_params(request)
        except BotApiError as exc:
            name = self._methods.get(raw_method.lower(), (raw_method,))[0]
            self.calls.append(ApiCall(name, {}, request.method, time.time()))
            self._record_error(name, exc, {})
            return web.json_response(exc.payload(), status=exc.error_code)
        status, body = await self.call(token, raw_method, params, request)
        return web.json_response(
            body, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False)
        )

    async def call(
        self,
        token: str,
        raw_method: str,
        params: dict[str, Any],
        request: web.Request | None = None,
    ) -> tuple[int, JSON]:
        """Run one Bot API method as Telegram would; returns (HTTP status, JSON body).

        The HTTP server calls this for each request; the console mode calls it in-process.
        """
        known = self._methods.get(raw_method.lower())
        name = known[0] if known else raw_method
        self.calls.append(ApiCall(name, params, request.method if request else "POST", time.time()))
        try:
            if not _TOKEN_RE.fullmatch(token):
                raise BotApiError(404, "Not Found")
            if token != self.token or self._logged_out:
                raise BotApiError(401, "Unauthorized")
            if known is None:
                raise BotApiError(404, "Not Found")
            injected = self._injected.get(raw_method.lower())
            if injected:
                raise injected.popleft()
            result = await known[1](_Args(params), request)
        except BotApiError as exc:
            if exc.record:
                self._record_error(name, exc, params)
            return exc.error_code, exc.payload()
        except Exception as exc:  # a bug in this emulator: make it loud
            error = BotApiError(500, f"Internal Server Error: emulator bug: {exc!r}")
            self._record_error(name, error, params)
            return 500, error.payload()
        body: JSON = {"ok": True}
        if isinstance(result, _Described):
            body["result"] = result.value
            body["description"] = result.description
        else:
            body["result"] = result
        return 200, body

    def _record_error(self, method: str, error: BotApiError, params: dict[str, Any]) -> None:
        chat_id_text = _Args(params).text("chat_id")
        chat_id = _to_integer(chat_id_text) if re.match(r"\s*-?\d", chat_id_text) else None
        self.errors.append(
            ApiErrorRecord(method, error.error_code, error.description, chat_id, dict(params))
        )

    # -- JSON builders --------------------------------------------------------------------------

    def bot_user_json(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _message_json(self, message: _StoredMessage, *, with_reply: bool = True) -> JSON:
        user = self.users[message.chat_id]
        result: JSON = {
            "message_id": message.message_id,
            "from": self.bot_user_json() if message.from_bot else user.to_user_json(),
            "chat": user.to_chat_json(),
            "date": message.date,
        }
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        if with_reply and message.reply_to is not None:
            replied = user._messages.get(message.reply_to)
            if replied is not None and not replied.deleted:
                result["reply_to_message"] = self._message_json(replied, with_reply=False)
        if message.text is not None:
            result["text"] = message.text
            if message.entities:
                result["entities"] = copy.deepcopy(message.entities)
        if message.location is not None:
            result["location"] = dict(message.location)
        if message.inline_markup is not None:
            result["reply_markup"] = copy.deepcopy(message.inline_markup)
        return result

    def _snapshot(self, message: _StoredMessage, kind: Literal["new", "edit"]) -> MessageSnapshot:
        return MessageSnapshot(
            message_id=message.message_id,
            chat_id=message.chat_id,
            kind=kind,
            text=message.text,
            html=message.source,
            parse_mode=message.parse_mode,
            entities=copy.deepcopy(message.entities),
            reply_markup=copy.deepcopy(message.markup),
            date=message.date,
            edit_date=message.edit_date,
            reply_to_message_id=message.reply_to,
            location=copy.deepcopy(message.location),
        )

    def _push_member_update(self, user: SimulatedUser, old: str, new: str) -> None:
        def member(status: str) -> JSON:
            result: JSON = {"status": status, "user": self.bot_user_json()}
            if status == "kicked":
                result["until_date"] = 0
            return result

        self.push_update(
            "my_chat_member",
            {
                "chat": user.to_chat_json(),
                "from": user.to_user_json(),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def _new_callback_query(self, user: SimulatedUser, target: _StoredMessage, data: str) -> str:
        query_id = str(4_000_000_000_000_000 + user.id * 1000 + self._next_callback_id)
        self._next_callback_id += 1
        self._callback_queries[query_id] = _CallbackQuery(
            query_id, user.id, target.message_id, data, time.monotonic()
        )
        self.push_update(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_user_json(),
                "message": self._message_json(target),
                "chat_instance": user.chat_instance,
                "data": data,
            },
        )
        return query_id

    # -- shared checks ----------------------------------------------------------------------------

    def _check_chat(self, chat_id_text: str) -> SimulatedUser:
        if chat_id_text == "":
            raise _bad("chat_id is empty")
        if chat_id_text.startswith("@"):
            raise _bad("chat not found")
        user = self.users.get(_to_integer(chat_id_text))
        if user is None or not user.has_chat:
            raise _bad("chat not found")
        return user

    def _check_message(self, args: _Args, what: str) -> tuple[SimulatedUser, _StoredMessage]:
        user = self._check_chat(args.text("chat_id"))
        message_id = args.integer("message_id")
        message = user._messages.get(message_id) if message_id > 0 else None
        if message is None or message.deleted:
            raise _bad(f"{what} not found")
        return user, message

    def _check_flood(self) -> None:
        if self.max_messages_per_second is None:
            return
        period = max(1.0, 1.0 / self.max_messages_per_second)
        capacity = max(1, round(self.max_messages_per_second * period))
        now = time.monotonic()
        while self._send_times and self._send_times[0] <= now - period:
            self._send_times.popleft()
        if len(self._send_times) >= capacity:
            retry_after = max(1, math.ceil(self._send_times[0] + period - now))
            raise BotApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        self._send_times.append(now)

    def _formatted_text(self, args: _Args) -> tuple[str, list[JSON], str]:
        """telegram-bot-api's get_input_message_text: returns (text, utf16 entities, mode)."""
        text = args.text("text")
        if text == "":
            raise _bad("Message text is empty")
        if len(text.encode("utf-8")) > MAX_RAW_TEXT_BYTES:
            raise _bad("Text is too long")
        if args.has("link_preview_options") and args.text("link_preview_options"):
            try:
                options = args.json_value("link_preview_options")
            except ValueError:
                raise _bad("Can't parse link preview options JSON object") from None
            if not isinstance(options, dict):
                raise _bad("Object expected as link preview options")
        parse_mode = args.text("parse_mode").lower()
        if parse_mode not in ("", "none"):
            if parse_mode == "html":
                try:
                    plain, entities = parse_html(text)
                except EntityParseError as exc:
                    raise _bad(f"Can't parse entities: {exc}") from None
                return plain, entities, parse_mode
            if parse_mode in ("markdown", "markdownv2"):
                raise _bad(
                    f"Can't parse entities: parse_mode {args.text('parse_mode')} is not "
                    "implemented by the fake Bot API server (use HTML)"
                )
            raise _bad("Unsupported parse_mode")
        return text, self._explicit_entities(args), ""

    def _explicit_entities(self, args: _Args) -> list[JSON]:
        try:
            raw = args.json_value("entities") if args.text("entities") else None
        except ValueError:
            return []  # telegram-bot-api silently ignores undecodable entities
        if not isinstance(raw, list):
            return []
        result = []
        for item in raw:
            try:
                entity = self._explicit_entity(item)
            except _Fail as exc:
                raise _bad(f"Can't parse MessageEntity: {exc}") from None
            if entity is not None:
                result.append(entity)
        return result

    def _explicit_entity(self, item: Any) -> JSON | None:
        if not isinstance(item, dict):
            raise _Fail("expected an Object")
        offset = _req_int(item, "offset")
        length = _req_int(item, "length")
        kind = _req_str(item, "type")
        entity: JSON = {"type": kind, "offset": offset, "length": length}
        simple = {
            "bold",
            "italic",
            "underline",
            "strikethrough",
            "spoiler",
            "code",
            "blockquote",
            "expandable_blockquote",
        }
        if kind in simple:
            return entity
        if kind == "pre":
            language = _opt_str(item, "language")
            if language:
                entity["language"] = language
            return entity
        if kind == "text_link":
            url = _req_str(item, "url")
            user_id = _link_user_id(url)
            if user_id is not None:
                return {
                    "type": "text_mention",
                    "offset": offset,
                    "length": length,
                    "user": {"id": user_id},
                }
            try:
                entity["url"] = check_link(url)
            except _Fail as exc:
                raise _bad(f"Entity {exc}") from None
            return entity
        if kind == "text_mention":
            user = _opt_field(item, "user", "Object")
            if user is None:
                raise _Fail('Can\'t find field "user"')
            entity["user"] = {"id": _req_int(user, "id")}
            return entity
        if kind == "custom_emoji":
            entity["custom_emoji_id"] = _req_str(item, "custom_emoji_id")
            return entity
        ignored = {
            "mention",
            "hashtag",
            "cashtag",
            "bot_command",
            "url",
            "email",
            "phone_number",
            "bank_card_number",
        }
        if kind in ignored:
            return None
        if kind == "":
            raise _Fail("Type is not specified")
        raise _Fail("Unsupported type specified")

    def _fix_text(self, text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
        """tdlib's fix_formatted_text: clean, trim, check emptiness; code point offsets out."""
        boundaries = _utf16_to_cp(text)
        total16 = utf16_len(text)
        cp_entities: list[JSON] = []
        for entity in sorted(entities, key=_entity_sort_key):
            offset, length = entity["offset"], entity["length"]
            if offset < 0 or offset > 1_000_000:
                raise _bad(f"Receive an entity with incorrect offset {offset}")
            if length < 0 or length > 1_000_000:
                raise _bad(f"Receive an entity with incorrect length {length}")
            if length == 0:
                continue
            if offset > total16:
                raise _bad(f"Entity begins after the end of the text at UTF-16 offset {offset}")
            if offset + length > total16:
                raise _bad(
                    f"Entity beginning at UTF-16 offset {offset} ends after the end of the text "
                    f"at UTF-16 offset {offset + length}"
                )
            if offset not in boundaries:
                byte = len(text[: boundaries[offset - 1] + 1].encode("utf-8"))
                raise _bad(f"Entity begins in a middle of a UTF-16 symbol at byte offset {byte}")
            if offset + length not in boundaries:
                byte = len(text[: boundaries[offset + length - 1] + 1].encode("utf-8"))
                raise _bad(
                    f"Entity beginning at UTF-16 offset {offset} ends in a middle of a UTF-16 "
                    f"symbol at byte offset {byte}"
                )
            start = boundaries[offset]
            converted = dict(entity)
            converted["offset"] = start
            converted["length"] = boundaries[offset + length] - start
            cp_entities.append(converted)

        # clean: control characters become spaces, \r and some characters disappear
        out: list[str] = []
        mapping = [0] * (len(text) + 1)
        for index, ch in enumerate(text):
            mapping[index] = len(out)
            code = ord(ch)
            if code == 0x0D or 0x2028 <= code <= 0x202E or code in (0x0333, 0x033F, 0x030A):
                continue
            out.append(" " if (code < 0x20 and code != 0x0A) else ch)
        mapping[len(text)] = len(out)
        cleaned = "".join(out)
        fixed: list[JSON] = []
        for entity in cp_entities:
            start = mapping[entity["offset"]]
            end = mapping[entity["offset"] + entity["length"]]
            if end > start:
                fixed.append({**entity, "offset": start, "length": end - start})

        # trim (spaces and newlines only) and check for emptiness
        last = len(cleaned) - 1
        while last >= 0 and cleaned[last] in " \n":
            last -= 1
        if last < 0:
            raise _bad("Text must be non-empty")
        cleaned = cleaned[: last + 1]
        trimmed: list[JSON] = []
        for entity in fixed:
            if entity["offset"] > last:
                continue
            end = min(entity["offset"] + entity["length"], last + 1)
            trimmed.append({**entity, "length": end - entity["offset"]})
        trimmed.sort(key=_entity_sort_key)
        first_entity = trimmed[0]["offset"] if trimmed else len(cleaned)
        first = 0
        while first < first_entity and cleaned[first] in " \n":
            first += 1
        cleaned = cleaned[first:]
        for entity in trimmed:
            entity["offset"] -= first
        if all(ord(ch) in _EMPTY_CHARS for ch in cleaned):
            raise _bad("Text must be non-empty")
        return cleaned, trimmed

    def _finish_text(self, text: str, entities: list[JSON]) -> list[JSON]:
        """Add automatic entities, fill in users of text mentions, convert to UTF-16."""
        if self.detect_entities:
            entities = entities + _find_entities(text, entities)
        result = _entities_to_utf16(text, entities)
        for entity in result:
            if entity["type"] == "text_mention":
                user = self.users.get(entity["user"]["id"])
                entity["user"] = (
                    user.to_user_json()
                    if user is not None
                    else {"id": entity["user"]["id"], "is_bot": False, "first_name": ""}
                )
        result.sort(key=_entity_sort_key)
        return result

    def _reply_markup_arg(self, args: _Args) -> JSON | None:
        return _parse_reply_markup(args.text("reply_markup"))

    # -- methods ----------------------------------------------------------------------------------

    async def _get_me(self, args: _Args, request: web.Request | None) -> JSON:
        return {
            **self.bot_user_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _update_allowed_updates(self, args: _Args) -> None:
        if not args.text("allowed_updates"):
            return
        try:
            value = args.json_value("allowed_updates")
        except ValueError:
            return
        if not isinstance(value, list):
            return
        names = {item for item in value if isinstance(item, str) and item in _ALL_UPDATE_TYPES}
        if names:
            self._allowed_updates = frozenset(names)
            self._allowed_updates_custom = True
        else:
            self._allowed_updates = _DEFAULT_ALLOWED_UPDATES
            self._allowed_updates_custom = False

    def _confirm_updates(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _abort_long_poll(self, reason: str) -> None:
        if self._poll is not None:
            self._poll.abort_reason = reason
            self._poll.event.set()
            self._poll = None

    async def _get_updates(self, args: _Args, request: web.Request | None) -> list[JSON]:
        if self._webhook is not None:
            raise BotApiError(409, CONFLICT_WEBHOOK_ACTIVE)
        offset = args.integer("offset", 0, -(2**31), 2**31 - 1)
        limit = args.integer("limit", 100, 1, 100)
        timeout = args.integer("timeout", 0, 0, LONG_POLL_MAX_TIMEOUT)
        self._update_allowed_updates(args)
        self._confirm_updates(offset)
        if self._updates or timeout == 0:
            return copy.deepcopy(self._updates[:limit])
        self._abort_long_poll(CONFLICT_OTHER_GET_UPDATES)
        waiter = _PollWaiter(request)
        self._poll = waiter
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return []
                try:
                    await asyncio.wait_for(waiter.event.wait(), remaining)
                except TimeoutError:
                    return copy.deepcopy(self._updates[:limit])
                waiter.event.clear()
                if waiter.abort_reason is not None:
                    await asyncio.sleep(0.05)
                    transport = request.transport if request is not None else None
                    gone = transport is None or transport.is_closing()
                    raise BotApiError(409, waiter.abort_reason, record=not gone)
                if self._closing or self._webhook is not None:
                    return []
                if self._updates:
                    return copy.deepcopy(self._updates[:limit])
        finally:
            if self._poll is waiter:
                self._poll = None

    async def _set_webhook(self, args: _Args, request: web.Request | None) -> _Described:
        url = args.text("url")
        if url == "":
            return await self._delete_webhook(args, request)
        parts = urlsplit(url if "://" in url else "https://" + url)
        try:
            parts.port  # noqa: B018 - validates the port
        except ValueError:
            raise _bad("invalid webhook URL specified") from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise _bad("invalid webhook URL specified")
        secret = args.text("secret_token")
        if len(secret) > 256:
            raise _bad("secret token is too long")
        if not re.fullmatch(r"[A-Za-z0-9_-]*", secret):
            raise _bad("secret token contains unallowed characters")
        if self.require_https_webhook and parts.scheme.lower() != "https":
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        max_connections = args.integer("max_connections", 40, 1, 100)
        drop = args.flag("drop_pending_updates")
        current = self._webhook
        if (
            current is not None
            and current.url == url
            and current.secret_token == secret
            and current.max_connections == max_connections
            and not drop
        ):
            self._update_allowed_updates(args)
            return _Described(True, "Webhook is already set")
        if drop:
            self._updates.clear()
        self._abort_long_poll(CONFLICT_SET_WEBHOOK)
        await self._stop_webhook_worker()
        self._update_allowed_updates(args)
        self._webhook = _Webhook(url, secret, max_connections)
        self._webhook_task = asyncio.create_task(self._webhook_worker(self._webhook))
        return _Described(True, "Webhook was set")

    async def _delete_webhook(self, args: _Args, request: web.Request | None) -> _Described:
        if args.flag("drop_pending_updates"):
            self._updates.clear()
        if self._webhook is None:
            return _Described(True, "Webhook is already deleted")
        self._webhook = None
        await self._stop_webhook_worker()
        return _Described(True, "Webhook was deleted")

    async def _get_webhook_info(self, args: _Args, request: web.Request | None) -> JSON:
        info: JSON = {
            "url": self._webhook.url if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook is not None:
            info["max_connections"] = self._webhook.max_connections
            if self._webhook.last_error_date is not None:
                info["last_error_date"] = self._webhook.last_error_date
                info["last_error_message"] = self._webhook.last_error_message
        if self._allowed_updates_custom:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _webhook_worker(self, webhook: _Webhook) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        while self._webhook is webhook:
            if not self._updates:
                await self._webhook_signal.wait(3600.0)
                continue
            update = self._updates[0]
            body = json.dumps(update, ensure_ascii=False).encode("utf-8")
            error: str | None = None
            try:
                async with self._session.post(webhook.url, data=body, headers=headers) as resp:
                    await resp.read()
                    if not 200 <= resp.status < 300:
                        error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
            except aiohttp.ClientConnectorError:
                error = "Connection refused"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Webhook delivery failed: {exc!r}"
            if error is None:
                self.webhook_deliveries.append(update)
                if self._updates and self._updates[0] is update:
                    self._updates.pop(0)
            else:
                webhook.last_error_date = int(time.time())
                webhook.last_error_message = error
                await asyncio.sleep(self.webhook_retry_delay)

    async def _set_my_commands(self, args: _Args, request: web.Request | None) -> bool:
        commands = self._parse_commands(args)
        scope_key = self._scope_key(args)
        language = self._language_code(args)
        checked: list[dict[str, str]] = []
        for command in commands:
            name = command["command"].strip().removeprefix("/")
            description = command["description"].strip()
            if not name:
                raise _bad("Command must be non-empty")
            if len(name) > 32:
                raise _bad("Command length must not exceed 32")
            if not description:
                raise _bad("Command description must be non-empty")
            if len(description) > 256:
                raise _bad("Command description length must not exceed 256")
            checked.append({"command": name, "description": description})
        if len(checked) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in checked:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise _bad("BOT_COMMAND_INVALID")
        if checked:
            self._commands[(scope_key, language)] = checked
        else:
            self._commands.pop((scope_key, language), None)
        return True

    async def _get_my_commands(self, args: _Args, request: web.Request | None) -> list[JSON]:
        key = (self._scope_key(args), self._language_code(args))
        return copy.deepcopy(self._commands.get(key, []))

    async def _delete_my_commands(self, args: _Args, request: web.Request | None) -> bool:
        key = (self._scope_key(args), self._language_code(args))
        self._commands.pop(key, None)
        return True

    def _parse_commands(self, args: _Args) -> list[JSON]:
        raw = args.text("commands")
        if raw == "":
            return []
        try:
            value = json.loads(raw)
        except ValueError:
            raise _bad("Can't parse commands JSON object") from None
        if not isinstance(value, list):
            raise _bad("Expected an Array of BotCommand")
        result = []
        for item in value:
            try:
                if not isinstance(item, dict):
                    raise _Fail("expected an Object")
                result.append(
                    {
                        "command": _req_str(item, "command"),
                        "description": _req_str(item, "description"),
                    }
                )
            except _Fail as exc:
                raise _bad(f"Can't parse BotCommand: {exc}") from None
        return result

    def _language_code(self, args: _Args) -> str:
        code = args.text("language_code")
        if code and not re.fullmatch(r"[a-z]{2}", code):
            raise _bad("Invalid language code specified")
        return code

    def _scope_key(self, args: _Args) -> tuple[Any, ...]:
        raw = args.text("scope")
        if raw == "":
            return ("default",)
        try:
            value = json.loads(raw)
        except ValueError:
            raise _bad("Can't parse BotCommandScope JSON object") from None
        try:
            key = self._scope_key_from_json(value)
        except _Fail as exc:
            raise _bad(f"Can't parse BotCommandScope: {exc}") from None
        if len(key) > 1:
            self._check_chat(str(key[1]))
        return key

    def _scope_key_from_json(self, value: Any) -> tuple[Any, ...]:
        if not isinstance(value, dict):
            raise _Fail("BotCommandScope must be an Object")
        kind = _req_str(value, "type")
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return (kind,)
        if kind not in ("chat", "chat_administrators", "chat_member"):
            raise _Fail("Unsupported type specified")
        chat_id = _req_str(value, "chat_id")
        if chat_id == "":
            raise _Fail("Empty chat_id specified")
        if kind != "chat_member":
            return (kind, _to_integer(chat_id))
        user_id = _req_int(value, "user_id")
        if user_id <= 0:
            raise _Fail("Invalid user_id specified")
        return (kind, _to_integer(chat_id), user_id)

    def _resolve_commands(self, user: SimulatedUser) -> list[dict[str, str]]:
        languages = [user.language_code or "", ""] if user.language_code else [""]
        for scope in (("chat", user.id), ("all_private_chats",), ("default",)):
            for language in languages:
                commands = self._commands.get((scope, language))
                if commands:
                    return copy.deepcopy(commands)
        return []

    async def _send_message(self, args: _Args, request: web.Request | None) -> JSON:
        source = args.text("text")
        text, entities, _ = self._formatted_text(args)
        reply_to, allow_without_reply = self._reply_parameters(args)
        markup = self._reply_markup_arg(args)
        user = self._check_chat(args.text("chat_id"))
        if reply_to:
            replied = user._messages.get(reply_to)
            if replied is None or replied.deleted:
                if not allow_without_reply:
                    raise _bad("message to be replied not found")
                reply_to = 0
        markup = _finalize_markup(markup, only_inline=False)
        text, cp_entities = self._fix_text(text, entities)
        if len(text) > MAX_MESSAGE_LENGTH:
            raise _bad("Message is too long")
        _server_check_markup(markup)
        self._check_flood()
        if user.blocked:
            raise BotApiError(403, BOT_BLOCKED)
        message = _StoredMessage(
            message_id=user._new_message_id(),
            chat_id=user.id,
            from_bot=True,
            date=int(time.time()),
            text=text,
            entities=self._finish_text(text, cp_entities),
            source=source,
            parse_mode=args.text("parse_mode") or None,
            markup=markup,
            reply_to=reply_to or None,
        )
        user._messages[message.message_id] = message
        if markup is not None and "keyboard" in markup:
            user.reply_keyboard_markup = copy.deepcopy(markup)
        elif markup is not None and "remove_keyboard" in markup:
            user.reply_keyboard_markup = None
        user._push(self._snapshot(message, "new"))
        return self._message_json(message)

    def _reply_parameters(self, args: _Args) -> tuple[int, bool]:
        if not args.has("reply_parameters"):
            reply_to = max(0, args.integer("reply_to_message_id"))
            return reply_to, args.flag("allow_sending_without_reply")
        raw = args.text("reply_parameters")
        if raw == "":
            return 0, False
        try:
            value = json.loads(raw)
        except ValueError:
            raise _bad("Can't parse reply parameters JSON object") from None
        if not isinstance(value, dict):
            raise _bad("Object expected as reply parameters")
        if not value:
            return 0, False
        try:
            message_id = _req_int(value, "message_id")
            allow = _opt_bool(value, "allow_sending_without_reply")
        except _Fail as exc:
            raise _bad(str(exc)) from None
        return max(0, message_id), allow

    def _edit_target(self, args: _Args) -> tuple[SimulatedUser, _StoredMessage]:
        if args.text("chat_id") == "" and args.integer("message_id") <= 0:
            if args.text("inline_message_id") == "":
                raise _bad("Message identifier is not specified")
            raise _bad("Invalid inline message identifier specified")
        user, message = self._check_message(args, "message to edit")
        if not message.from_bot:
            raise _bad("Message can't be edited")
        return user, message

    async def _edit_message_text(self, args: _Args, request: web.Request | None) -> JSON:
        source = args.text("text")
        text, entities, _ = self._formatted_text(args)
        markup = self._reply_markup_arg(args)
        user, message = self._edit_target(args)
        if message.text is None:
            raise _bad("There is no text in the message to edit")
        markup = _finalize_markup(markup, only_inline=True)
        text, cp_entities = self._fix_text(text, entities)
        if len(text) > MAX_MESSAGE_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        _server_check_markup(markup)
        final_entities = self._finish_text(text, cp_entities)
        if (
            text == message.text
            and final_entities == message.entities
            and markup == message.inline_markup
        ):
            raise BotApiError(400, MESSAGE_NOT_MODIFIED)
        message.text = text
        message.entities = final_entities
        message.source = source
        message.parse_mode = args.text("parse_mode") or None
        message.markup = markup
        message.edit_date = int(time.time())
        user._push(self._snapshot(message, "edit"))
        return self._message_json(message)

    async def _edit_message_reply_markup(self, args: _Args, request: web.Request | None) -> JSON:
        markup = self._reply_markup_arg(args)
        user, message = self._edit_target(args)
        markup = _finalize_markup(markup, only_inline=True)
        _server_check_markup(markup)
        if markup == message.inline_markup:
            raise BotApiError(400, MESSAGE_NOT_MODIFIED)
        message.markup = markup
        message.edit_date = int(time.time())
        user._push(self._snapshot(message, "edit"))
        return self._message_json(message)

    async def _answer_callback_query(self, args: _Args, request: web.Request | None) -> bool:
        query = self._callback_queries.get(args.text("callback_query_id"))
        expired = query is not None and (time.monotonic() - query.created > self.callback_timeout)
        if query is None or query.answered or expired:
            raise BotApiError(400, QUERY_ID_INVALID)
        text = args.text("text")
        if len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad("MESSAGE_TOO_LONG")
        url = args.text("url")
        answer: JSON = {
            "callback_query_id": query.query_id,
            "text": text or None,
            "show_alert": args.flag("show_alert"),
            "url": url or None,
            "cache_time": args.integer("cache_time", 0),
        }
        query.answered = True
        query.answer = answer
        user = self.users[query.user_id]
        user.callback_answers.append(answer)
        user._changed.fire()
        return True

    async def _delete_message(self, args: _Args, request: web.Request | None) -> bool:
        user, message = self._check_message(args, "message to delete")
        message.deleted = True
        user._changed.fire()
        return True

    async def _send_chat_action(self, args: _Args, request: web.Request | None) -> bool:
        action = args.text("action").lower()
        if action not in _CHAT_ACTIONS:
            raise _bad("Wrong parameter action in request")
        user = self._check_chat(args.text("chat_id"))
        if user.blocked:
            raise BotApiError(403, BOT_BLOCKED)
        user.chat_actions.append(action)
        return True

    async def _close(self, args: _Args, request: web.Request | None) -> bool:
        elapsed = time.monotonic() - self._started_at
        if elapsed < self.close_cooldown:
            retry_after = max(1, math.ceil(self.close_cooldown - elapsed))
            raise BotApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        return True

    async def _log_out(self, args: _Args, request: web.Request | None) -> bool:
        self._logged_out = True
        return True
