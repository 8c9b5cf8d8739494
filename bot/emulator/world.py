"""The simulated world: users and their private chats, messages, callback queries, updates
waiting for the bot, and flood control.  The Bot API methods (``methods/``) act on it."""

from __future__ import annotations

import copy
import math
import time
from collections import deque
from typing import TYPE_CHECKING, Any, Literal, cast

from bot.emulator.arguments import Args, to_integer
from bot.emulator.errors import JSON, MESSAGE_NOT_MODIFIED, BotApiError, bad
from bot.emulator.formatting import find_entities
from bot.emulator.markup import parse_reply_markup
from bot.emulator.records import (
    ApiCall,
    ApiErrorRecord,
    CallbackQuery,
    MessageSnapshot,
    Signal,
    StoredMessage,
)
from bot.emulator.text import entities_to_utf16, entity_sort_key
from bot.emulator.users import SimulatedUser

if TYPE_CHECKING:
    from bot.emulator.api import BotApiEmulator
    from bot.emulator.records import PollWaiter


# Bot API `allow_paid_broadcast`: up to this many messages a second, for Telegram Stars.
PAID_BROADCAST_PER_SECOND = 1000


class World:
    """The state of the fake Telegram and the helpers every method group uses."""

    token: str
    bot_id: int
    bot_username: str
    bot_first_name: str
    callback_timeout: float
    max_messages_per_second: float | None
    detect_entities: bool
    calls: list[ApiCall]
    errors: list[ApiErrorRecord]
    users: dict[int, SimulatedUser]
    _updates: list[JSON]
    _next_update_id: int
    _allowed_updates: frozenset[str]
    _poll: PollWaiter | None
    _webhook_signal: Signal
    _callback_queries: dict[str, CallbackQuery]
    _next_callback_id: int
    _send_times: deque[float]
    paid_broadcasts: int

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
            cast("BotApiEmulator", self),  # World is always a part of one
            user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            is_premium=is_premium,
        )
        self.users[user_id] = created
        return created

    def unanswered_callback_queries(self) -> list[str]:
        """Ids of callback queries the bot never answered."""
        return [q.query_id for q in self._callback_queries.values() if not q.answered]

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

    # -- JSON builders --------------------------------------------------------------------------

    def bot_user_json(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _message_json(self, message: StoredMessage, *, with_reply: bool = True) -> JSON:
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
        if message.photo is not None:
            result["photo"] = message.photo.sizes_json()
        if message.caption is not None:
            result["caption"] = message.caption
            if message.caption_entities:
                result["caption_entities"] = copy.deepcopy(message.caption_entities)
        if message.inline_markup is not None:
            result["reply_markup"] = copy.deepcopy(message.inline_markup)
        return result

    def _snapshot(self, message: StoredMessage, kind: Literal["new", "edit"]) -> MessageSnapshot:
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
            photo=message.photo.data if message.photo is not None else None,
            caption=message.caption,
            caption_entities=copy.deepcopy(message.caption_entities),
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

    def _new_callback_query(self, user: SimulatedUser, target: StoredMessage, data: str) -> str:
        query_id = str(4_000_000_000_000_000 + user.id * 1000 + self._next_callback_id)
        self._next_callback_id += 1
        self._callback_queries[query_id] = CallbackQuery(
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

    def _apply_edit(
        self,
        user: SimulatedUser,
        message: StoredMessage,
        *,
        markup: JSON | None,
        source: str | None,
        parse_mode: str | None,
        **visible: Any,
    ) -> JSON:
        """Edit ``message``: set the ``visible`` fields (text, entities, photo, caption, ...),
        the inline keyboard and how the bot wrote it, date the edit and show it to the user.

        Like Telegram, refuse an edit that changes nothing the user sees: the same visible
        fields and keyboard, however the text was marked up (``source``, ``parse_mode``)."""
        if markup == message.inline_markup and all(
            getattr(message, name) == value for name, value in visible.items()
        ):
            raise BotApiError(400, MESSAGE_NOT_MODIFIED)
        for name, value in visible.items():
            setattr(message, name, value)
        message.source = source
        message.parse_mode = parse_mode
        message.markup = markup
        message.edit_date = int(time.time())
        user._push(self._snapshot(message, "edit"))
        return self._message_json(message)

    # -- shared checks ----------------------------------------------------------------------------

    def _check_chat(self, chat_id_text: str) -> SimulatedUser:
        if chat_id_text == "":
            raise bad("chat_id is empty")
        if chat_id_text.startswith("@"):
            raise bad("chat not found")
        user = self.users.get(to_integer(chat_id_text))
        if user is None or not user.has_chat:
            raise bad("chat not found")
        return user

    def _check_message(self, args: Args, what: str) -> tuple[SimulatedUser, StoredMessage]:
        user = self._check_chat(args.text("chat_id"))
        message_id = args.integer("message_id")
        message = user._messages.get(message_id) if message_id > 0 else None
        if message is None or message.deleted:
            raise bad(f"{what} not found")
        return user, message

    def _check_flood(self, paid_broadcast: bool = False) -> None:
        """`paid_broadcast`: the message was sent with allow_paid_broadcast, which lifts a
        bot's limit to 1000 messages a second (Telegram charges Stars above the free 30)."""
        if paid_broadcast:
            self.paid_broadcasts += 1
        if self.max_messages_per_second is None:
            return
        rate = self.max_messages_per_second
        if paid_broadcast:
            rate = max(rate, PAID_BROADCAST_PER_SECOND)
        period = max(1.0, 1.0 / rate)
        capacity = max(1, round(rate * period))
        now = time.monotonic()
        while self._send_times and self._send_times[0] <= now - period:
            self._send_times.popleft()
        if len(self._send_times) >= capacity:
            retry_after = max(1, math.ceil(self._send_times[0] + period - now))
            raise BotApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        self._send_times.append(now)

    def _finish_text(self, text: str, entities: list[JSON]) -> list[JSON]:
        """Add automatic entities, fill in users of text mentions, convert to UTF-16."""
        if self.detect_entities:
            entities = entities + find_entities(text, entities)
        result = entities_to_utf16(text, entities)
        for entity in result:
            if entity["type"] == "text_mention":
                user = self.users.get(entity["user"]["id"])
                entity["user"] = (
                    user.to_user_json()
                    if user is not None
                    else {"id": entity["user"]["id"], "is_bot": False, "first_name": ""}
                )
        result.sort(key=entity_sort_key)
        return result

    def _reply_markup_arg(self, args: Args) -> JSON | None:
        return parse_reply_markup(args.text("reply_markup"))
