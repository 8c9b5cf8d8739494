"""Reminder subscriptions on PostgreSQL, shared by several replicas.

Same interface and units as the SQLite store (bot/reminders/store.py): instants are UTC unix
seconds, reminder times minutes after local midnight. The next fire time comes from the one
pure schedule module, computed here in Python inside the transaction that locked the rows:
claims take due rows with `FOR UPDATE SKIP LOCKED`, so concurrent claimers never get the
same occurrence, and every change of a user's reminders first locks that user's
`reminder_users` row, so taps of one user arriving at different replicas apply one by one.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import asyncpg

from bot.pg.database import open_pool
from bot.reminders.schedule import (
    Reminder,
    ReminderKind,
    local_day,
    next_fire_at,
    night_of_bedtime,
    spread_delay,
)
from bot.reminders.store import (
    HISTORY_DAYS,
    RULE_COLUMNS,
    DueReminder,
    History,
    Outcome,
    Population,
    Profile,
    Subscription,
    WaterToday,
    rule_of,
)

log = logging.getLogger(__name__)


def _seconds(instant: datetime) -> int:
    return int(instant.timestamp())


def _instant(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return None


def _reminder(row: asyncpg.Record) -> Reminder:
    """The rule of a row that has RULE_COLUMNS and the kind (ValueError if unusable)."""
    return Reminder(
        ReminderKind(row["kind"]),
        row["start_minute"],
        row["end_minute"],
        row["every_minutes"],
        row["wind_down"],
        row["weekend_minute"],
    )


def next_fire_seconds(row: asyncpg.Record, zone: str | None, now: int, user_id: int) -> int | None:
    """The next fire time after `now` from bot.reminders.schedule, at the user's stable
    spreading offset from the chosen time (`spread_delay`), or None if it cannot fire."""
    tz = _zone(zone)
    if tz is None:
        if zone is not None:
            log.error("reminder with an unusable zone %r is stopped", zone)
        return None
    try:
        reminder = _reminder(row)
    except ValueError:
        log.error("reminder with an unusable rule is stopped")
        return None
    after = datetime.fromtimestamp(now, UTC)
    return _seconds(next_fire_at(reminder, tz, after, spread_delay(user_id)))


def _next_of(row: asyncpg.Record, now: int) -> int | None:
    """The next fire time after `now` of a reminder row joined with its user's zone."""
    return next_fire_seconds(row, row["zone"], now, row["user_id"])


_SUBSCRIPTION_COLUMNS = f"kind, {RULE_COLUMNS}, enabled, next_fire_at"


def _subscription(row: asyncpg.Record) -> Subscription | None:
    reminder = _rule(row)
    if reminder is None:
        return None
    return Subscription(reminder, bool(row["enabled"]), _instant(row["next_fire_at"]))


def _rule(row: asyncpg.Record) -> Reminder | None:
    return rule_of(
        row["kind"],
        row["start_minute"],
        row["end_minute"],
        row["every_minutes"],
        row["wind_down"],
        row["weekend_minute"],
    )


async def _set_next(
    connection: asyncpg.Connection, pairs: Iterable[tuple[int, int | None]]
) -> None:
    ids, nexts = [], []
    for row_id, next_at in pairs:
        ids.append(row_id)
        nexts.append(next_at)
    if ids:
        await connection.execute(
            "UPDATE reminders SET next_fire_at = v.next FROM "
            "unnest($1::bigint[], $2::bigint[]) AS v(id, next) WHERE reminders.id = v.id",
            ids,
            nexts,
        )


async def _add_outcomes(
    connection: asyncpg.Connection, outcomes: Counter[str], now: datetime
) -> None:
    counts = [(outcome, n) for outcome, n in outcomes.items() if n]
    if not counts:
        return
    hour = _seconds(now) // 3600 * 3600
    await connection.executemany(
        "INSERT INTO reminder_outcomes (hour, outcome, count) VALUES ($1, $2, $3) "
        "ON CONFLICT (hour, outcome) DO UPDATE "
        "SET count = reminder_outcomes.count + excluded.count",
        [(hour, outcome, n) for outcome, n in counts],
    )
    # A week of hourly counters is plenty for "the last 24 hours".
    await connection.execute(
        "DELETE FROM reminder_outcomes WHERE hour < $1", _seconds(now - timedelta(days=7))
    )


class PgReminderStore:
    """Every operation is one statement or one transaction on a pooled connection."""

    def __init__(self, pool: asyncpg.Pool, *, owns_pool: bool = False) -> None:
        self._pool = pool
        self._owns_pool = owns_pool

    @classmethod
    async def open(cls, database_url: str) -> PgReminderStore:
        """A store on its own pool (tests, tools, benchmarks); the bot shares one."""
        return cls(await open_pool(database_url), owns_pool=True)

    async def profile(self, user_id: int, now: datetime) -> Profile | None:
        row = await self._pool.fetchrow(
            "SELECT zone, language, paused, blocked, awaiting, awaiting_until, "
            "water_goal, skip_when_met, hour24, evening_summary FROM reminder_users "
            "WHERE user_id = $1",
            user_id,
        )
        if row is None:
            return None
        zone, language, paused, blocked, awaiting, until, goal, skip, hour24, summary = row
        fresh = awaiting if until is not None and until > _seconds(now) else None
        return Profile(user_id, zone, language, paused, blocked, fresh, goal, skip, hour24, summary)

    async def subscriptions(self, user_id: int) -> list[Subscription]:
        rows = await self._pool.fetch(
            f"SELECT {_SUBSCRIPTION_COLUMNS} FROM reminders WHERE user_id = $1 ORDER BY kind",
            user_id,
        )
        return [s for row in rows if (s := _subscription(row)) is not None]

    @staticmethod
    async def _ensure_profile(connection: asyncpg.Connection, user_id: int, language: str) -> None:
        """Create or update the profile row; the upsert also locks it for this transaction."""
        await connection.execute(
            "INSERT INTO reminder_users (user_id, language) VALUES ($1, $2) "
            "ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
            user_id,
            language,
        )

    @staticmethod
    async def _lock_user(connection: asyncpg.Connection, user_id: int) -> asyncpg.Record | None:
        """The per-user lock: the profile row, held until the transaction ends."""
        return await connection.fetchrow(
            "SELECT zone, paused, blocked FROM reminder_users WHERE user_id = $1 FOR UPDATE",
            user_id,
        )

    async def _reschedule(
        self, connection: asyncpg.Connection, user_id: int, now: datetime, kind: str | None = None
    ) -> None:
        """Recompute next fire times; the caller holds the user's lock."""
        user = await connection.fetchrow(
            "SELECT zone, paused, blocked FROM reminder_users WHERE user_id = $1", user_id
        )
        rows = await connection.fetch(
            f"SELECT id, kind, {RULE_COLUMNS}, enabled FROM reminders "
            "WHERE user_id = $1 AND ($2::text IS NULL OR kind = $2) FOR UPDATE",
            user_id,
            kind,
        )
        stamp = _seconds(now)
        active = user is not None and not user["paused"] and not user["blocked"]
        await _set_next(
            connection,
            (
                (
                    row["id"],
                    next_fire_seconds(row, user["zone"], stamp, user_id)
                    if active and row["enabled"] and user is not None
                    else None,
                )
                for row in rows
            ),
        )

    async def reschedule(self, user_id: int, now: datetime) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            await self._lock_user(connection, user_id)
            await self._reschedule(connection, user_id, now)

    async def set_zone(self, user_id: int, zone: str, language: str, now: datetime) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            await self._ensure_profile(connection, user_id, language)
            await connection.execute(
                "UPDATE reminder_users SET zone = $1, awaiting = NULL, awaiting_until = NULL "
                "WHERE user_id = $2",
                zone,
                user_id,
            )
            await self._reschedule(connection, user_id, now)

    async def subscribe(
        self, user_id: int, reminder: Reminder, language: str, now: datetime
    ) -> Subscription:
        """Create or re-time a reminder and switch it on; the user must have a zone."""
        async with self._pool.acquire() as connection, connection.transaction():
            await self._ensure_profile(connection, user_id, language)
            await connection.execute(
                f"INSERT INTO reminders (user_id, kind, {RULE_COLUMNS}, enabled) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, true) "
                "ON CONFLICT (user_id, kind) DO UPDATE SET start_minute = excluded.start_minute,"
                " end_minute = excluded.end_minute, every_minutes = excluded.every_minutes,"
                " wind_down = excluded.wind_down, weekend_minute = excluded.weekend_minute,"
                " enabled = true",
                user_id,
                reminder.kind.value,
                reminder.start_minute,
                reminder.end_minute,
                reminder.every_minutes,
                reminder.wind_down,
                reminder.weekend_minute,
            )
            await connection.execute(
                "UPDATE reminder_users SET awaiting = NULL, awaiting_until = NULL "
                "WHERE user_id = $1",
                user_id,
            )
            await self._reschedule(connection, user_id, now, reminder.kind.value)
            row = await connection.fetchrow(
                f"SELECT {_SUBSCRIPTION_COLUMNS} FROM reminders WHERE user_id = $1 AND kind = $2",
                user_id,
                reminder.kind.value,
            )
        subscription = _subscription(row) if row is not None else None
        assert subscription is not None, "a rule just written is usable"
        return subscription

    async def set_enabled(
        self, user_id: int, kind: ReminderKind, enabled: bool, now: datetime
    ) -> bool:
        async with self._pool.acquire() as connection, connection.transaction():
            await self._lock_user(connection, user_id)
            changed = await connection.fetchval(
                "UPDATE reminders SET enabled = $1 WHERE user_id = $2 AND kind = $3 RETURNING true",
                enabled,
                user_id,
                kind.value,
            )
            await self._reschedule(connection, user_id, now, kind.value)
        return bool(changed)

    async def remove(self, user_id: int, kind: ReminderKind) -> bool:
        removed = await self._pool.fetchval(
            "DELETE FROM reminders WHERE user_id = $1 AND kind = $2 RETURNING true",
            user_id,
            kind.value,
        )
        return bool(removed)

    async def _set_flag(self, column: str, user_id: int, value: bool, now: datetime) -> int:
        async with self._pool.acquire() as connection, connection.transaction():
            if await self._lock_user(connection, user_id) is None:
                return 0
            await connection.execute(
                f"UPDATE reminder_users SET {column} = $1 WHERE user_id = $2", value, user_id
            )
            await self._reschedule(connection, user_id, now)
            return await connection.fetchval(
                "SELECT count(*) FROM reminders WHERE user_id = $1 AND enabled", user_id
            )

    async def set_paused(self, user_id: int, paused: bool, now: datetime) -> int:
        """Pause or resume all of a user's reminders; returns how many are switched on."""
        return await self._set_flag("paused", user_id, paused, now)

    async def set_blocked(self, user_id: int, blocked: bool, now: datetime) -> int:
        return await self._set_flag("blocked", user_id, blocked, now)

    async def snooze(
        self, user_id: int, kind: ReminderKind, until: datetime, now: datetime
    ) -> bool:
        """Fire once more at `until` (the regular times in between are let go)."""
        snoozed = await self._pool.fetchval(
            "UPDATE reminders SET next_fire_at = $1 WHERE user_id = $2 AND kind = $3 "
            "AND next_fire_at IS NOT NULL RETURNING true",
            _seconds(until),
            user_id,
            kind.value,
        )
        return bool(snoozed)

    @staticmethod
    async def _zone_and_goal(
        connection: asyncpg.Connection, user_id: int, *, lock: bool = False
    ) -> tuple[ZoneInfo, int] | None:
        """The user's zone (UTC when unset or unusable) and water goal; with `lock`, the
        per-user lock too (the profile row, until the transaction ends)."""
        row = await connection.fetchrow(
            "SELECT zone, water_goal FROM reminder_users WHERE user_id = $1"
            + (" FOR UPDATE" if lock else ""),
            user_id,
        )
        if row is None:
            return None
        zone, goal = row
        return _zone(zone) or ZoneInfo("UTC"), goal

    @staticmethod
    async def _forget_old(connection: asyncpg.Connection, today: date) -> None:
        """History older than HISTORY_DAYS goes, everyone's (an index range: cheap)."""
        cutoff = today - timedelta(days=HISTORY_DAYS - 1)
        await connection.execute("DELETE FROM water_days WHERE day < $1", cutoff)
        await connection.execute("DELETE FROM sleep_nights WHERE night < $1", cutoff)

    async def log_drink(self, user_id: int, now: datetime, change: int = 1) -> WaterToday | None:
        """Count a glass (or take one back with change=-1, never below 0) on the user's local
        today; None without a profile."""
        async with self._pool.acquire() as connection, connection.transaction():
            found = await self._zone_and_goal(connection, user_id, lock=True)
            if found is None:
                return None
            zone, goal = found
            today = local_day(now, zone)
            glasses = await connection.fetchval(
                "INSERT INTO water_days (user_id, day, glasses, goal) "
                "VALUES ($1, $2, greatest($3::integer, 0), $4) ON CONFLICT (user_id, day) "
                "DO UPDATE SET glasses = greatest(water_days.glasses + $3::integer, 0), "
                "goal = excluded.goal RETURNING glasses",
                user_id,
                today,
                change,
                goal,
            )
            await self._forget_old(connection, today)
        return WaterToday(glasses, goal)

    async def water_today(self, user_id: int, at: datetime) -> WaterToday | None:
        """The glasses of the user's local day at `at`, and the goal; None without a profile."""
        async with self._pool.acquire() as connection, connection.transaction():
            found = await self._zone_and_goal(connection, user_id)
            if found is None:
                return None
            zone, goal = found
            glasses = await connection.fetchval(
                "SELECT glasses FROM water_days WHERE user_id = $1 AND day = $2",
                user_id,
                local_day(at, zone),
            )
        return WaterToday(glasses or 0, goal)

    async def water_goal_met(self, user_id: int, at: datetime) -> bool:
        """True when the goal of the local day at `at` is met and the user asked for no more
        water reminders that day (the dispatcher skips them)."""
        async with self._pool.acquire() as connection, connection.transaction():
            found = await self._zone_and_goal(connection, user_id)
            if found is None:
                return False
            zone, goal = found
            met = await connection.fetchval(
                "SELECT w.glasses >= $1 AND u.skip_when_met FROM water_days AS w "
                "JOIN reminder_users AS u USING (user_id) WHERE user_id = $2 AND day = $3",
                goal,
                user_id,
                local_day(at, zone),
            )
        return bool(met)

    async def log_bedtime(self, user_id: int, now: datetime) -> tuple[date, int] | None:
        """'Going to bed': the night (the evening's date) and the local time, stored; a second
        tap the same night replaces the first. None without a profile."""
        async with self._pool.acquire() as connection, connection.transaction():
            found = await self._zone_and_goal(connection, user_id, lock=True)
            if found is None:
                return None
            local = now.astimezone(found[0])
            planned = await connection.fetchrow(
                f"SELECT kind, {RULE_COLUMNS} FROM reminders "
                "WHERE user_id = $1 AND kind = 'sleep' AND enabled",
                user_id,
            )
            night = night_of_bedtime(local, _rule(planned) if planned else None)
            minute = local.hour * 60 + local.minute
            await connection.execute(
                "INSERT INTO sleep_nights (user_id, night, bedtime) VALUES ($1, $2, $3) "
                "ON CONFLICT (user_id, night) DO UPDATE SET bedtime = excluded.bedtime",
                user_id,
                night,
                minute,
            )
            await self._forget_old(connection, local.date())
        return night, minute

    async def history(self, user_id: int, now: datetime) -> History | None:
        """The last HISTORY_DAYS days of glasses and bedtimes; None without a profile."""
        async with self._pool.acquire() as connection, connection.transaction():
            found = await self._zone_and_goal(connection, user_id)
            if found is None:
                return None
            zone, goal = found
            today = local_day(now, zone)
            since = today - timedelta(days=HISTORY_DAYS - 1)
            water = await connection.fetch(
                "SELECT day, glasses, goal FROM water_days WHERE user_id = $1 AND day >= $2",
                user_id,
                since,
            )
            nights = await connection.fetch(
                "SELECT night, bedtime FROM sleep_nights WHERE user_id = $1 AND night >= $2",
                user_id,
                since,
            )
        glasses = {day: n for day, n, _ in water}
        goals = {day: g for day, _, g in water if g is not None}
        bedtimes = {night: minute for night, minute in nights}
        return History(today, glasses, bedtimes, goal, goals)

    async def _set_setting(self, column: str, user_id: int, value: object) -> None:
        """One statement: the UPDATE takes the per-user lock (the profile row) itself."""
        await self._pool.execute(
            f"UPDATE reminder_users SET {column} = $1 WHERE user_id = $2", value, user_id
        )

    async def set_water_goal(self, user_id: int, goal: int) -> None:
        await self._set_setting("water_goal", user_id, goal)

    async def set_skip_when_met(self, user_id: int, skip: bool) -> None:
        await self._set_setting("skip_when_met", user_id, skip)

    async def set_evening_summary(self, user_id: int, on: bool) -> None:
        await self._set_setting("evening_summary", user_id, on)

    async def set_clock(
        self, user_id: int, hour24: bool, language: str, *, unless_chosen: bool = False
    ) -> None:
        """The clock the user reads times in; `unless_chosen` keeps one already stored."""
        async with self._pool.acquire() as connection, connection.transaction():
            await self._ensure_profile(connection, user_id, language)
            await connection.execute(
                "UPDATE reminder_users SET hour24 = "
                + ("coalesce(hour24, $1)" if unless_chosen else "$1")
                + " WHERE user_id = $2",
                hour24,
                user_id,
            )

    async def set_awaiting(
        self, user_id: int, what: str | None, language: str, until: datetime
    ) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            await self._ensure_profile(connection, user_id, language)
            await connection.execute(
                "UPDATE reminder_users SET awaiting = $1, awaiting_until = $2 WHERE user_id = $3",
                what,
                _seconds(until) if what else None,
                user_id,
            )

    async def skip_stale(self, now: datetime, older_than: datetime, limit: int) -> int:
        """Move occurrences that fell due before `older_than` (the bot was down) to their
        next time without sending them, counted as skipped; returns how many."""
        stamp = _seconds(now)
        async with self._pool.acquire() as connection, connection.transaction():
            rows = await connection.fetch(
                "WITH stale AS (SELECT id FROM reminders WHERE next_fire_at < $1 "
                " ORDER BY next_fire_at LIMIT $2 FOR UPDATE SKIP LOCKED) "
                "SELECT r.id, r.user_id, r.kind, r.start_minute, r.end_minute, r.every_minutes,"
                " r.wind_down, r.weekend_minute, u.zone FROM stale JOIN reminders AS r USING (id) "
                "LEFT JOIN reminder_users AS u ON u.user_id = r.user_id",
                _seconds(older_than),
                limit,
            )
            await _set_next(connection, ((row["id"], _next_of(row, stamp)) for row in rows))
            await _add_outcomes(connection, Counter({Outcome.SKIPPED: len(rows)}), now)
        return len(rows)

    async def claim_due(self, now: datetime, limit: int) -> list[DueReminder]:
        """Claim up to `limit` due occurrences, oldest first, in one transaction.

        Rows another claimer holds are skipped (`SKIP LOCKED`), so concurrent claimers never
        get one occurrence twice; each claimed row's next fire time is stored before
        anything is sent, as in SQLite, and each claim is written down as unconfirmed until
        `confirm`, so that one lost with its replica is counted as unknown.
        """
        stamp = _seconds(now)
        async with self._pool.acquire() as connection, connection.transaction():
            # The due rows first, on their own, so that the plan walks the due index
            # whatever the parameters; then their users.
            rows = await connection.fetch(
                "WITH due AS (SELECT id FROM reminders WHERE next_fire_at <= $1 "
                " ORDER BY next_fire_at LIMIT $2 FOR UPDATE SKIP LOCKED) "
                "SELECT r.id, r.user_id, r.kind, r.start_minute, r.end_minute, r.every_minutes,"
                " r.wind_down, r.weekend_minute, r.next_fire_at, r.sent_count, u.zone,"
                " coalesce(users.language, u.language) AS language, u.hour24,"
                " u.evening_summary "
                "FROM due JOIN reminders AS r USING (id) "
                "LEFT JOIN reminder_users AS u ON u.user_id = r.user_id "
                "LEFT JOIN users ON users.user_id = r.user_id "
                "ORDER BY r.next_fire_at",
                stamp,
                limit,
            )
            if not rows:
                return []
            await connection.execute(
                "UPDATE reminders SET last_fired_at = next_fire_at, sent_count = sent_count + 1,"
                " next_fire_at = v.next FROM unnest($1::bigint[], $2::bigint[]) AS v(id, next)"
                " WHERE reminders.id = v.id",
                [row["id"] for row in rows],
                [_next_of(row, stamp) for row in rows],
            )
            sendable = [row for row in rows if row["zone"] is not None]
            claims = await connection.fetch(
                "INSERT INTO reminder_claims (user_id, claimed_at) "
                "SELECT user_id, $2 FROM unnest($1::bigint[]) WITH ORDINALITY AS c(user_id, n) "
                "ORDER BY n RETURNING id",
                [row["user_id"] for row in sendable],
                stamp,
            )
        return [
            DueReminder(
                row["user_id"],
                ReminderKind(row["kind"]),
                _instant(row["next_fire_at"]),  # type: ignore[arg-type]
                row["zone"],
                row["language"],
                row["sent_count"] + 1,
                claim["id"],
                row["hour24"],
                _rule(row),
                bool(row["evening_summary"]),
            )
            for row, claim in zip(sendable, sorted(claims, key=lambda c: c["id"]), strict=True)
        ]

    async def confirm(self, due: DueReminder, outcome: str, now: datetime) -> None:
        """What became of a claimed occurrence: counted, and no longer unconfirmed."""
        async with self._pool.acquire() as connection, connection.transaction():
            await connection.execute("DELETE FROM reminder_claims WHERE id = $1", due.claim_id)
            await _add_outcomes(connection, Counter({outcome: 1}), now)

    async def recover_unconfirmed(self, now: datetime) -> int:
        """When a replica becomes the one that sends: claims the previous sender left
        unconfirmed are counted as unknown (each may or may not have reached the user; none
        is sent again). Returns how many."""
        async with self._pool.acquire() as connection, connection.transaction():
            unknown = len(await connection.fetch("DELETE FROM reminder_claims RETURNING id"))
            await _add_outcomes(connection, Counter({Outcome.UNKNOWN: unknown}), now)
        return unknown

    async def record_outcomes(self, outcomes: Counter[str], now: datetime) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            await _add_outcomes(connection, outcomes, now)

    async def outcome_counts(self, since: datetime) -> Counter[str]:
        rows = await self._pool.fetch(
            "SELECT outcome, sum(count) FROM reminder_outcomes WHERE hour >= $1 GROUP BY outcome",
            _seconds(since) // 3600 * 3600,
        )
        return Counter({outcome: int(total) for outcome, total in rows})

    async def population(self) -> Population:
        """Counts for an operator: no user ids leave the database."""
        async with self._pool.acquire() as connection:
            languages = await connection.fetch(
                "SELECT language, count(*) FROM ("
                " SELECT user_id, language FROM users UNION ALL"
                " SELECT user_id, language FROM reminder_users"
                " WHERE user_id NOT IN (SELECT user_id FROM users)"
                ") AS known GROUP BY language ORDER BY count(*) DESC"
            )
            active = await connection.fetch(
                "SELECT r.kind, count(*) FROM reminders r JOIN reminder_users u USING (user_id)"
                " WHERE r.enabled AND NOT u.paused AND NOT u.blocked GROUP BY r.kind"
            )
            blocked = await connection.fetchval("SELECT count(*) FROM reminder_users WHERE blocked")
        return Population(
            Counter({language: n for language, n in languages}),
            Counter({kind: n for kind, n in active}),
            blocked,
        )

    async def close(self) -> None:
        if self._owns_pool:
            await self._pool.close()
