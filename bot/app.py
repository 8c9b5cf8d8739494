"""Wiring: content, catalogs, storage and handlers into one python-telegram-bot Application."""

from __future__ import annotations

import logging
import threading
from typing import cast
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot import calls, groups, handlers, stats, updates
from bot.cache import cache_dir, load_checked
from bot.config import Settings
from bot.content import ContentError, Problem, load_guide
from bot.context import BotData, GuideApplication, GuideContext, Services
from bot.i18n import load_languages
from bot.logs import logged
from bot.navigation import check_screens
from bot.outage import PollingHealth, stop_within_deadline
from bot.reminders import app as reminders
from bot.reminders.service import Clock, system_clock
from bot.reminders.tips import Tips
from bot.stores import open_stores
from bot.transport import AiohttpRequest, LeanBot

log = logging.getLogger(__name__)


def load_services() -> Services:
    """Parse and check all content and catalogs once; raise on the first start-up problem."""
    guide = load_guide()
    languages = load_languages(guide)
    problems = check_screens(guide, languages)
    if problems:
        raise ContentError([Problem("content", "screens", problem) for problem in problems])
    return Services(guide=guide, languages=languages)


def load_content() -> tuple[Services, Tips]:
    """Everything checked at start-up: the guide, the catalogs and the reminder tips."""
    services = load_services()
    return services, reminders.load_reminder_tips(services)


def build_application(
    settings: Settings,
    services: Services | None = None,
    request: BaseRequest | None = None,
    *,
    clock: Clock = system_clock,
) -> GuideApplication:
    """The bot, wired once; `request` replaces the HTTP client (the console's emulator)."""
    if services is None:
        directory = cache_dir(settings.content_cache_dir)
        services, tips = load_checked("content", load_content, directory)
    else:
        tips = reminders.load_reminder_tips(services)

    async def post_init(application: GuideApplication) -> None:
        stores = await open_stores(settings.database_url)  # migrates
        application.bot_data.stores = stores
        application.bot_data.handled_updates = updates.update_log_for(stores.users)
        await reminders.start(application, settings, services, tips, clock, stores.reminders)
        for code, lang in services.languages.items():
            commands = handlers.command_list(lang)
            await _set_commands(application, commands, code)
            if code == services.guide.default_language:
                await _set_commands(application, commands, None)  # for every other language
        # In the background, so that polling starts at once: the first typed message would
        # otherwise wait about a second for the word-form dictionaries.
        threading.Thread(
            target=services.understanding.load_dictionaries, name="dictionaries", daemon=True
        ).start()
        log.info(
            "bot started: %d languages, %d body areas",
            len(services.languages),
            len(services.guide.areas),
        )

    async def post_shutdown(application: GuideApplication) -> None:
        await reminders.stop(application)
        stores, application.bot_data.stores = application.bot_data.stores, None
        if stores is not None:
            await stores.close()

    if request is not None:
        bot_request, updates_request = request, request
    elif settings.http_client == "aiohttp":
        # PTB's defaults (256 connections for calls, 1 for getUpdates), on aiohttp's client
        bot_request, updates_request = AiohttpRequest(), AiohttpRequest(connection_pool_size=1)
    else:
        # httpcore scans its whole pool per request; a small pool is faster under load
        bot_request = HTTPXRequest(connection_pool_size=16)
        updates_request = HTTPXRequest(connection_pool_size=1)
    bot = LeanBot(
        token=settings.token,
        base_url=settings.api_url,
        request=bot_request,
        get_updates_request=updates_request,
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=GuideContext, bot_data=BotData))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    # The builder's types cannot say that jobs get our context type too (they do).
    application = cast(GuideApplication, builder.build())
    application.bot_data.services = services
    application.bot_data.admin_ids = settings.admin_ids
    health = PollingHealth()  # failed polls reach on_error with no update
    application.bot_data.polling_health = health
    health.add_handler(application)
    add_handlers(application)
    return application


async def _set_commands(
    application: GuideApplication, commands: list[BotCommand], code: str | None
) -> None:
    """The command menu is a convenience: retried on 5xx, never a reason not to start."""
    try:
        await calls.retry(
            lambda: application.bot.set_my_commands(commands, language_code=code),
            idempotent=True,
            what="setMyCommands",
        )
    except TelegramError as error:
        log.warning("could not set the command menu (%s): %s", code or "default", error.message)


def add_handlers(application: GuideApplication) -> None:
    # Its own group, before every other: one handler per group runs for an update.
    application.add_handler(TypeHandler(Update, updates.handle_once), group=updates.GROUP)
    groups.add_handlers(application)  # group -2: groups and channels never go further
    reminders.add_handlers(application)  # first: its buttons and commands are specific
    for command, screen in handlers.COMMAND_SCREENS.items():
        application.add_handler(CommandHandler(command, logged(handlers.open_screen(screen))))
    application.add_handler(CommandHandler("help", logged(handlers.on_help)))
    application.add_handler(CommandHandler("stats", logged(stats.on_stats)))
    application.add_handler(CallbackQueryHandler(logged(handlers.on_button)))
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & (filters.TEXT | filters.COMMAND), logged(handlers.on_text)
        )
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            logged(handlers.on_other_message),
        )
    )
    application.add_error_handler(handlers.on_error)


def run(application: GuideApplication, settings: Settings) -> None:
    """Serve until SIGINT/SIGTERM: long polling, or a webhook when one is configured."""
    started = application.post_init

    async def post_init(app: GuideApplication) -> None:
        if started is not None:
            await started(app)
        stop_within_deadline(app)

    application.post_init = post_init
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    application.run_webhook(
        listen=settings.listen,
        port=settings.port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret,
        allowed_updates=ALLOWED_UPDATES,
    )


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
