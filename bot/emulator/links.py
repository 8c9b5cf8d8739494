"""Links in ``<a href>``, entities and buttons: tdlib's ``LinkManager::check_link``, simplified."""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import urlsplit

from bot.emulator.errors import Fail

_TG_USER_LINK: Final = re.compile(r"tg:(?://)?user\?id=(\d+)", re.IGNORECASE)


def link_user_id(url: str) -> int | None:
    match = _TG_USER_LINK.fullmatch(url.strip())
    if match is None:
        return None
    user_id = int(match.group(1))
    return user_id if 0 < user_id < (1 << 40) else None


def check_link(url: str) -> str:
    """Validate a link the way tdlib does for buttons and ``<a href>``; return it normalized.

    http(s) links need a host with a dot and an alphabetic top-level domain (or an IP address);
    ``tg:`` and ``ton:`` links are accepted; other schemes are "Unsupported URL protocol".  A link
    without a scheme gets ``http://``.  Raises ``Fail("URL '...' is invalid: <reason>")``.
    """
    link = url.strip()

    def fail(reason: str) -> Fail:
        return Fail(f"URL '{url}' is invalid: {reason}")

    lowered = link.lower()
    for scheme in ("tg:", "ton:"):
        if lowered.startswith(scheme):
            rest = link[len(scheme) :]
            rest = rest.removeprefix("//")
            if not re.fullmatch(r"[A-Za-z0-9_\-]+(?:[/?#].*)?", rest, re.DOTALL):
                raise fail(f"Wrong {scheme[:-1]} URL")
            return f"{scheme}//{rest}"
    if "://" in link:
        scheme = link.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise fail("Unsupported URL protocol")
        full = link
    else:
        full = "http://" + link
    if any(ch.isspace() for ch in full):
        raise fail("Wrong HTTP URL")
    parts = urlsplit(full)
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise fail("Wrong port number specified in the URL") from None
    host = parts.hostname or ""
    if not host:
        raise fail("Wrong HTTP URL")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.rstrip(".").split(".")
        tld = labels[-1]
        if (
            len(labels) < 2
            or not all(labels)
            or not all(re.fullmatch(r"[\w-]+", label) for label in labels)
            or not (tld.startswith("xn--") or (tld.isalpha() and len(tld) >= 2))
        ):
            raise fail("Wrong HTTP URL") from None
    return full
