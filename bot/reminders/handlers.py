"""Telegram handlers for reminders: read the update, change the store, render, send.

Typed answers (a time such as 22:30, a city or +3) need to know what the bot asked; that
is kept in the database next to the user's zone, with a deadline, so an answer typed after
a restart is still understood, and one typed much later is not mistaken for an answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import BotCommandScopeChat, Message, Update, User
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import calls
from bot import handlers as guide_handlers
from bot.callbacks import decode
from bot.context import GuideApplication, GuideContext
from bot.i18n import Language
from bot.places import Place, place_named
from bot.reminders import (
    model,
    privacy_screens,
    progress,
    routes,
    screens,
    sleep_screens,
    water_screens,
    words,
    zone_screens,
)
from bot.reminders.awaiting import (
    AwaitTime,
    AwaitWeight,
    AwaitZone,
    format_awaiting,
    parse_awaiting,
)
from bot.reminders.body_weight import Weight, parse_weight
from bot.reminders.model import Field, History, Profile, Subscription
from bot.reminders.routes import ReminderRoute
from bot.reminders.schedule import (
    Reminder,
    ReminderKind,
    chosen_instant,
    spread_delay,
)
from bot.reminders.service import AWAIT_TYPED_ANSWER, ReminderService
from bot.reminders.typed_times import parse_time_of_day
from bot.reminders.zones import find_zone, zone_at
from bot.ui import KeyboardReply, Reply

log = logging.getLogger(__name__)

# A snooze pressed on a reminder older than this answers with the next time instead.
SNOOZE_MAX_AGE = timedelta(hours=6)
# Longer text while the bot waits for a city is taken as something else (a question).
MAX_WORDS_IN_A_CITY = 3


def add_handlers(application: GuideApplication) -> None:
    """Register before the guide's handlers; group -1 sees messages first."""
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", on_start, filters=private), group=-1)
    application.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_typed), group=-1
    )
    application.add_handler(CommandHandler("reminders", on_reminders))
    application.add_handler(CommandHandler("stop", on_stop))
    application.add_handler(CommandHandler("forget", on_forget))
    application.add_handler(MessageHandler(private & filters.LOCATION, on_location))
    application.add_handler(CallbackQueryHandler(on_button, pattern=is_reminder_button))


def is_reminder_button(data: object) -> bool:
    return isinstance(data, str) and isinstance(decode(data), ReminderRoute)


@dataclass(frozen=True)
class Answer:
    """What an action shows: a screen (edited in place from a button), a short toast."""

    reply: Reply | None = None
    toast: str | None = None
    new_message: bool = False  # send the screen anew instead of replacing the tapped one


async def language_of(context: GuideContext, user: User) -> Language:
    """The user's language in their clock (bot/i18n.py `Language.for_user`): the one chosen
    on the reminders screen, else their Telegram app's region's. Russian needs no read."""
    lang = await context.language_of(user)
    if not lang.clock_choice:
        return lang
    profile = await context.reminders.store.profile(user.id, context.reminders.now())
    return lang.for_user(profile.hour24 if profile else None, user.language_code)


async def remember_clock(service: ReminderService, user: User, lang: Language) -> None:
    """Keep the clock the user sees for the reminders the dispatcher sends (it has no
    update to read the Telegram language from); a clock chosen before is kept."""
    if lang.clock_choice:
        await service.store.set_clock(user.id, lang.hour24, lang.code, unless_chosen=True)


async def _state(
    service: ReminderService, user_id: int
) -> tuple[Profile | None, dict[ReminderKind, Subscription]]:
    profile = await service.store.profile(user_id, service.now())
    subscriptions = await service.store.subscriptions(user_id) if profile else []
    return profile, {s.kind: s for s in subscriptions}


async def overview(
    service: ReminderService, user_id: int, lang: Language, notice: str = ""
) -> Reply:
    profile, subscriptions = await _state(service, user_id)
    return screens.overview(lang, profile, list(subscriptions.values()), service.now(), notice)


async def reminder_screen(
    service: ReminderService, user_id: int, lang: Language, kind: ReminderKind, notice: str = ""
) -> Reply:
    profile, subscriptions = await _state(service, user_id)
    subscription = subscriptions.get(kind)
    history = await service.store.history(user_id, service.now()) if subscription else None
    return screens.reminder(
        lang, kind, profile, subscription, service.now(), notice, history=history
    )


async def send(context: GuideContext, chat_id: int, reply: Reply | KeyboardReply) -> None:
    await calls.retry(
        lambda: context.bot.send_message(chat_id, reply.text, reply_markup=reply.keyboard),
        idempotent=False,
        what="sendMessage",
    )


async def ask_zone(
    context: GuideContext, user: User, lang: Language, then: ReminderRoute | None, notice: str = ""
) -> None:
    """Ask for the time zone; `then` is the action to finish once it is known."""
    service = context.reminders
    await service.store.set_awaiting(
        user.id, format_awaiting(AwaitZone(then)), lang.code, service.now() + AWAIT_TYPED_ANSWER
    )
    await send(context, user.id, zone_screens.zone_prompt(lang, service.now(), notice))


async def act(
    context: GuideContext, user: User, lang: Language, route: ReminderRoute
) -> Answer | None:
    """Carry out a reminder button; None when it no longer makes sense (expired)."""
    service = context.reminders
    store = service.store
    now = service.now()
    match route:
        case routes.Reminders():
            return Answer(await overview(service, user.id, lang))
        case routes.ReminderSettings(kind) | routes.SettingsAnew(kind):
            reply = await reminder_screen(service, user.id, lang, kind)
            return Answer(reply, new_message=isinstance(route, routes.SettingsAnew))
        case routes.TurnOn(kind):
            profile, subscriptions = await _state(service, user.id)
            if profile is None or profile.zone is None:
                await ask_zone(context, user, lang, then=route)
                return Answer()
            if kind in subscriptions:
                await store.set_enabled(user.id, kind, True, now)
            else:
                await store.subscribe(user.id, model.default(kind), lang.code, now)
                await remember_clock(service, user, lang)
            notice = "✓ " + lang.gettext("Turned on.")
            return Answer(await reminder_screen(service, user.id, lang, kind, notice))
        case routes.TurnOff(kind):
            await store.set_enabled(user.id, kind, False, now)
            kept = lang.gettext("Turned off. Its times are kept for when you want it back.")
            notice = "⏸ " + kept
            return Answer(await reminder_screen(service, user.id, lang, kind, notice))
        case routes.Remove(kind):
            return Answer(screens.remove_confirm(lang, kind))
        case routes.RemoveConfirmed(kind):
            await store.remove(user.id, kind)
            notice = "🗑 " + lang.gettext("Removed.")
            return Answer(await overview(service, user.id, lang, notice))
        case routes.PickHour(kind, field):
            await store.set_awaiting(
                user.id,
                format_awaiting(AwaitTime(kind, field)),
                lang.code,
                now + AWAIT_TYPED_ANSWER,
            )
            return Answer(screens.hours(lang, kind, field))
        case routes.PickHourForMinutes(kind, field):
            return Answer(screens.hours(lang, kind, field, then_minutes=True))
        case routes.PickWindow():
            return Answer(screens.window_start(lang))
        case routes.WindowFrom(minute):
            hydration = ReminderKind.HYDRATION
            answer = await set_time(context, user, lang, hydration, Field.FROM, minute, route)
            if answer.reply is None:  # the time zone is asked first; this comes back then
                return answer
            await store.set_awaiting(
                user.id,
                format_awaiting(AwaitTime(hydration, Field.TO)),
                lang.code,
                now + AWAIT_TYPED_ANSWER,
            )
            notice = "✓ " + lang.gettext("From {time}.").format(time=words.clock_time(minute, lang))
            return Answer(screens.hours(lang, hydration, Field.TO, notice=notice))
        case routes.PickMinutes(kind, field, hour):
            return Answer(screens.minutes(lang, kind, field, hour))
        case routes.SetTime(kind, field, minute):
            return await set_time(context, user, lang, kind, field, minute, route)
        case routes.PickWindDown():
            _, subscriptions = await _state(service, user.id)
            sleep = subscriptions.get(ReminderKind.SLEEP)
            wind_down = sleep.reminder.wind_down if sleep else model.DEFAULT_WIND_DOWN
            return Answer(sleep_screens.wind_downs(lang, wind_down))
        case routes.SetWindDown(minutes):
            return await set_rule(
                context,
                user,
                lang,
                ReminderKind.SLEEP,
                route,
                lambda current: model.with_wind_down(current, minutes),
            )
        case routes.WeekendSame():
            return await set_rule(
                context, user, lang, ReminderKind.SLEEP, route, model.same_bedtime_every_night
            )
        case routes.PickInterval():
            _, subscriptions = await _state(service, user.id)
            current = subscriptions.get(ReminderKind.HYDRATION)
            return Answer(
                screens.intervals(lang, current.reminder.every_minutes if current else None)
            )
        case routes.SetInterval(minutes):
            return await set_interval(context, user, lang, minutes, route)
        case routes.AskZone():
            profile = await store.profile(user.id, now)
            notice = words.zone_line(profile.zone, now, lang) if profile and profile.zone else ""
            await ask_zone(context, user, lang, then=None, notice=notice)
            return Answer()
        case routes.PauseAll():
            await store.set_paused(user.id, True, now)
            return Answer(await overview(service, user.id, lang))
        case routes.ResumeAll():
            await store.set_paused(user.id, False, now)
            notice = "▶️ " + lang.gettext("Reminders resumed.")
            return Answer(await overview(service, user.id, lang, notice))
        case routes.Drank():
            return await log_glass(service, user, lang, undo=False, on_summary=False)
        case routes.DrankUndo():
            return await log_glass(service, user, lang, undo=True, on_summary=False)
        case routes.SummaryGlass(undo):
            return await log_glass(service, user, lang, undo=bool(undo), on_summary=True)
        case routes.WaterGoals():
            profile = await store.profile(user.id, now)
            if profile is not None and isinstance(parse_awaiting(profile.awaiting), AwaitWeight):
                await _clear_awaiting(service, user.id)  # Back from the weight question
            goal_now = profile.water_goal if profile else model.DEFAULT_WATER_GOAL
            return Answer(water_screens.water_goals(lang, goal_now))
        case routes.AskWeight():
            await store.set_awaiting(
                user.id, format_awaiting(AwaitWeight()), lang.code, now + AWAIT_TYPED_ANSWER
            )
            return Answer(water_screens.weight_question(lang))
        case routes.SetWaterGoal(goal):
            if await store.profile(user.id, now) is None:
                return Answer(toast=lang.gettext("You have no reminders now: see /reminders."))
            await store.set_water_goal(user.id, goal)
            notice = "✓ " + lang.gettext("Saved.")
            hydration = ReminderKind.HYDRATION
            return Answer(await reminder_screen(service, user.id, lang, hydration, notice))
        case routes.WaterQuiet(quiet):
            await store.set_skip_when_met(user.id, bool(quiet))
            return Answer(await reminder_screen(service, user.id, lang, ReminderKind.HYDRATION))
        case routes.WaterSummary(on):
            await store.set_evening_summary(user.id, bool(on))
            return Answer(await reminder_screen(service, user.id, lang, ReminderKind.HYDRATION))
        case routes.WeekChart():
            history = await store.history(user.id, now)
            if history is None:
                return Answer(toast=lang.gettext("You have no reminders now: see /reminders."))
            _, subscriptions = await _state(service, user.id)
            sleep = subscriptions.get(ReminderKind.SLEEP)
            planned = sleep.reminder if sleep and sleep.enabled else None  # a plan in force
            await send_chart(context, user, lang, history, planned)
            return Answer()
        case routes.Snooze(kind, due):
            return await snooze(context, user, lang, kind, due)
        case routes.Bedtime():
            await store.reschedule(user.id, now)  # a pending snooze is let go
            logged = await store.log_bedtime(user.id, now)  # the night, for the week
            if logged is None:
                return Answer(toast=lang.gettext("🌙 Good night. Sleep well."))
            return Answer(
                toast=lang.gettext("🌙 Good night. Bedtime noted: {time}.").format(
                    time=words.clock_time(logged[1], lang)
                )
            )
        case routes.SetClock(hour24):
            await store.set_clock(user.id, bool(hour24), lang.code)
            lang = lang.with_clock(bool(hour24))
            notice = "✓ " + lang.gettext("Times are now shown as {time}.").format(
                time=words.clock_time(22 * 60 + 30, lang)
            )
            return Answer(await overview(service, user.id, lang, notice))
        case routes.Privacy():
            return Answer(privacy_screens.privacy(lang))
        case routes.Forget():
            return Answer(privacy_screens.forget_confirm(lang))
        case routes.ForgetConfirmed():
            await forget(context, user.id)
            # The stored language choice is gone: answer in the Telegram app's language.
            return Answer(privacy_screens.forgotten(await context.language_of(user)))
    return None


async def log_glass(
    service: ReminderService, user: User, lang: Language, *, undo: bool, on_summary: bool
) -> Answer:
    """A glass logged (or taken back) on a water reminder, which then shows the day's
    glasses and streak; on the evening summary, the summary updated."""
    now = service.now()
    water = await service.store.log_drink(user.id, now, change=-1 if undo else 1)
    if water is None:
        return Answer(toast=lang.gettext("You have no reminders now: see /reminders."))
    profile = await service.store.profile(user.id, now)
    history = await service.store.history(user.id, now)
    if profile is None or history is None:  # /forget in between
        return Answer(toast=lang.gettext("You have no reminders now: see /reminders."))
    if undo:
        toast = lang.gettext("↩️ Taken back: {count} of {goal} today.").format(
            count=water.count, goal=water.goal
        )
    else:
        toast = water_screens.glasses_today(lang, water.count)
    if on_summary:
        return Answer(water_screens.evening_summary(lang, history), toast)
    logged = water_screens.water_logged(
        lang, water, profile.skip_when_met, history, profile.evening_summary
    )
    return Answer(logged, toast)


async def set_rule(
    context: GuideContext,
    user: User,
    lang: Language,
    kind: ReminderKind,
    route: ReminderRoute,
    change: Callable[[Reminder | None], Reminder],
) -> Answer:
    """Change the reminder's rule (`change` gets the current one, None if new) and switch
    it on; without a time zone, ask for it first and finish `route` then."""
    service = context.reminders
    profile, subscriptions = await _state(service, user.id)
    if profile is None or profile.zone is None:
        await ask_zone(context, user, lang, then=route)
        return Answer()
    current = subscriptions.get(kind)
    reminder = change(current.reminder if current else None)
    await service.store.subscribe(user.id, reminder, lang.code, service.now())
    await remember_clock(service, user, lang)
    notice = "✓ " + lang.gettext("Saved.")
    return Answer(await reminder_screen(service, user.id, lang, kind, notice))


async def set_time(
    context: GuideContext,
    user: User,
    lang: Language,
    kind: ReminderKind,
    field: Field,
    minute: int,
    route: ReminderRoute,
) -> Answer:
    def change(current: Reminder | None) -> Reminder:
        return model.with_time(current, kind, field, minute)

    return await set_rule(context, user, lang, kind, route, change)


async def set_interval(
    context: GuideContext, user: User, lang: Language, minutes: int, route: ReminderRoute
) -> Answer:
    return await set_rule(
        context,
        user,
        lang,
        ReminderKind.HYDRATION,
        route,
        lambda current: replace(current or model.DEFAULT_HYDRATION, every_minutes=minutes),
    )


async def snooze(
    context: GuideContext, user: User, lang: Language, kind: ReminderKind, due: int
) -> Answer:
    service = context.reminders
    now = service.now()
    profile, subscriptions = await _state(service, user.id)
    subscription = subscriptions.get(kind)
    if profile is None or subscription is None or subscription.next_fire_at is None:
        return Answer(
            toast=lang.gettext("This reminder is off now, so there is nothing to snooze.")
        )
    if now.timestamp() - due > SNOOZE_MAX_AGE.total_seconds():
        assert profile.zone is not None
        shown = chosen_instant(subscription.next_fire_at, user.id)
        when = words.when_text(shown, ZoneInfo(profile.zone), now, lang)
        return Answer(
            toast=lang.gettext("This reminder is from earlier. The next one comes {when}.").format(
                when=when
            )
        )
    until = now + model.SNOOZE[kind]
    # stored at the user's spreading offset, like every occurrence; shown as `until`
    await service.store.snooze(user.id, kind, until + spread_delay(user.id), now)
    assert profile.zone is not None
    when = words.when_text(until, ZoneInfo(profile.zone), now, lang)
    return Answer(toast=lang.gettext("⏰ I will remind you again {when}.").format(when=when))


async def send_chart(
    context: GuideContext,
    user: User,
    lang: Language,
    history: History,
    sleep: Reminder | None = None,
) -> None:
    """The week's glasses and bedtimes as a picture, in the user's language and clock, each
    night's bedtime from the sleep reminder to compare with."""
    from bot.pictures.chart import WeekData, chart_labels, weekly_chart  # Pillow on first use

    planned = {day: sleep.bedtime_on(day) for day in progress.days(history.today)} if sleep else {}
    goals = {day: history.goal_on(day) for day in progress.days(history.today)}
    week = WeekData(history.today, history.glasses, history.bedtimes, history.goal, planned, goals)
    reply = screens.chart_reply(lang, history)
    await guide_handlers.send_picture(
        context,
        user.id,
        reply,
        lambda: weekly_chart(week, chart_labels(lang, history.goal), lang.locale, lang.hour24),
    )


async def forget(context: GuideContext, user_id: int) -> None:
    """Delete everything stored about the user, in every table (one transaction)."""
    await context.store.forget(user_id)
    try:  # the chat's own command list followed a language choice; let it go too
        await context.bot.delete_my_commands(scope=BotCommandScopeChat(user_id))
    except (BadRequest, Forbidden) as error:
        log.info("could not reset the chat's commands: %s", error.message)


async def on_button(update: Update, context: GuideContext) -> None:
    query = update.callback_query
    if query is None:
        return
    lang = await language_of(context, query.from_user)
    route = decode(query.data)
    answer = (
        await act(context, query.from_user, lang, route)
        if isinstance(route, ReminderRoute)
        else None
    )
    if answer is None:
        await guide_handlers.expired(query, context, lang)
        return
    if answer.reply is None or not (answer.new_message or not isinstance(query.message, Message)):
        await guide_handlers.answer_and_show(query, context, answer.reply, answer.toast)
    else:
        await asyncio.gather(
            calls.answer(query, answer.toast), send(context, query.from_user.id, answer.reply)
        )


async def on_reminders(update: Update, context: GuideContext) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    service = context.reminders
    lang = await language_of(context, user)
    await _clear_awaiting(service, user.id)
    reply = await overview(service, user.id, lang)
    await calls.reply(message, reply.text, reply.keyboard)


async def on_stop(update: Update, context: GuideContext) -> None:
    """/stop: pause every reminder in one step, and say how to resume."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    service = context.reminders
    lang = await language_of(context, user)
    await _clear_awaiting(service, user.id)
    count = await service.store.set_paused(user.id, True, service.now())
    if count == 0:  # nothing was on: leave no pause behind to surprise them later
        await service.store.set_paused(user.id, False, service.now())
    reply = screens.stopped(lang, count)
    await calls.reply(message, reply.text, reply.keyboard)


async def on_forget(update: Update, context: GuideContext) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    lang = await language_of(context, user)
    reply = privacy_screens.forget_confirm(lang)
    await calls.reply(message, reply.text, reply.keyboard)


async def on_start(update: Update, context: GuideContext) -> None:
    """/start (before the guide's handler): a blocked user is back, so resume their reminders."""
    user = update.effective_user
    if user is None:
        return
    service = context.reminders
    now = service.now()
    profile = await service.store.profile(user.id, now)
    if profile is None:
        return
    if profile.awaiting:
        await _clear_awaiting(service, user.id)
    if profile.blocked and await service.store.set_blocked(user.id, False, now):
        lang = await language_of(context, user)
        reply = await overview(
            service,
            user.id,
            lang,
            "👋 " + lang.gettext("Welcome back: your reminders have resumed."),
        )
        await send(context, user.id, reply)


async def _clear_awaiting(service: ReminderService, user_id: int) -> None:
    profile = await service.store.profile(user_id, service.now())
    if profile is not None and profile.awaiting:
        await service.store.set_awaiting(user_id, None, profile.language, service.now())


def _cancel_labels(context: GuideContext) -> set[str]:
    return {lang.gettext("✖️ Cancel") for lang in context.services.languages.values()}


async def on_typed(update: Update, context: GuideContext) -> None:
    """Text while the bot waits for a time or a zone; anything else goes on to the guide."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text:
        return
    service = context.reminders
    text = message.text
    place = place_named(text)
    if place is not None:
        code = (await context.language_of(user)).code
        if context.services.understanding.read(text, code).emergency:
            place = None  # emergencies first: never the case for a place's name, but surely
        elif place in _PLACE_HANDLERS:
            await _clear_awaiting(service, user.id)
            await _PLACE_HANDLERS[place](update, context)
            raise ApplicationHandlerStop
    profile = await service.store.profile(user.id, service.now())
    awaiting = parse_awaiting(profile.awaiting) if profile else None
    if awaiting is None:
        return
    if place is not None:  # help, language: the guide's; the question is dropped
        await _clear_awaiting(service, user.id)
        return
    lang = await language_of(context, user)
    if context.services.understanding.read(text, lang.code).emergency:
        await _clear_awaiting(service, user.id)  # emergencies win: the guide's urgent screen
        return
    if isinstance(awaiting, AwaitZone):
        if text.strip() in _cancel_labels(context):
            await _clear_awaiting(service, user.id)
            await send(context, user.id, zone_screens.zone_unchanged(lang))
        elif (zone := find_zone(text, context.services.languages)) is not None:
            await zone_found(context, user, lang, zone, awaiting.then)
        elif len(text.split()) > MAX_WORDS_IN_A_CITY:
            await _clear_awaiting(service, user.id)  # a question, not a city: the guide's
            return
        else:
            await calls.reply(message, zone_screens.zone_not_found(lang))
    elif isinstance(awaiting, AwaitWeight):
        weight = parse_weight(text)
        # Several words with no weight in them are something else ("eyelid twitch 2 weeks",
        # after leaving the question with Home): the guide's. One word, or a weight in kg or
        # lb that cannot be right ("700 kg"), gets an answer.
        unstated = weight is None or (not weight.plausible and not weight.stated)
        if unstated and len(text.split()) > 1:
            await _clear_awaiting(service, user.id)  # a question, not a weight: the guide's
            return
        await typed_weight(context, user, lang, weight)
    else:
        if not any(char.isdigit() for char in text):
            await _clear_awaiting(service, user.id)  # no time in it: the guide's
            return
        await typed_time(context, user, lang, awaiting, text)
    raise ApplicationHandlerStop


# Places named in a message that are reminders' (bot/places.py); the others are the guide's.
_PLACE_HANDLERS = {
    Place.REMINDERS: on_reminders,
    Place.STOP: on_stop,
    Place.FORGET: on_forget,
}


async def typed_time(
    context: GuideContext, user: User, lang: Language, awaiting: AwaitTime, text: str
) -> None:
    minute = parse_time_of_day(text)
    if minute is None:
        await context.bot.send_message(user.id, zone_screens.time_not_understood(lang))
        return
    kind, field = awaiting.kind, awaiting.field
    route = routes.SetTime(kind, field, minute)
    answer = await set_time(context, user, lang, kind, field, minute, route)
    if answer.reply is not None:
        await send(context, user.id, answer.reply)


async def typed_weight(
    context: GuideContext, user: User, lang: Language, weight: Weight | None
) -> None:
    """A typed weight: the goal it suggests (the question is answered; the weight is not
    kept), or a word on what to type (None: none read; the question stays open)."""
    if weight is None or not weight.plausible:
        answer = (
            water_screens.weight_not_read if weight is None else water_screens.weight_implausible
        )
        await context.bot.send_message(user.id, answer(lang))
        return
    service = context.reminders
    await _clear_awaiting(service, user.id)
    profile = await service.store.profile(user.id, service.now())
    current = profile.water_goal if profile else model.DEFAULT_WATER_GOAL
    await send(context, user.id, water_screens.weight_suggestion(lang, weight, current))


async def zone_found(
    context: GuideContext, user: User, lang: Language, zone: str, then: ReminderRoute | None
) -> None:
    """Store the zone, confirm it as the local time, then finish what asked for it."""
    service = context.reminders
    await service.store.set_zone(user.id, zone, lang.code, service.now())
    await send(context, user.id, zone_screens.zone_set(lang, zone, service.now()))
    answer = await act(context, user, lang, then) if then else None
    reply = answer.reply if answer and answer.reply else await overview(service, user.id, lang)
    await send(context, user.id, reply)


async def on_location(update: Update, context: GuideContext) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.location is None:
        return
    service = context.reminders
    profile = await service.store.profile(user.id, service.now())
    awaiting = parse_awaiting(profile.awaiting) if profile else None
    if not isinstance(awaiting, AwaitZone):
        await guide_handlers.on_other_message(update, context)  # not an answer to a prompt
        return
    lang = await language_of(context, user)
    location = message.location
    # The first lookup loads the zone boundaries: keep the event loop free meanwhile.
    zone = await asyncio.to_thread(zone_at, location.latitude, location.longitude)
    if zone is None:
        await calls.reply(message, zone_screens.zone_not_found(lang))
        return
    await zone_found(context, user, lang, zone, awaiting.then)
