"""Benchmark: CPU per tap, taps per second, latency, memory and start-up of the bot process.

Starts `python bot.py` against the Bot API emulator from the tests; simulated users tap
through the guide at once, each waiting for the edited message before the next tap (a
closed loop). Prints throughput, p50/p99 latency (from the moment the tap is queued to the
moment the edited message arrives), the bot's CPU per tap (from /proc), its peak resident
memory (VmHWM) and its start-up time (process start to its first getUpdates).

    .venv/bin/python benchmarks/taps.py [--users 300] [--taps 10]
    .venv/bin/python benchmarks/taps.py --compare [--users 20] [--taps 50]
    .venv/bin/python benchmarks/taps.py --typed [SECONDS] [--starts 5]

`--typed` measures only start-up and the answer to the first typed messages after it: one
in English, then one in Russian, sent the moment the bot first polls or SECONDS later (the
word-form dictionaries of both languages are needed), and, for comparison, the next one.

`--compare` runs, one after the other through the same emulator, this bot, a minimal
python-telegram-bot bot and a minimal aiogram 3 bot (benchmarks/minimal_*.py; aiogram is in
the `bench` extra: pip install -e '.[bench]') and prints the table and the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.emulator import BotApiEmulator, SimulatedUser  # noqa: E402

TOKEN = "123456:" + "B" * 35
LANGUAGES = ("en", "ru")
USER_IDS = itertools.count(100)


@dataclass
class Result:
    name: str
    taps: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float
    peak_mib: float
    startup_seconds: float
    errors: int
    calls: Counter[str]

    @property
    def cpu_ms_per_tap(self) -> float:
        return self.cpu_seconds / self.taps * 1000

    @property
    def taps_per_second(self) -> float:
        return self.taps / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000


@dataclass(frozen=True)
class Contender:
    name: str
    argv: tuple[str, ...]
    tapper: Callable[[SimulatedUser, int, list[float], int], Awaitable[None]]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def guide_labels(user: SimulatedUser) -> list[str]:
    """Buttons of the newest message with buttons, but not language or reminder settings."""
    for message in reversed(user.messages):
        labels = message.button_texts()
        if labels:
            return [label for label in labels if "🌐" not in label and "⏰" not in label]
    return []


async def wander(user: SimulatedUser, taps: int, latencies: list[float], seed: int) -> None:
    """Tap random buttons through the guide, like a curious reader."""
    rng = random.Random(seed)
    await user.send("/start")
    await user.wait_for_message(timeout=60)
    for _ in range(taps):
        labels = guide_labels(user)
        if not labels:  # a screen without guide buttons: back to the main menu
            await user.send("/start")
            await user.wait_for_message(timeout=60)
            labels = guide_labels(user)
        started = time.perf_counter()
        await user.tap_and_wait(rng.choice(labels), timeout=60)
        latencies.append(time.perf_counter() - started)


async def tap_buttons(user: SimulatedUser, taps: int, latencies: list[float], seed: int) -> None:
    """The minimal bots: tap one of their three buttons, again and again."""
    rng = random.Random(seed)
    await user.send("/start")
    await user.wait_for_message(timeout=60)
    for _ in range(taps):
        started = time.perf_counter()
        await user.tap_and_wait(rng.choice(user.messages[-1].button_texts()), timeout=60)
        latencies.append(time.perf_counter() - started)


THIS_BOT = Contender("this bot", ("bot.py",), wander)
MINIMAL_PTB = Contender("minimal PTB", ("benchmarks/minimal_ptb.py",), tap_buttons)
MINIMAL_AIOGRAM = Contender("minimal aiogram", ("benchmarks/minimal_aiogram.py",), tap_buttons)


async def start_bot(
    server: BotApiEmulator, contender: Contender, env: dict[str, str]
) -> tuple[asyncio.subprocess.Process, float]:
    """Start the bot; return it and the seconds from its start to its first getUpdates."""
    seen = len(server.calls)
    started = time.time()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *os.environ.get("BENCH_PYTHON_ARGS", "").split(),
        *contender.argv,
        cwd=ROOT,
        env=env,
    )
    try:
        while True:
            polls = [c for c in server.calls[seen:] if c.method == "getUpdates"]
            if polls:
                return process, polls[0].time - started
            if process.returncode is not None:
                raise RuntimeError(f"{contender.name} exited with {process.returncode}")
            if time.time() - started > 60:
                raise RuntimeError(f"{contender.name} did not poll within 60 s")
            await asyncio.sleep(0.005)
    except BaseException:
        await stop_bot(process)
        raise


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
    await process.wait()


async def startup_seconds(
    server: BotApiEmulator, contenders: list[Contender], rounds: int, env: dict[str, str]
) -> dict[str, float]:
    """Median start-up of each bot, started in turns so that a busy machine hurts all alike."""
    seconds: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(rounds):
        for contender in contenders:
            process, took = await start_bot(server, contender, env)
            seconds[contender.name].append(took)
            await stop_bot(process)
    return {name: statistics.median(values) for name, values in seconds.items()}


TYPED = (("en", "my eyelid keeps twitching"), ("ru", "дёргается глаз уже неделю"))


async def typed_answers(
    server: BotApiEmulator, rounds: int, env: dict[str, str], delay: float
) -> dict[str, float]:
    """Medians over `rounds` starts of this bot: its start-up, the answer to the first typed
    message in each language sent `delay` seconds after it first polls, and to a typed
    message after those."""
    seconds: dict[str, list[float]] = {}

    async def answer(name: str, code: str, text: str) -> None:
        user = server.user(next(USER_IDS), language_code=code)
        started = time.perf_counter()
        await user.send(text)
        await user.wait_for_message(timeout=60)
        seconds.setdefault(name, []).append(time.perf_counter() - started)

    for _ in range(rounds):
        process, took = await start_bot(server, THIS_BOT, env)
        seconds.setdefault("start-up", []).append(took)
        try:
            await asyncio.sleep(delay)
            for code, text in TYPED:
                await answer(f"first typed answer ({code})", code, text)
            await answer("a later typed answer (en)", *TYPED[0])
        finally:
            await stop_bot(process)
    return {name: statistics.median(values) for name, values in seconds.items()}


async def measure(
    server: BotApiEmulator, contender: Contender, users: int, taps: int, env: dict[str, str]
) -> Result:
    """One closed-loop run of taps."""
    process, startup = await start_bot(server, contender, env)
    errors_before, calls_before = len(server.errors), len(server.calls)
    try:
        warm = server.user(next(USER_IDS), language_code="en")
        await contender.tapper(warm, 3, [], 0)
        latencies: list[float] = []
        cpu_before = cpu_seconds(process.pid)
        started = time.perf_counter()
        await asyncio.gather(
            *(
                contender.tapper(
                    server.user(next(USER_IDS), language_code=LANGUAGES[i % len(LANGUAGES)]),
                    taps,
                    latencies,
                    i,
                )
                for i in range(users)
            )
        )
        elapsed = time.perf_counter() - started
        peak = peak_rss_mib(process.pid)
        bot_cpu = cpu_seconds(process.pid) - cpu_before
    finally:
        await stop_bot(process)
    return Result(
        name=contender.name,
        taps=len(latencies),
        seconds=elapsed,
        latencies=latencies,
        cpu_seconds=bot_cpu,
        peak_mib=peak,
        startup_seconds=startup,
        errors=len(server.errors) - errors_before,
        calls=Counter(call.method for call in server.calls[calls_before:]),
    )


def print_results(results: list[Result]) -> None:
    header = (
        f"{'bot':<16} {'taps':>6} {'CPU/tap':>9} {'taps/s':>7} {'p50':>8} {'p99':>8} "
        f"{'VmHWM':>9} {'start-up':>9} {'errors':>6}"
    )
    print(header)
    for r in results:
        print(
            f"{r.name:<16} {r.taps:>6} {r.cpu_ms_per_tap:>7.2f}ms {r.taps_per_second:>7.0f} "
            f"{r.percentile(0.5):>6.1f}ms {r.percentile(0.99):>6.1f}ms "
            f"{r.peak_mib:>6.1f}MiB {r.startup_seconds:>8.2f}s {r.errors:>6}"
        )


def print_ratios(ours: Result, ptb: Result, aiogram: Result) -> None:
    print()
    print("ratios (this bot / yardstick; issue 12's target in brackets)")
    print(
        f"  CPU per tap / minimal aiogram:     {ours.cpu_ms_per_tap / aiogram.cpu_ms_per_tap:.2f}x"
        "  [<= 1.0x]"
    )
    print(
        f"  taps per second / minimal aiogram: "
        f"{ours.taps_per_second / aiogram.taps_per_second:.2f}x  [>= 1.0x]"
    )
    print(
        f"  start-up / minimal PTB:            "
        f"{ours.startup_seconds / ptb.startup_seconds:.2f}x  [<= 1.5x]"
    )
    print(f"  peak memory / minimal PTB:         {ours.peak_mib / ptb.peak_mib:.2f}x  [<= 1.3x]")
    print(f"  CPU per tap / minimal PTB:         {ours.cpu_ms_per_tap / ptb.cpu_ms_per_tap:.2f}x")


def bot_environment(server: BotApiEmulator, folder: str) -> dict[str, str]:
    return {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "BOT_API_URL": server.base_url,
        "DATABASE_URL": f"{folder}/bench.db",
        "LOG_LEVEL": "WARNING",
    }


async def main(users: int, taps: int, starts: int, compare: bool, typed: float | None) -> None:
    # byte-compile as an install does (PYTHONDONTWRITEBYTECODE would make every start compile)
    compileall.compile_dir(ROOT / "bot", quiet=1)
    compileall.compile_dir(ROOT / "benchmarks", quiet=1)
    if typed is not None:
        await main_typed(starts, typed)
        return
    contenders = [THIS_BOT, MINIMAL_PTB, MINIMAL_AIOGRAM] if compare else [THIS_BOT]
    results = []
    async with BotApiEmulator(token=TOKEN, callback_timeout=120) as server:
        with tempfile.TemporaryDirectory() as tmp:
            env = bot_environment(server, tmp)
            startups = await startup_seconds(server, contenders, starts, env)
            for contender in contenders:
                result = await measure(server, contender, users, taps, env)
                result.startup_seconds = startups[contender.name]
                results.append(result)
    print(f"users: {users} (closed loop), taps per user: {taps}, start-ups per bot: {starts}")
    print_results(results)
    for result in results:
        print(f"  {result.name}: Bot API calls {dict(result.calls.most_common(4))}")
    if compare:
        print_ratios(*results)


async def main_typed(starts: int, delay: float) -> None:
    async with BotApiEmulator(token=TOKEN) as server:
        with tempfile.TemporaryDirectory() as tmp:
            env = bot_environment(server, tmp)
            await stop_bot((await start_bot(server, THIS_BOT, env))[0])  # the content cache
            figures = await typed_answers(server, starts, env, delay)
    print(f"this bot, medians of {starts} starts, typing {delay:g} s after the first poll:")
    for name, value in figures.items():
        print(f"  {name:<28} {value * 1000:>7.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=None, help="default 300, 20 with --compare")
    parser.add_argument("--taps", type=int, default=None, help="taps per user (default 10, 50)")
    parser.add_argument("--starts", type=int, default=5, help="start-ups timed per bot")
    parser.add_argument(
        "--compare", action="store_true", help="also the minimal PTB and aiogram bots"
    )
    parser.add_argument(
        "--typed",
        type=float,
        nargs="?",
        const=0.0,
        metavar="SECONDS",
        help="start-up and the first typed answers only, typed SECONDS after the first poll",
    )
    args = parser.parse_args()
    users = args.users or (20 if args.compare else 300)
    taps = args.taps or (50 if args.compare else 10)
    asyncio.run(main(users, taps, args.starts, args.compare, args.typed))
