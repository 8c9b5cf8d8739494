"""python-telegram-bot's HTTP requests on aiohttp's client, with orjson for the JSON.

PTB's own transport (`HTTPXRequest`, on httpx/httpcore/anyio) costs about ten times the
client CPU of aiohttp's for one small POST, and it was most of a tap's CPU. `AiohttpRequest`
is a drop-in `telegram.request.BaseRequest`: the same defaults, the same timeout meaning
(read/write/connect/pool, with `BaseRequest.DEFAULT_NONE` meaning "this object's default"),
the same connection limit, and the same exceptions: timeouts raise `TimedOut`, every other
transport failure `NetworkError`, and `BaseRequest._request_wrapper` turns the HTTP status of
an answer into `RetryAfter`, `BadRequest`, `Forbidden`, `NetworkError` and so on exactly as for
PTB's own client. `HTTP_CLIENT=httpx` (bot/config.py) switches back to `HTTPXRequest`.

Differences from `HTTPXRequest`, all documented in docs/operating.md:
- aiohttp has no per-write timeout: the write timeout bounds the whole request instead
  (connect + write + read, when all three are finite).
- Proxies: `http://` proxies, given as `proxy=` or by `HTTPS_PROXY` / `HTTP_PROXY` /
  `ALL_PROXY` (and `NO_PROXY`) as httpx reads them. SOCKS and `https://` proxies are not
  supported by aiohttp; use `HTTP_CLIENT=httpx` for them.
- HTTP/1.1 only (PTB's HTTP/2 needs the `http2` extra and httpx).
"""

from __future__ import annotations

import asyncio
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import orjson
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

POOL_TIMEOUT_MESSAGE = (
    "Pool timeout: All connections in the connection pool are occupied. Request was *not* "
    "sent to Telegram. Consider adjusting the connection pool size or the pool timeout."
)
_JSON_HEADERS = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one `aiohttp.ClientSession`; arguments as `HTTPXRequest`'s."""

    __slots__ = (
        "_connect_timeout",
        "_connection_pool_size",
        "_media_write_timeout",
        "_pool",
        "_pool_timeout",
        "_proxies",
        "_proxy",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        proxy: str | None = None,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        if proxy is not None:
            _check_proxy(proxy)
        self._connection_pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._proxy = proxy
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._session: aiohttp.ClientSession | None = None
        # the pool is a semaphore rather than aiohttp's connector limit, so that a request that
        # waited too long for a connection is known never to have been sent (PTB's pool timeout)
        self._pool = asyncio.Semaphore(connection_pool_size)

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._pool = asyncio.Semaphore(self._connection_pool_size)  # bound to this loop
            connector = aiohttp.TCPConnector(limit=self._connection_pool_size, limit_per_host=0)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                skip_auto_headers=("Accept-Encoding",),
                auto_decompress=False,
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        """orjson instead of the standard library's json (measured in benchmarks/json_parse.py)."""
        try:
            return orjson.loads(payload)  # type: ignore[no-any-return,unused-ignore]
        except orjson.JSONDecodeError:
            # invalid UTF-8 or JSON: fall back to PTB's parser, its replacement and its error
            return BaseRequest.parse_json_payload(payload)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        if isinstance(read_timeout, DefaultValue):
            read_timeout = self._read_timeout
        if isinstance(connect_timeout, DefaultValue):
            connect_timeout = self._connect_timeout
        if isinstance(pool_timeout, DefaultValue):
            pool_timeout = self._pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write_timeout = self._media_write_timeout if files else self._write_timeout
        total = None
        if read_timeout is not None and write_timeout is not None and connect_timeout is not None:
            total = connect_timeout + write_timeout + read_timeout
        timeout = aiohttp.ClientTimeout(
            total=total,
            connect=connect_timeout,
            sock_connect=connect_timeout,
            sock_read=read_timeout,
        )
        body: Any = None
        headers: Mapping[str, str] | None = None
        if request_data is not None:
            if files:
                body = _multipart(request_data)
            else:
                try:
                    body = orjson.dumps(request_data.parameters)
                except TypeError:  # e.g. an int beyond 64 bits: the standard library's encoder
                    body = request_data.json_payload
                headers = _JSON_HEADERS
        await self._acquire(pool_timeout)
        try:
            async with session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                proxy=self._proxy_for(url),
            ) as response:
                return response.status, await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error
        finally:
            self._pool.release()

    async def _acquire(self, pool_timeout: float | None) -> None:
        if not self._pool.locked():
            await self._pool.acquire()  # free slot: returns at once
            return
        try:
            async with asyncio.timeout(pool_timeout):
                await self._pool.acquire()
        except TimeoutError as error:
            raise TimedOut(POOL_TIMEOUT_MESSAGE) from error

    def _proxy_for(self, url: str) -> str | None:
        if self._proxy is not None:
            return self._proxy
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        try:
            return self._proxies[key]
        except KeyError:
            proxy = _environment_proxy(*key)
            self._proxies[key] = proxy
            return proxy


def _check_proxy(proxy: str) -> None:
    if urlsplit(proxy).scheme != "http":
        raise ValueError(
            f"only http:// proxies work with HTTP_CLIENT=aiohttp, got {urlsplit(proxy).scheme}://;"
            " use HTTP_CLIENT=httpx (python-telegram-bot's own client) for SOCKS or https proxies"
        )


def _environment_proxy(scheme: str, host: str) -> str | None:
    """The proxy httpx would take from the environment for this scheme and host, if any."""
    proxies = urllib.request.getproxies_environment()
    if host and urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined,unused-ignore]
        return None
    proxy = proxies.get(scheme) or proxies.get("all")
    if proxy:
        _check_proxy(proxy)
    return proxy or None


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    """multipart/form-data as HTTPXRequest sends it: JSON-encoded fields plus the files."""
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


class LeanBot(ExtBot[None]):
    """ExtBot that does not turn the message Telegram returns for an edit into a `Message`.

    Editing a message answers with the whole edited message, keyboard included; parsing it
    into python-telegram-bot objects was about a sixth of a tap's CPU, and the bot never
    reads it. The edit methods return True instead, which their documented return type
    (`Message | bool`, True for inline messages) already allows. Errors are raised as before.
    """

    __slots__ = ()

    UNREAD_RESULTS = frozenset({"editMessageText", "editMessageReplyMarkup"})

    async def _do_post(
        self,
        endpoint: str,
        data: JSONDict,
        *,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> bool | JSONDict | list[JSONDict]:
        result = await super()._do_post(
            endpoint,
            data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if endpoint in self.UNREAD_RESULTS and isinstance(result, dict):
            return True
        return result
