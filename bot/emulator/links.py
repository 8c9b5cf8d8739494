"""Links in ``<a href>``, entities and buttons: a port of tdlib's ``LinkManager::check_link``
(with ``parse_url`` and ``HttpUrl::get_url`` from tdutils) and ``LinkManager::get_link_user_id``.

Like tdlib, this works on the link as given (no trimming) and normalises what it accepts:
``example.com`` -> ``http://example.com/``, ``HTTPS://Example.Com`` -> ``https://example.com/``,
spaces and control characters in the path percent-encoded, ``tg:resolve?x`` ->
``tg://resolve?x``.  tests/emulator/test_tdlib.py checks it against TDLib itself.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Final

from bot.emulator.errors import Fail

_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_URL_PART_SYMBOLS: Final = frozenset(".-_!$,~*'();&+=")
_HEX: Final = frozenset("0123456789abcdefABCDEF")
_TD_SPACE: Final = frozenset(" \t\r\n\0\v")
_MAX_USER_ID: Final = (1 << 40) - 1


def _lower(text: str) -> str:
    """tdlib's ``to_lower``: ASCII letters only."""
    return text.translate(_ASCII_LOWER)


def _is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _to_integer_safe(text: str, bits: int) -> int | None:
    """tdlib's ``to_integer_safe``: the text must be exactly the decimal form of the number."""
    digits = text.removeprefix("-")
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    value = int(text)
    if str(value) != text or not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        return None
    return value


def link_user_id(url: str) -> int | None:
    """The user of a ``tg://user?id=<id>`` link (tdlib's ``get_link_user_id``), else None."""
    rest = _lower(url)
    if not rest.startswith("tg:"):
        return None
    rest = rest[3:].removeprefix("//")
    if not rest.startswith("user") or (len(rest) > 4 and rest[4] not in "/?#"):
        return None
    rest = rest[4:].removeprefix("/")
    if not rest.startswith("?"):
        return None
    rest = rest[1:].split("#", 1)[0]
    for parameter in rest.split("&"):
        key, _, value = parameter.partition("=")
        if key == "id":
            user_id = _to_integer_safe(value, 64)
            if user_id is None or not 0 < user_id <= _MAX_USER_ID:
                return None
            return user_id
    return None


@dataclass(frozen=True)
class _HttpUrl:
    https: bool
    userinfo: str
    host: str
    is_ipv6: bool
    specified_port: int
    query: str

    def url(self) -> str:
        """tdutils' ``HttpUrl::get_url``."""
        userinfo = f"{self.userinfo}@" if self.userinfo else ""
        port = f":{self.specified_port}" if self.specified_port > 0 else ""
        scheme = "https" if self.https else "http"
        return f"{scheme}://{userinfo}{self.host}{port}{self.query}"


def _read_till(text: str, position: int, stops: str) -> int:
    while position < len(text) and text[position] not in stops:
        position += 1
    return position


def _check_url_part(part: str, name: str, allow_colon: bool) -> None:
    i = 0
    while i < len(part):
        ch = part[i]
        if _is_alnum(ch) or ch in _URL_PART_SYMBOLS or (allow_colon and ch == ":"):
            i += 1
            continue
        if ch == "%":
            if part[i + 1 : i + 2] in _HEX and part[i + 2 : i + 3] in _HEX:
                i += 3
                continue
            raise Fail(f"Wrong percent-encoded symbol in URL {name}")
        if not ch.isascii():  # plain UTF-8 symbols are allowed
            i += 1
            continue
        raise Fail(f"Disallowed character in URL {name}")


def _parse_url(url: str) -> _HttpUrl:
    """tdutils' ``parse_url``: ``[https?://][userinfo@]host[:port][/query]``."""
    position = _read_till(url, 0, ":/?#@[]")
    if url.startswith("://", position):
        scheme = _lower(url[:position])
        if scheme not in ("http", "https"):
            raise Fail("Unsupported URL protocol")
        https = scheme == "https"
        position += 3
    else:
        https = False
        position = 0
    end = _read_till(url, position, "/?#")
    userinfo_host_port = url[position:end]

    port = 0
    colon = len(userinfo_host_port) - 1
    while colon > 0 and userinfo_host_port[colon] not in ":]@":
        colon -= 1
    if colon > 0 and userinfo_host_port[colon] == ":":
        port_text = userinfo_host_port[colon + 1 :]
        while len(port_text) > 1 and port_text[0] == "0":
            port_text = port_text[1:]
        parsed = _to_integer_safe(port_text, 32)
        port = parsed if parsed else -1  # None or 0: wrong
        userinfo_host = userinfo_host_port[:colon]
    else:
        userinfo_host = userinfo_host_port
    if port < 0 or port > 65535:
        raise Fail("Wrong port number specified in the URL")

    userinfo, _, host = userinfo_host.rpartition("@")
    is_ipv6 = False
    if host.startswith("[") and host.endswith("]"):
        try:
            if "%" in host:
                raise ValueError(host)
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise Fail("Wrong IPv6 address specified in the URL") from None
        is_ipv6 = True
    if not host:
        raise Fail("URL host is empty")
    if host == ".":
        raise Fail("Host is invalid")

    query = url[end:]
    while query and query[-1] in _TD_SPACE:
        query = query[:-1]
    query = query or "/"
    encoded = "" if query[0] == "/" else "/"
    encoded += "".join(f"%{ord(ch):02X}" if ord(ch) <= 0x20 else ch for ch in query)

    host = _lower(host)
    if is_ipv6:
        if any(ch not in ":0123456789abcdef." for ch in host[1:-1]):
            raise Fail("Wrong IPv6 URL host")
    else:
        _check_url_part(host, "host", False)
        _check_url_part(userinfo, "userinfo", True)
    return _HttpUrl(https, userinfo, host, is_ipv6, port, encoded)


def _check_link(link: str) -> str:
    """tdlib's ``LinkManager::check_link_impl``: the normalised link, or Fail(reason)."""
    scheme = ""
    lowered = _lower(link)
    for prefix in ("tg:", "ton:", "tonsite:"):
        if lowered.startswith(prefix):
            scheme = prefix[:-1]
            link = link[len(prefix) :].removeprefix("//")
            break
    url = _parse_url(link)
    if not scheme:
        if "." not in url.host and not url.is_ipv6:
            raise Fail("Wrong HTTP URL")
        return url.url()
    if (
        _lower(link).startswith("http://")
        or url.https
        or url.userinfo
        or url.specified_port != 0
        or url.is_ipv6
    ):
        raise Fail("Wrong tg URL" if scheme == "tg" else "Wrong ton URL")
    query = url.query
    if len(query) > 1 and query[1] == "?":
        query = query[1:]
    for ch in url.host:
        if not _is_alnum(ch) and ch not in "-_" and not (scheme == "tonsite" and ch == "."):
            raise Fail("Unallowed characters in URL host")
    return f"{scheme}://{url.host}{query}"


def check_link(url: str) -> str:
    """Validate a link the way tdlib does for buttons, entities and ``<a href>``; return it
    normalised.  Raises ``Fail("URL '...' is invalid: <reason>")`` with tdlib's reason."""
    try:
        return _check_link(url)
    except Fail as exc:
        raise Fail(f"URL '{url}' is invalid: {exc}") from None
