"""Rendering reminder screens and messages: data and a language in, text and keyboard out.

Pure functions, like bot/screens.py: no I/O, no clock (the instant is an argument), so every
screen can be rendered in every language at start-up and in tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot import ui
from bot.i18n import Language
from bot.markup import MarkupError
from bot.reminders import (
    privacy_screens,
    progress,
    routes,
    sleep_screens,
    water_screens,
    words,
    zone_screens,
)
from bot.reminders.model import (
    DEFAULT_HYDRATION,
    DEFAULT_SLEEP,
    INTERVALS,
    Field,
    History,
    Profile,
    Subscription,
    WaterToday,
    fields_of,
)
from bot.reminders.schedule import ReminderKind, chosen_instant
from bot.reminders.tips import Tips
from bot.ui import Keyboard, KeyboardReply, Reply


def _status(
    subscription: Subscription | None, profile: Profile | None, now: datetime, lang: Language
) -> str:
    if subscription is None:
        return lang.gettext("not set up")
    plan = words.plan_text(subscription.reminder, lang)
    if not subscription.enabled:
        return lang.gettext("off ({plan})").format(plan=plan)
    if profile is not None and profile.paused:
        return lang.gettext("paused ({plan})").format(plan=plan)
    if subscription.next_fire_at is None or profile is None or profile.zone is None:
        return plan
    shown = chosen_instant(subscription.next_fire_at, profile.user_id)  # not the spread one
    next_time = words.when_text(shown, ZoneInfo(profile.zone), now, lang)
    return lang.gettext("{plan}; next {when}").format(plan=plan, when=next_time)


# -- screens -----------------------------------------------------------------------------------


def overview(
    lang: Language,
    profile: Profile | None,
    subscriptions: Sequence[Subscription],
    now: datetime,
    notice: str = "",
) -> Reply:
    """The /reminders screen: both reminders with their next time, pause, zone, privacy."""
    by_kind = {s.kind: s for s in subscriptions}
    lines = [
        notice,
        "⏰ <b>" + lang.gettext("Reminders") + "</b>",
        lang.gettext(
            "Poor sleep and too little water are among the commonest triggers of muscle "
            "twitching. A short daily reminder can help."
        ),
        "\n".join(
            f"{words.kind_title(kind, lang)}: {_status(by_kind.get(kind), profile, now, lang)}"
            for kind in ReminderKind
        ),
    ]
    if profile is not None and profile.zone is not None:
        lines.append(words.zone_line(profile.zone, now, lang))
    keyboard: Keyboard = [
        [ui.button(words.kind_title(kind, lang), routes.ReminderSettings(kind))]
        for kind in ReminderKind
    ]
    if profile is not None and profile.paused:
        lines.append("⏸ " + lang.gettext("All reminders are paused."))
        keyboard.append([ui.button(lang.gettext("▶️ Resume all"), routes.ResumeAll())])
    elif any(s.enabled for s in subscriptions):
        lines.append(lang.gettext("/stop pauses all reminders in one step."))
        keyboard.append([ui.button(lang.gettext("⏸ Pause all"), routes.PauseAll())])
    settings = [
        ui.button(lang.gettext("🌍 Time zone"), routes.AskZone()),
        ui.button(lang.gettext("🔒 Privacy"), routes.Privacy()),
    ]
    if lang.clock_choice:  # Telegram often sends just "en": the region's clock is a guess
        settings.append(clock_button(lang))
    keyboard += ui.rows(settings, 2)
    keyboard.append(ui.nav(lang, None))
    return ui.reply(lines, keyboard)


def links(lang: Language, kinds: Iterable[str]) -> Keyboard:
    """A row of buttons to the reminders that help, for the guide's screens (the kinds are
    content/structure.yaml's `reminders:`); each opens that reminder's settings."""
    row = [
        ui.button(
            words.kind_title(ReminderKind(kind), lang), routes.ReminderSettings(ReminderKind(kind))
        )
        for kind in kinds
    ]
    return [row] if row else []


def clock_button(lang: Language) -> InlineKeyboardButton:
    """Switch to the other clock: "🕐 24-hour clock" while times read 10:30 PM."""
    if lang.hour24:
        return ui.button(lang.gettext("🕐 12-hour clock"), routes.SetClock(0))
    return ui.button(lang.gettext("🕐 24-hour clock"), routes.SetClock(1))


def reminder(
    lang: Language,
    kind: ReminderKind,
    profile: Profile | None,
    subscription: Subscription | None,
    now: datetime,
    notice: str = "",
    history: History | None = None,
) -> Reply:
    """One reminder: how to start it, or its settings (with the week, from `history`)."""
    about = (
        sleep_screens.about(lang)
        if kind is ReminderKind.SLEEP
        else lang.gettext(
            "A few times a day, inside your waking hours, a reminder to drink a glass of "
            "water, with a short tip."
        )
        + "\n<i>"
        + lang.gettext(
            "If a doctor has told you to limit fluids, for example for heart failure or "
            "kidney or liver disease, follow their limit rather than these reminders."
        )
        + "</i>"
    )
    lines = [notice, f"<b>{words.kind_title(kind, lang)}</b>", about]
    keyboard: Keyboard = []
    if subscription is None:
        if kind is ReminderKind.SLEEP:
            question, presets = sleep_screens.new_sleep(lang)
            lines += question
            keyboard += presets
        else:
            usual = DEFAULT_HYDRATION
            keyboard.append(
                [
                    ui.button(
                        lang.gettext("✅ Turn on: every {hours} h, {start}–{end}").format(
                            hours=usual.every_minutes // 60,
                            start=words.clock_time(usual.start_minute, lang),
                            end=words.clock_time(usual.end_minute, lang),
                        ),
                        routes.TurnOn(kind),
                    )
                ]
            )
            keyboard.append([ui.button(lang.gettext("🕗 Other hours"), routes.PickWindow())])
            lines.append(
                lang.gettext("Usually: {plan}.").format(
                    plan=words.plan_text(DEFAULT_HYDRATION, lang)
                )
            )
            lines.append(lang.gettext("You can change the hours and how often afterwards."))
    else:
        lines.append(
            lang.gettext("Status: {status}").format(
                status=_status(subscription, profile, now, lang)
            )
        )
        times = subscription.reminder
        if kind is ReminderKind.SLEEP:
            keyboard += sleep_screens.sleep_buttons(lang, times)
        else:
            keyboard.append(
                [
                    ui.button(
                        lang.gettext("🕘 From {time}").format(
                            time=words.clock_time(times.start_minute, lang)
                        ),
                        routes.PickHour(kind, Field.FROM),
                    ),
                    ui.button(
                        lang.gettext("🕘 To {time}").format(
                            time=words.clock_time(times.end_minute, lang)
                        ),
                        routes.PickHour(kind, Field.TO),
                    ),
                ]
            )
            keyboard.append(
                [
                    ui.button(
                        "🔁 " + words.interval_text(times.every_minutes, lang),
                        routes.PickInterval(),
                    )
                ]
            )
        if kind is ReminderKind.HYDRATION:
            lines += water_screens.water_progress(lang, profile, history, subscription.reminder)
            keyboard += water_screens.water_buttons(lang, profile)
        else:
            planned = times if subscription.enabled else None
            lines += sleep_screens.sleep_progress(lang, history, planned)
            keyboard.append([ui.button(lang.gettext("📊 This week"), routes.WeekChart())])
        switch = (
            ui.button(lang.gettext("⏸ Turn off"), routes.TurnOff(kind))
            if subscription.enabled
            else ui.button(lang.gettext("▶️ Turn on"), routes.TurnOn(kind))
        )
        keyboard.append(
            [
                switch,
                ui.button(lang.gettext("🗑 Remove"), routes.Remove(kind)),
            ]
        )
        if profile is not None and profile.paused:
            lines.append("⏸ " + lang.gettext("All reminders are paused."))
            keyboard.append([ui.button(lang.gettext("▶️ Resume all"), routes.ResumeAll())])
    if profile is not None and profile.zone is not None:
        lines.append(words.zone_line(profile.zone, now, lang))
        keyboard.append([ui.button(lang.gettext("🌍 Time zone"), routes.AskZone())])
    keyboard.append(ui.nav(lang, routes.Reminders()))
    return ui.reply(lines, keyboard)


def chart_caption(lang: Language, history: History) -> str:
    """Under the weekly chart: the week in words too (a screen reader reads the caption)."""
    days = progress.days(history.today)
    met = sum(1 for day in days if history.glasses.get(day, 0) >= history.goal_on(day))
    total = sum(history.glasses.get(day, 0) for day in days)
    nights = sum(1 for day in days if day in history.bedtimes)
    return "\n".join(
        [
            "📊 <b>" + lang.gettext("Your week") + "</b>",
            lang.ngettext(
                "Water: {count} glass in 7 days", "Water: {count} glasses in 7 days", total
            ).format(count=total)
            + "; "
            + lang.ngettext(
                "the goal met on {count} day", "the goal met on {count} days", met
            ).format(count=met)
            + ".",
            lang.ngettext(
                "Bedtimes logged: {count} night.", "Bedtimes logged: {count} nights.", nights
            ).format(count=nights),
        ]
    )


def chart_reply(lang: Language, history: History) -> Reply:
    """The weekly chart's caption and its way back to the reminders."""
    return ui.reply(
        [chart_caption(lang, history)],
        [[ui.button(lang.gettext("⏰ Reminders"), routes.Reminders())]],
    )


def _field_question(kind: ReminderKind, field: Field, lang: Language) -> str:
    if field == Field.FROM:
        return lang.gettext("When should water reminders start each day?")
    if field == Field.TO:
        return lang.gettext("When should water reminders end each day?")
    if field == Field.WEEKEND:
        return lang.gettext("When do you want to be in bed on Friday and Saturday nights?")
    return lang.gettext("When do you want to be in bed?")


def hours(
    lang: Language, kind: ReminderKind, field: Field, then_minutes: bool = False, notice: str = ""
) -> Reply:
    """Pick the hour: a whole hour in one tap, or (`then_minutes`) the hour and then the
    minutes; typing a time such as 22:30 works too."""
    buttons = [
        ui.button(
            words.clock_time(hour * 60, lang),
            routes.PickMinutes(kind, field, hour)
            if then_minutes
            else routes.SetTime(kind, field, hour * 60),
        )
        for hour in range(24)
    ]
    keyboard = ui.rows(buttons, 4)
    if not then_minutes:
        keyboard.append(
            [
                ui.button(
                    lang.gettext("🕧 With minutes (such as {time})").format(
                        time=words.clock_time(22 * 60 + 30, lang)
                    ),
                    routes.PickHourForMinutes(kind, field),
                )
            ]
        )
    if field is Field.WEEKEND:
        keyboard += sleep_screens.weekend_same_button(lang)
    return ui.reply(
        [
            notice,
            f"<b>{words.kind_title(kind, lang)}</b>",
            _field_question(kind, field, lang),
            lang.gettext("Tap the hour, or type a time such as 22:30."),
        ],
        [*keyboard, ui.nav(lang, routes.ReminderSettings(kind))],
    )


def window_start(lang: Language) -> Reply:
    """A new water reminder with other hours: the start, in one tap; the end comes next."""
    kind = ReminderKind.HYDRATION
    buttons = [
        ui.button(words.clock_time(hour * 60, lang), routes.WindowFrom(hour * 60))
        for hour in range(24)
    ]
    return ui.reply(
        [
            f"<b>{words.kind_title(kind, lang)}</b>",
            _field_question(kind, Field.FROM, lang),
            lang.gettext("Then you choose when they end."),
        ],
        [*ui.rows(buttons, 4), ui.nav(lang, routes.ReminderSettings(kind))],
    )


def remove_confirm(lang: Language, kind: ReminderKind) -> Reply:
    """The same question, and the same answers, for both kinds of reminder."""
    return ui.reply(
        [
            "🗑 <b>" + lang.gettext("Remove this reminder?") + "</b>",
            words.kind_title(kind, lang),
            lang.gettext(
                "Its times are deleted; you can set it up again at any time. To stop it for "
                "a while instead, turn it off."
            ),
        ],
        [
            [
                ui.button(lang.gettext("🗑 Yes, remove"), routes.RemoveConfirmed(kind)),
                ui.button(lang.gettext("✖️ No, keep it"), routes.ReminderSettings(kind)),
            ],
            ui.nav(lang, routes.Reminders()),
        ],
    )


def minutes(lang: Language, kind: ReminderKind, field: Field, hour: int) -> Reply:
    buttons = [
        ui.button(
            words.clock_time(hour * 60 + minute, lang),
            routes.SetTime(kind, field, hour * 60 + minute),
        )
        for minute in (0, 15, 30, 45)
    ]
    return ui.reply(
        [f"<b>{words.kind_title(kind, lang)}</b>", _field_question(kind, field, lang)],
        [
            *ui.rows(buttons, 4),
            ui.nav(lang, routes.PickHour(kind, field)),
        ],
    )


def intervals(lang: Language, current: int | None) -> Reply:
    buttons = [
        ui.button(
            ("✓ " if minutes == current else "") + words.interval_text(minutes, lang),
            routes.SetInterval(minutes),
        )
        for minutes in INTERVALS
    ]
    return ui.reply(
        [
            f"<b>{words.kind_title(ReminderKind.HYDRATION, lang)}</b>",
            lang.gettext("How often should water reminders come?"),
        ],
        [*ui.rows(buttons, 2), ui.nav(lang, routes.ReminderSettings(ReminderKind.HYDRATION))],
    )


def stopped(lang: Language, count: int) -> Reply:
    """After /stop: what happened and how to undo it."""
    if count:
        text = lang.gettext(
            "⏸ All reminders are paused. Nothing more will come until you resume them: "
            "tap ▶️ Resume all here or in /reminders."
        )
        keyboard = [[ui.button(lang.gettext("▶️ Resume all"), routes.ResumeAll())]]
    else:
        text = lang.gettext("You have no reminders turned on, so there is nothing to pause.")
        keyboard = [[ui.button(lang.gettext("⏰ Reminders"), routes.Reminders())]]
    return ui.reply([text], [*keyboard, ui.nav(lang, None)])


# -- the reminder messages ---------------------------------------------------------------------


def reminder_message(
    lang: Language,
    kind: ReminderKind,
    tip: str,
    due_at: datetime,
    bedtime: tuple[int, int | None] | None = None,
) -> Reply:
    """The message a reminder sends: a heading, a rotating tip and its buttons; a sleep
    reminder says when bedtime is and in how many minutes (`bedtime`)."""
    due = int(due_at.timestamp())
    lines = []
    if kind is ReminderKind.SLEEP:
        lines.append("🌙 <b>" + lang.gettext("Time to start winding down for sleep") + "</b>")
        if bedtime is not None:
            lines.append(sleep_screens.bedtime_line(lang, *bedtime))
        actions = [
            ui.button(lang.gettext("🛏 Going to bed"), routes.Bedtime()),
            ui.button(lang.gettext("⏰ Snooze 15 min"), routes.Snooze(kind, due)),
        ]
    else:
        lines.append("💧 <b>" + lang.gettext("Time for a glass of water") + "</b>")
        actions = [
            ui.button(lang.gettext("🥛 I drank a glass"), routes.Drank()),
            ui.button(lang.gettext("⏰ Snooze 30 min"), routes.Snooze(kind, due)),
        ]
    return ui.reply(
        [*lines, "💡 " + tip],
        [
            actions,
            [ui.button(lang.gettext("⚙️ Settings"), routes.SettingsAnew(kind))],
        ],
    )


def sample_screens(
    lang: Language, tips: Tips, now: datetime
) -> list[tuple[str, Reply | KeyboardReply]]:
    """Every kind of reminder screen and message, with sample data, for start-up checks."""
    sleep = Subscription(DEFAULT_SLEEP, True, now + timedelta(hours=3))
    water = Subscription(DEFAULT_HYDRATION, False, None)
    weekend = Subscription(replace(DEFAULT_SLEEP, weekend_minute=30), True, None)
    profile = Profile(1, "Asia/Kamchatka", lang.code, False, False, None)
    paused = Profile(1, "America/St_Johns", lang.code, True, False, None)
    out: list[tuple[str, Reply | KeyboardReply]] = [
        ("overview, new", overview(lang, None, [], now)),
        ("overview", overview(lang, profile, [sleep, water], now, "✓")),
        ("overview, paused", overview(lang, paused, [sleep, water], now)),
        ("overview, the other clock", overview(lang.with_clock(not lang.hour24), profile, [], now)),
        ("intervals", intervals(lang, 120)),
        ("zone prompt", zone_screens.zone_prompt(lang, now, "notice")),
        ("zone set", zone_screens.zone_set(lang, "Asia/Kolkata", now)),
        ("zone unchanged", zone_screens.zone_unchanged(lang)),
        ("stopped", stopped(lang, 2)),
        ("nothing to stop", stopped(lang, 0)),
        ("privacy", privacy_screens.privacy(lang)),
        ("forget", privacy_screens.forget_confirm(lang)),
        ("forgotten", privacy_screens.forgotten(lang)),
        ("water goals", water_screens.water_goals(lang, 8)),
        ("water window start", window_start(lang)),
    ]
    for glasses in (WaterToday(0, 8), WaterToday(3, 8), WaterToday(12, 8)):
        for quiet in (True, False):
            out.append(
                (f"water logged {glasses}", water_screens.water_logged(lang, glasses, quiet))
            )
    today = now.date()
    week = History(
        today,
        {today - timedelta(days=n): n + 3 for n in range(28)},
        {today - timedelta(days=n): 23 * 60 + n for n in range(28)},
        8,
    )
    for kind in ReminderKind:
        subscription = sleep if kind is ReminderKind.SLEEP else water
        with_week = reminder(lang, kind, profile, subscription, now, history=week)
        out.append((f"{kind} with a week", with_week))
    out.append(("chart caption", chart_reply(lang, week)))
    streak = replace(week, glasses={today - timedelta(days=n): 8 for n in range(4)})
    summing_up = replace(profile, evening_summary=True)
    water_streak = reminder(lang, ReminderKind.HYDRATION, summing_up, water, now, history=streak)
    out.append(("water, a streak and the evening summary", water_streak))
    out += water_screens.samples(lang, now)
    for kind in ReminderKind:
        subscription = sleep if kind is ReminderKind.SLEEP else water
        out.append((f"{kind} new", reminder(lang, kind, None, None, now)))
        out.append((f"{kind} remove", remove_confirm(lang, kind)))
        out.append((f"{kind}", reminder(lang, kind, profile, subscription, now, "✓")))
        out.append((f"{kind} paused", reminder(lang, kind, paused, subscription, now)))
        for field in fields_of(kind):
            out.append((f"{kind} hours", hours(lang, kind, field, notice="✓")))
            out.append((f"{kind} hours, minutes", hours(lang, kind, field, then_minutes=True)))
            out.append((f"{kind} minutes", minutes(lang, kind, field, 23)))
        for number, tip in enumerate(tips.by_language[lang.code][kind]):
            out.append((f"{kind} reminder {number}", reminder_message(lang, kind, tip, now)))
    sleep_kind = ReminderKind.SLEEP
    out.append(("sleep, a weekend", reminder(lang, sleep_kind, profile, weekend, now)))
    out.append(("wind-downs", sleep_screens.wind_downs(lang, 30)))
    for minutes_left in (45, 1, None):
        bedtime = (23 * 60 + 30, minutes_left)
        message = reminder_message(lang, sleep_kind, "tip", now, bedtime)
        out.append((f"sleep reminder, {minutes_left} min to bed", message))
    return out


def check_reminder_screens(languages: dict[str, Language], tips: Tips) -> list[str]:
    """Render every reminder screen in every language; list what Telegram would refuse."""
    now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # a DST change in Europe, for variety
    problems = []
    for code, lang in languages.items():
        for name, reply in sample_screens(lang, tips, now):
            try:
                ui.check_reply(reply)
            except (MarkupError, ValueError, KeyError) as error:
                problems.append(f"{code}: reminder screen {name!r}: {error}")
    for text in (water_screens.glasses_today(lang, 21) for lang in languages.values()):
        if len(text) > 200:
            problems.append(f"a callback answer is too long: {text!r}")
    return problems
