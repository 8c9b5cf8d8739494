"""The UI kit every renderer uses: replies, buttons, rows, navigation, paragraphs, bullets,
and the one check of a reply against Telegram's rules that every start-up check runs.

Renderers (bot/screens.py, bot/symptom_check.py, bot/suggestions.py, bot/reminders/
screens.py) are pure functions from data and a language to a `Reply`; buttons carry typed
routes (bot/callbacks.py), so a renderer never writes callback data by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.callbacks import Route, encode
from bot.i18n import Language
from bot.markup import MAX_BUTTON_TEXT, MAX_MESSAGE_LENGTH, MarkupError, check_message
from bot.routes import Home

Keyboard = list[list[InlineKeyboardButton]]


@dataclass(frozen=True)
class Reply:
    """A message with inline buttons (edited in place when a button is tapped)."""

    text: str  # Telegram HTML
    keyboard: InlineKeyboardMarkup


@dataclass(frozen=True)
class KeyboardReply:
    """A message with a reply keyboard (or one that removes it): no inline buttons."""

    text: str
    keyboard: ReplyKeyboardMarkup | ReplyKeyboardRemove


def button(label: str, route: Route) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(route))


def rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> Keyboard:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def nav(lang: Language, back: Route | None) -> list[InlineKeyboardButton]:
    """The last row of a screen: Back (unless it would lead home anyway) and Home."""
    home = button(lang.gettext("🏠 Home"), Home())
    if back is None or isinstance(back, Home):
        return [home]
    return [button(lang.gettext("⬅️ Back"), back), home]


def paragraphs(parts: Iterable[str]) -> str:
    """Parts separated by a blank line; empty parts are left out."""
    return "\n\n".join(part for part in parts if part)


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def reply(parts: Iterable[str], keyboard: Keyboard) -> Reply:
    return Reply(paragraphs(parts), InlineKeyboardMarkup(keyboard))


def check_reply(reply: Reply | KeyboardReply, limit: int = MAX_MESSAGE_LENGTH) -> None:
    """Raise MarkupError for what Telegram would refuse (text length, HTML markup) or cut
    (an empty or over-long button label); encoding the buttons already checked their data.
    `limit=MAX_CAPTION` checks a photo's caption."""
    check_message(reply.text, limit)
    labels: list[str] = []
    if isinstance(reply.keyboard, InlineKeyboardMarkup):
        labels = [b.text for row in reply.keyboard.inline_keyboard for b in row]
    elif isinstance(reply.keyboard, ReplyKeyboardMarkup):
        labels = [
            b.text if isinstance(b, KeyboardButton) else str(b)
            for row in reply.keyboard.keyboard
            for b in row
        ]
    for label in labels:
        if not label.strip() or len(label) > MAX_BUTTON_TEXT:
            raise MarkupError(f"button label {label!r} is empty or too long")
