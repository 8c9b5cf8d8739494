"""The emulator itself: one Bot API method call in, Telegram's answer out."""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self

from bot.emulator.arguments import Args, to_integer
from bot.emulator.errors import JSON, BotApiError
from bot.emulator.media import StoredPhoto
from bot.emulator.methods.commands import CommandMethods
from bot.emulator.methods.media import MediaMethods
from bot.emulator.methods.updates import DEFAULT_ALLOWED_UPDATES, UpdateMethods
from bot.emulator.records import (
    ApiCall,
    ApiErrorRecord,
    CallbackQuery,
    Described,
    PollWaiter,
    Signal,
    Webhook,
)
from bot.emulator.users import SimulatedUser

if TYPE_CHECKING:
    import aiohttp
    from aiohttp import web

TOKEN_RE: Final = re.compile(r"\d+:[A-Za-z0-9_-]{20,}")


Handler = Callable[[Args, "web.Request | None"], Awaitable[Any]]
MethodHook = Callable[[str, dict[str, Any]], Awaitable[None]]
"""Runs before every known method (after the token checks) with the canonical method name and
the parameters; it may raise :class:`BotApiError` to fail the call or sleep to delay it."""


class BotApiEmulator(UpdateMethods, CommandMethods, MediaMethods):
    """An in-process fake of api.telegram.org.  Use as ``async with BotApiEmulator(token=...)``."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "fake_test_bot",
        bot_first_name: str = "Fake Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        callback_timeout: float = 15.0,
        max_messages_per_second: float | None = None,
        close_cooldown: float = 600.0,
        webhook_retry_delay: float = 1.0,
        require_https_webhook: bool = False,
        detect_entities: bool = True,
    ) -> None:
        if not TOKEN_RE.fullmatch(token):
            raise ValueError(f"not a bot token: {token!r}")
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.host = host
        self.port = port
        self.callback_timeout = callback_timeout
        self.max_messages_per_second = max_messages_per_second
        self.close_cooldown = close_cooldown
        self.webhook_retry_delay = webhook_retry_delay
        self.require_https_webhook = require_https_webhook
        self.detect_entities = detect_entities

        self.calls: list[ApiCall] = []
        self.errors: list[ApiErrorRecord] = []
        self.users: dict[int, SimulatedUser] = {}
        self.webhook_deliveries: list[JSON] = []

        self._updates: list[JSON] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._allowed_updates_custom = False
        self._poll: PollWaiter | None = None
        self._webhook: Webhook | None = None
        self._webhook_signal = Signal()
        self._webhook_task: asyncio.Task[None] | None = None
        self._callback_queries: dict[str, CallbackQuery] = {}
        self._next_callback_id = 1
        self._commands: dict[tuple[tuple[Any, ...], str], list[dict[str, str]]] = {}
        self._send_times: deque[float] = deque()
        self.paid_broadcasts = 0  # messages sent with allow_paid_broadcast=True
        self._injected: dict[str, deque[BotApiError]] = {}
        self._photos: dict[str, StoredPhoto] = {}
        self._logged_out = False
        self._closing = False
        self._started_at = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.hooks: list[MethodHook] = []  # fault injection: see MethodHook
        self._methods: dict[str, tuple[str, Handler]] = {}
        for name, handler in (
            ("getMe", self._get_me),
            ("getUpdates", self._get_updates),
            ("setWebhook", self._set_webhook),
            ("deleteWebhook", self._delete_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("setMyCommands", self._set_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
            ("sendMessage", self._send_message),
            ("editMessageText", self._edit_message_text),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("answerCallbackQuery", self._answer_callback_query),
            ("deleteMessage", self._delete_message),
            ("sendChatAction", self._send_chat_action),
            ("sendPhoto", self._send_photo),
            ("editMessageMedia", self._edit_message_media),
            ("editMessageCaption", self._edit_message_caption),
            ("close", self._close),
            ("logOut", self._log_out),
        ):
            self._methods[name.lower()] = (name, handler)

    async def start(self) -> None:
        """Serve the Bot API over HTTP on ``host:port`` (the aiohttp server is only imported here:
        the console calls :meth:`call` in-process and never starts it)."""
        from bot.emulator.transport import start_server

        self._runner = await start_server(self, self.host, self.port)
        self.port = self._runner.addresses[0][1]
        self._started_at = time.monotonic()

    async def stop(self) -> None:
        self._closing = True
        if self._poll is not None:
            self._poll.event.set()
        await self._stop_webhook_worker()
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Pass to ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    def method_url(self, method: str, token: str | None = None) -> str:
        """Full URL of a method, e.g. for calling the API with httpx in tests."""
        return f"{self.base_url}{token or self.token}/{method}"

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        retry_after: int | None = None,
    ) -> None:
        """Make the next call of ``method`` fail with this status (e.g. 502 or 429)."""
        error = BotApiError(status, description, retry_after=retry_after)
        self._injected.setdefault(method.lower(), deque()).append(error)

    async def call(
        self,
        token: str,
        raw_method: str,
        params: dict[str, Any],
        request: web.Request | None = None,
    ) -> tuple[int, JSON]:
        """Run one Bot API method as Telegram would; returns (HTTP status, JSON body).

        The HTTP server calls this for each request; the console mode calls it in-process.
        """
        known = self._methods.get(raw_method.lower())
        name = known[0] if known else raw_method
        self.calls.append(ApiCall(name, params, request.method if request else "POST", time.time()))
        try:
            if not TOKEN_RE.fullmatch(token):
                raise BotApiError(404, "Not Found")
            if token != self.token or self._logged_out:
                raise BotApiError(401, "Unauthorized")
            if known is None:
                raise BotApiError(404, "Not Found")
            injected = self._injected.get(raw_method.lower())
            if injected:
                raise injected.popleft()
            for hook in self.hooks:
                await hook(name, params)
            result = await known[1](Args(params), request)
        except BotApiError as exc:
            if exc.record:
                self._record_error(name, exc, params)
            return exc.error_code, exc.payload()
        except Exception as exc:  # a bug in this emulator: make it loud
            error = BotApiError(500, f"Internal Server Error: emulator bug: {exc!r}")
            self._record_error(name, error, params)
            return 500, error.payload()
        body: JSON = {"ok": True}
        if isinstance(result, Described):
            body["result"] = result.value
            body["description"] = result.description
        else:
            body["result"] = result
        return 200, body

    def _record_error(self, method: str, error: BotApiError, params: dict[str, Any]) -> None:
        chat_id_text = Args(params).text("chat_id")
        chat_id = to_integer(chat_id_text) if re.match(r"\s*-?\d", chat_id_text) else None
        self.errors.append(
            ApiErrorRecord(method, error.error_code, error.description, chat_id, dict(params))
        )
