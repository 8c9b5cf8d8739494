"""Telegram handlers: read the update, pick the screen, render it, send it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import calls, screens, suggestions
from bot.callbacks import Route, decode
from bot.context import GuideContext
from bot.i18n import Language
from bot.places import Place, place_named
from bot.routes import About, BodyMap, Home, Languages, SetLanguage, Urgent
from bot.ui import Reply
from bot.understanding import Understood

log = logging.getLogger(__name__)

Handler = Callable[[Update, GuideContext], Coroutine[Any, Any, None]]

# Command -> the screen it opens. /help is `on_help`; /reminders, /stop and /forget are
# bot/reminders/handlers.py's.
COMMAND_SCREENS: dict[str, Route] = {
    "start": Home(),
    "urgent": Urgent(),
    "language": Languages(),
    "about": About(),
}


def command_list(lang: Language) -> list[BotCommand]:
    """The command menu Telegram shows next to the text field, in one language."""
    return [BotCommand(command, what) for command, what in screens.commands(lang)]


def open_screen(route: Route) -> Handler:
    """A command handler that answers with one screen as a new message."""

    async def handler(update: Update, context: GuideContext) -> None:
        message = update.effective_message
        if message is None:
            return
        lang = await context.language_of(update.effective_user)
        services = context.services
        reply = services.screen(lang, route)
        assert reply is not None  # screens without arguments always resolve
        await calls.reply(message, reply.text, reply.keyboard)

    handler.__name__ = f"open_{type(route).__name__.lower()}"
    return handler


async def on_help(update: Update, context: GuideContext) -> None:
    """/help (or "help" typed): what the bot does and every command."""
    message = update.effective_message
    if message is None:
        return
    lang = await context.language_of(update.effective_user)
    reply = screens.help_screen(context.services.guide, lang)
    await calls.reply(message, reply.text, reply.keyboard)


async def show(query: CallbackQuery, context: GuideContext, reply: Reply) -> None:
    """Replace the tapped message with the screen; send it anew if it cannot be edited.

    Editing to a given content is idempotent, so it is retried on 5xx and connection
    errors (bot/calls.py); sending anew is retried only where it surely was not sent."""
    message = query.message
    # A picture (the body map, a chart) stays: its buttons open their screens below it.
    if isinstance(message, Message) and not message.photo:
        try:
            await calls.retry(
                lambda: message.edit_text(reply.text, reply_markup=reply.keyboard),
                idempotent=True,
                what="editMessageText",
            )
            return
        except BadRequest as error:
            # A double tap renders the same screen twice; Telegram refuses the second edit.
            if "not modified" in error.message:
                return
            log.info("cannot edit message, sending a new one: %s", error.message)
        except TelegramError as error:
            log.warning("cannot edit message, sending a new one: %s", error.message)
    await calls.retry(
        lambda: context.bot.send_message(
            query.from_user.id, reply.text, reply_markup=reply.keyboard
        ),
        idempotent=False,
        what="sendMessage",
    )


async def answer_and_show(
    query: CallbackQuery, context: GuideContext, reply: Reply | None, toast: str | None
) -> None:
    """Answer the tap and show its screen at the same time: a failed or late answer
    (5xx, "query is too old") never keeps the screen from the user."""
    if reply is None:
        await calls.answer(query, toast)
        return
    await asyncio.gather(calls.answer(query, toast), show(query, context, reply))


async def on_button(update: Update, context: GuideContext) -> None:
    query = update.callback_query
    if query is None:
        return
    lang = await context.language_of(query.from_user)
    services = context.services
    route = decode(query.data)
    if isinstance(route, SetLanguage):
        await switch_language(query, context, route.code)
        return
    if isinstance(route, BodyMap):
        await send_body_map(query, context, lang)
        return
    reply = services.screen(lang, route) if route else None
    if reply is None:
        await expired(query, context, lang)
        return
    await answer_and_show(query, context, reply, None)


async def send_picture(
    context: GuideContext,
    chat_id: int,
    reply: Reply,
    draw: Callable[[], bytes],
    cache_key: str | None = None,
) -> None:
    """Send a PNG with the reply as its caption and buttons. Drawing runs off the event
    loop; with `cache_key`, Telegram's file_id of the first upload is reused afterwards
    (the same picture for everyone: the body map in one language)."""
    file_ids = context.bot_data.picture_file_ids
    photo: str | bytes | None = file_ids.get(cache_key) if cache_key else None
    if photo is None:
        photo = await asyncio.to_thread(draw)
    sent = await calls.retry(
        lambda: context.bot.send_photo(
            chat_id, photo, caption=reply.text, reply_markup=reply.keyboard
        ),
        idempotent=False,
        what="sendPhoto",
    )
    if cache_key and sent.photo:
        file_ids[cache_key] = sent.photo[-1].file_id


async def send_body_map(query: CallbackQuery, context: GuideContext, lang: Language) -> None:
    from bot.pictures.body_map import body_map_for  # Pillow loads on the first picture

    guide = context.services.guide
    await asyncio.gather(
        calls.answer(query),
        send_picture(
            context,
            query.from_user.id,
            screens.body_map(guide, lang),
            lambda: body_map_for(guide, lang),
            cache_key=f"body_map:{lang.code}",
        ),
    )


async def expired(query: CallbackQuery, context: GuideContext, lang: Language) -> None:
    """A button this bot no longer knows: say so kindly and offer a fresh menu.

    The fresh menu is a new message at the bottom of the chat, and the stale buttons are
    taken off the old one, so only one live menu remains.
    """
    notice = lang.gettext("This menu has expired. Here is a fresh one.")
    await calls.answer(query, notice)
    message = query.message
    if isinstance(message, Message) and message.reply_markup:
        try:
            await calls.retry(
                lambda: message.edit_reply_markup(reply_markup=None),
                idempotent=True,
                what="editMessageReplyMarkup",
            )
        except TelegramError as error:
            log.info("could not remove stale buttons: %s", error.message)
    reply = screens.home(context.services.guide, lang, notice=f"<i>{notice}</i>")
    await calls.retry(
        lambda: context.bot.send_message(
            query.from_user.id, reply.text, reply_markup=reply.keyboard
        ),
        idempotent=False,
        what="sendMessage",
    )


async def switch_language(query: CallbackQuery, context: GuideContext, code: str) -> None:
    services = context.services
    lang = services.languages.get(code)
    if lang is None:  # a language that was offered once and has since been removed
        await expired(query, context, await context.language_of(query.from_user))
        return
    await context.store.set_language(query.from_user.id, code)
    notice = lang.gettext("Language: {name}").format(name=lang.texts.name)
    home = screens.home(services.guide, lang, notice=f"✓ {notice}")
    await answer_and_show(query, context, home, notice)
    # Commands for this chat follow the chosen language, not Telegram's app language.
    try:
        await calls.retry(
            lambda: context.bot.set_my_commands(
                command_list(lang), scope=BotCommandScopeChat(query.from_user.id)
            ),
            idempotent=True,
            what="setMyCommands",
        )
    except TelegramError as error:
        log.warning("could not set the chat's command list: %s", error.message)


async def on_text(update: Update, context: GuideContext) -> None:
    """Typed text: the matching screens as buttons, the urgent screen first if it mentions an
    emergency sign; anything else, or an unknown command, gets a hint and the main menu."""
    message = update.effective_message
    if message is None:
        return
    lang = await context.language_of(update.effective_user)
    services = context.services
    text = message.text or ""
    understood = (
        services.understanding.read(text, lang.code)
        if not text.startswith("/")
        else Understood((), ())
    )
    place = place_named(text) if not understood.emergency else None  # emergencies first
    if place is Place.HELP:
        await on_help(update, context)
        return
    if place is Place.LANGUAGE:
        await open_screen(Languages())(update, context)
        return
    for reply in suggestions.replies(services.guide, lang, understood):
        await calls.reply(message, reply.text, reply.keyboard)


async def on_other_message(update: Update, context: GuideContext) -> None:
    """A voice message, photo, sticker, file, contact, poll... : a kind word and the menu."""
    message = update.effective_message
    if message is None:
        return
    lang = await context.language_of(update.effective_user)
    notice = lang.gettext(
        "I can read only text and buttons. Tap where it twitches, or describe it in a few words."
    )
    reply = screens.home(context.services.guide, lang, notice=f"<i>{notice}</i>")
    await calls.reply(message, reply.text, reply.keyboard)


async def on_error(update: object, context: GuideContext) -> None:
    """Log once, stop the tap's spinner, apologise in a private chat with the main menu,
    and keep the bot running; this handler itself never raises."""
    try:
        await _handle_error(update, context)
    except Exception:  # the error handler must never fail in turn
        log.exception("the error handler failed")


async def _handle_error(update: object, context: GuideContext) -> None:
    error = context.error
    health = context.bot_data.polling_health
    if update is None and context.job is None and isinstance(error, TelegramError) and health:
        health.on_poll_error(error)  # fetching updates failed: one line with the backoff
        return
    if isinstance(error, TelegramError) and not isinstance(error, BadRequest | Forbidden):
        # The Bot API is unreachable or failing after the retries: one line, no traceback.
        log.warning("Bot API call failed while handling an update: %r", error)
    else:
        log.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.callback_query:
        await calls.answer(update.callback_query)
    if update.effective_chat.type != ChatType.PRIVATE or isinstance(error, TelegramError):
        return  # no apology in a group; none through a Bot API that just failed
    lang = await context.language_of(update.effective_user)
    sorry = lang.gettext("Sorry, something went wrong on our side. Here is the main menu.")
    reply = screens.home(context.services.guide, lang, notice=f"<i>{sorry}</i>")
    chat_id = update.effective_chat.id
    await calls.retry(
        lambda: context.bot.send_message(chat_id, reply.text, reply_markup=reply.keyboard),
        idempotent=False,
        what="sendMessage",
    )
