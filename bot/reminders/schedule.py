"""When a reminder fires: pure functions of the reminder, the user's zone and an instant.

A reminder's times are local wall-clock times (minutes after local midnight) in the user's
IANA zone; every instant is an aware UTC datetime. Daylight-saving changes are resolved here:

* a local time that does not exist (spring-forward gap) fires at the first valid instant
  after it, the moment the clocks jump;
* a local time that happens twice (fall-back repeat) fires once, at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
# Many people pick the same round times (22:00, every 2 hours from 09:00) and Telegram lets
# a bot send about 30 messages a second, so each user's reminders go out at a small, stable
# offset from the time they chose, spread evenly over this window centred on it: a
# minute and a half early at most, a minute and a half late at most before any queueing
# (benchmarks/reminder_peak.py measures the effect). Users are shown the time they chose.
SPREAD = timedelta(seconds=180)


# A night is named by its evening's date: a bedtime before noon is after midnight, so the
# night before's (00:40 on Saturday is Friday's night; night-shift sleepers included).
NIGHT_ENDS_MINUTE = 12 * 60
# Nights with the weekend bedtime: those starting on Friday and Saturday evenings.
WEEKEND_EVENINGS = frozenset({4, 5})
MAX_WIND_DOWN = 3 * 60


class ReminderKind(StrEnum):
    """The value is what the database and callback data carry."""

    SLEEP = "sleep"  # once a night: wind down before bedtime
    HYDRATION = "water"  # every few hours inside the waking window


@dataclass(frozen=True, slots=True)
class Reminder:
    """One subscription's daily rule (times are minutes after local midnight)."""

    kind: ReminderKind
    start_minute: int  # sleep: bedtime; hydration: the window's first reminder
    end_minute: int = 0  # hydration: the window's end (inclusive); unused for sleep
    every_minutes: int = 0  # hydration: the interval; unused for sleep
    wind_down: int = 0  # sleep: it fires this many minutes before bedtime
    weekend_minute: int | None = None  # sleep: bedtime on Friday and Saturday nights, if other

    def __post_init__(self) -> None:
        for value in (self.start_minute, self.end_minute, self.weekend_minute or 0):
            if not 0 <= value < MINUTES_PER_DAY:
                raise ValueError(f"{value} is not a minute of the day")
        if self.kind is ReminderKind.HYDRATION and not 15 <= self.every_minutes <= 12 * 60:
            raise ValueError(f"interval {self.every_minutes} min is out of range")
        if not 0 <= self.wind_down <= MAX_WIND_DOWN:
            raise ValueError(f"wind-down {self.wind_down} min is out of range")

    def daily_minutes(self) -> tuple[int, ...]:
        """The local times it fires each day, sorted, as minutes after midnight (sleep: on
        weekdays, see `fire_times`).

        A hydration window that ends before it starts (e.g. 20:00 to 04:00 for night
        shifts) runs past midnight.
        """
        if self.kind is ReminderKind.SLEEP:
            return ((self.start_minute - self.wind_down) % MINUTES_PER_DAY,)
        length = (self.end_minute - self.start_minute) % MINUTES_PER_DAY
        offsets = range(0, length + 1, self.every_minutes)
        return tuple(sorted({(self.start_minute + offset) % MINUTES_PER_DAY for offset in offsets}))

    def bedtime_on(self, evening: date) -> int:
        """Sleep: the bedtime of the night that starts on `evening` (weekend or not)."""
        if self.weekend_minute is not None and evening.weekday() in WEEKEND_EVENINGS:
            return self.weekend_minute
        return self.start_minute

    def fire_times(self, day: date) -> tuple[tuple[date, int], ...]:
        """The local (date, minute) occurrences that belong to `day`: hydration, that day's
        times; sleep, the wind-down of the night starting on the evening of `day` (which
        may fall after midnight, or, for a bedtime after midnight, before it)."""
        if self.kind is ReminderKind.HYDRATION:
            return tuple((day, minute) for minute in self.daily_minutes())
        bedtime = self.bedtime_on(day)
        after_midnight = MINUTES_PER_DAY if bedtime < NIGHT_ENDS_MINUTE else 0
        fires = bedtime + after_midnight - self.wind_down  # minutes after the evening's midnight
        return ((day + timedelta(days=fires // MINUTES_PER_DAY), fires % MINUTES_PER_DAY),)


def local_instant(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the local clock in `zone` shows `minute` on `day`.

    In a spring-forward gap that wall time never shows: the first valid instant after it
    is the transition itself. In a fall-back repeat the first occurrence wins (fold=0).
    """
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    instant = wall.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return instant
    # A gap: fold=0 reads the wall time with the offset before the jump (a later instant),
    # fold=1 with the offset after it (an earlier one); the transition lies in between.
    low = wall.replace(fold=1).astimezone(UTC)
    high = instant
    after = high.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def spread_delay(user_id: int, window: timedelta = SPREAD) -> timedelta:
    """The user's stable offset within `window` centred on zero (negative: early), the same
    on every machine and every run.

    Fibonacci hashing of the id, so consecutive ids land far apart and any large group of
    users covers the window evenly.
    """
    fraction = ((user_id * 0x9E3779B1) & 0xFFFFFFFF) / 2**32
    seconds = window.total_seconds()
    return timedelta(seconds=int(fraction * seconds) - int(seconds) // 2)


def chosen_instant(instant: datetime, user_id: int) -> datetime:
    """The time shown to the user for an occurrence stored at `instant`: the stores keep
    every occurrence (snoozes too) at the user's `spread_delay` from the time they chose."""
    return instant - spread_delay(user_id)


def next_fire_at(
    reminder: Reminder, zone: ZoneInfo, after: datetime, delay: timedelta = timedelta(0)
) -> datetime:
    """The first instant strictly after `after` (aware) at which the reminder fires, in UTC,
    each occurrence `delay` (see `spread_delay`) after the local time the user chose."""
    if after.tzinfo is None:
        raise ValueError("`after` must be an aware datetime")
    today = (after - delay).astimezone(zone).date()
    # Yesterday covers a local time pushed forward past midnight (and a night's wind-down
    # after it); the days after always have one. Stops at the first hit: claims compute
    # this once per due reminder, so it is the dispatcher's hot path.
    if reminder.kind is ReminderKind.HYDRATION:
        minutes = reminder.daily_minutes()
        for offset in (-1, 0, 1, 2):
            day = today + timedelta(days=offset)
            for minute in minutes:
                instant = local_instant(day, minute, zone) + delay
                if instant > after:
                    return instant
    else:
        # A night's wind-down lies between 09:00 on its evening and noon the next day, so
        # nights overlap only by hours: after the first hit, the next night is checked too.
        found: datetime | None = None
        for offset in (-1, 0, 1, 2):
            ((local_date, minute),) = reminder.fire_times(today + timedelta(days=offset))
            instant = local_instant(local_date, minute, zone) + delay
            if found is not None:
                return min(found, instant) if instant > after else found
            if instant > after:
                found = instant
        if found is not None:
            return found
    raise AssertionError("unreachable: every reminder fires at least once a day")


def last_of_day(reminder: Reminder, zone: ZoneInfo, chosen: datetime) -> bool:
    """Hydration: True when an occurrence at `chosen` (the time the user chose, without the
    spreading offset: `chosen_instant`) is the water window's last of its day, that is when
    the next regular occurrence after it opens the window again.

    So a window past midnight (20:00 to 04:00) ends at 04:00, a last time skipped by a
    spring-forward change still ends the day at the moment the clocks jump, and a snooze
    that let the last time go ends the day in its place.
    """
    if reminder.kind is not ReminderKind.HYDRATION:
        return False
    following = next_fire_at(reminder, zone, chosen)
    day = following.astimezone(zone).date()
    # An opening time in a gap that spans midnight fires on the next day's date.
    return any(
        following == local_instant(opening, reminder.start_minute, zone)
        for opening in (day, day - timedelta(days=1))
    )


def bedtime_ahead(
    reminder: Reminder, zone: ZoneInfo, chosen: datetime, now: datetime
) -> tuple[int, int | None]:
    """Sleep: the bedtime (minute of the day) of the night that an occurrence chosen for
    `chosen` belongs to, and the whole minutes left until it, in real time (a DST change
    included) from `chosen`, or from `now` when the message goes out later than the
    spreading allows (after a restart or a flood hold); None once bedtime has passed."""
    local = chosen.astimezone(zone)
    minute = local.hour * 60 + local.minute
    night = night_of(local)
    for evening in (night - timedelta(days=1), night, night + timedelta(days=1)):
        if (local.date(), minute) in reminder.fire_times(evening):
            night = evening  # a snooze, matching none, keeps the night it falls in
            break
    bedtime = reminder.bedtime_on(night)
    after_midnight = 1 if bedtime < NIGHT_ENDS_MINUTE else 0
    bed = local_instant(night + timedelta(days=after_midnight), bedtime, zone)
    start = now if now - chosen > SPREAD else chosen
    left = round((bed - start).total_seconds() / 60)
    return bedtime, left if left > 0 else None


def night_of_bedtime(local: datetime, reminder: Reminder | None) -> date:
    """The night a "going to bed" at the local wall time `local` belongs to: with a sleep
    reminder, the night whose planned bedtime is nearest (in bed at 12:10 after a night
    shift, for 09:00, is the night before), else the noon boundary of `night_of`."""
    night = night_of(local)
    if reminder is None:
        return night
    wall = local.replace(tzinfo=None)

    def distance(evening: date) -> float:
        bedtime = reminder.bedtime_on(evening)
        bed_day = evening + timedelta(days=1 if bedtime < NIGHT_ENDS_MINUTE else 0)
        bed = datetime.combine(bed_day, time(bedtime // 60, bedtime % 60))
        return abs((wall - bed).total_seconds())

    return min((night - timedelta(days=1), night, night + timedelta(days=1)), key=distance)


def night_of(local: datetime) -> date:
    """The night (its evening's date) a local moment belongs to: 00:40 is the night before."""
    before_noon = local.hour * 60 + local.minute < NIGHT_ENDS_MINUTE
    return local.date() - timedelta(days=1 if before_noon else 0)


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    """The user's calendar day at an instant (for 'today's glasses')."""
    return instant.astimezone(zone).date()
