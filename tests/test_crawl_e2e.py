"""End to end: a crawl of every screen, in each language, on the real bot against a fake Telegram.

A simulated user starts from every entry point a person has (every command in the command
menu, /help, and a water and a sleep reminder as the dispatcher sends them) and then, breadth
first, taps every distinct button (by its callback data) on every message the bot shows,
pictures included. Where the bot waits for a typed answer (it keeps that in the database), the
crawl types one: a city for the time zone, a time for a reminder. Nothing is hard-coded about
which buttons exist, so new screens are crawled as soon as they can be reached.

The crawl runs twice over the reminder screens, whose content depends on what is stored:
first as a newcomer (it turns reminders on through the bot's own buttons), then, once the
dispatcher has sent both reminders, with "I drank a glass" and "Going to bed" tapped, so
the screens with a week's history and the chart are reached. Taps that would cut the crawl
short (turn off, pause, undo, remove, delete all data, another language) come last.

Every step must pass: no Bot API error, each tap answered exactly once, no "expired" or "I
didn't recognise" answer to a button the bot has just shown, no apology, no tap that does
nothing, and no message without a way onwards (a button, a question with its keyboard, a
message of its own naming a command, or a notice with the screen sent right after it).

The symptom check keeps its answers in its buttons, so its states multiply: about 5,600 per
language, 45 s of taps each. The crawl takes every state of a check started from the main menu,
and from a body area the states with at most one "yes" (CRAWL_EVERY_CHECK_STATE=1: all of them);
every state is still rendered and checked against Telegram's limits at start-up and by
tests/test_screens.py.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import os
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from telegram import CallbackQuery, InlineKeyboardMarkup

from bot import calls
from bot.callbacks import Route, decode, encode
from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator, MessageSnapshot, SimulatedUser
from bot.i18n import Language
from bot.markup import visible_text
from bot.reminders import privacy_screens
from bot.reminders.awaiting import AwaitTime, AwaitWeight, AwaitZone, parse_awaiting
from bot.reminders.routes import (
    AskZone,
    DrankUndo,
    ForgetConfirmed,
    PauseAll,
    ReminderRoute,
    RemoveConfirmed,
    SetClock,
    TurnOff,
)
from bot.reminders.schedule import ReminderKind
from bot.reminders.service import ReminderService
from bot.routes import Check, CheckView, Doctor, SameDay, SetLanguage
from bot.ui import Reply
from tests.helpers import FakeClock, Runner, dispatcher

# What the crawl types when the bot waits for an answer.
CITY = {"en": "London", "ru": "Москва"}
TYPED_TIME = "22:30"
WEIGHT = {"en": "70 kg", "ru": "70 кг"}

# Taps whose effect would hide screens from the rest of the crawl, by how late they come;
# every other tap is rank 0. Another language is last of all: the crawl stays in its own.
RANK_OF_ROUTE: dict[type[Route], int] = {
    # Known before any reminder is on, the zone would never be asked on the way to one.
    AskZone: 1,
    SetClock: 1,  # every time on every screen changes: the time pickers would be new screens
    TurnOff: 1,
    PauseAll: 1,
    DrankUndo: 1,
    RemoveConfirmed: 2,
    ForgetConfirmed: 3,
}
RANK_OF_COMMAND = {"/stop": 1}
OTHER_LANGUAGE_RANK = 4

# From a body area, a check's states with more "yes" answers than this are left out;
# CRAWL_EVERY_CHECK_STATE=1 takes them all (about 6,300 taps and 45 s per language).
AREA_CHECK_MAX_YES = 99 if os.environ.get("CRAWL_EVERY_CHECK_STATE") == "1" else 1

# Measured on 3 Dec 2026, with bedtimes, the evening summary and the goal from weight:
# en 914 and ru 910 distinct screens (about 1,620 taps each; 781 and 777 before them).
MIN_SCREENS = {"en": 880, "ru": 880}

# Answers that must never come to a button the bot itself has just shown, or to a typed
# answer to its own question.
EXPIRED = "This menu has expired. Here is a fresh one."
UNRECOGNISED = (
    "I didn't recognise that. Choose where you feel the twitching, or describe it in a few words:"
)
SORRY = "Sorry, something went wrong on our side. Here is the main menu."


@dataclass(frozen=True)
class Tap:
    data: str
    message_id: int
    label: str
    where: str  # the first line of the screen it was on
    on_photo: bool
    depth: int  # taps from an entry point

    def __str__(self) -> str:
        return f"[{self.label}] ({self.data}) on «{self.where}»"


@dataclass(frozen=True)
class Send:
    text: str
    depth: int = 0

    def __str__(self) -> str:
        return f"sending {self.text!r}"


def first_line(message: MessageSnapshot) -> str:
    return (message.text or message.caption or "").split("\n", 1)[0][:60]


@dataclass
class Crawl:
    telegram: BotApiEmulator
    app: GuideApplication
    user: SimulatedUser
    lang: Language
    clock: FakeClock
    markers: dict[str, set[str]]  # what must never be shown, by what it means
    max_depth: int | None = None  # buttons further from an entry point are not tapped
    queue: list[tuple[int, int, Tap | Send]] = field(default_factory=list)
    queued: set[tuple[int, str, bool]] = field(default_factory=set)
    crawled: set[tuple[str, str, bool]] = field(default_factory=set)
    typed: set[tuple[int, str]] = field(default_factory=set)
    screens: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    left_out: set[str] = field(default_factory=set)  # symptom-check buttons not tapped
    epoch: int = 0
    taps: int = 0
    steps: int = 0
    _order: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def reminders(self) -> ReminderService:
        assert self.app.bot_data.reminders is not None
        return self.app.bot_data.reminders

    # -- the queue -------------------------------------------------------------------------

    def push(self, rank: int, action: Tap | Send) -> None:
        heapq.heappush(self.queue, (rank, next(self._order), action))

    def discover(self, message: MessageSnapshot, depth: int) -> None:
        """Queue every button of this message not tapped yet (in this epoch, for the
        reminders' buttons, whose screens depend on what is stored), unless the same
        screen with the same buttons was crawled before."""
        if self.max_depth is not None and depth >= self.max_depth:
            return
        screen = (message.text or message.caption or "", repr(message.buttons), bool(message.photo))
        if screen in self.crawled:
            return
        self.crawled.add(screen)
        for row in message.buttons:
            for label, data in row:
                if data is None:  # a link
                    continue
                route = decode(data)
                if (
                    isinstance(route, Check | CheckView)
                    and route.origin is not None
                    and route.yes.bit_count() > AREA_CHECK_MAX_YES
                ):
                    self.left_out.add(data)
                    continue
                epoch = self.epoch if isinstance(route, ReminderRoute) else 0
                key = (epoch, data, message.photo is not None)
                if key in self.queued:
                    continue
                self.queued.add(key)
                if isinstance(route, SetLanguage) and route.code != self.lang.code:
                    rank = OTHER_LANGUAGE_RANK
                else:  # a button that does not decode is tapped early: it would be expired
                    rank = RANK_OF_ROUTE.get(type(route), 0) if route else 0
                where = first_line(message)
                tap = Tap(data, message.message_id, label, where, key[2], depth + 1)
                self.push(rank, tap)

    async def run(self, *, below_rank: int | None = None) -> None:
        while self.queue and (below_rank is None or self.queue[0][0] < below_rank):
            _, _, action = heapq.heappop(self.queue)
            if isinstance(action, Tap):
                await self.tap(action)
            else:
                await self.send(action)

    # -- steps -----------------------------------------------------------------------------

    async def settle(self) -> None:
        """Until the bot has handled every update: an update stays on the server until the
        bot asks for the next ones, by which time it is in the Application's queue, whose
        count drops only when its handling is over."""
        async with asyncio.timeout(10):
            while self.telegram._updates:  # pending_updates without its deep copy
                await asyncio.sleep(0.001)
            await self.app.update_queue.join()

    async def tap(self, tap: Tap) -> None:
        errors, answers = len(self.telegram.errors), len(self.user.callback_answers)
        self.user.clear_pending()
        query_id = await self.user.tap_data_nowait(tap.data, message=tap.message_id)
        await self.settle()
        self.taps += 1
        new = self.user.pending_messages()
        given = self.user.callback_answers[answers:]
        if [answer["callback_query_id"] for answer in given] != [query_id]:
            self.problem(tap, f"answered {len(given)} times")
        toast = given[0]["text"] if given else None
        if toast and toast in self.markers["expired"]:
            self.problem(tap, f"answered {toast!r}: the bot did not know its own button")
        if not new and not toast:
            self.problem(tap, "did nothing: no message, no edit, no answer text")
        await self.after(tap, errors, new, tap.depth)

    async def send(self, send: Send) -> None:
        errors = len(self.telegram.errors)
        self.user.clear_pending()
        await self.user.send(send.text)
        await self.settle()
        new = self.user.pending_messages()
        if not new:
            self.problem(send, "no answer")
        await self.after(send, errors, new, send.depth)

    async def dispatch(self, what: str) -> list[MessageSnapshot]:
        errors = len(self.telegram.errors)
        self.user.clear_pending()
        await dispatcher(self.app).run_once()
        await self.settle()
        new = self.user.pending_messages()
        await self.after(what, errors, new, depth=0)  # a reminder is an entry point
        return new

    async def after(
        self, what: Tap | Send | str, errors: int, new: list[MessageSnapshot], depth: int
    ) -> None:
        """What every step must pass; then its messages' buttons are queued and a question
        the bot now waits an answer to is answered."""
        self.steps += 1
        for error in self.telegram.errors[errors:]:
            self.problem(what, f"Bot API error: {error.method} -> {error.description}")
        latest = {message.message_id: message for message in new}  # each one's final state
        shown = list(latest.values())
        for position, message in enumerate(shown):
            text = message.text or message.caption or ""
            self.screens.add((text, tuple(message.button_texts())))
            for meaning in ("expired", "unrecognised", "sorry"):
                if any(marker in text for marker in self.markers[meaning]):
                    self.problem(what, f"shows the {meaning} notice: «{first_line(message)}»")
            onwards = (
                message.buttons
                or message.reply_keyboard is not None  # a question, answered below
                # a message of its own naming a command to send (a screen edited in place
                # has to keep a way onwards on itself)
                or (message.kind == "new" and message.has_entity("bot_command"))
                or any(later.buttons for later in shown[position + 1 :])  # a notice first
            )
            if not onwards:
                shown_text = " / ".join(text.split("\n"))[:100]
                self.problem(what, f"a dead end: «{shown_text}» has no way onwards")
            self.discover(message, depth)
        # Only the reminders wait for typed answers: a guide tap needs no look.
        if not isinstance(what, Tap) or isinstance(decode(what.data), ReminderRoute):
            await self.answer_question(depth)

    async def answer_question(self, depth: int) -> None:
        """Type an answer to what the bot waits for, once per question and epoch."""
        profile = await self.reminders.store.profile(self.user.id, self.clock.now)
        stored = profile.awaiting if profile else None
        awaiting = parse_awaiting(stored)
        if stored is None or (self.epoch, stored) in self.typed:
            return
        self.typed.add((self.epoch, stored))
        if isinstance(awaiting, AwaitZone):
            await self.send(Send(CITY[self.lang.code], depth))
        elif isinstance(awaiting, AwaitTime):
            await self.send(Send(TYPED_TIME, depth))
        elif isinstance(awaiting, AwaitWeight):
            await self.send(Send(WEIGHT[self.lang.code], depth))
        else:
            self.problem("a question", f"the bot waits for {stored!r}: teach the crawl an answer")

    def problem(self, what: object, text: str) -> None:
        self.problems.append(f"{what}: {text}")

    # -- reminders -------------------------------------------------------------------------

    async def fire_reminders(self) -> None:
        """Move the clock to each reminder the crawl turned on and let the dispatcher send
        it; then the reminders' buttons are crawled again, with these as entry points."""
        subscriptions = await self.reminders.store.subscriptions(self.user.id)
        due = sorted((s.next_fire_at, s.kind) for s in subscriptions if s.next_fire_at is not None)
        kinds = {kind for _, kind in due}
        for kind in ReminderKind:
            if kind not in kinds:
                self.problem(kind, "the crawl did not get this reminder turned on by its buttons")
        self.epoch += 1
        sent = 0
        for when in sorted({when for when, _ in due}):  # both may be due at once
            self.clock.set(max(self.clock.now, when + timedelta(seconds=5)))
            new = await self.dispatch(f"the dispatcher at {self.clock.now:%H:%M} UTC")
            sent += sum(message.kind == "new" for message in new)
        if sent < len(due):
            self.problem("the dispatcher", f"sent {sent} of {len(due)} reminders at their time")
        self.push(0, Send("/reminders"))


def start_crawl(
    code: str,
    telegram: BotApiEmulator,
    app: GuideApplication,
    services: Services,
    clock: FakeClock,
    *,
    max_depth: int | None = None,
) -> Crawl:
    every = services.languages.values()
    markers = {
        "expired": {language.gettext(EXPIRED) for language in every},
        "unrecognised": {visible_text(language.gettext(UNRECOGNISED)) for language in every},
        "sorry": {language.gettext(SORRY) for language in every},
    }
    user = telegram.user(8100, language_code=code)
    return Crawl(telegram, app, user, services.languages[code], clock, markers, max_depth)


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_crawl_of_every_screen(
    code: str, telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with bot() as app:
        run = start_crawl(code, telegram, app, services, clock)
        menu = [f"/{command['command']}" for command in run.user.command_menu()]
        for command in dict.fromkeys(["/start", *menu, "/help"]):  # each once, in order
            run.push(RANK_OF_COMMAND.get(command, 0), Send(command))
        await run.run(below_rank=1)
        await run.fire_reminders()
        await run.run()
    seconds = loop.time() - started
    figures = (
        f"[{code}] {len(run.screens)} distinct screens, {run.taps} taps, {run.steps} steps, "
        f"{len(run.typed)} typed answers, {len(run.left_out)} symptom-check buttons left out, "
        f"{seconds:.1f} s"
    )
    assert run.problems == [], f"{figures}\n" + "\n".join(run.problems)
    screens = len(run.screens)
    assert screens >= MIN_SCREENS[code], figures
    assert telegram.unanswered_callback_queries() == []


# The second answer to a query is refused by Telegram: that is one of the defects planted.
@pytest.mark.telegram_errors
async def test_the_crawl_reports_what_it_is_for(
    telegram: BotApiEmulator,
    bot: Runner,
    services: Services,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Planted defects, one tap from two entry points: a tap answered twice, a button of
    the bot's own that it no longer knows, a screen with no way onwards."""
    answer, privacy = calls.answer, privacy_screens.privacy

    async def answer_twice(
        query: CallbackQuery, text: str | None = None, *, url: str | None = None
    ) -> bool:
        answered = await answer(query, text, url=url)
        if query.data == encode(SameDay()):
            await answer(query, text, url=url)
        return answered

    def privacy_without_buttons(lang: Language) -> Reply:
        return Reply(privacy(lang).text, InlineKeyboardMarkup([]))

    screen = Services.screen

    def no_doctor_screen(self: Services, lang: Language, route: Route) -> Reply | None:
        return None if isinstance(route, Doctor) else screen(self, lang, route)

    monkeypatch.setattr(calls, "answer", answer_twice)
    monkeypatch.setattr(privacy_screens, "privacy", privacy_without_buttons)
    monkeypatch.setattr(Services, "screen", no_doctor_screen)
    en = services.languages["en"]
    async with bot() as app:
        run = start_crawl("en", telegram, app, services, clock, max_depth=1)
        run.push(0, Send("/urgent"))
        run.push(0, Send("/reminders"))
        await run.run()
    found = "\n".join(run.problems)

    def reported(label: str, data: str, what: str) -> bool:
        return any(
            line.startswith(f"[{en.gettext(label)}] ({data}) on") and what in line
            for line in run.problems
        )

    assert reported("🕐 Get seen today: the signs", "t", "error: answerCallbackQuery"), found
    assert reported("🩺 See a doctor soon: the signs", "d", "the bot did not know its own"), found
    assert reported("🔒 Privacy", "rv", "a dead end"), found
    assert len(run.problems) == 4, found  # and the expired notice, shown with a fresh menu
    assert run.taps < 30, "the crawl went further than one tap from its entry points"
