"""Getting updates: getMe, getUpdates, the webhook methods and its delivery, close, logOut."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import math
import re
import time
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from bot.emulator.arguments import Args
from bot.emulator.errors import (
    CONFLICT_OTHER_GET_UPDATES,
    CONFLICT_SET_WEBHOOK,
    CONFLICT_WEBHOOK_ACTIVE,
    JSON,
    BotApiError,
    bad,
)
from bot.emulator.records import Described, PollWaiter, Webhook
from bot.emulator.world import World

if TYPE_CHECKING:
    import aiohttp
    from aiohttp import web

LONG_POLL_MAX_TIMEOUT: Final = 50
DEFAULT_ALLOWED_UPDATES: Final = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
ALL_UPDATE_TYPES: Final = DEFAULT_ALLOWED_UPDATES | {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}


class UpdateMethods(World):
    close_cooldown: float
    webhook_retry_delay: float
    require_https_webhook: bool
    webhook_deliveries: list[JSON]
    _allowed_updates_custom: bool
    _webhook: Webhook | None
    _webhook_task: asyncio.Task[None] | None
    _logged_out: bool
    _closing: bool
    _started_at: float
    _session: aiohttp.ClientSession | None

    async def _get_me(self, args: Args, request: web.Request | None) -> JSON:
        return {
            **self.bot_user_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _update_allowed_updates(self, args: Args) -> None:
        if not args.text("allowed_updates"):
            return
        try:
            value = args.json_value("allowed_updates")
        except ValueError:
            return
        if not isinstance(value, list):
            return
        names = {item for item in value if isinstance(item, str) and item in ALL_UPDATE_TYPES}
        if names:
            self._allowed_updates = frozenset(names)
            self._allowed_updates_custom = True
        else:
            self._allowed_updates = DEFAULT_ALLOWED_UPDATES
            self._allowed_updates_custom = False

    def _confirm_updates(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _abort_long_poll(self, reason: str) -> None:
        if self._poll is not None:
            self._poll.abort_reason = reason
            self._poll.event.set()
            self._poll = None

    async def _get_updates(self, args: Args, request: web.Request | None) -> list[JSON]:
        if self._webhook is not None:
            raise BotApiError(409, CONFLICT_WEBHOOK_ACTIVE)
        offset = args.integer("offset", 0, -(2**31), 2**31 - 1)
        limit = args.integer("limit", 100, 1, 100)
        timeout = args.integer("timeout", 0, 0, LONG_POLL_MAX_TIMEOUT)
        self._update_allowed_updates(args)
        self._confirm_updates(offset)
        if self._updates or timeout == 0:
            return copy.deepcopy(self._updates[:limit])
        self._abort_long_poll(CONFLICT_OTHER_GET_UPDATES)
        waiter = PollWaiter(request)
        self._poll = waiter
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return []
                try:
                    await asyncio.wait_for(waiter.event.wait(), remaining)
                except TimeoutError:
                    return copy.deepcopy(self._updates[:limit])
                waiter.event.clear()
                if waiter.abort_reason is not None:
                    await asyncio.sleep(0.05)
                    transport = request.transport if request is not None else None
                    gone = transport is None or transport.is_closing()
                    raise BotApiError(409, waiter.abort_reason, record=not gone)
                if self._closing or self._webhook is not None:
                    return []
                if self._updates:
                    return copy.deepcopy(self._updates[:limit])
        finally:
            if self._poll is waiter:
                self._poll = None

    async def _set_webhook(self, args: Args, request: web.Request | None) -> Described:
        url = args.text("url")
        if url == "":
            return await self._delete_webhook(args, request)
        parts = urlsplit(url if "://" in url else "https://" + url)
        try:
            parts.port  # noqa: B018 - validates the port
        except ValueError:
            raise bad("invalid webhook URL specified") from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise bad("invalid webhook URL specified")
        secret = args.text("secret_token")
        if len(secret) > 256:
            raise bad("secret token is too long")
        if not re.fullmatch(r"[A-Za-z0-9_-]*", secret):
            raise bad("secret token contains unallowed characters")
        if self.require_https_webhook and parts.scheme.lower() != "https":
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        max_connections = args.integer("max_connections", 40, 1, 100)
        drop = args.flag("drop_pending_updates")
        current = self._webhook
        if (
            current is not None
            and current.url == url
            and current.secret_token == secret
            and current.max_connections == max_connections
            and not drop
        ):
            self._update_allowed_updates(args)
            return Described(True, "Webhook is already set")
        if drop:
            self._updates.clear()
        self._abort_long_poll(CONFLICT_SET_WEBHOOK)
        await self._stop_webhook_worker()
        self._update_allowed_updates(args)
        self._webhook = Webhook(url, secret, max_connections)
        self._webhook_task = asyncio.create_task(self._webhook_worker(self._webhook))
        return Described(True, "Webhook was set")

    async def _delete_webhook(self, args: Args, request: web.Request | None) -> Described:
        if args.flag("drop_pending_updates"):
            self._updates.clear()
        if self._webhook is None:
            return Described(True, "Webhook is already deleted")
        self._webhook = None
        await self._stop_webhook_worker()
        return Described(True, "Webhook was deleted")

    async def _get_webhook_info(self, args: Args, request: web.Request | None) -> JSON:
        info: JSON = {
            "url": self._webhook.url if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook is not None:
            info["max_connections"] = self._webhook.max_connections
            if self._webhook.last_error_date is not None:
                info["last_error_date"] = self._webhook.last_error_date
                info["last_error_message"] = self._webhook.last_error_message
        if self._allowed_updates_custom:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _webhook_worker(self, webhook: Webhook) -> None:
        import aiohttp  # the HTTP client: only needed once a webhook is set

        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        while self._webhook is webhook:
            if not self._updates:
                await self._webhook_signal.wait(3600.0)
                continue
            update = self._updates[0]
            body = json.dumps(update, ensure_ascii=False).encode("utf-8")
            error: str | None = None
            try:
                async with self._session.post(webhook.url, data=body, headers=headers) as resp:
                    await resp.read()
                    if not 200 <= resp.status < 300:
                        error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
            except aiohttp.ClientConnectorError:
                error = "Connection refused"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Webhook delivery failed: {exc!r}"
            if error is None:
                self.webhook_deliveries.append(update)
                if self._updates and self._updates[0] is update:
                    self._updates.pop(0)
            else:
                webhook.last_error_date = int(time.time())
                webhook.last_error_message = error
                await asyncio.sleep(self.webhook_retry_delay)

    async def _close(self, args: Args, request: web.Request | None) -> bool:
        elapsed = time.monotonic() - self._started_at
        if elapsed < self.close_cooldown:
            retry_after = max(1, math.ceil(self.close_cooldown - elapsed))
            raise BotApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        return True

    async def _log_out(self, args: Args, request: web.Request | None) -> bool:
        self._logged_out = True
        return True
