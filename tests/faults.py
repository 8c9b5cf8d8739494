"""Fault injection for the Bot API emulator: 5xx answers and late answers per method.

It wraps the emulator's request handling from outside (`BotApiEmulator.call`, which both
its HTTP server and the console use), so the emulator itself is unchanged; once the
emulator is a package this can become a setting of it.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot.emulator import BotApiEmulator

JSON = dict[str, Any]


@dataclass
class Faults:
    """With `error_rate` a call fails with a 5xx before Telegram does anything; with
    `late_rate` it is answered after `delay` seconds (a late answer). Per method via
    `methods` (lower-case names; empty: every method except those in `spared`)."""

    error_rate: float = 0.1
    late_rate: float = 0.1
    delay: float = 0.5
    methods: frozenset[str] = frozenset()
    spared: frozenset[str] = frozenset({"getupdates", "getme"})
    seed: int = 1
    injected: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def applies_to(self, method: str) -> bool:
        method = method.lower()
        return method in self.methods if self.methods else method not in self.spared

    def install(self, emulator: BotApiEmulator) -> None:
        original = emulator.call

        async def call(
            token: str, raw_method: str, params: dict[str, Any], request: Any = None
        ) -> tuple[int, JSON]:
            if self.applies_to(raw_method):
                roll = self._rng.random()
                if roll < self.error_rate:
                    self.injected[f"{raw_method} 5xx"] += 1
                    status = self._rng.choice((500, 502, 504))
                    return status, {
                        "ok": False,
                        "error_code": status,
                        "description": "Bad Gateway" if status == 502 else "Internal Server Error",
                    }
                if roll < self.error_rate + self.late_rate:
                    self.injected[f"{raw_method} late"] += 1
                    await asyncio.sleep(self.delay)
            return await original(token, raw_method, params, request)

        emulator.call = call  # type: ignore[method-assign]
