"""The HTTP transport: an aiohttp server on 127.0.0.1 that answers like api.telegram.org.

Only :meth:`BotApiEmulator.start` imports this module, so the console mode (which calls the
emulator in-process) and production never load aiohttp's server."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.emulator.errors import BotApiError
from bot.emulator.media import Upload
from bot.emulator.records import ApiCall

if TYPE_CHECKING:
    from bot.emulator.api import BotApiEmulator


async def start_server(emulator: BotApiEmulator, host: str, port: int) -> web.AppRunner:
    """Serve ``/bot<token>/<method>`` for ``emulator``; returns the started runner."""

    async def handle(request: web.Request) -> web.Response:
        return await _handle(emulator, request)

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_route("*", "/bot{token}/{method}", handle)
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


async def read_params(request: web.Request) -> dict[str, Any]:
    """The parameters of a request: query string, then a JSON, form or multipart body."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        body = await request.read()
        if body.strip():
            try:
                data = json.loads(body)
            except ValueError:
                raise BotApiError(400, "Bad Request: can't parse JSON encoded data") from None
            if isinstance(data, dict):
                params.update(data)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in (await request.post()).items():
            if isinstance(value, str):
                params[key] = value
            elif isinstance(value, web.FileField):  # an uploaded file (sendPhoto, ...)
                params[key] = Upload(value.filename or key, value.file.read())
            else:
                params[key] = None
    return params


async def _handle(emulator: BotApiEmulator, request: web.Request) -> web.Response:
    token = request.match_info["token"]
    raw_method = request.match_info["method"]
    try:
        params = await read_params(request)
    except BotApiError as exc:
        name = emulator._methods.get(raw_method.lower(), (raw_method,))[0]
        emulator.calls.append(ApiCall(name, {}, request.method, time.time()))
        emulator._record_error(name, exc, {})
        return web.json_response(exc.payload(), status=exc.error_code)
    status, body = await emulator.call(token, raw_method, params, request)
    return web.json_response(
        body, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False)
    )
