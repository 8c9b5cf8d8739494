"""What every handler can reach, typed: `context.bot_data` is a `BotData`, not a dict
(`ContextTypes(context=GuideContext, bot_data=BotData)` in bot/app.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram import User
from telegram.ext import Application, CallbackContext, ExtBot

from bot.callbacks import Route
from bot.guide import Guide
from bot.i18n import Language, pick_language
from bot.navigation import render
from bot.storage import UserStore
from bot.understanding import Understanding

if TYPE_CHECKING:
    from bot.outage import PollingHealth
    from bot.reminders.app import Election
    from bot.reminders.dispatch import Dispatcher
    from bot.reminders.service import ReminderService
    from bot.stores import Stores
    from bot.ui import Reply
    from bot.updates import UpdateLog


SCREEN_CACHE = 10_000  # far more than the guide has screens in all its languages


@dataclass(frozen=True)
class Services:
    """Content and catalogs, parsed once at start-up and never changed."""

    guide: Guide
    languages: dict[str, Language]
    language_names: dict[str, str] = field(init=False)
    understanding: Understanding = field(init=False)  # keyword index of every language
    # Guide screens are pure functions of the content, the language and the route, so each
    # is rendered once: building PTB's keyboard objects was a large share of a tap's CPU.
    _screens: dict[tuple[str, Route], Reply] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        names = {code: lang.texts.name for code, lang in self.languages.items()}
        object.__setattr__(self, "language_names", names)
        object.__setattr__(self, "understanding", Understanding(self.guide))

    def screen(self, lang: Language, route: Route) -> Reply | None:
        """The guide's screen for a route (bot/navigation.py), or None for an expired one."""
        key = (lang.code, route)
        reply = self._screens.get(key)
        if reply is None:
            reply = render(self.guide, lang, route, self.language_names)
            if reply is not None and len(self._screens) < SCREEN_CACHE:
                self._screens[key] = reply  # forged ids resolve to None and are not kept
        return reply


@dataclass
class BotData:
    """The Application's shared state. bot/app.py sets `services`, `admin_ids` and
    `polling_health` when it builds the Application; the stores, the reminder service and
    its dispatcher exist between post_init (inside the event loop) and post_shutdown."""

    services: Services | None = None
    admin_ids: frozenset[int] = frozenset()  # who may use /stats
    polling_health: PollingHealth | None = None
    stores: Stores | None = None
    reminders: ReminderService | None = None
    dispatcher: Dispatcher | None = None
    election: Election | None = None  # which replica sends reminders
    handled_updates: UpdateLog | None = None  # bot/updates.py: each update handled once
    # Telegram's file_id of pictures sent before (the body map in each language)
    picture_file_ids: dict[str, str] = field(default_factory=dict)


class GuideContext(CallbackContext[ExtBot[None], dict, dict, BotData]):
    """CallbackContext with typed access to the bot's services."""

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        assert services is not None, "set when the Application is built"
        return services

    @property
    def store(self) -> UserStore:
        stores = self.bot_data.stores
        assert stores is not None, "opened in post_init"
        return stores.users

    @property
    def reminders(self) -> ReminderService:
        service = self.bot_data.reminders
        assert service is not None, "started in post_init"
        return service

    async def language_of(self, user: User | None) -> Language:
        """The user's language: their stored choice, else their Telegram language."""
        services = self.services
        stored = await self.store.language(user.id) if user else None
        return pick_language(
            stored,
            user.language_code if user else None,
            services.languages,
            services.guide.default_language,
        )


GuideApplication = Application[ExtBot[None], GuideContext, dict, dict, BotData, None]
