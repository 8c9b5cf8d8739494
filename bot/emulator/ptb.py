"""A python-telegram-bot request backend that calls the emulator in-process (the console mode)."""

from __future__ import annotations

import json
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.emulator.api import BotApiEmulator
from bot.emulator.media import Upload


class EmulatorRequest(BaseRequest):
    """A python-telegram-bot request backend that calls the emulator instead of the network."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self._emulator = emulator

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        prefix, api_method = url.rsplit("/", 1)
        token = prefix.rsplit("/bot", 1)[1]
        params: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
        for name, (filename, content, _) in (
            request_data.multipart_data if request_data else {}
        ).items():
            data = content if isinstance(content, bytes) else content.read()
            params[name] = Upload(filename or name, data)
        status, body = await self._emulator.call(token, api_method, params)
        return status, json.dumps(body).encode()
