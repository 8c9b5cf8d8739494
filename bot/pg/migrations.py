"""The PostgreSQL schema, one entry per version: never edit a released entry, add a new one.

It mirrors the SQLite schema in bot/storage.py: user ids are BIGINT, every instant is UTC
unix seconds (BIGINT), reminder times are minutes after local midnight in the user's zone.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        user_id   BIGINT PRIMARY KEY,
        language  TEXT NOT NULL
    );
    """,
    # 2: reminders (bot/reminders/store_pg.py)
    """
    CREATE TABLE reminder_users (
        user_id        BIGINT PRIMARY KEY,
        zone           TEXT,
        language       TEXT NOT NULL,
        paused         BOOLEAN NOT NULL DEFAULT false,
        blocked        BOOLEAN NOT NULL DEFAULT false,
        awaiting       TEXT,
        awaiting_until BIGINT,
        last_drink_at  BIGINT,
        drinks_today   INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE reminders (
        id             BIGSERIAL PRIMARY KEY,
        user_id        BIGINT NOT NULL,
        kind           TEXT NOT NULL,
        start_minute   INTEGER NOT NULL,
        end_minute     INTEGER NOT NULL,
        every_minutes  INTEGER NOT NULL,
        enabled        BOOLEAN NOT NULL,
        next_fire_at   BIGINT,
        last_fired_at  BIGINT,
        sent_count     INTEGER NOT NULL DEFAULT 0,
        UNIQUE (user_id, kind)
    );
    CREATE INDEX reminders_due ON reminders (next_fire_at) WHERE next_fire_at IS NOT NULL;
    CREATE TABLE reminder_outcomes (
        hour     BIGINT NOT NULL,
        outcome  TEXT NOT NULL,
        count    INTEGER NOT NULL,
        PRIMARY KEY (hour, outcome)
    );
    """,
    # 3: updates already handled, so that one Telegram re-sends is handled once whichever
    # replica it reaches; kept for two days (Telegram keeps an update for at most one).
    """
    CREATE TABLE handled_updates (
        update_id    BIGINT PRIMARY KEY,
        received_at  BIGINT NOT NULL
    );
    CREATE INDEX handled_updates_age ON handled_updates (received_at);
    """,
    # 4: a reminder occurrence claimed for sending and not yet confirmed; one left over
    # when the sending replica died is counted as "unknown" by the next one to send.
    """
    CREATE TABLE reminder_claims (
        id          BIGSERIAL PRIMARY KEY,
        user_id     BIGINT NOT NULL,
        claimed_at  BIGINT NOT NULL
    );
    """,
    # 5: the water goal, skipping the day's remaining water reminders once it is met, the
    # sleep reminder's wind-down; glasses per local day and bedtimes per night (the
    # evening's local date), kept 28 days (HISTORY_DAYS). As SQLite's migration 4;
    # reminder_users.drinks_today/last_drink_at are no longer used.
    """
    ALTER TABLE reminder_users ADD COLUMN water_goal INTEGER NOT NULL DEFAULT 8;
    ALTER TABLE reminder_users ADD COLUMN skip_when_met BOOLEAN NOT NULL DEFAULT true;
    ALTER TABLE reminder_users ADD COLUMN wind_down INTEGER NOT NULL DEFAULT 30;
    CREATE TABLE water_days (
        user_id  BIGINT NOT NULL,
        day      DATE NOT NULL,
        glasses  INTEGER NOT NULL,
        PRIMARY KEY (user_id, day)
    );
    CREATE INDEX water_days_by_day ON water_days (day);
    CREATE TABLE sleep_nights (
        user_id  BIGINT NOT NULL,
        night    DATE NOT NULL,
        bedtime  INTEGER NOT NULL,
        PRIMARY KEY (user_id, night)
    );
    CREATE INDEX sleep_nights_by_night ON sleep_nights (night);
    """,
    # issue 13, the clock (bot/storage.py's entry of the same name): NULL = the language's own
    """
    ALTER TABLE reminder_users ADD COLUMN hour24 BOOLEAN;
    """,
    # issue 13, bedtime and the evening (bot/storage.py's entry of the same name)
    """
    ALTER TABLE reminders ADD COLUMN wind_down INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE reminders ADD COLUMN weekend_minute INTEGER;
    UPDATE reminders SET wind_down = 30, start_minute = (start_minute + 30) % 1440
        WHERE kind = 'sleep';
    ALTER TABLE reminder_users ADD COLUMN evening_summary BOOLEAN NOT NULL DEFAULT false;
    """,
    # issue 13, streaks (bot/storage.py's entry of the same name)
    """
    ALTER TABLE water_days ADD COLUMN goal INTEGER;
    """,
)
