"""Sleep screens: the week's bedtimes on the sleep settings screen. Pure, like
bot/reminders/screens.py.
"""

from __future__ import annotations

from bot.i18n import Language
from bot.reminders import progress
from bot.reminders.model import History


def sleep_progress(lang: Language, history: History | None) -> list[str]:
    """The week's bedtimes ("🛏 Going to bed" on the reminder), on the sleep settings screen."""
    if history is None:
        return []
    return [
        "<b>"
        + lang.gettext("Bedtimes, the last 7 nights:")
        + "</b>\n"
        + progress.sleep_week(lang, history.today, history.bedtimes)
    ]
