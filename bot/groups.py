"""Groups and channels: the guide is for private chats.

In a group, a command meant for this bot (`/start`, `/start@thisbot`, ...) and any of its
buttons get a short note with a button that opens the private chat
(`https://t.me/<bot>?start=group`); nothing is ever sent to a member's private chat from
there (they may never have started the bot), and no apology is posted in a group. Other
group messages and channel posts are left alone quietly.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot import calls
from bot.context import GuideContext
from bot.logs import update_kind

log = logging.getLogger(__name__)

START_PARAMETER = "group"  # /start payload of the link; /start ignores it


def private_chat_url(bot_username: str) -> str:
    return f"https://t.me/{bot_username}?start={START_PARAMETER}"


def add_handlers(application: Application) -> None:  # type: ignore[type-arg,unused-ignore]
    """Group -2: before every other handler, so none of them sees a group or a channel."""
    application.add_handler(TypeHandler(Update, outside_private_chats), group=-2)


def _chat_type(update: Update) -> str | None:
    if update.callback_query is not None:
        message = update.callback_query.message
        return message.chat.type if message is not None else None
    chat = update.effective_chat
    return chat.type if chat is not None else None


async def outside_private_chats(update: Update, context: GuideContext) -> None:
    """Let private chats through; answer or ignore everything else, then stop."""
    if update.channel_post or update.edited_channel_post:
        raise ApplicationHandlerStop
    chat_type = _chat_type(update)
    if chat_type is None or chat_type == ChatType.PRIVATE:
        return
    log.info("%s in a %s chat: pointed to the private chat", update_kind(update), chat_type)
    lang = await context.language_of(update.effective_user)
    note = lang.gettext(
        "I answer in a private chat, so that what you ask stays between us. "
        "Tap the button to open it."
    )
    url = private_chat_url(context.bot.username)
    query = update.callback_query
    if query is not None:
        await calls.answer(query, note, url=url)
    elif update.message is not None and _command_for_this_bot(update.message, context):
        button = InlineKeyboardButton(lang.gettext("💬 Open the private chat"), url=url)
        chat_id = update.message.chat_id
        try:
            await calls.retry(
                lambda: context.bot.send_message(
                    chat_id, note, reply_markup=InlineKeyboardMarkup([[button]])
                ),
                idempotent=False,
                what="sendMessage",
            )
        except TelegramError as error:  # e.g. the bot may not write in this group
            log.info("could not answer in a group: %s", error.message)
    raise ApplicationHandlerStop


def _command_for_this_bot(message: Message, context: GuideContext) -> bool:
    """A command with no @name (meant for every bot) or with this bot's @name."""
    entities = message.entities
    if not entities or entities[0].type != MessageEntity.BOT_COMMAND or entities[0].offset:
        return False
    command = message.parse_entity(entities[0])
    _, _, name = command.partition("@")
    return not name or name.casefold() == context.bot.username.casefold()
