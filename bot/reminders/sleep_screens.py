"""Sleep screens: the bedtime to set up, its settings (wind-down, weekend bedtime), the
week's bedtimes. Pure, like bot/reminders/screens.py.
"""

from __future__ import annotations

from bot import ui
from bot.i18n import Language
from bot.reminders import progress, routes, words
from bot.reminders.model import SLEEP_PRESETS, WIND_DOWNS, Field, History
from bot.reminders.schedule import Reminder, ReminderKind
from bot.ui import Keyboard, Reply

KIND = ReminderKind.SLEEP


def about(lang: Language) -> str:
    return lang.gettext(
        "A little before your bedtime, a reminder to start winding down, with a short sleep tip."
    )


def new_sleep(lang: Language) -> tuple[list[str], Keyboard]:
    """How to start it: a bedtime in one tap (the wind-down is 30 minutes, changeable)."""
    presets = [
        ui.button(words.clock_time(minute, lang), routes.SetTime(KIND, Field.BEDTIME, minute))
        for minute in SLEEP_PRESETS
    ]
    lines = [
        "<b>" + lang.gettext("When do you want to be in bed?") + "</b>",
        lang.gettext(
            "The reminder comes 30 minutes before; you can change that and set another "
            "bedtime for weekends afterwards."
        ),
    ]
    keyboard = [
        *ui.rows(presets, 4),
        [ui.button(lang.gettext("🕘 Another time"), routes.PickHour(KIND, Field.BEDTIME))],
    ]
    return lines, keyboard


def sleep_buttons(lang: Language, reminder: Reminder) -> Keyboard:
    """Bedtime, wind-down and the weekend bedtime, each a tap from the settings screen."""
    weekend = reminder.weekend_minute
    return [
        [
            ui.button(
                lang.gettext("🛏 Bedtime: {time}").format(
                    time=words.clock_time(reminder.start_minute, lang)
                ),
                routes.PickHour(KIND, Field.BEDTIME),
            ),
            ui.button(
                lang.gettext("⏳ {count} min before").format(count=reminder.wind_down),
                routes.PickWindDown(),
            ),
        ],
        [
            ui.button(
                lang.gettext("🎉 Fri and Sat nights: {time}").format(
                    time=words.clock_time(weekend, lang)
                )
                if weekend is not None
                else lang.gettext("🎉 Another bedtime on Fri and Sat nights"),
                routes.PickHour(KIND, Field.WEEKEND),
            )
        ],
    ]


def wind_downs(lang: Language, current: int) -> Reply:
    """How long before bedtime the reminder comes."""
    buttons = [
        ui.button(
            ("✓ " if minutes == current else "")
            + lang.gettext("{count} min").format(count=minutes),
            routes.SetWindDown(minutes),
        )
        for minutes in WIND_DOWNS
    ]
    return ui.reply(
        [
            f"<b>{words.kind_title(KIND, lang)}</b>",
            lang.gettext("How long before bedtime should I remind you?"),
            lang.gettext(
                "An hour without screens, bright light or work helps you fall asleep; "
                "even 15 minutes of winding down is better than none."
            ),
        ],
        [*ui.rows(buttons, 4), ui.nav(lang, routes.ReminderSettings(KIND))],
    )


def weekend_same_button(lang: Language) -> Keyboard:
    """On the weekend bedtime's hours: no separate weekend bedtime."""
    return [[ui.button(lang.gettext("↔️ The same as other nights"), routes.WeekendSame())]]


def bedtime_line(lang: Language, bedtime: int, minutes_left: int | None) -> str:
    """On the reminder itself: when bed is, and how long is left (None: it has passed)."""
    time = words.clock_time(bedtime, lang)
    if minutes_left is None or minutes_left <= 0:
        return "🛏 " + lang.gettext("Bedtime: {time}.").format(time=time)
    return "🛏 " + lang.ngettext(
        "Bedtime: {time}, in {count} minute.", "Bedtime: {time}, in {count} minutes.", minutes_left
    ).format(time=time, count=minutes_left)


def sleep_progress(lang: Language, history: History | None, reminder: Reminder | None) -> list[str]:
    """The week's bedtimes ("🛏 Going to bed" on the reminder), on the sleep settings screen,
    each night in bed by its bedtime ticked while the reminder is on (`reminder`)."""
    if history is None:
        return []
    planned = reminder.bedtime_on if reminder else None
    week = progress.sleep_week(lang, history.today, history.bedtimes, planned)
    lines = ["<b>" + lang.gettext("Bedtimes, the last 7 nights:") + "</b>\n" + week]
    if history.bedtimes and reminder:
        lines.append(
            lang.gettext("✓ in bed by your bedtime, or within {count} minutes of it.").format(
                count=progress.ON_TIME
            )
        )
    return lines
