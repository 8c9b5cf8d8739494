"""Wiring: content, catalogs, storage and handlers into one python-telegram-bot Application."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
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
from telegram.request import BaseRequest

from bot import handlers, stats, updates
from bot.config import Settings
from bot.content import ContentError, Problem, load_guide
from bot.context import GuideApplication, GuideContext, Services
from bot.i18n import load_languages
from bot.logs import logged
from bot.reminders import app as reminders
from bot.reminders.service import Clock, system_clock
from bot.screens import check_screens
from bot.storage import open_store

log = logging.getLogger(__name__)


def load_services() -> Services:
    """Parse and check all content and catalogs once; raise on the first start-up problem."""
    guide = load_guide()
    languages = load_languages(guide)
    problems = check_screens(guide, languages)
    if problems:
        raise ContentError([Problem("content", "screens", problem) for problem in problems])
    return Services(guide=guide, languages=languages)


def build_application(
    settings: Settings,
    services: Services | None = None,
    request: BaseRequest | None = None,
    *,
    clock: Clock = system_clock,
) -> GuideApplication:
    """The bot, wired once; `request` replaces the HTTP client (the console's emulator)."""
    services = services or load_services()
    tips = reminders.load_reminder_tips(services)

    async def post_init(application: GuideApplication) -> None:
        application.bot_data["store"] = await open_store(settings.database_url)  # migrates
        application.bot_data[updates.BOT_DATA_KEY] = updates.update_log_for(
            application.bot_data["store"]
        )
        await reminders.start(application, settings, services, tips, clock)
        for code, lang in services.languages.items():
            commands = handlers.command_list(lang)
            await application.bot.set_my_commands(commands, language_code=code)
            if code == services.guide.default_language:
                await application.bot.set_my_commands(commands)  # for every other language
        log.info(
            "bot started: %d languages, %d body areas",
            len(services.languages),
            len(services.guide.areas),
        )

    async def post_shutdown(application: GuideApplication) -> None:
        await reminders.stop(application)
        store = application.bot_data.pop("store", None)
        if store is not None:
            await store.close()

    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=GuideContext))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # httpcore scans its whole pool per request; a small pool is faster under load
        builder = builder.connection_pool_size(16)
    application: GuideApplication = builder.build()
    application.bot_data["services"] = services
    application.bot_data[stats.ADMIN_IDS_KEY] = settings.admin_ids
    add_handlers(application)
    return application


def add_handlers(application: GuideApplication) -> None:
    # Its own group, before every other: one handler per group runs for an update.
    application.add_handler(TypeHandler(Update, updates.handle_once), group=updates.GROUP)
    reminders.add_handlers(application)  # first: its buttons and commands are specific
    for command, screen in handlers.COMMAND_SCREENS.items():
        application.add_handler(CommandHandler(command, logged(handlers.open_screen(screen))))
    application.add_handler(CommandHandler("stats", logged(stats.on_stats)))
    application.add_handler(CallbackQueryHandler(logged(handlers.on_button)))
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & (filters.TEXT | filters.COMMAND), logged(handlers.on_text)
        )
    )
    application.add_error_handler(handlers.on_error)


def run(application: GuideApplication, settings: Settings) -> None:
    """Serve until SIGINT/SIGTERM: long polling, or a webhook when one is configured."""
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
