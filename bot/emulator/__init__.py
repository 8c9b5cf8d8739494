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
``parse_html``, checked against TDLib 1.8.69 itself on 16,000 generated texts by
tests/emulator/test_tdlib.py), the link checks (tdlib's ``check_link`` and ``parse_url``), the
text clean-up and trimming (tdlib's ``fix_formatted_text``), the reply-markup
parsing (telegram-bot-api's ``get_reply_markup`` plus tdlib's ``get_reply_markup``) and the
``setMyCommands`` checks (tdlib's ``set_commands``) follow the public telegram-bot-api and tdlib
sources.  Text length is counted in Unicode code points (tdlib's ``utf8_length``), not UTF-16
units; entity offsets are UTF-16 units.  ``close`` answers 429 during the first
``close_cooldown`` seconds (600, as Telegram does after launch); after ``logOut`` every request
gets 401.  Known simplifications, all deliberate:

* ``parse_mode`` "HTML" is implemented, without TDLib's newest ``<tg-time>`` tag;
  "Markdown"/"MarkdownV2" are answered with a 400 that
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
  (``max_messages_per_second``), not Telegram's per-chat and per-group limits; a message sent
  with ``allow_paid_broadcast`` is held to 1000 a second instead (and counted in
  ``paid_broadcasts``), with no Stars balance or monthly-users requirement checked.

Layout, one layer per module (the lower never imports the higher):

* ``errors`` -- :class:`BotApiError` and Telegram's error texts;
* ``text`` -- UTF-16 offsets and the HTML parser; ``links`` -- link checks;
  ``formatting`` -- a message's text as a method takes it (parse_mode, entities, clean-up,
  automatic entities);
* ``arguments`` -- request arguments as strings, JSON fields with tdlib's messages;
  ``markup`` -- reply markup;
* ``records`` -- what is recorded and stored; ``users`` -- :class:`SimulatedUser`;
  ``world`` -- the simulated chats, messages, callback queries, updates and flood control;
* ``methods/`` -- the Bot API methods by group (updates and webhooks, commands, messages);
* ``api`` -- :class:`BotApiEmulator`: lifecycle and the dispatch of one call (``call``, with
  ``fail_next`` and ``hooks`` for fault injection);
* ``transport`` -- the aiohttp server (imported only by ``start()``);
* ``ptb`` -- :class:`EmulatorRequest`, python-telegram-bot's request backend that calls the
  emulator in-process (the console mode).

Production code imports nothing of this package.
"""

from bot.emulator.api import BotApiEmulator, MethodHook
from bot.emulator.errors import (
    BOT_BLOCKED,
    CONFLICT_OTHER_GET_UPDATES,
    CONFLICT_SET_WEBHOOK,
    CONFLICT_WEBHOOK_ACTIVE,
    JSON,
    MESSAGE_NOT_MODIFIED,
    QUERY_ID_INVALID,
    BotApiError,
    EntityParseError,
)
from bot.emulator.links import check_link
from bot.emulator.ptb import EmulatorRequest
from bot.emulator.records import ApiCall, ApiErrorRecord, MessageSnapshot
from bot.emulator.text import parse_html, utf16_len
from bot.emulator.users import SimulatedUser

__all__ = [
    "BOT_BLOCKED",
    "CONFLICT_OTHER_GET_UPDATES",
    "CONFLICT_SET_WEBHOOK",
    "CONFLICT_WEBHOOK_ACTIVE",
    "JSON",
    "MESSAGE_NOT_MODIFIED",
    "QUERY_ID_INVALID",
    "ApiCall",
    "ApiErrorRecord",
    "BotApiEmulator",
    "BotApiError",
    "EmulatorRequest",
    "EntityParseError",
    "MessageSnapshot",
    "MethodHook",
    "SimulatedUser",
    "check_link",
    "parse_html",
    "utf16_len",
]
