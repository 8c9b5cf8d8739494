"""Water screens: today's glasses, the streak and the week on the settings screen, the daily
goal (and one suggested from a typed weight), the water reminder after "I drank a glass", and
the evening summary. Pure, like bot/reminders/screens.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.numbers import format_decimal

from bot import ui
from bot.i18n import Language
from bot.reminders import progress, routes, words
from bot.reminders.body_weight import (
    ADULT_MIN_KG,
    GLASS_ML,
    ML_PER_KG,
    Unit,
    Weight,
    suggested_goal,
)
from bot.reminders.model import (
    DEFAULT_HYDRATION,
    DEFAULT_WATER_GOAL,
    WATER_GOALS,
    History,
    Profile,
    WaterToday,
)
from bot.reminders.schedule import MINUTES_PER_DAY, Reminder, ReminderKind
from bot.ui import Keyboard, Reply


def water_progress(
    lang: Language,
    profile: Profile | None,
    history: History | None,
    reminder: Reminder | None = None,
) -> list[str]:
    """Today's glasses against the goal with the streak, and the week, on the water settings
    screen; what the quiet and summary settings do, when they are on."""
    if history is None:
        return []
    today = WaterToday(history.glasses.get(history.today, 0), history.goal)
    streak = progress.streak_line(lang, history.today, history.glasses, history.goal_on)
    lines = [
        "\n".join(line for line in (progress.water_line(lang, today), streak) if line),
        "<b>"
        + lang.gettext("The last 7 days:")
        + "</b>\n"
        + progress.water_week(lang, history.today, history.glasses, history.goal_on),
    ]
    if profile is not None and profile.skip_when_met:
        lines.append(
            lang.gettext(
                "Once you reach the goal, the rest of the day's water reminders are skipped."
            )
        )
    if profile is not None and profile.evening_summary:
        last = last_minute(reminder or DEFAULT_HYDRATION)
        lines.append(
            "🌆 "
            + lang.gettext(
                "At {time}, the day's last water reminder sums up your day instead, even "
                "once the goal is met."
            ).format(time=words.clock_time(last, lang))
        )
    return lines


def last_minute(reminder: Reminder) -> int:
    """The water window's last time of day (a window past midnight ends the next morning)."""
    length = (reminder.end_minute - reminder.start_minute) % MINUTES_PER_DAY
    last = reminder.start_minute + length // reminder.every_minutes * reminder.every_minutes
    return last % MINUTES_PER_DAY


def water_buttons(lang: Language, profile: Profile | None) -> Keyboard:
    goal = profile.water_goal if profile else DEFAULT_WATER_GOAL
    quiet = profile.skip_when_met if profile else True
    summary = profile.evening_summary if profile else False
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
        [
            ui.button(
                lang.gettext("🌆 Evening summary: on")
                if summary
                else lang.gettext("🌆 Evening summary: off"),
                routes.WaterSummary(0 if summary else 1),
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
        [
            *ui.rows(buttons, 3),
            [ui.button(lang.gettext("⚖️ Suggest from my weight"), routes.AskWeight())],
            ui.nav(lang, routes.ReminderSettings(ReminderKind.HYDRATION)),
        ],
    )


def water_logged(
    lang: Language,
    water: WaterToday,
    quiet: bool,
    history: History | None = None,
    summary: bool = False,
) -> Reply:
    """The water reminder after "I drank a glass" or Undo: today's glasses on the message
    itself, the streak (from `history`) while one runs, and a way to take the last one back;
    with `summary` on, the evening summary still comes after the goal."""
    streak = (
        progress.streak_line(lang, history.today, history.glasses, history.goal_on)
        if history
        else ""
    )
    lines = [
        "💧 <b>" + lang.gettext("Time for a glass of water") + "</b>",
        "\n".join(line for line in (progress.water_line(lang, water), streak) if line),
    ]
    if water.met:
        if quiet and summary:
            lines.append(
                lang.gettext("Well done! Only the evening summary is still to come today.")
            )
        elif quiet:
            lines.append(lang.gettext("Well done! No more water reminders today."))
        else:
            lines.append(lang.gettext("Well done!"))
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


# -- the evening summary -----------------------------------------------------------------------


def evening_summary(lang: Language, history: History) -> Reply:
    """The day in water, sent instead of the window's last reminder: the glasses, the streak,
    and a kind word whatever the count (no nagging, no guilt), with a glass still to log."""
    count, goal = history.glasses.get(history.today, 0), history.goal
    heading = lang.ngettext(
        "Today: {count} of {goal} glass", "Today: {count} of {goal} glasses", goal
    ).format(count=count, goal=goal)
    if count >= goal:
        word = "🎉 " + lang.gettext("Goal reached today. Well done!")
    elif count:
        word = lang.gettext(
            "Short of the goal today, and that is fine. If you are thirsty, a glass now "
            "still counts."
        )
    else:
        word = lang.gettext(
            "Nothing logged today. Perhaps you drank without tapping; either way, tomorrow "
            "is a fresh start."
        )
    streak = progress.streak_line(lang, history.today, history.glasses, history.goal_on)
    lines = [
        "\n".join(
            line for line in (f"💧 <b>{heading}</b> {progress.bar(count, goal)}", streak) if line
        ),
        word,
    ]
    actions = [ui.button(lang.gettext("🥛 I drank a glass"), routes.SummaryGlass(0))]
    if count:
        actions.append(ui.button(lang.gettext("↩️ Undo"), routes.SummaryGlass(1)))
    settings = routes.SettingsAnew(ReminderKind.HYDRATION)
    return ui.reply(lines, [actions, [ui.button(lang.gettext("⚙️ Settings"), settings)]])


# -- a goal from body weight ---------------------------------------------------------------------


def _weight_heading(lang: Language) -> str:
    return "⚖️ <b>" + lang.gettext("A goal from your weight") + "</b>"


def weight_question(lang: Language) -> Reply:
    """Ask for the weight (typed); the answer is `weight_suggestion` or a word on the input."""
    return ui.reply(
        [
            _weight_heading(lang),
            lang.gettext("Type your weight, for example 70 kg or 154 lb."),
            lang.gettext(
                "This is for adults. For a child, or in pregnancy or while breastfeeding, "
                "ask a doctor, nurse or midwife how much to drink."
            ),
            lang.gettext("It is used once for the suggestion and is not stored."),
        ],
        [ui.nav(lang, routes.WaterGoals())],
    )


def weight_not_read(lang: Language) -> str:
    return lang.gettext(
        "I could not read that as a weight. Type a number with kg or lb, for example 70 kg "
        "or 154 lb."
    )


def weight_implausible(lang: Language) -> str:
    return lang.gettext(
        "That does not look like a body weight. Type it in kilograms or pounds, for "
        "example 70 kg or 154 lb."
    )


def weight_suggestion(lang: Language, weight: Weight, current: int) -> Reply:
    """The goal the rule of thumb gives for `weight`, its source, the fluid-restriction
    caveat, and a choice: set it, or keep the `current` goal."""
    suggestion = suggested_goal(weight.kg)
    kg = format_decimal(
        weight.kg if weight.unit is Unit.KG else round(weight.kg), "0.#", locale=lang.locale
    )
    litres = format_decimal(suggestion.ml / 1000, "0.0", locale=lang.locale)
    rule = lang.ngettext(
        "For {weight} kg: about {ml} ml per kg a day from all drinks comes to {litres} L, "
        "about {count} glass of 250 ml.",
        "For {weight} kg: about {ml} ml per kg a day from all drinks comes to {litres} L, "
        "about {count} glasses of 250 ml.",
        suggestion.rule_glasses,
    ).format(
        weight=kg if weight.unit is Unit.KG else "≈" + kg,
        ml=ML_PER_KG,
        litres=litres,
        count=suggestion.rule_glasses,
    )
    top = WATER_GOALS[-1]
    if weight.kg < ADULT_MIN_KG:  # a child, or someone very underweight: not a rule's case
        rule = lang.gettext(
            "For a weight under {limit} kg this rule of thumb does not apply: please ask a "
            "doctor or nurse how much to drink."
        ).format(limit=ADULT_MIN_KG)
    elif suggestion.rule_glasses > top:  # the rule overestimates at high weights
        rule = lang.gettext(
            "For {weight} kg the rule of thumb of about {ml} ml per kg a day would ask for "
            "more than anyone usually needs, as it overestimates at higher weights: the "
            "highest goal here, {count} glasses of 250 ml ({litres} L) a day, is plenty."
        ).format(
            weight=kg if weight.unit is Unit.KG else "≈" + kg,
            ml=ML_PER_KG,
            count=top,
            litres=format_decimal(top * GLASS_ML / 1000, "0.0", locale=lang.locale),
        )
    lines = [_weight_heading(lang), rule]
    if suggestion.limited and suggestion.rule_glasses < WATER_GOALS[0]:
        lines.append(
            lang.gettext(
                "The goals here go from {lowest} to {highest} glasses, so the nearest is "
                "suggested: {count}."
            ).format(lowest=WATER_GOALS[0], highest=WATER_GOALS[-1], count=suggestion.glasses)
        )
    child = weight.kg < ADULT_MIN_KG
    if suggestion.glasses == current and not child:
        lines.append("✓ " + lang.gettext("That is your goal already."))
    lines += [
        lang.gettext(
            "This is a common rule of thumb for healthy adults. For comparison, EFSA (the "
            "European Food Safety Authority, 2010) sets adequate intakes of about 2.0 L of "
            "water a day for women and 2.5 L for men, about 80% of it from drinks, and the "
            "NHS Eatwell Guide suggests 6 to 8 glasses. Drink more in hot weather, when you "
            "exercise or have a fever."
        ),
        "<i>"
        + lang.gettext(
            "If a doctor has told you to limit fluids, for example for heart failure or "
            "kidney or liver disease, follow their limit rather than these reminders."
        )
        + "</i>",
        lang.gettext("Your weight was used for this answer only and is not stored."),
    ]
    keep = ui.button(
        lang.ngettext("Keep {count} glass", "Keep {count} glasses", current).format(count=current),
        routes.ReminderSettings(ReminderKind.HYDRATION),
    )
    if suggestion.glasses == current or child:
        choice = [[keep]]
    else:
        set_it = ui.button(
            lang.ngettext(
                "✓ Set {count} glass a day", "✓ Set {count} glasses a day", suggestion.glasses
            ).format(count=suggestion.glasses),
            routes.SetWaterGoal(suggestion.glasses),
        )
        choice = [[set_it], [keep]]
    return ui.reply(lines, [*choice, ui.nav(lang, routes.WaterGoals())])


def samples(lang: Language, now: datetime) -> list[tuple[str, Reply]]:
    """This module's screens with sample data, for the start-up checks (screens.py's
    `sample_screens` adds them)."""
    today = now.date()
    run = {today - timedelta(days=n): 8 for n in range(1, 5)}
    out = [
        ("weight question", weight_question(lang)),
        ("weight suggestion, the same", weight_suggestion(lang, Weight(70, Unit.KG), 8)),
        ("weight suggestion, in lb", weight_suggestion(lang, Weight(69.85, Unit.LB), 6)),
        ("weight suggestion, at the top", weight_suggestion(lang, Weight(299.5, Unit.KG), 12)),
        ("weight suggestion, at the bottom", weight_suggestion(lang, Weight(30, Unit.ST), 12)),
        (
            "water logged, a streak",
            water_logged(
                lang, WaterToday(8, 8), True, History(today, {**run, today: 8}, {}, 8), True
            ),
        ),
    ]
    for name, glasses in (
        ("met, a streak", {**run, today: 9}),
        ("short, a streak", {**run, today: 6}),
        ("nothing", {}),
        ("met, the longest streak", {today - timedelta(days=n): 12 for n in range(28)}),
    ):
        out.append(
            (f"evening summary, {name}", evening_summary(lang, History(today, glasses, {}, 8)))
        )
    return out
