"""What the emulator records and keeps: calls, errors, messages, callback queries."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from bot.emulator.errors import JSON
from bot.emulator.media import StoredPhoto

if TYPE_CHECKING:
    from aiohttp import web


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
    photo: bytes | None = None  # the picture the bot sent (sendPhoto, editMessageMedia)
    caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)

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
class StoredMessage:
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
    photo: StoredPhoto | None = None
    caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)

    @property
    def inline_markup(self) -> JSON | None:
        if self.markup is not None and "inline_keyboard" in self.markup:
            return self.markup
        return None


@dataclass
class CallbackQuery:
    query_id: str
    user_id: int
    message_id: int
    data: str
    created: float
    answered: bool = False
    answer: JSON | None = None


@dataclass
class PollWaiter:
    request: web.Request | None
    event: asyncio.Event = field(default_factory=asyncio.Event)
    abort_reason: str | None = None


@dataclass
class Webhook:
    url: str
    secret_token: str
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


class Signal:
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


@dataclass
class Described:
    """A result that comes with a "description" (setWebhook and friends)."""

    value: Any
    description: str
