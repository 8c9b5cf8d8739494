"""Telegram handlers: read the update, pick the screen, render it, send it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import BotCommand, BotCommandScopeChat, CallbackQuery, Message, Update
from telegram.error import BadRequest, Forbidden

from bot import screens, suggestions
from bot.callbacks import Route, Screen, decode
from bot.context import GuideContext
from bot.i18n import Language
from bot.understanding import Understood

log = logging.getLogger(__name__)

Handler = Callable[[Update, GuideContext], Awaitable[None]]

# Command -> the screen it opens. /start and /help open the main menu.
# /reminders, /stop and /forget are bot/reminders/handlers.py's.
COMMAND_SCREENS = {
    "start": Screen.HOME,
    "urgent": Screen.URGENT,
    "language": Screen.LANGUAGES,
    "about": Screen.ABOUT,
    "help": Screen.HOME,
}


def command_list(lang: Language) -> list[BotCommand]:
    """The command menu Telegram shows next to the text field, in one language."""
    return [
        BotCommand("start", lang.gettext("Main menu: where it twitches")),
        BotCommand("urgent", lang.gettext("Urgent warning signs and who to call")),
        BotCommand("reminders", lang.gettext("Sleep and water reminders")),
        BotCommand("language", lang.gettext("Change the language")),
        BotCommand("about", lang.gettext("About this information and its sources")),
    ]


def open_screen(screen: Screen) -> Handler:
    """A command handler that answers with one screen as a new message."""

    async def handler(update: Update, context: GuideContext) -> None:
        message = update.effective_message
        if message is None:
            return
        lang = await context.language_of(update.effective_user)
        services = context.services
        reply = screens.render(services.guide, lang, Route(screen), services.language_names)
        assert reply is not None  # screens without arguments always resolve
        await message.reply_text(reply.text, reply_markup=reply.keyboard)

    handler.__name__ = f"open_{screen.name.lower()}"
    return handler


async def show(query: CallbackQuery, context: GuideContext, reply: screens.Reply) -> None:
    """Replace the tapped message with the screen; send it anew if it cannot be edited."""
    if isinstance(query.message, Message):
        try:
            await query.edit_message_text(reply.text, reply_markup=reply.keyboard)
            return
        except BadRequest as error:
            # A double tap renders the same screen twice; Telegram refuses the second edit.
            if "not modified" in error.message:
                return
            log.info("cannot edit message, sending a new one: %s", error.message)
    await context.bot.send_message(query.from_user.id, reply.text, reply_markup=reply.keyboard)


async def on_button(update: Update, context: GuideContext) -> None:
    query = update.callback_query
    if query is None:
        return
    lang = await context.language_of(query.from_user)
    services = context.services
    route = decode(query.data)
    if route is not None and route.screen is Screen.SET_LANGUAGE:
        await switch_language(query, context, route.args[0])
        return
    reply = screens.render(services.guide, lang, route, services.language_names) if route else None
    if reply is None:
        await expired(query, context, lang)
        return
    await query.answer()
    await show(query, context, reply)


async def expired(query: CallbackQuery, context: GuideContext, lang: Language) -> None:
    """A button this bot no longer knows: say so kindly and offer a fresh menu.

    The fresh menu is a new message at the bottom of the chat, and the stale buttons are
    taken off the old one, so only one live menu remains.
    """
    notice = lang.gettext("This menu has expired. Here is a fresh one.")
    await query.answer(notice)
    if isinstance(query.message, Message) and query.message.reply_markup:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as error:
            log.info("could not remove stale buttons: %s", error.message)
    reply = screens.home(context.services.guide, lang, notice=f"<i>{notice}</i>")
    await context.bot.send_message(query.from_user.id, reply.text, reply_markup=reply.keyboard)


async def switch_language(query: CallbackQuery, context: GuideContext, code: str) -> None:
    services = context.services
    lang = services.languages.get(code)
    if lang is None:  # a language that was offered once and has since been removed
        await expired(query, context, await context.language_of(query.from_user))
        return
    await context.store.set_language(query.from_user.id, code)
    notice = lang.gettext("Language: {name}").format(name=lang.texts.name)
    await query.answer(notice)
    await show(query, context, screens.home(services.guide, lang, notice=f"✓ {notice}"))
    # Commands for this chat follow the chosen language, not Telegram's app language.
    try:
        await context.bot.set_my_commands(
            command_list(lang), scope=BotCommandScopeChat(query.from_user.id)
        )
    except (BadRequest, Forbidden) as error:
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
    for reply in suggestions.replies(services.guide, lang, understood):
        await message.reply_text(reply.text, reply_markup=reply.keyboard)


async def on_error(update: object, context: GuideContext) -> None:
    """Log once, apologise to the user with the main menu, and keep the bot running."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query:
            await update.callback_query.answer()
    except BadRequest:
        pass  # already answered, or too old to answer
    try:
        lang = await context.language_of(update.effective_user)
        sorry = lang.gettext("Sorry, something went wrong on our side. Here is the main menu.")
        reply = screens.home(context.services.guide, lang, notice=f"<i>{sorry}</i>")
        await context.bot.send_message(
            update.effective_chat.id, reply.text, reply_markup=reply.keyboard
        )
    except Exception:  # the apology itself must never take the bot down
        log.exception("could not send the apology")
