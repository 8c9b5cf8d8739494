"""The content cache: a fast start-up that never serves content the checks did not pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import load_content
from bot.cache import ROOT, cache_dir, fingerprint, load_checked
from bot.content import ContentError
from bot.context import Services


class Builds:
    """A build function that counts its calls and can be told to fail as invalid content does."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0
        self.invalid = False

    def __call__(self) -> object:
        self.calls += 1
        if self.invalid:
            raise ContentError([])
        return self.value


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "structure.yaml").write_text("areas: []\n")
    return root


def test_a_second_start_reads_the_cache(tmp_path: Path, sources: Path) -> None:
    build = Builds({"areas": ["eyelid"]})
    first = load_checked("content", build, tmp_path / "cache", sources)
    second = load_checked("content", build, tmp_path / "cache", sources)
    assert first == second == {"areas": ["eyelid"]}
    assert build.calls == 1


def test_changed_content_is_checked_again_and_invalid_content_refuses(
    tmp_path: Path, sources: Path
) -> None:
    build = Builds("valid")
    load_checked("content", build, tmp_path / "cache", sources)
    (sources / "content" / "structure.yaml").write_text("areas: [broken\n")
    build.invalid = True
    with pytest.raises(ContentError):  # the old, valid cache is not used
        load_checked("content", build, tmp_path / "cache", sources)
    with pytest.raises(ContentError):  # nor was the failure cached
        load_checked("content", build, tmp_path / "cache", sources)
    assert build.calls == 3


def test_a_code_change_is_a_new_key(sources: Path) -> None:
    before = fingerprint(sources)
    (sources / "bot").mkdir()
    (sources / "bot" / "screens.py").write_text("LIMIT = 4096\n")
    assert fingerprint(sources) != before


def test_an_unwritable_cache_is_ignored(tmp_path: Path, sources: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    build = Builds("value")
    assert load_checked("content", build, blocker / "cache", sources) == "value"
    assert load_checked("content", build, blocker / "cache", sources) == "value"
    assert build.calls == 2


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, sources: Path) -> None:
    build = Builds("value")
    load_checked("content", build, tmp_path / "cache", sources)
    (cached,) = (tmp_path / "cache").glob("content-*.pickle")
    cached.write_bytes(b"\x80\x05garbage")
    assert load_checked("content", build, tmp_path / "cache", sources) == "value"
    assert build.calls == 2
    assert load_checked("content", build, tmp_path / "cache", sources) == "value"
    assert build.calls == 2


def test_cache_dir_settings(tmp_path: Path) -> None:
    assert cache_dir("off") is None
    assert cache_dir(str(tmp_path)) == tmp_path
    xdg = cache_dir("", {"XDG_CACHE_HOME": str(tmp_path)})
    assert xdg == tmp_path / "twitch-guide-bot"


def test_cached_content_speaks_exactly_as_freshly_checked_content(
    tmp_path: Path, services: Services
) -> None:
    load_checked("content", load_content, tmp_path, ROOT)
    cached, tips = load_checked("content", load_content, tmp_path, ROOT)
    assert cached is not services
    assert cached.guide == services.guide
    assert tips == load_content()[1]
    for code, fresh in services.languages.items():
        lang = cached.languages[code]
        assert lang.texts == fresh.texts
        assert str(lang.locale) == str(fresh.locale)
        catalog = getattr(fresh.translations, "_catalog", {})
        plurals = {key[0] for key in catalog if isinstance(key, tuple)}
        for msgid in catalog:
            if isinstance(msgid, str):
                assert lang.gettext(msgid) == fresh.gettext(msgid)
        for msgid in plurals:  # the plural rule survives (Russian has three forms)
            for n in range(30):
                assert lang.ngettext(msgid, msgid, n) == fresh.ngettext(msgid, msgid, n)
        if code == "ru":
            assert len(plurals) >= 1
            # Some words repeat a form («раз, раза, раз»); glasses have three.
            assert any(len({lang.ngettext(p, "", n) for n in (1, 2, 5)}) == 3 for p in plurals)
    for text, code in [("дёргается глаз уже неделю", "ru"), ("calf twitching after running", "en")]:
        assert cached.understanding.read(text, code) == services.understanding.read(text, code)


def test_invalid_content_still_refuses_to_start_with_a_warm_cache(tmp_path: Path) -> None:
    """python bot.py on a copy of the project: a valid start fills the cache, a broken
    content file then stops the next start with the content error."""
    project = tmp_path / "project"
    for name in ("bot", "content", "locales"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "bot.py", project / "bot.py")
    cache = tmp_path / "cache"
    check = (
        "import sys; sys.path.insert(0, '.'); from bot.app import build_application; "
        "from bot.config import load_settings; import os; "
        "build_application(load_settings([], os.environ)); print('built')"
    )
    env = {"BOT_TOKEN": "123456:" + "A" * 35, "CONTENT_CACHE_DIR": str(cache), "PATH": ""}
    built = subprocess.run(
        [sys.executable, "-c", check], cwd=project, env=env, capture_output=True, text=True
    )
    assert built.stdout.strip() == "built", built.stderr
    assert list(cache.glob("content-*.pickle"))
    texts = project / "content" / "texts" / "en.yaml"
    texts.write_text(texts.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "bot.py"], cwd=project, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "unknown_key" in refused.stderr
