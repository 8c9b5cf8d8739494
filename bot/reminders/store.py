"""Reminder subscriptions in SQLite: who gets what, when it fires next, and what happened.

The schema is migration 2 in bot/storage.py. Every instant is stored as UTC unix seconds;
a reminder's times are minutes after local midnight in the user's IANA zone, and the next
fire time is computed from them by bot.reminders.schedule, registered as an SQL function so
that claiming due reminders is one atomic UPDATE ... RETURNING over the `reminders_due`
index: the work is proportional to the reminders that are due, not to the subscribers.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiosqlite

from bot.reminders.model import (
    HISTORY_DAYS,
    History,
    Profile,
    Subscription,
    WaterToday,
)
from bot.reminders.schedule import (
    Reminder,
    ReminderKind,
    local_day,
    next_fire_at,
    night_of_bedtime,
    spread_delay,
)
from bot.storage import SqlFunction, SqliteDatabase, sqlite_path

log = logging.getLogger(__name__)


class Outcome:
    """What became of a claimed occurrence; counted per hour for an operator's /stats."""

    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # fell due while the bot was down, more than the grace period ago
    BLOCKED = "blocked"  # the user blocked the bot: their reminders are paused
    UNKNOWN = "unknown"  # claimed, then the bot stopped before hearing back from Telegram
    GOAL_MET = "goal met"  # a water reminder not sent: the day's goal was already met


@dataclass(frozen=True, slots=True)
class Population:
    """Who the bot knows, in counts: users by language, active subscriptions, blocked users."""

    languages: Counter[str]
    active_by_kind: Counter[str]
    blocked_users: int


@dataclass(frozen=True, slots=True)
class DueReminder:
    """An occurrence claimed for sending: its next one is already stored."""

    user_id: int
    kind: ReminderKind
    due_at: datetime
    zone: str
    language: str
    sent_count: int  # rotates the tips
    claim_id: int = 0  # the unconfirmed-claim record, until `confirm`
    hour24: bool | None = None  # the user's clock (Profile.hour24)
    reminder: Reminder | None = None  # the rule it fired by (the bedtime, the day's last)
    evening_summary: bool = False  # Profile.evening_summary


class ReminderStore(Protocol):
    async def profile(self, user_id: int, now: datetime) -> Profile | None: ...
    async def subscriptions(self, user_id: int) -> list[Subscription]: ...
    async def set_zone(self, user_id: int, zone: str, language: str, now: datetime) -> None: ...
    async def subscribe(
        self, user_id: int, reminder: Reminder, language: str, now: datetime
    ) -> Subscription: ...
    async def set_enabled(
        self, user_id: int, kind: ReminderKind, enabled: bool, now: datetime
    ) -> bool: ...
    async def remove(self, user_id: int, kind: ReminderKind) -> bool: ...
    async def set_paused(self, user_id: int, paused: bool, now: datetime) -> int: ...
    async def set_blocked(self, user_id: int, blocked: bool, now: datetime) -> int: ...
    async def snooze(
        self, user_id: int, kind: ReminderKind, until: datetime, now: datetime
    ) -> bool: ...
    async def reschedule(self, user_id: int, now: datetime) -> None: ...
    async def log_drink(
        self, user_id: int, now: datetime, change: int = 1
    ) -> WaterToday | None: ...
    async def water_today(self, user_id: int, at: datetime) -> WaterToday | None: ...
    async def water_goal_met(self, user_id: int, at: datetime) -> bool: ...
    async def log_bedtime(self, user_id: int, now: datetime) -> tuple[date, int] | None: ...
    async def history(self, user_id: int, now: datetime) -> History | None: ...
    async def set_water_goal(self, user_id: int, goal: int) -> None: ...
    async def set_skip_when_met(self, user_id: int, skip: bool) -> None: ...
    async def set_evening_summary(self, user_id: int, on: bool) -> None: ...
    async def set_clock(
        self, user_id: int, hour24: bool, language: str, *, unless_chosen: bool = False
    ) -> None: ...
    async def set_awaiting(
        self, user_id: int, what: str | None, language: str, until: datetime
    ) -> None: ...
    async def skip_stale(self, now: datetime, older_than: datetime, limit: int) -> int: ...
    async def claim_due(self, now: datetime, limit: int) -> list[DueReminder]: ...
    async def confirm(self, due: DueReminder, outcome: str, now: datetime) -> None: ...
    async def recover_unconfirmed(self, now: datetime) -> int: ...
    async def record_outcomes(self, outcomes: Counter[str], now: datetime) -> None: ...
    async def outcome_counts(self, since: datetime) -> Counter[str]: ...
    async def population(self) -> Population: ...
    async def close(self) -> None: ...


def _seconds(instant: datetime) -> int:
    return int(instant.timestamp())


def _instant(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def _next_fire_sql(
    kind: str,
    start: int,
    end: int,
    every: int,
    wind_down: int,
    weekend: int | None,
    zone: str | None,
    now: int,
    user_id: int,
) -> int | None:
    """SQL function reminder_next(...): the next fire time after `now`, or NULL; each
    occurrence at the user's stable spreading offset from the chosen time (`spread_delay`)."""
    if zone is None:
        return None
    try:
        reminder = Reminder(ReminderKind(kind), start, end, every, wind_down, weekend)
        tz = ZoneInfo(zone)
    except (ValueError, OSError, ZoneInfoNotFoundError):
        # A zone that a tzdata update removed, or a hand-edited row: stop this reminder
        # rather than fail every claim; the user can set it again.
        log.error("reminder with an unusable rule or zone %r is stopped", zone)
        return None
    after = datetime.fromtimestamp(now, UTC)
    return _seconds(next_fire_at(reminder, tz, after, spread_delay(user_id)))


def _same_local_day_sql(first: int | None, second: int, zone: str | None) -> int:
    """SQL function same_local_day(a, b, zone): 1 if both instants fall on one local day."""
    if first is None or zone is None:
        return 0
    tz = ZoneInfo(zone)
    return int(local_day(_instant(first), tz) == local_day(_instant(second), tz))  # type: ignore[arg-type]


# The schedule of a user's reminder when it may fire, else NULL; `u` is reminder_users.
_NEXT = """CASE WHEN reminders.enabled = 1 AND u.paused = 0 AND u.blocked = 0
    THEN reminder_next(kind, start_minute, end_minute, every_minutes, reminders.wind_down,
        reminders.weekend_minute, u.zone, :now, reminders.user_id) END"""

# The next fire time of a reminder row after :now, from its user's zone (claims, skips).
_NEXT_OF_ROW = """reminder_next(kind, start_minute, end_minute, every_minutes, wind_down,
    weekend_minute, (SELECT zone FROM reminder_users AS u WHERE u.user_id = reminders.user_id),
    :now, reminders.user_id)"""

# A reminder row's rule, in `Reminder`'s order after the kind.
RULE_COLUMNS = "start_minute, end_minute, every_minutes, wind_down, weekend_minute"
_SUBSCRIPTION_COLUMNS = f"kind, {RULE_COLUMNS}, enabled, next_fire_at"


def rule_of(kind: str, *rule: int | None) -> Reminder | None:
    """A stored row's rule, or None for one no version of the bot writes (a hand-edited
    row): such a reminder stops (its next time is NULL) rather than failing a claim or a
    screen for everyone."""
    try:
        return Reminder(ReminderKind(kind), *rule)  # type: ignore[arg-type]
    except ValueError:
        log.error("a reminder with an unusable rule is left out")
        return None


def _subscription(row: aiosqlite.Row | tuple) -> Subscription | None:
    kind, *rule, enabled, next_at = row
    reminder = rule_of(kind, *rule)
    return None if reminder is None else Subscription(reminder, bool(enabled), _instant(next_at))


SQL_FUNCTIONS: tuple[SqlFunction, ...] = (
    ("reminder_next", 9, _next_fire_sql),
    ("same_local_day", 3, _same_local_day_sql),
)


class SqliteReminderStore:
    """Every operation is one transaction of the shared `SqliteDatabase` (bot/storage.py):
    a claim by the dispatcher never interleaves with a handler's statements."""

    def __init__(self, database: SqliteDatabase, *, owns_database: bool = False) -> None:
        self._database = database
        self._owns_database = owns_database

    @classmethod
    async def attach(cls, database: SqliteDatabase) -> SqliteReminderStore:
        """The reminder store on the bot's shared database."""
        await database.add_functions(SQL_FUNCTIONS)
        return cls(database)

    @classmethod
    async def open(cls, path: Path) -> SqliteReminderStore:
        """A store on its own connection to the file (tests, tools, benchmarks)."""
        return cls(await SqliteDatabase.open(path, SQL_FUNCTIONS), owns_database=True)

    @staticmethod
    async def _one(db: aiosqlite.Connection, sql: str, params: dict | tuple) -> tuple | None:
        async with db.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return tuple(row) if row is not None else None

    async def profile(self, user_id: int, now: datetime) -> Profile | None:
        async with self._database.read() as db:
            row = await self._one(
                db,
                "SELECT zone, language, paused, blocked, awaiting, awaiting_until, "
                "water_goal, skip_when_met, hour24, evening_summary FROM reminder_users "
                "WHERE user_id = ?",
                (user_id,),
            )
        if row is None:
            return None
        zone, language, paused, blocked, awaiting, until, goal, skip, hour24, summary = row
        fresh = awaiting if until is not None and until > _seconds(now) else None
        return Profile(
            user_id,
            zone,
            language,
            bool(paused),
            bool(blocked),
            fresh,
            goal,
            bool(skip),
            None if hour24 is None else bool(hour24),
            bool(summary),
        )

    async def subscriptions(self, user_id: int) -> list[Subscription]:
        async with (
            self._database.transaction() as db,
            db.execute(
                f"SELECT {_SUBSCRIPTION_COLUMNS} FROM reminders WHERE user_id = ? ORDER BY kind",
                (user_id,),
            ) as cursor,
        ):
            rows = await cursor.fetchall()
        return [s for row in rows if (s := _subscription(tuple(row))) is not None]

    @staticmethod
    async def _ensure_profile(db: aiosqlite.Connection, user_id: int, language: str) -> None:
        await db.execute(
            "INSERT INTO reminder_users (user_id, language) VALUES (?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
            (user_id, language),
        )

    @staticmethod
    async def _reschedule(
        db: aiosqlite.Connection, user_id: int, now: datetime, kind: str | None = None
    ) -> None:
        await db.execute(
            f"UPDATE reminders SET next_fire_at = {_NEXT} FROM reminder_users AS u "
            "WHERE u.user_id = reminders.user_id AND reminders.user_id = :user "
            "AND (:kind IS NULL OR reminders.kind = :kind)",
            {"now": _seconds(now), "user": user_id, "kind": kind},
        )

    async def reschedule(self, user_id: int, now: datetime) -> None:
        async with self._database.transaction() as db:
            await self._reschedule(db, user_id, now)

    async def set_zone(self, user_id: int, zone: str, language: str, now: datetime) -> None:
        async with self._database.transaction() as db:
            await self._ensure_profile(db, user_id, language)
            await db.execute(
                "UPDATE reminder_users SET zone = ?, awaiting = NULL, awaiting_until = NULL "
                "WHERE user_id = ?",
                (zone, user_id),
            )
            await self._reschedule(db, user_id, now)

    async def subscribe(
        self, user_id: int, reminder: Reminder, language: str, now: datetime
    ) -> Subscription:
        """Create or re-time a reminder and switch it on; the user must have a zone."""
        async with self._database.transaction() as db:
            await self._ensure_profile(db, user_id, language)
            await db.execute(
                f"INSERT INTO reminders (user_id, kind, {RULE_COLUMNS}, enabled) "
                "VALUES (:user, :kind, :start, :end, :every, :wind_down, :weekend, 1) "
                "ON CONFLICT (user_id, kind) DO UPDATE SET start_minute = "
                "excluded.start_minute, end_minute = excluded.end_minute, "
                "every_minutes = excluded.every_minutes, wind_down = excluded.wind_down, "
                "weekend_minute = excluded.weekend_minute, enabled = 1",
                {
                    "user": user_id,
                    "kind": reminder.kind.value,
                    "start": reminder.start_minute,
                    "end": reminder.end_minute,
                    "every": reminder.every_minutes,
                    "wind_down": reminder.wind_down,
                    "weekend": reminder.weekend_minute,
                },
            )
            await db.execute(
                "UPDATE reminder_users SET awaiting = NULL, awaiting_until = NULL "
                "WHERE user_id = ?",
                (user_id,),
            )
            await self._reschedule(db, user_id, now, reminder.kind.value)
            row = await self._one(
                db,
                f"SELECT {_SUBSCRIPTION_COLUMNS} FROM reminders WHERE user_id = ? AND kind = ?",
                (user_id, reminder.kind.value),
            )
        subscription = _subscription(row) if row is not None else None
        assert subscription is not None, "a rule just written is usable"
        return subscription

    async def set_enabled(
        self, user_id: int, kind: ReminderKind, enabled: bool, now: datetime
    ) -> bool:
        async with self._database.transaction() as db:
            async with db.execute(
                "UPDATE reminders SET enabled = ? WHERE user_id = ? AND kind = ?",
                (int(enabled), user_id, kind.value),
            ) as cursor:
                changed = cursor.rowcount > 0
            await self._reschedule(db, user_id, now, kind.value)
        return changed

    async def remove(self, user_id: int, kind: ReminderKind) -> bool:
        async with (
            self._database.transaction() as db,
            db.execute(
                "DELETE FROM reminders WHERE user_id = ? AND kind = ?", (user_id, kind.value)
            ) as cursor,
        ):
            return cursor.rowcount > 0

    async def _set_flag(self, column: str, user_id: int, value: bool, now: datetime) -> int:
        async with self._database.transaction() as db:
            async with db.execute(
                f"UPDATE reminder_users SET {column} = ? WHERE user_id = ?", (int(value), user_id)
            ) as cursor:
                if cursor.rowcount == 0:
                    return 0
            await self._reschedule(db, user_id, now)
            row = await self._one(
                db, "SELECT count(*) FROM reminders WHERE user_id = ? AND enabled = 1", (user_id,)
            )
        return row[0] if row else 0

    async def set_paused(self, user_id: int, paused: bool, now: datetime) -> int:
        """Pause or resume all of a user's reminders; returns how many are switched on."""
        return await self._set_flag("paused", user_id, paused, now)

    async def set_blocked(self, user_id: int, blocked: bool, now: datetime) -> int:
        return await self._set_flag("blocked", user_id, blocked, now)

    async def snooze(
        self, user_id: int, kind: ReminderKind, until: datetime, now: datetime
    ) -> bool:
        """Fire once more at `until` (the regular times in between are let go)."""
        async with (
            self._database.transaction() as db,
            db.execute(
                "UPDATE reminders SET next_fire_at = ? WHERE user_id = ? AND kind = ? "
                "AND next_fire_at IS NOT NULL",
                (_seconds(until), user_id, kind.value),
            ) as cursor,
        ):
            return cursor.rowcount > 0

    @staticmethod
    async def _zone_and_goal(db: aiosqlite.Connection, user_id: int) -> tuple[ZoneInfo, int] | None:
        async with db.execute(
            "SELECT zone, water_goal FROM reminder_users WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        zone, goal = row
        try:
            return (ZoneInfo(zone) if zone else ZoneInfo("UTC")), goal
        except (ValueError, ZoneInfoNotFoundError):
            return ZoneInfo("UTC"), goal

    @staticmethod
    async def _forget_old(db: aiosqlite.Connection, today: date) -> None:
        """History older than HISTORY_DAYS goes, everyone's (an index range: cheap)."""
        cutoff = (today - timedelta(days=HISTORY_DAYS - 1)).isoformat()
        await db.execute("DELETE FROM water_days WHERE day < ?", (cutoff,))
        await db.execute("DELETE FROM sleep_nights WHERE night < ?", (cutoff,))

    async def log_drink(self, user_id: int, now: datetime, change: int = 1) -> WaterToday | None:
        """Count a glass (or take one back with change=-1, never below 0) on the user's local
        today; None without a profile."""
        async with self._database.transaction() as db:
            found = await self._zone_and_goal(db, user_id)
            if found is None:
                return None
            zone, goal = found
            today = local_day(now, zone)
            row = await self._one(
                db,
                "INSERT INTO water_days (user_id, day, glasses, goal) "
                "VALUES (:user, :day, max(:change, 0), :goal) ON CONFLICT (user_id, day) "
                "DO UPDATE SET glasses = max(glasses + :change, 0), goal = excluded.goal "
                "RETURNING glasses",
                {"user": user_id, "day": today.isoformat(), "change": change, "goal": goal},
            )
            await self._forget_old(db, today)
        assert row is not None
        return WaterToday(row[0], goal)

    async def water_today(self, user_id: int, at: datetime) -> WaterToday | None:
        """The glasses of the user's local day at `at`, and the goal; None without a profile."""
        async with self._database.transaction() as db:
            found = await self._zone_and_goal(db, user_id)
            if found is None:
                return None
            zone, goal = found
            row = await self._one(
                db,
                "SELECT glasses FROM water_days WHERE user_id = ? AND day = ?",
                (user_id, local_day(at, zone).isoformat()),
            )
        return WaterToday(row[0] if row else 0, goal)

    async def water_goal_met(self, user_id: int, at: datetime) -> bool:
        """True when the goal of the local day at `at` is met and the user asked for no more
        water reminders that day (the dispatcher skips them)."""
        async with self._database.transaction() as db:
            found = await self._zone_and_goal(db, user_id)
            if found is None:
                return False
            zone, goal = found
            row = await self._one(
                db,
                "SELECT glasses >= ? AND u.skip_when_met FROM water_days "
                "JOIN reminder_users AS u USING (user_id) WHERE user_id = ? AND day = ?",
                (goal, user_id, local_day(at, zone).isoformat()),
            )
        return bool(row and row[0])

    async def log_bedtime(self, user_id: int, now: datetime) -> tuple[date, int] | None:
        """'Going to bed': the night (the evening's date) and the local time, stored; a second
        tap the same night replaces the first. None without a profile."""
        async with self._database.transaction() as db:
            found = await self._zone_and_goal(db, user_id)
            if found is None:
                return None
            local = now.astimezone(found[0])
            planned = await self._one(
                db,
                f"SELECT {RULE_COLUMNS} FROM reminders "
                "WHERE user_id = ? AND kind = 'sleep' AND enabled",
                (user_id,),
            )
            night = night_of_bedtime(local, rule_of("sleep", *planned) if planned else None)
            minute = local.hour * 60 + local.minute
            await db.execute(
                "INSERT INTO sleep_nights (user_id, night, bedtime) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id, night) DO UPDATE SET bedtime = excluded.bedtime",
                (user_id, night.isoformat(), minute),
            )
            await self._forget_old(db, local.date())
        return night, minute

    async def history(self, user_id: int, now: datetime) -> History | None:
        """The last HISTORY_DAYS days of glasses and bedtimes; None without a profile."""
        async with self._database.transaction() as db:
            found = await self._zone_and_goal(db, user_id)
            if found is None:
                return None
            zone, goal = found
            today = local_day(now, zone)
            since = (today - timedelta(days=HISTORY_DAYS - 1)).isoformat()
            async with db.execute(
                "SELECT day, glasses, goal FROM water_days WHERE user_id = ? AND day >= ?",
                (user_id, since),
            ) as cursor:
                rows = [(date.fromisoformat(day), n, g) for day, n, g in await cursor.fetchall()]
            glasses = {day: n for day, n, _ in rows}
            goals = {day: g for day, _, g in rows if g is not None}
            async with db.execute(
                "SELECT night, bedtime FROM sleep_nights WHERE user_id = ? AND night >= ?",
                (user_id, since),
            ) as cursor:
                bedtimes = {date.fromisoformat(night): m for night, m in await cursor.fetchall()}
        return History(today, glasses, bedtimes, goal, goals)

    async def _set_setting(self, column: str, user_id: int, value: int) -> None:
        async with self._database.transaction() as db:
            await db.execute(
                f"UPDATE reminder_users SET {column} = ? WHERE user_id = ?", (value, user_id)
            )

    async def set_water_goal(self, user_id: int, goal: int) -> None:
        await self._set_setting("water_goal", user_id, goal)

    async def set_skip_when_met(self, user_id: int, skip: bool) -> None:
        await self._set_setting("skip_when_met", user_id, int(skip))

    async def set_evening_summary(self, user_id: int, on: bool) -> None:
        await self._set_setting("evening_summary", user_id, int(on))

    async def set_clock(
        self, user_id: int, hour24: bool, language: str, *, unless_chosen: bool = False
    ) -> None:
        """The clock the user reads times in; `unless_chosen` keeps one already stored."""
        async with self._database.transaction() as db:
            await self._ensure_profile(db, user_id, language)
            await db.execute(
                "UPDATE reminder_users SET hour24 = "
                + ("coalesce(hour24, ?)" if unless_chosen else "?")
                + " WHERE user_id = ?",
                (int(hour24), user_id),
            )

    async def set_awaiting(
        self, user_id: int, what: str | None, language: str, until: datetime
    ) -> None:
        async with self._database.transaction() as db:
            await self._ensure_profile(db, user_id, language)
            await db.execute(
                "UPDATE reminder_users SET awaiting = ?, awaiting_until = ? WHERE user_id = ?",
                (what, _seconds(until) if what else None, user_id),
            )

    async def skip_stale(self, now: datetime, older_than: datetime, limit: int) -> int:
        """Move occurrences that fell due before `older_than` (the bot was down) to their
        next time without sending them, counted as skipped; returns how many."""
        async with self._database.transaction() as db:
            async with db.execute(
                f"UPDATE reminders SET next_fire_at = {_NEXT_OF_ROW} "
                "WHERE id IN (SELECT id FROM reminders WHERE next_fire_at < :before "
                "ORDER BY next_fire_at LIMIT :limit) RETURNING id",
                {"now": _seconds(now), "before": _seconds(older_than), "limit": limit},
            ) as cursor:
                skipped = len(list(await cursor.fetchall()))
            await _add_outcomes(db, Counter({Outcome.SKIPPED: skipped}), now)
        return skipped

    async def claim_due(self, now: datetime, limit: int) -> list[DueReminder]:
        """Claim up to `limit` due occurrences, oldest first, in one transaction.

        Each claimed row's next fire time moves past `now` before anything is sent, so a
        crash after this commit never sends one twice; each claim is also written down as
        unconfirmed until `confirm`, so that one lost in a crash is counted as unknown.
        """
        async with self._database.transaction() as db:
            async with db.execute(
                f"UPDATE reminders SET last_fired_at = next_fire_at, "
                f"sent_count = sent_count + 1, next_fire_at = {_NEXT_OF_ROW} "
                "WHERE id IN (SELECT id FROM reminders WHERE next_fire_at <= :now "
                "ORDER BY next_fire_at LIMIT :limit) "
                f"RETURNING user_id, kind, last_fired_at, sent_count, {RULE_COLUMNS}, "
                "(SELECT zone FROM reminder_users AS u WHERE u.user_id = reminders.user_id), "
                "coalesce((SELECT language FROM users WHERE users.user_id = reminders.user_id), "
                "(SELECT language FROM reminder_users AS u WHERE u.user_id = reminders.user_id)), "
                "(SELECT hour24 FROM reminder_users AS u WHERE u.user_id = reminders.user_id), "
                "(SELECT evening_summary FROM reminder_users AS u "
                "WHERE u.user_id = reminders.user_id)",
                {"now": _seconds(now), "limit": limit},
            ) as cursor:
                rows = list(await cursor.fetchall())
            due = []
            for user_id, kind, at, count, *rule_and_user in rows:
                *rule, zone, language, hour24, summary = rule_and_user
                if zone is None:
                    continue
                claim = await self._one(
                    db,
                    "INSERT INTO reminder_claims (user_id, claimed_at) VALUES (?, ?) RETURNING id",
                    (user_id, _seconds(now)),
                )
                assert claim is not None
                due.append(
                    DueReminder(
                        user_id,
                        ReminderKind(kind),
                        _instant(at),  # type: ignore[arg-type]
                        zone,
                        language,
                        count,
                        claim[0],
                        None if hour24 is None else bool(hour24),
                        rule_of(kind, *rule),
                        bool(summary),
                    )
                )
        due.sort(key=lambda item: item.due_at)
        return due

    async def confirm(self, due: DueReminder, outcome: str, now: datetime) -> None:
        """What became of a claimed occurrence: counted, and no longer unconfirmed."""
        async with self._database.transaction() as db:
            await db.execute("DELETE FROM reminder_claims WHERE id = ?", (due.claim_id,))
            await _add_outcomes(db, Counter({outcome: 1}), now)

    async def recover_unconfirmed(self, now: datetime) -> int:
        """At start-up: claims a crash left unconfirmed are counted as unknown (each may or
        may not have reached the user; none is sent again). Returns how many."""
        async with self._database.transaction() as db:
            async with db.execute("DELETE FROM reminder_claims RETURNING id") as cursor:
                unknown = len(list(await cursor.fetchall()))
            await _add_outcomes(db, Counter({Outcome.UNKNOWN: unknown}), now)
        return unknown

    async def record_outcomes(self, outcomes: Counter[str], now: datetime) -> None:
        async with self._database.transaction() as db:
            await _add_outcomes(db, outcomes, now)

    async def outcome_counts(self, since: datetime) -> Counter[str]:
        """Occurrences by outcome since `since` (to the hour), e.g. for an operator's /stats."""
        async with (
            self._database.transaction() as db,
            db.execute(
                "SELECT outcome, sum(count) FROM reminder_outcomes WHERE hour >= ? "
                "GROUP BY outcome",
                (_seconds(since) // 3600 * 3600,),
            ) as cursor,
        ):
            rows = await cursor.fetchall()
        return Counter({outcome: total for outcome, total in rows})

    async def population(self) -> Population:
        """Counts for an operator: no user ids leave the database."""
        async with self._database.transaction() as db:
            async with db.execute(
                "SELECT language, count(*) FROM ("
                " SELECT user_id, language FROM users UNION ALL"
                " SELECT user_id, language FROM reminder_users"
                " WHERE user_id NOT IN (SELECT user_id FROM users)"
                ") GROUP BY language ORDER BY count(*) DESC"
            ) as cursor:
                languages = Counter({language: n for language, n in await cursor.fetchall()})
            async with db.execute(
                "SELECT r.kind, count(*) FROM reminders r JOIN reminder_users u USING (user_id)"
                " WHERE r.enabled AND NOT u.paused AND NOT u.blocked GROUP BY r.kind"
            ) as cursor:
                active = Counter({kind: n for kind, n in await cursor.fetchall()})
            blocked = await self._one(db, "SELECT count(*) FROM reminder_users WHERE blocked", ())
        return Population(languages, active, blocked[0] if blocked else 0)

    async def close(self) -> None:
        if self._owns_database:
            await self._database.close()


async def _add_outcomes(db: aiosqlite.Connection, outcomes: Counter[str], now: datetime) -> None:
    outcomes = Counter({outcome: n for outcome, n in outcomes.items() if n})
    if not outcomes:
        return
    hour = _seconds(now) // 3600 * 3600
    await db.executemany(
        "INSERT INTO reminder_outcomes (hour, outcome, count) VALUES (?, ?, ?) "
        "ON CONFLICT (hour, outcome) DO UPDATE SET count = count + excluded.count",
        [(hour, outcome, count) for outcome, count in outcomes.items()],
    )
    # A week of hourly counters is plenty for "the last 24 hours".
    await db.execute(
        "DELETE FROM reminder_outcomes WHERE hour < ?", (_seconds(now - timedelta(days=7)),)
    )


async def open_reminder_store(database_url: str) -> ReminderStore:
    """A reminder store on its own connection; the bot uses bot.stores.open_stores."""
    return await SqliteReminderStore.open(sqlite_path(database_url))
