"""Wiring reminders into the Application: content checks, store, dispatcher job, handlers."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from bot.config import Settings
from bot.content import ContentError, Problem
from bot.context import GuideApplication, GuideContext, Services
from bot.reminders import handlers
from bot.reminders.dispatch import CHECK_EVERY_SECONDS, Dispatcher
from bot.reminders.screens import check_reminder_screens
from bot.reminders.service import Clock, ReminderService
from bot.reminders.store import ReminderStore
from bot.reminders.tips import Tips, load_tips
from bot.storage import is_postgres_url

add_handlers = handlers.add_handlers


class Election(Protocol):
    """Which replica sends reminders (bot/pg/election.py with several on PostgreSQL)."""

    @property
    def holding(self) -> bool: ...
    async def lead(self) -> bool: ...
    async def close(self) -> None: ...


class SoleDispatcher:
    """One process on SQLite: it always sends."""

    holding = True

    async def lead(self) -> bool:
        return True

    async def close(self) -> None:
        return None


def load_reminder_tips(services: Services) -> Tips:
    """Read the tips and render every reminder screen once; raise ContentError on problems."""
    tips = load_tips(services.languages)
    problems = check_reminder_screens(services.languages, tips)
    if problems:
        raise ContentError([Problem("content", "reminder screens", p) for p in problems])
    return tips


async def start(
    application: GuideApplication,
    settings: Settings,
    services: Services,
    tips: Tips,
    clock: Clock,
    store: ReminderStore,
) -> None:
    """In post_init, with the store on the bot's shared database (bot.stores)."""
    service = ReminderService(
        store=store,
        tips=tips,
        grace=timedelta(minutes=settings.reminder_grace_minutes),
        clock=clock,
    )
    application.bot_data.reminders = service
    # Several replicas on PostgreSQL: only the one holding the lock sends (one rate budget).
    election: Election = SoleDispatcher()
    if is_postgres_url(settings.database_url):
        from bot.pg.election import DispatcherElection  # asyncpg only where it is used

        election = DispatcherElection(settings.database_url)
    application.bot_data.election = election
    dispatcher = Dispatcher(
        service,
        application.bot,
        services.languages,
        services.guide.default_language,
        settings.reminder_rate_per_second,
        keep_going=lambda: application.running and election.holding,
        paid_broadcast=settings.reminder_paid_broadcast,
    )
    application.bot_data.dispatcher = dispatcher
    if isinstance(election, SoleDispatcher):
        await dispatcher.recover()  # claims a crash left unconfirmed count as unknown

    async def send_due_reminders(_: GuideContext) -> None:
        was_sending = election.holding
        if not await election.lead():
            return
        if not was_sending:
            # This replica has just become the one that sends: what the previous sender
            # claimed and never confirmed (it died or froze) counts as unknown.
            await dispatcher.recover()
        await dispatcher.run_once()

    assert application.job_queue is not None
    application.job_queue.run_repeating(
        send_due_reminders,
        interval=CHECK_EVERY_SECONDS,
        first=1,  # reminders that fell due while the bot was down go out right away
        name="reminders",
        job_kwargs={"max_instances": 2, "coalesce": True},
    )


async def stop(application: GuideApplication) -> None:
    """In post_shutdown."""
    application.bot_data.dispatcher = None
    election, application.bot_data.election = application.bot_data.election, None
    if election is not None:
        await election.close()
    application.bot_data.reminders = None  # its store closes with the database
