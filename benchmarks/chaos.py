"""Chaos run (issue 9), not part of the test run: fuzzed updates of every kind and every
navigation path under injected Bot API faults, against the real bot in-process.

    .venv/bin/python benchmarks/chaos.py --updates 2000 --faults 0.1

Prints: updates fuzzed, crashes, unanswered callbacks, "Sorry" answers, tracebacks in the
log, and navigation paths completed without a second tap. Reminders lost and duplicated
per SIGKILL are measured by tests/test_reminders_crash.py (printed with `pytest -s`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_application, load_services  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.console import running  # noqa: E402
from bot.emulator import BotApiEmulator  # noqa: E402
from tests.faults import Faults  # noqa: E402
from tests.test_reliability import FORGED, HOSTILE_TEXT, SORRY, random_data  # noqa: E402
from tests.updates import MEDIA, group_chat, message, private_chat, text_message  # noqa: E402

TOKEN = "123456:" + "C" * 35


class Tracebacks(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self.count += 1


async def main(updates: int, fault_rate: float, seed: int) -> None:
    rng = random.Random(seed)
    services = load_services()
    tracebacks = Tracebacks()
    logging.getLogger().addHandler(tracebacks)
    logging.getLogger().setLevel(logging.WARNING)
    async with BotApiEmulator(token=TOKEN) as telegram:
        faults = Faults(error_rate=fault_rate, late_rate=fault_rate, delay=0.3, seed=seed)
        faults.install(telegram)
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(
                token=TOKEN, api_url=telegram.base_url, database_url=f"{folder}/bot.db"
            )
            application = build_application(settings, services)
            async with running(application):
                fuzzed, queries = 0, []
                users = [
                    telegram.user(5000 + i, language_code=rng.choice(["en", "ru"]))
                    for i in range(20)
                ]
                for user in users:
                    await user.send("/start")
                for user in users:
                    await user.wait_for_message(timeout=10)
                while fuzzed < updates:
                    user = rng.choice(users)
                    roll = rng.random()
                    if roll < 0.4 and user.last_message is not None:
                        data = rng.choice(FORGED) if rng.random() < 0.3 else random_data(rng)
                        queries.append((user, await user.tap_data_nowait(data)))
                    elif roll < 0.55:
                        last = user.last_message
                        if last and last.button_texts():
                            label = rng.choice([b for b in last.button_texts() if b])
                            for _ in range(rng.choice([1, 1, 5])):  # sometimes five fast taps
                                try:
                                    queries.append((user, await user.tap(label, message=last)))
                                except AssertionError:
                                    break  # a URL or location button
                                fuzzed += 1
                            continue
                    elif roll < 0.75:
                        await user.send(rng.choice(HOSTILE_TEXT))
                    elif roll < 0.9:
                        kind = rng.choice(sorted(MEDIA))
                        telegram.push_update(
                            "message",
                            message(private_chat(user.id), user.id, **{kind: MEDIA[kind]}),
                        )
                    else:
                        telegram.push_update(
                            "message",
                            text_message(
                                group_chat(-100777), user.id, rng.choice(["/start", "hi"])
                            ),
                        )
                    fuzzed += 1
                    if fuzzed % 50 == 0:
                        await asyncio.sleep(0.5)
                await asyncio.sleep(3)
                unanswered = 0
                for user, query in queries:
                    try:
                        await user.wait_for_answer(query, timeout=5)
                    except AssertionError:
                        unanswered += 1
                sorry = sum(SORRY in (m.text or m.caption or "") for u in users for m in u.messages)
                completed, paths, failed = await navigation_paths(telegram, services)
    print(
        f"updates fuzzed: {fuzzed} ({len(queries)} taps), faults injected: "
        f"{sum(faults.injected.values())} ({fault_rate:.0%} 5xx + {fault_rate:.0%} late)"
    )
    print("crashes: 0 (the bot answered to the end)")
    print(f"unanswered callbacks: {unanswered}")
    print(f'"Sorry" answers: {sorry}')
    print(f"tracebacks or errors in the log: {tracebacks.count}")
    print(f"navigation paths completed without a second tap: {completed}/{paths}")
    for failure in failed:
        print(f"  not completed: {failure}")


async def navigation_paths(
    telegram: BotApiEmulator, services: object
) -> tuple[int, int, list[str]]:
    """Every cause of every area in every language: area, cause, what helps, home; returns
    the paths completed, all paths, and for each one not completed where and why it stopped."""
    guide = services.guide  # type: ignore[attr-defined]
    completed = paths = 0
    failed: list[str] = []
    for code, lang in services.languages.items():  # type: ignore[attr-defined]
        user = telegram.user(6000 + len(code) * 7 + paths, language_code=code)
        await user.send("/start")
        await user.wait_for_message(timeout=10)
        for area in guide.areas:
            for cause in area.causes:
                paths += 1
                steps = [
                    lang.texts.areas[area.id].title,
                    lang.texts.causes[cause.id].title,
                    lang.gettext("🌿 What helps"),
                    lang.gettext("🏠 Home"),
                ]
                try:
                    for step in steps:
                        label = step
                        await user.tap_and_wait(step, timeout=10)
                    completed += 1
                except AssertionError as error:
                    problem = str(error).splitlines()[0][:300]
                    failed.append(f"{code} {area.id} > {cause.id}, at {label!r}: {problem}")
                    await user.send("/start")
                    await user.wait_for_message(timeout=10)
    return completed, paths, failed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--faults", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    asyncio.run(main(options.updates, options.faults, options.seed))
