"""Water screens: today's glasses and the week on the settings screen, the daily goal, and
the water reminder after "I drank a glass". Pure, like bot/reminders/screens.py.
"""

from __future__ import annotations

from bot import ui
from bot.i18n import Language
from bot.reminders import progress, routes
from bot.reminders.model import DEFAULT_WATER_GOAL, WATER_GOALS, History, Profile, WaterToday
from bot.reminders.schedule import ReminderKind
from bot.ui import Keyboard, Reply


def water_progress(lang: Language, profile: Profile | None, history: History | None) -> list[str]:
    """Today's glasses against the goal, and the week, on the water settings screen."""
    if history is None:
        return []
    today = WaterToday(history.glasses.get(history.today, 0), history.goal)
    lines = [
        progress.water_line(lang, today),
        "<b>"
        + lang.gettext("The last 7 days:")
        + "</b>\n"
        + progress.water_week(lang, history.today, history.glasses, history.goal),
    ]
    if profile is not None and profile.skip_when_met:
        lines.append(
            lang.gettext(
                "Once you reach the goal, the rest of the day's water reminders are skipped."
            )
        )
    return lines


def water_buttons(lang: Language, profile: Profile | None) -> Keyboard:
    goal = profile.water_goal if profile else DEFAULT_WATER_GOAL
    quiet = profile.skip_when_met if profile else True
    return [
        [
            ui.button(
                lang.ngettext("🎯 Goal: {count} glass", "🎯 Goal: {count} glasses", goal).format(
                    count=goal
                ),
                routes.WaterGoals(),
            ),
            ui.button(lang.gettext("📊 This week"), routes.WeekChart()),
        ],
        [
            ui.button(
                lang.gettext("🔕 No reminders after the goal: on")
                if quiet
                else lang.gettext("🔔 No reminders after the goal: off"),
                routes.WaterQuiet(0 if quiet else 1),
            )
        ],
    ]


def water_goals(lang: Language, current: int) -> Reply:
    """Pick the daily goal, in glasses of 250 ml."""
    buttons = [
        ui.button(("✓ " if goal == current else "") + str(goal), routes.SetWaterGoal(goal))
        for goal in WATER_GOALS
    ]
    return ui.reply(
        [
            "🎯 <b>" + lang.gettext("Daily water goal") + "</b>",
            lang.gettext("How many glasses of 250 ml a day?"),
            lang.gettext(
                "The UK's Eatwell Guide suggests 6 to 8 glasses a day, counting tea, coffee "
                "and milk. Drink more in hot weather, when you exercise or have a fever. "
                "You are probably drinking enough if you are rarely thirsty and your urine "
                "is pale."
            ),
            "<i>"
            + lang.gettext(
                "If a doctor has told you to limit fluids, for example for heart failure or "
                "kidney or liver disease, follow their limit rather than these reminders."
            )
            + "</i>",
        ],
        [*ui.rows(buttons, 3), ui.nav(lang, routes.ReminderSettings(ReminderKind.HYDRATION))],
    )


def water_logged(lang: Language, water: WaterToday, quiet: bool) -> Reply:
    """The water reminder after "I drank a glass" or Undo: today's glasses on the message
    itself, with a way to take the last one back."""
    lines = [
        "💧 <b>" + lang.gettext("Time for a glass of water") + "</b>",
        progress.water_line(lang, water),
    ]
    if water.met:
        lines.append(
            lang.gettext("Well done! No more water reminders today.")
            if quiet
            else lang.gettext("Well done!")
        )
    actions = [ui.button(lang.gettext("🥛 I drank a glass"), routes.Drank())]
    if water.count:
        actions.append(ui.button(lang.gettext("↩️ Undo"), routes.DrankUndo()))
    kind = ReminderKind.HYDRATION
    return ui.reply(
        lines,
        [actions, [ui.button(lang.gettext("⚙️ Settings"), routes.SettingsAnew(kind))]],
    )


def glasses_today(lang: Language, count: int) -> str:
    return lang.ngettext(
        "🥛 Noted: {count} glass today.", "🥛 Noted: {count} glasses today.", count
    ).format(count=count)
