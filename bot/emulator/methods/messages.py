"""Messages in a chat: sendMessage, the edits, answerCallbackQuery, deleteMessage,
sendChatAction."""

from __future__ import annotations

import copy
import json
import time
from typing import TYPE_CHECKING, Final

from bot.emulator.arguments import Args, opt_bool, req_int
from bot.emulator.errors import (
    BOT_BLOCKED,
    JSON,
    QUERY_ID_INVALID,
    BotApiError,
    Fail,
    bad,
)
from bot.emulator.formatting import fix_text, formatted_text
from bot.emulator.markup import finalize_markup, server_check_markup
from bot.emulator.records import StoredMessage
from bot.emulator.users import SimulatedUser
from bot.emulator.world import World

if TYPE_CHECKING:
    from aiohttp import web

MAX_MESSAGE_LENGTH: Final = 4096  # Unicode code points after entity parsing (tdlib utf8_length)
MAX_CALLBACK_ANSWER_LENGTH: Final = 200
CHAT_ACTIONS: Final = frozenset(
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


class MessageMethods(World):
    async def _send_message(self, args: Args, request: web.Request | None) -> JSON:
        source = args.text("text")
        text, entities, _ = formatted_text(args)
        reply_to, allow_without_reply = self._reply_parameters(args)
        markup = self._reply_markup_arg(args)
        user = self._check_chat(args.text("chat_id"))
        if reply_to:
            replied = user._messages.get(reply_to)
            if replied is None or replied.deleted:
                if not allow_without_reply:
                    raise bad("message to be replied not found")
                reply_to = 0
        markup = finalize_markup(markup, only_inline=False)
        text, cp_entities = fix_text(text, entities)
        if len(text) > MAX_MESSAGE_LENGTH:
            raise bad("Message is too long")
        server_check_markup(markup)
        self._check_flood(paid_broadcast=args.flag("allow_paid_broadcast"))
        if user.blocked:
            raise BotApiError(403, BOT_BLOCKED)
        message = StoredMessage(
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

    def _reply_parameters(self, args: Args) -> tuple[int, bool]:
        if not args.has("reply_parameters"):
            reply_to = max(0, args.integer("reply_to_message_id"))
            return reply_to, args.flag("allow_sending_without_reply")
        raw = args.text("reply_parameters")
        if raw == "":
            return 0, False
        try:
            value = json.loads(raw)
        except ValueError:
            raise bad("Can't parse reply parameters JSON object") from None
        if not isinstance(value, dict):
            raise bad("Object expected as reply parameters")
        if not value:
            return 0, False
        try:
            message_id = req_int(value, "message_id")
            allow = opt_bool(value, "allow_sending_without_reply")
        except Fail as exc:
            raise bad(str(exc)) from None
        return max(0, message_id), allow

    def _edit_target(self, args: Args) -> tuple[SimulatedUser, StoredMessage]:
        if args.text("chat_id") == "" and args.integer("message_id") <= 0:
            if args.text("inline_message_id") == "":
                raise bad("Message identifier is not specified")
            raise bad("Invalid inline message identifier specified")
        user, message = self._check_message(args, "message to edit")
        if not message.from_bot:
            raise bad("Message can't be edited")
        return user, message

    async def _edit_message_text(self, args: Args, request: web.Request | None) -> JSON:
        source = args.text("text")
        text, entities, _ = formatted_text(args)
        markup = self._reply_markup_arg(args)
        user, message = self._edit_target(args)
        if message.text is None:
            raise bad("There is no text in the message to edit")
        markup = finalize_markup(markup, only_inline=True)
        text, cp_entities = fix_text(text, entities)
        if len(text) > MAX_MESSAGE_LENGTH:
            raise bad("MESSAGE_TOO_LONG")
        server_check_markup(markup)
        return self._apply_edit(
            user,
            message,
            markup=markup,
            source=source,
            parse_mode=args.text("parse_mode") or None,
            text=text,
            entities=self._finish_text(text, cp_entities),
        )

    async def _edit_message_reply_markup(self, args: Args, request: web.Request | None) -> JSON:
        markup = self._reply_markup_arg(args)
        user, message = self._edit_target(args)
        markup = finalize_markup(markup, only_inline=True)
        server_check_markup(markup)
        return self._apply_edit(
            user, message, markup=markup, source=message.source, parse_mode=message.parse_mode
        )

    async def _answer_callback_query(self, args: Args, request: web.Request | None) -> bool:
        query = self._callback_queries.get(args.text("callback_query_id"))
        expired = query is not None and (time.monotonic() - query.created > self.callback_timeout)
        if query is None or query.answered or expired:
            raise BotApiError(400, QUERY_ID_INVALID)
        text = args.text("text")
        if len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad("MESSAGE_TOO_LONG")
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

    async def _delete_message(self, args: Args, request: web.Request | None) -> bool:
        user, message = self._check_message(args, "message to delete")
        message.deleted = True
        user._changed.fire()
        return True

    async def _send_chat_action(self, args: Args, request: web.Request | None) -> bool:
        action = args.text("action").lower()
        if action not in CHAT_ACTIONS:
            raise bad("Wrong parameter action in request")
        user = self._check_chat(args.text("chat_id"))
        if user.blocked:
            raise BotApiError(403, BOT_BLOCKED)
        user.chat_actions.append(action)
        return True
