"""A compiled cache of the checked content, so that a restart skips parsing and checking.

At start-up the bot parses every content file and catalog, validates them against their
JSON Schemas and renders every screen in every language; that is most of its start-up time.
The result depends only on those files and on the code, so it is pickled after a check that
passed, keyed by a hash of the content files, the catalogs, the bot's source files and the
versions of Python and the libraries, and loaded instead when nothing changed. Content that
fails the checks is never written, so invalid content still refuses to start; any change
to a file is a new key, so it is parsed and checked again. A cache that cannot be read or
written (read-only disk, no home directory, a damaged file) is ignored: the bot then loads
and checks everything as before.

The cache lives in `$XDG_CACHE_HOME/twitch-guide-bot` (default `~/.cache/...`), or in the
directory `CONTENT_CACHE_DIR` (`--content-cache-dir`) names; `off` turns it off.
"""

from __future__ import annotations

import copyreg
import gettext
import hashlib
import io
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
INPUTS = (("content", "**/*"), ("locales", "**/*.po"), ("bot", "**/*.py"))
LIBRARIES = ("python-telegram-bot", "babel", "pyyaml", "jsonschema", "snowballstemmer", "rapidfuzz")
T = TypeVar("T")


def cache_dir(chosen: str = "", environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where the cache lives (CONTENT_CACHE_DIR, else XDG's), or None when it is off."""
    chosen = chosen.strip()
    if chosen.lower() in ("off", "0", "false", "no"):
        return None
    if chosen:
        return Path(chosen)
    try:
        base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory
        return None
    return Path(base) / "twitch-guide-bot"


def fingerprint(root: Path = ROOT) -> str:
    """A hash of everything the checked content is computed from."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    for folder, pattern in INPUTS:
        for path in sorted((root / folder).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")
    return digest.hexdigest()[:32]


def _rebuild_translations(state: dict[str, Any]) -> gettext.GNUTranslations:
    translations = gettext.GNUTranslations.__new__(gettext.GNUTranslations)
    translations.__dict__.update(state)
    forms = state.get("_info", {}).get("plural-forms", "")
    expression = forms.split(";")[1].split("plural=")[1] if "plural=" in forms else "n != 1"
    translations.plural = gettext.c2py(expression)  # type: ignore[attr-defined]
    return translations


def _reduce_translations(translations: gettext.GNUTranslations) -> tuple[Any, ...]:
    state = {k: v for k, v in translations.__dict__.items() if k != "plural"}
    return _rebuild_translations, (state,)


def _mapping_proxy(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


def _reduce_mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return _mapping_proxy, (dict(proxy),)


def _locale(identifier: str) -> Any:
    from babel import Locale

    return Locale.parse(identifier)  # its CLDR data is loaded again lazily, on first use


def _reduce_locale(locale: Any) -> tuple[Any, ...]:
    return _locale, (str(locale),)


def _dumps(value: object) -> bytes:
    from babel import Locale

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[MappingProxyType] = _reduce_mapping_proxy
    pickler.dispatch_table[gettext.GNUTranslations] = _reduce_translations
    pickler.dispatch_table[Locale] = _reduce_locale
    pickler.dump(value)
    return buffer.getvalue()


def load_checked(name: str, build: Callable[[], T], directory: Path | None, root: Path = ROOT) -> T:
    """`build()`'s result from the cache when the inputs under `root` are unchanged, else
    build and store it; no cache when `directory` is None.

    `build` raises on invalid content; nothing is stored then."""
    if directory is None:
        return build()
    try:
        path = directory / f"{name}-{fingerprint(root)}.pickle"
    except OSError as error:
        log.warning("content cache off: cannot read the inputs: %s", error)
        return build()
    try:
        with path.open("rb") as file:
            value: T = pickle.load(file)
        log.debug("checked content loaded from the cache %s", path)
        return value
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged or foreign file: rebuild it
        log.warning("content cache %s unreadable, checking the content again: %r", path, error)
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value: object) -> None:
    try:
        data = _dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{path.name.split('-')[0]}-*.pickle"):
            stale.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as file:
            file.write(data)
        os.replace(file.name, path)  # atomic: a concurrent start never reads half a file
    except Exception as error:
        log.info("content cache not written (%s): %r", path.parent, error)
