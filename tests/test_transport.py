"""The aiohttp transport answers python-telegram-bot exactly as PTB's own HTTPXRequest does.

Each case runs against a small local aiohttp server that misbehaves on purpose, through both
transports, so that any difference in the exceptions the bot's retry rules rely on shows up.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.app import build_application
from bot.config import ConfigError, Settings, load_settings
from bot.console import running
from bot.context import Services
from bot.transport import AiohttpRequest, LeanBot

TOKEN = "123456:" + "C" * 35
MESSAGE = {
    "message_id": 7,
    "date": 1_700_000_000,
    "chat": {"id": 42, "type": "private"},
    "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
}

RequestFactory = Callable[..., BaseRequest]
TRANSPORTS: dict[str, RequestFactory] = {"aiohttp": AiohttpRequest, "httpx": HTTPXRequest}


BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Bot", "username": "twitch_bot"}


class FakeTelegram:
    """An aiohttp server whose answer for each method is set by the test."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: dict[str, tuple[int, Any, float]] = {
            "getMe": (200, {"ok": True, "result": BOT_USER}, 0.0),
            "getUpdates": (200, {"ok": True, "result": []}, 0.05),
        }
        self.base_url = ""

    def answer(self, method: str, status: int, body: Any, delay: float = 0.0) -> None:
        self.answers[method] = (status, body, delay)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        record: dict[str, Any] = {
            "method": method,
            "content_type": request.content_type,
            "host": request.headers.get("Host"),
            "user_agent": request.headers.get("User-Agent"),
        }
        if request.content_type == "multipart/form-data":
            fields: dict[str, Any] = {}
            async for part in await request.multipart():
                content = await part.read()  # type: ignore[union-attr]
                fields[part.name] = (part.filename, content, part.headers.get("Content-Type"))  # type: ignore[union-attr]
            record["fields"] = fields
        elif request.can_read_body:
            record["json"] = await request.json()
        self.requests.append(record)
        status, body, delay = self.answers.get(method, (200, {"ok": True, "result": True}, 0.0))
        if delay:
            await asyncio.sleep(delay)
        return web.json_response(body, status=status)


@asynccontextmanager
async def serving() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", server.handle)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.base_url = f"http://127.0.0.1:{port}/bot"
    try:
        yield server
    finally:
        await runner.cleanup()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with serving() as server:
        yield server


@pytest.fixture(params=list(TRANSPORTS))
async def make_request(request: pytest.FixtureRequest) -> AsyncIterator[RequestFactory]:
    made: list[BaseRequest] = []

    def make(**options: Any) -> BaseRequest:
        made.append(TRANSPORTS[request.param](**options))
        return made[-1]

    yield make
    for transport in made:
        await transport.shutdown()


async def post(transport: BaseRequest, url: str, **options: Any) -> Any:
    await transport.initialize()
    return await transport.post(url, RequestData(), **options)


def error_body(code: int, description: str, **parameters: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


async def test_success_returns_the_result(fake: FakeTelegram, make_request: RequestFactory) -> None:
    fake.answer("getMe", 200, {"ok": True, "result": {"id": 1, "first_name": "Бот"}})
    result = await post(make_request(), f"{fake.base_url}{TOKEN}/getMe")
    assert result == {"id": 1, "first_name": "Бот"}
    assert fake.requests[0]["user_agent"] == BaseRequest.USER_AGENT


async def test_400_is_bad_request_with_telegrams_description(
    fake: FakeTelegram, make_request: RequestFactory
) -> None:
    description = "Bad Request: message is not modified"
    fake.answer("editMessageText", 400, error_body(400, description))
    with pytest.raises(BadRequest) as raised:
        await post(make_request(), f"{fake.base_url}{TOKEN}/editMessageText")
    assert raised.value.message == "Message is not modified"  # PTB strips "Bad Request: "


async def test_429_is_retry_after_with_the_wait(
    fake: FakeTelegram, make_request: RequestFactory
) -> None:
    fake.answer("sendMessage", 429, error_body(429, "Too Many Requests", retry_after=3))
    with pytest.raises(RetryAfter) as raised:
        await post(make_request(), f"{fake.base_url}{TOKEN}/sendMessage")
    assert raised.value.message == "Flood control exceeded. Retry in 3 seconds"


async def test_403_is_forbidden(fake: FakeTelegram, make_request: RequestFactory) -> None:
    description = "Forbidden: bot was blocked by the user"
    fake.answer("sendMessage", 403, error_body(403, description))
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await post(make_request(), f"{fake.base_url}{TOKEN}/sendMessage")


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_is_a_network_error(
    fake: FakeTelegram, make_request: RequestFactory, status: int
) -> None:
    fake.answer("sendMessage", status, error_body(status, "Internal Server Error"))
    with pytest.raises(NetworkError) as raised:
        await post(make_request(), f"{fake.base_url}{TOKEN}/sendMessage")
    assert type(raised.value) is NetworkError  # not TimedOut: safe to retry
    assert raised.value.message == "Internal Server Error"


async def test_a_5xx_without_json_is_a_network_error(make_request: RequestFactory) -> None:
    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=502, text="<html>bad gateway</html>")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", broken)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        with pytest.raises(NetworkError) as raised:
            await post(make_request(), f"http://127.0.0.1:{port}/bot{TOKEN}/sendMessage")
        assert "Bad Gateway (502)" in raised.value.message
    finally:
        await runner.cleanup()


async def test_read_timeout_is_timed_out(fake: FakeTelegram, make_request: RequestFactory) -> None:
    fake.answer("sendMessage", 200, {"ok": True, "result": True}, delay=1.0)
    transport = make_request(read_timeout=0.2)
    with pytest.raises(TimedOut):
        await post(transport, f"{fake.base_url}{TOKEN}/sendMessage")
    # a per-call timeout replaces the default one (PTB's DEFAULT_NONE semantics)
    assert await post(transport, f"{fake.base_url}{TOKEN}/sendMessage", read_timeout=3) is True


async def test_a_per_call_read_timeout_is_shorter_than_the_default(
    fake: FakeTelegram, make_request: RequestFactory
) -> None:
    fake.answer("getUpdates", 200, {"ok": True, "result": []}, delay=1.0)
    transport = make_request(read_timeout=30)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(TimedOut):
        await post(transport, f"{fake.base_url}{TOKEN}/getUpdates", read_timeout=0.2)
    assert loop.time() - started < 0.9
    assert transport.read_timeout == 30


async def test_connection_refused_is_a_network_error(make_request: RequestFactory) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError) as raised:
        await post(make_request(), f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    assert not isinstance(raised.value, TimedOut)


async def test_pool_timeout_means_the_request_was_not_sent(
    fake: FakeTelegram, make_request: RequestFactory
) -> None:
    fake.answer("getUpdates", 200, {"ok": True, "result": []}, delay=1.0)
    transport = make_request(connection_pool_size=1, pool_timeout=0.1)
    await transport.initialize()
    long_poll = asyncio.create_task(transport.post(f"{fake.base_url}{TOKEN}/getUpdates"))
    await asyncio.sleep(0.2)
    with pytest.raises(TimedOut, match="Pool timeout"):
        await transport.post(f"{fake.base_url}{TOKEN}/sendMessage")
    assert await long_poll == []
    assert [r["method"] for r in fake.requests] == ["getUpdates"]


async def test_send_photo_uploads_the_file_as_multipart(
    fake: FakeTelegram, make_request: RequestFactory
) -> None:
    fake.answer("sendPhoto", 200, {"ok": True, "result": MESSAGE})
    fake.answer("sendDocument", 200, {"ok": True, "result": MESSAGE})
    bot = Bot(TOKEN, base_url=fake.base_url, request=make_request())
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Дом", callback_data="home")]])
    async with bot:
        message = await bot.send_photo(
            42, InputFile(photo, filename="twitch.png"), caption="Глаз", reply_markup=keyboard
        )
        await bot.send_document(42, b"plain text\n", filename="notes.txt")
    assert message.message_id == 7
    upload = next(r for r in fake.requests if r["method"] == "sendPhoto")
    assert upload["content_type"] == "multipart/form-data"
    fields = upload["fields"]
    assert fields["photo"][:2] == ("twitch.png", photo)
    assert fields["photo"][2] == "image/png"
    assert fields["caption"][1].decode() == "Глаз"
    assert fields["chat_id"][1] == b"42"
    assert b'"callback_data": "home"' in fields["reply_markup"][1].replace(b'":"', b'": "')
    document = next(r for r in fake.requests if r["method"] == "sendDocument")
    assert document["fields"]["document"][:2] == ("notes.txt", b"plain text\n")


async def test_parameters_reach_telegram_as_json(fake: FakeTelegram) -> None:
    fake.answer("sendMessage", 200, {"ok": True, "result": MESSAGE})
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Дом", callback_data="home")]])
    async with Bot(TOKEN, base_url=fake.base_url, request=AiohttpRequest()) as bot:
        await bot.send_message(42, "<b>Привет</b>", parse_mode="HTML", reply_markup=keyboard)
    (call,) = [r for r in fake.requests if r["method"] == "sendMessage"]
    assert call["content_type"] == "application/json"
    assert call["json"] == {
        "chat_id": 42,
        "text": "<b>Привет</b>",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "Дом", "callback_data": "home"}]]},
    }


async def test_an_http_proxy_from_the_environment_is_used(
    fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = fake.base_url.removesuffix("/bot")
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    transport = AiohttpRequest()
    try:
        # an address that cannot resolve: only the proxy can answer
        assert await post(transport, f"http://telegram.invalid/bot{TOKEN}/getMe") == BOT_USER
    finally:
        await transport.shutdown()
    assert fake.requests[0]["host"] == "telegram.invalid"


async def test_no_proxy_bypasses_the_proxy(
    fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # discard port: would fail
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    transport = AiohttpRequest()
    try:
        assert await post(transport, f"{fake.base_url}{TOKEN}/getMe") == BOT_USER
    finally:
        await transport.shutdown()


def test_socks_proxies_are_refused_with_the_way_out() -> None:
    with pytest.raises(ValueError, match="HTTP_CLIENT=httpx"):
        AiohttpRequest(proxy="socks5://127.0.0.1:1080")


async def test_invalid_json_raises_like_ptb(fake: FakeTelegram) -> None:
    assert AiohttpRequest.parse_json_payload(b'{"ok": true, "x": "\xff"}') == {
        "ok": True,
        "x": "\ufffd",  # PTB decodes with errors="replace"
    }
    with pytest.raises(Exception, match="Invalid server response"):
        AiohttpRequest.parse_json_payload(b"<html>")


def unclosed_session_warnings(run: Callable[[], Any]) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(run())
        gc.collect()
    return [str(w.message) for w in caught if "Unclosed" in str(w.message)]


def test_shutdown_closes_the_session() -> None:
    async def used_and_shut_down() -> None:
        transport = AiohttpRequest()
        await transport.initialize()
        await transport.shutdown()
        await transport.shutdown()  # twice is harmless

    async def never_shut_down() -> None:
        transport = AiohttpRequest()
        await transport.initialize()

    assert unclosed_session_warnings(used_and_shut_down) == []
    # the check can fail: a session left open is reported
    assert unclosed_session_warnings(never_shut_down) != []


def test_the_bot_closes_its_sessions_on_shutdown(services: Services, tmp_path: Any) -> None:
    async def run_and_stop() -> None:
        async with serving() as fake:
            settings = Settings(
                token=TOKEN,
                api_url=fake.base_url,
                database_url=f"sqlite:///{tmp_path / 'bot.db'}",
            )
            application = build_application(settings, services)
            async with running(application):
                await asyncio.sleep(0.1)
        assert {"getMe", "getUpdates"} <= {r["method"] for r in fake.requests}

    assert unclosed_session_warnings(run_and_stop) == []


@pytest.mark.parametrize(
    ("environ", "argv", "expected"),
    [
        ({}, [], "aiohttp"),
        ({"HTTP_CLIENT": "httpx"}, [], "httpx"),
        ({"HTTP_CLIENT": "httpx"}, ["--http-client", "aiohttp"], "aiohttp"),
    ],
)
def test_http_client_setting(
    services: Services, environ: dict[str, str], argv: list[str], expected: str
) -> None:
    settings = load_settings(argv, {"BOT_TOKEN": TOKEN, **environ})
    assert settings.http_client == expected
    application = build_application(settings, services)
    kind = AiohttpRequest if expected == "aiohttp" else HTTPXRequest
    assert isinstance(application.bot.request, kind)
    assert isinstance(application.updater.bot.request, kind)  # type: ignore[union-attr]


def test_an_unknown_http_client_is_refused() -> None:
    with pytest.raises(ConfigError, match="HTTP_CLIENT"):
        load_settings([], {"BOT_TOKEN": TOKEN, "HTTP_CLIENT": "requests"})


async def test_edits_skip_parsing_the_returned_message_but_keep_errors(fake: FakeTelegram) -> None:
    fake.answer("editMessageText", 200, {"ok": True, "result": {**MESSAGE, "text": "new"}})
    fake.answer("sendMessage", 200, {"ok": True, "result": MESSAGE})
    async with LeanBot(TOKEN, base_url=fake.base_url, request=AiohttpRequest()) as bot:
        assert await bot.edit_message_text("new", chat_id=42, message_id=7) is True
        sent = await bot.send_message(42, "hello")  # other methods still parse their result
        assert sent.message_id == 7
        fake.answer("editMessageText", 400, error_body(400, "Bad Request: message is not modified"))
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_text("new", chat_id=42, message_id=7)
