"""Privacy: what the bot keeps, and deleting all of it (/forget). Pure, like
bot/reminders/screens.py.
"""

from __future__ import annotations

from bot import ui
from bot.i18n import Language
from bot.reminders import routes
from bot.ui import Reply


def privacy(lang: Language) -> Reply:
    return ui.reply(
        [
            "🔒 <b>" + lang.gettext("Privacy") + "</b>",
            lang.gettext("What the bot keeps about you:"),
            "\n".join(
                f"• {line}"
                for line in (
                    lang.gettext("your language, if you chose one;"),
                    lang.gettext(
                        "for reminders: your time zone, your reminders with their times and "
                        "whether they are on, your water goal and choices such as the "
                        "evening summary;"
                    ),
                    lang.gettext(
                        "the glasses you logged each day, with that day's goal, and the "
                        "times you went to bed, for the last 28 days (older days are deleted);"
                    ),
                    lang.gettext(
                        "whether you blocked the bot, so that reminders stop until you /start "
                        "it again."
                    ),
                )
            ),
            lang.gettext(
                "A location you share is used once to find your time zone and is not stored. "
                "Nothing you type is stored. Counts of reminders sent are kept without any "
                "link to you."
            ),
        ],
        [
            [ui.button(lang.gettext("🗑 Delete all my data"), routes.Forget())],
            ui.nav(lang, routes.Reminders()),
        ],
    )


def forget_confirm(lang: Language) -> Reply:
    return ui.reply(
        [
            "🗑 <b>" + lang.gettext("Delete all your data?") + "</b>",
            lang.gettext(
                "Your reminders stop, and your time zone, reminder times, glasses and "
                "bedtimes logged, and language choice are deleted. This cannot be undone."
            ),
        ],
        [
            [
                ui.button(lang.gettext("🗑 Yes, delete everything"), routes.ForgetConfirmed()),
                ui.button(lang.gettext("✖️ No, keep it"), routes.Privacy()),
            ],
            ui.nav(lang, None),
        ],
    )


def forgotten(lang: Language) -> Reply:
    return ui.reply(
        [
            "✓ "
            + lang.gettext(
                "Done: everything the bot kept about you is deleted. You can keep using the "
                "guide; it stores nothing until you choose a language or set a reminder."
            )
        ],
        [ui.nav(lang, None)],
    )
