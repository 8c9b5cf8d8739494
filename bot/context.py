"""What every handler can reach: the guide, the languages and the user store."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import User
from telegram.ext import Application, CallbackContext, ExtBot

from bot.guide import Guide
from bot.i18n import Language, pick_language
from bot.storage import UserStore
from bot.understanding import Understanding


@dataclass(frozen=True)
class Services:
    """Content and catalogs, parsed once at start-up and never changed."""

    guide: Guide
    languages: dict[str, Language]
    language_names: dict[str, str] = field(init=False)
    understanding: Understanding = field(init=False)  # keyword index of every language

    def __post_init__(self) -> None:
        names = {code: lang.texts.name for code, lang in self.languages.items()}
        object.__setattr__(self, "language_names", names)
        object.__setattr__(self, "understanding", Understanding(self.guide))


class GuideContext(CallbackContext[ExtBot[None], dict, dict, dict]):
    """CallbackContext with typed access to the bot's services."""

    @property
    def services(self) -> Services:
        return self.bot_data["services"]

    @property
    def store(self) -> UserStore:
        return self.bot_data["store"]  # opened in post_init, inside the event loop

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


GuideApplication = Application[ExtBot[None], GuideContext, dict, dict, dict, None]
