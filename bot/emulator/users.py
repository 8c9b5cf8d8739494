"""The simulated people: a Telegram user in a private chat with the bot, driven by a test."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from bot.emulator.errors import JSON
from bot.emulator.formatting import find_entities
from bot.emulator.records import MessageSnapshot, Signal, StoredMessage
from bot.emulator.text import entities_to_utf16, entity_sort_key

if TYPE_CHECKING:
    from bot.emulator.api import BotApiEmulator


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
        self._messages: dict[int, StoredMessage] = {}
        self._next_message_id = 1
        self._inbox: list[MessageSnapshot] = []
        self._inbox_pos = 0
        self._changed = Signal()

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
        entities = find_entities(text, [])
        message = StoredMessage(
            message_id=self._new_message_id(),
            chat_id=self.id,
            from_bot=False,
            date=int(time.time()),
            text=text,
            entities=sorted(entities_to_utf16(text, entities), key=entity_sort_key),
            reply_to=self._message_id_of(reply_to) if reply_to is not None else None,
        )
        return await self._deliver(message)

    async def share_location(self, latitude: float, longitude: float) -> JSON:
        """Send a location (as a ``request_location`` button or the attachment menu does)."""
        self._require_active("send messages")
        message = StoredMessage(
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

    async def _deliver(self, message: StoredMessage) -> JSON:
        self.has_chat = True
        self._messages[message.message_id] = message
        payload = self.server._message_json(message)
        self.server.push_update("message", payload)
        await asyncio.sleep(0)
        return payload

    def _message_id_of(self, message: int | MessageSnapshot) -> int:
        return message.message_id if isinstance(message, MessageSnapshot) else int(message)

    def _target_message(self, message: int | MessageSnapshot | None) -> StoredMessage:
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
