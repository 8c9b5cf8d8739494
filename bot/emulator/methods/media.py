"""Photos in a chat: sendPhoto, editMessageMedia and editMessageCaption."""

from __future__ import annotations

import copy
import json
import time
from typing import TYPE_CHECKING, Any

from bot.emulator.arguments import Args
from bot.emulator.errors import BOT_BLOCKED, JSON, BotApiError, bad
from bot.emulator.formatting import fix_text, formatted_text
from bot.emulator.markup import finalize_markup, server_check_markup
from bot.emulator.media import MAX_CAPTION_LENGTH, StoredPhoto, Upload, store_photo
from bot.emulator.methods.messages import MessageMethods
from bot.emulator.records import StoredMessage

if TYPE_CHECKING:
    from aiohttp import web


def _caption_args(caption: Any, parse_mode: Any, entities: Any) -> Args:
    return Args({"text": caption, "parse_mode": parse_mode, "entities": entities})


class MediaMethods(MessageMethods):
    _photos: dict[str, StoredPhoto]

    def _photo_arg(self, value: Any, params: dict[str, Any]) -> StoredPhoto:
        """An upload, an attach://name of one, or the file_id of a photo sent before."""
        if isinstance(value, Upload):
            return store_photo(value.data, self._photos)
        if not isinstance(value, str) or not value.strip():
            raise bad("there is no photo in the request")
        value = value.strip()
        if value.startswith("attach://"):
            attached = params.get(value.removeprefix("attach://"))
            if isinstance(attached, Upload):
                return store_photo(attached.data, self._photos)
            raise bad("wrong file identifier/HTTP URL specified")
        if value.startswith(("http://", "https://")):
            raise bad("failed to get HTTP URL content")  # the emulator is offline
        photo = self._photos.get(value)
        if photo is None:
            raise bad("wrong file identifier/HTTP URL specified")
        return photo

    def _caption(self, args: Args) -> dict[str, Any]:
        """The caption as a message keeps it: its text after entity parsing (None when
        empty), entities, source and parse mode; the fields an edit sets."""
        source = args.text("text")
        parse_mode = args.text("parse_mode") or None
        empty: dict[str, Any] = {
            "caption": None,
            "caption_entities": [],
            "source": None,
            "parse_mode": parse_mode,
        }
        if source == "":
            return empty
        text, entities, _ = formatted_text(args)
        text, cp_entities = fix_text(text, entities)
        if len(text) > MAX_CAPTION_LENGTH:
            raise bad("message caption is too long")
        if text == "":
            return empty
        return {
            "caption": text,
            "caption_entities": self._finish_text(text, cp_entities),
            "source": source,
            "parse_mode": parse_mode,
        }

    async def _send_photo(self, args: Args, request: web.Request | None) -> JSON:
        caption_args = _caption_args(
            args.params.get("caption"),
            args.params.get("parse_mode"),
            args.params.get("caption_entities"),
        )
        caption = self._caption(caption_args)
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
        photo = self._photo_arg(args.params.get("photo"), args.params)
        server_check_markup(markup)
        self._check_flood()
        if user.blocked:
            raise BotApiError(403, BOT_BLOCKED)
        message = StoredMessage(
            message_id=user._new_message_id(),
            chat_id=user.id,
            from_bot=True,
            date=int(time.time()),
            markup=markup,
            reply_to=reply_to or None,
            photo=photo,
            **caption,
        )
        user._messages[message.message_id] = message
        if markup is not None and "keyboard" in markup:
            user.reply_keyboard_markup = copy.deepcopy(markup)
        elif markup is not None and "remove_keyboard" in markup:
            user.reply_keyboard_markup = None
        user._push(self._snapshot(message, "new"))
        return self._message_json(message)

    async def _edit_message_media(self, args: Args, request: web.Request | None) -> JSON:
        raw = args.text("media")
        if raw == "":
            raise bad("media not specified")
        try:
            media = json.loads(raw)
        except ValueError:
            raise bad("Can't parse InputMedia JSON object") from None
        if not isinstance(media, dict):
            raise bad("Object expected as InputMedia")
        kind = media.get("type")
        if kind in ("animation", "audio", "document", "video", "live_photo"):
            raise bad(f"media type {kind} is not implemented by the fake Bot API server")
        if kind != "photo":
            raise bad('Field "type" must be a valid String')
        caption_args = _caption_args(
            media.get("caption"), media.get("parse_mode"), media.get("caption_entities")
        )
        caption = self._caption(caption_args)
        markup = self._reply_markup_arg(args)
        user, message = self._edit_target(args)
        if message.location is not None:
            raise bad("Message can't be edited")
        markup = finalize_markup(markup, only_inline=True)
        server_check_markup(markup)
        # Since Bot API 7.x a text message can get a photo too ("add media to text messages").
        photo = self._photo_arg(media.get("media"), args.params)
        return self._apply_edit(
            user, message, markup=markup, text=None, entities=[], photo=photo, **caption
        )

    async def _edit_message_caption(self, args: Args, request: web.Request | None) -> JSON:
        caption_args = _caption_args(
            args.params.get("caption"),
            args.params.get("parse_mode"),
            args.params.get("caption_entities"),
        )
        caption = self._caption(caption_args)
        markup = self._reply_markup_arg(args)
        user, message = self._edit_target(args)
        if message.photo is None:
            raise bad("there is no caption in the message to edit")
        markup = finalize_markup(markup, only_inline=True)
        server_check_markup(markup)
        return self._apply_edit(user, message, markup=markup, **caption)
