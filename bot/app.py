"""Wiring: content, catalogs, storage and handlers into one python-telegram-bot Application."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot import handlers
from bot.config import Settings
from bot.content import ContentError, Problem, load_guide
from bot.context import GuideApplication, GuideContext, Services
from bot.i18n import load_languages
from bot.reminders import handlers as reminder_handlers
from bot.reminders.dispatch import CHECK_EVERY_SECONDS, Dispatcher
from bot.reminders.screens import check_reminder_screens
from bot.reminders.service import BOT_DATA_KEY, Clock, ReminderService, system_clock
from bot.reminders.store import open_reminder_store
from bot.reminders.tips import load_tips
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
    settings: Settings, services: Services | None = None, *, clock: Clock = system_clock
) -> GuideApplication:
    services = services or load_services()
    tips = load_tips(services.languages)
    problems = check_reminder_screens(services.languages, tips)
    if problems:
        raise ContentError([Problem("content", "reminder screens", p) for p in problems])

    async def post_init(application: GuideApplication) -> None:
        application.bot_data["store"] = await open_store(settings.database_url)  # migrates
        service = ReminderService(
            store=await open_reminder_store(settings.database_url),
            tips=tips,
            grace=timedelta(minutes=settings.reminder_grace_minutes),
            clock=clock,
        )
        application.bot_data[BOT_DATA_KEY] = service
        dispatcher = Dispatcher(
            service,
            application.bot,
            services.languages,
            services.guide.default_language,
            settings.reminder_rate_per_second,
            keep_going=lambda: application.running,
        )
        application.bot_data["reminder_dispatcher"] = dispatcher
        assert application.job_queue is not None

        async def send_due_reminders(_: GuideContext) -> None:
            await dispatcher.run_once()

        application.job_queue.run_repeating(
            send_due_reminders,
            interval=CHECK_EVERY_SECONDS,
            first=1,
            name="reminders",
            job_kwargs={"max_instances": 2, "coalesce": True},
        )
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
        for key in (BOT_DATA_KEY, "store"):
            service = application.bot_data.pop(key, None)
            if isinstance(service, ReminderService):
                await service.store.close()
            elif service is not None:
                await service.close()

    application: GuideApplication = (
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
        # httpcore scans its whole pool per request; a small pool is faster under load
        .connection_pool_size(16)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data["services"] = services
    add_handlers(application)
    return application


def add_handlers(application: GuideApplication) -> None:
    reminder_handlers.add_handlers(application)  # first: its buttons and commands are specific
    for command, screen in handlers.COMMAND_SCREENS.items():
        application.add_handler(CommandHandler(command, handlers.open_screen(screen)))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & (filters.TEXT | filters.COMMAND), handlers.on_text
        )
    )
    application.add_error_handler(handlers.on_error)


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
