"""Simulation: how late do reminders arrive at peak, with and without spreading?

Many people choose the same round times (sleep at 22:00, water every 2 hours from 09:00),
and Telegram lets one bot send about 30 messages a second (1,000 with paid broadcasts). This
builds a population with realistic choices of reminders, times and zones, computes every
occurrence of one day with the bot's own schedule module (`local_instant`, `spread_delay`),
sends them first come, first served at the given rate, and prints how far each message
lands from the time the user CHOSE (early or late: the spreading offset counts), then the
largest population one bot token serves with the p99 of that distance under the target.

    .venv/bin/python benchmarks/reminder_peak.py [--subscribers 1000000] [--rate 30]

Needs numpy (the `bench` extra).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.reminders.schedule import (  # noqa: E402
    SPREAD,
    Reminder,
    ReminderKind,
    local_instant,
    spread_delay,
)

DAY = date(2026, 12, 2)  # an ordinary day: no daylight-saving change in any of the zones
# Where a Russian- and English-speaking audience lives, roughly weighted.
ZONES = {
    "Europe/Moscow": 30,
    "Europe/Samara": 2,
    "Asia/Yekaterinburg": 5,
    "Asia/Novosibirsk": 3,
    "Asia/Krasnoyarsk": 2,
    "Asia/Vladivostok": 1,
    "Europe/Kaliningrad": 1,
    "Europe/Minsk": 3,
    "Europe/Kyiv": 3,
    "Asia/Almaty": 3,
    "Asia/Tashkent": 2,
    "Asia/Tbilisi": 1,
    "Europe/Berlin": 6,
    "Europe/London": 8,
    "America/New_York": 10,
    "America/Chicago": 4,
    "America/Los_Angeles": 5,
    "Asia/Jerusalem": 2,
    "Asia/Kolkata": 6,
    "Australia/Sydney": 3,
}
# Sleep wind-down times (minutes after midnight) and how often people pick them.
SLEEP_TIMES = {21 * 60 + 30: 8, 22 * 60: 30, 22 * 60 + 30: 20, 23 * 60: 25, 23 * 60 + 30: 8, 0: 6}
# Water windows: (start, end, every) and how often people pick them; 09:00-21:00 every 2 h
# is the default the bot offers.
WATER_RULES = {
    (9 * 60, 21 * 60, 120): 60,
    (8 * 60, 20 * 60, 120): 15,
    (9 * 60, 21 * 60, 60): 10,
    (8 * 60, 22 * 60, 180): 5,
    (10 * 60, 22 * 60, 120): 10,
}
SLEEP_ONLY, WATER_ONLY, BOTH = 0.55, 0.25, 0.20
RANDOM_TIME_SHARE = 0.05  # people who type an odd time such as 22:17


@cache
def utc_second(zone: str, minute: int) -> int:
    """Seconds after midnight UTC of DAY at which `zone`'s clock shows `minute` (one call
    per zone and minute of the day: the bot's own DST-aware conversion)."""
    instant = local_instant(DAY, minute, ZoneInfo(zone))
    return int(instant.timestamp()) - int(local_instant(DAY, 0, ZoneInfo("UTC")).timestamp())


def population(subscribers: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(chosen UTC second, user id) of every reminder occurrence in DAY."""
    rng = np.random.default_rng(seed)
    zones = list(ZONES)
    zone_of = rng.choice(len(zones), subscribers, p=_weights(ZONES.values()))
    kind = rng.choice(3, subscribers, p=[SLEEP_ONLY, WATER_ONLY, BOTH])
    sleep_times = list(SLEEP_TIMES)
    sleep_of = np.array(sleep_times)[
        rng.choice(len(sleep_times), subscribers, p=_weights(SLEEP_TIMES.values()))
    ]
    odd = rng.random(subscribers) < RANDOM_TIME_SHARE
    sleep_of[odd] = rng.integers(20 * 60, 24 * 60, odd.sum())
    rules = list(WATER_RULES)
    rule_of = rng.choice(len(rules), subscribers, p=_weights(WATER_RULES.values()))

    seconds: list[np.ndarray] = []
    users: list[np.ndarray] = []
    ids = np.arange(1, subscribers + 1)
    table = {
        (z, m): utc_second(zone, m) for z, zone in enumerate(zones) for m in range(24 * 60)
    }
    lookup = np.array([[table[(z, m)] for m in range(24 * 60)] for z in range(len(zones))])
    has_sleep = kind != 1
    seconds.append(lookup[zone_of[has_sleep], sleep_of[has_sleep]])
    users.append(ids[has_sleep])
    has_water = kind != 0
    for r, (start, end, every) in enumerate(rules):
        chosen = has_water & (rule_of == r)
        for minute in Reminder(ReminderKind.HYDRATION, start, end, every).daily_minutes():
            seconds.append(lookup[zone_of[chosen], minute])
            users.append(ids[chosen])
    return np.concatenate(seconds), np.concatenate(users)


def _weights(values: object) -> np.ndarray:
    array = np.array(list(values), dtype=float)  # type: ignore[call-overload]
    return array / array.sum()


def delays(users: np.ndarray, window: timedelta) -> np.ndarray:
    """The bot's own spread_delay, vectorised (main() checks they agree)."""
    fraction = ((users.astype(np.uint64) * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)) / 2**32
    seconds = window.total_seconds()
    return np.floor(fraction * seconds) - int(seconds) // 2


def lateness(chosen: np.ndarray, users: np.ndarray, rate: float, window: timedelta) -> np.ndarray:
    """Seconds from each chosen time to its send (negative: early), first come first served
    at `rate` messages a second."""
    due = chosen + delays(users, window)
    order = np.argsort(due, kind="stable")
    due, chosen = due[order], chosen[order]
    index = np.arange(len(due)) / rate
    # depart[k] = max(due[k], depart[k-1] + 1/rate) = k/rate + max_{j<=k}(due[j] - j/rate)
    depart = np.maximum.accumulate(due - index) + index
    return depart - chosen


def summary(late: np.ndarray) -> tuple[float, float, float]:
    """p50, p99 and max of the distance from the chosen time, early or late."""
    distance = np.abs(late)
    p50, p99 = np.percentile(distance, [50, 99])
    return float(p50), float(p99), float(distance.max())


def largest_on_time(rate: float, window: timedelta, target: float, seed: int) -> int:
    """The largest population (to 2 significant figures) with p99 lateness under target."""
    low, high = 1_000, 100_000_000
    while high / low > 1.05:
        middle = int((low * high) ** 0.5)
        chosen, users = population(middle, seed)
        if summary(lateness(chosen, users, rate, window))[1] < target:
            low = middle
        else:
            high = middle
    return low


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.0f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, nargs="*", default=[30, 1000])
    parser.add_argument("--target-p99", type=float, default=120, help="seconds")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-search", action="store_true", help="skip the capacity search")
    args = parser.parse_args()

    assert all(
        delays(np.array([u]), SPREAD)[0] == spread_delay(u).total_seconds()
        for u in (1, 2, 99, 123456789, 2**40 + 5)
    ), "the vectorised delay must be the bot's own"
    started = time.perf_counter()
    chosen, users = population(args.subscribers, args.seed)
    busiest = np.bincount(((chosen - chosen.min()) // 60).astype(int)).max()
    print(
        f"{args.subscribers:,} subscribers, {len(chosen):,} reminders a day, "
        f"busiest minute: {busiest:,} due (built in {time.perf_counter() - started:.1f} s)"
    )
    print(f"| rate | spreading window | p50 | p99 | max | largest population with p99 < "
          f"{minutes(args.target_p99)} |")
    print("|---|---|---|---|---|---|")
    for rate in args.rate:
        for window in sorted({timedelta(0), timedelta(seconds=120), SPREAD}):
            p50, p99, worst = summary(lateness(chosen, users, rate, window))
            capacity = (
                "-"
                if args.no_search
                else f"{largest_on_time(rate, window, args.target_p99, args.seed):,}"
            )
            label = "none" if not window else f"{window.total_seconds():.0f} s"
            print(
                f"| {rate:,.0f}/s | {label} | {minutes(p50)} | {minutes(p99)} | "
                f"{minutes(worst)} | {capacity} |"
            )


if __name__ == "__main__":
    main()
