"""/stats for operators listed in ADMIN_IDS: counts only, never who."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from telegram import Update

from bot import calls, handlers
from bot.context import GuideContext
from bot.i18n import Language
from bot.markup import escape
from bot.reminders.store import Outcome, Population


def report(lang: Language, population: Population, outcomes: Counter[str]) -> str:
    """The operator's report as Telegram HTML; pure, so it is trivially testable."""
    languages = ", ".join(
        f"{escape(code)}: {count}" for code, count in population.languages.most_common()
    )
    active = ", ".join(
        f"{escape(kind)}: {count}" for kind, count in sorted(population.active_by_kind.items())
    )
    lines = [
        "📊 <b>" + lang.gettext("Bot statistics") + "</b>",
        lang.gettext("Users by language: {counts}").format(counts=languages or "0"),
        lang.gettext("Active reminder subscriptions: {counts}").format(counts=active or "0"),
        lang.gettext(
            "Reminders in the last 24 h: {sent} sent, {failed} failed, {skipped} skipped"
        ).format(
            sent=outcomes[Outcome.SENT],
            failed=outcomes[Outcome.FAILED] + outcomes[Outcome.BLOCKED],
            skipped=outcomes[Outcome.SKIPPED] + outcomes[Outcome.GOAL_MET],
        ),
        lang.gettext("Users who blocked the bot: {count}").format(count=population.blocked_users),
    ]
    if outcomes[Outcome.UNKNOWN]:
        lines.insert(
            4,
            lang.gettext(
                "Reminders with unknown delivery (the bot stopped while sending): {count}"
            ).format(count=outcomes[Outcome.UNKNOWN]),
        )
    return "\n".join(lines)


async def on_stats(update: Update, context: GuideContext) -> None:
    user, message = update.effective_user, update.effective_message
    if message is None:
        return
    if user is None or user.id not in context.bot_data.admin_ids:
        await handlers.on_text(update, context)  # the same answer as an unknown command
        return
    service = context.reminders
    population = await service.store.population()
    outcomes = await service.store.outcome_counts(service.now() - timedelta(hours=24))
    lang = await context.language_of(user)
    await calls.reply(message, report(lang, population, outcomes))
