"""Benchmark: taps per second and tap-to-edit latency of the real bot process.

Starts `python bot.py` against the fake Bot API server from the tests, lets a few hundred
simulated users tap through the guide at once, and prints throughput, p50/p99 latency
(from the moment the tap is queued to the moment the edited message arrives) and the bot
process's peak resident memory.

    .venv/bin/python benchmarks/taps.py [--users 300] [--taps 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import load_services  # noqa: E402
from bot.emulator import BotApiEmulator, SimulatedUser  # noqa: E402

TOKEN = "123456:" + "B" * 35


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wander(user: SimulatedUser, taps: int, latencies: list[float], seed: int) -> None:
    """Tap random buttons, but never language or expired ones, like a curious reader."""
    rng = random.Random(seed)
    await user.send("/start")
    await user.wait_for_message(timeout=60)
    for _ in range(taps):
        labels = [label for label in user.messages[-1].button_texts() if "🌐" not in label]
        started = time.perf_counter()
        await user.tap_and_wait(rng.choice(labels), timeout=60)
        latencies.append(time.perf_counter() - started)


async def main(users: int, taps: int) -> None:
    services = load_services()
    codes = list(services.languages)
    async with BotApiEmulator(token=TOKEN, callback_timeout=120) as server:
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "BOT_TOKEN": TOKEN,
                "BOT_API_URL": server.base_url,
                "DATABASE_URL": f"{tmp}/bench.db",
                "LOG_LEVEL": "WARNING",
            }
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                *os.environ.get("BENCH_PYTHON_ARGS", "").split(),
                "bot.py",
                cwd=ROOT,
                env=env,
            )
            try:
                warm = server.user(1, language_code="en")
                await warm.send("/start")
                await warm.wait_for_message(timeout=60)
                latencies: list[float] = []
                cpu_before = cpu_seconds(process.pid)
                own_before = time.process_time()
                started = time.perf_counter()
                await asyncio.gather(
                    *(
                        wander(
                            server.user(100 + i, language_code=codes[i % len(codes)]),
                            taps,
                            latencies,
                            seed=i,
                        )
                        for i in range(users)
                    )
                )
                elapsed = time.perf_counter() - started
                peak = peak_rss_mib(process.pid)
                bot_cpu = cpu_seconds(process.pid) - cpu_before
                driver_cpu = time.process_time() - own_before
            finally:
                process.terminate()
                await process.wait()
        errors = len(server.errors)
        calls = Counter(call.method for call in server.calls)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"users: {users}, taps: {len(latencies)} in {elapsed:.1f} s")
    print(f"taps per second: {len(latencies) / elapsed:.0f}")
    print(
        f"tap-to-edit latency: p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms"
    )
    print(f"bot process peak memory (VmHWM): {peak:.1f} MiB")
    print(f"CPU seconds: bot {bot_cpu:.1f}, fake Telegram + simulated users {driver_cpu:.1f}")
    print(f"Bot API calls: {dict(calls.most_common(4))}, errors: {errors}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--taps", type=int, default=10, help="taps per user")
    args = parser.parse_args()
    asyncio.run(main(args.users, args.taps))
