"""Console mode: the real bot in a terminal or a pipe, Telegram emulated in-process."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from bot.config import load_settings
from bot.console import run_console
from bot.context import Services

ROOT = Path(__file__).resolve().parent.parent


def console(stdin: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "bot.py", "--console", "--database-url", str(tmp_path / "c.db"), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_piped_console_taps_through_the_guide_without_a_token(
    tmp_path: Path, services: Services
) -> None:
    en = services.languages["en"]
    eyelid = en.texts.areas["eyelid"].title
    result = console("1\n1\n/urgent\nmy calf twitches\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert en.gettext("Muscle twitching: a calm guide") in out
    assert f"[1] {eyelid}" in out  # buttons are numbered
    assert "(edited the message above)" in out  # taps edit in place, as on a phone
    first_cause = en.texts.causes[services.guide.areas[0].causes[0].id].title
    assert first_cause in out
    assert en.gettext("Urgent warning signs") in out
    assert "\033[" not in out  # plain text when not a terminal
    assert "Bot API error" not in out
    assert "Traceback" not in result.stderr


def number_of(output: str, label: str) -> str:
    """The number the console printed for the newest button with this label."""
    return re.findall(rf"\[(\d+)\] {re.escape(label)}", output)[-1]


def test_console_in_russian_keeps_its_database(tmp_path: Path, services: Services) -> None:
    ru, en = services.languages["ru"], services.languages["en"]
    first = console("", tmp_path, "--lang", "ru")
    assert ru.gettext("Muscle twitching: a calm guide") in first.stdout
    language = number_of(first.stdout, ru.gettext("🌐 Language"))
    menu = console(f"{language}\n", tmp_path, "--lang", "ru").stdout
    assert ru.gettext("Choose a language") in menu
    english = number_of(menu, en.texts.name)
    console(f"{language}\n{english}\n", tmp_path, "--lang", "ru")
    again = console("", tmp_path, "--lang", "ru")  # a new process, the same database
    assert en.gettext("Muscle twitching: a calm guide") in again.stdout


async def test_console_runs_in_process(tmp_path: Path, services: Services) -> None:
    settings = load_settings(["--console", "--database-url", str(tmp_path / "c.db")], {})
    out = io.StringIO()
    await run_console(settings, "en", stdin=io.StringIO("1\n/about\nqwertyuiop\n"), stdout=out)
    text = out.getvalue()
    en = services.languages["en"]
    assert "(edited the message above)" in text
    assert f"\n{en.texts.areas[services.guide.areas[0].id].title}\n" in text
    assert en.gettext("About this information") in text
    hint = "I didn't recognise that. Choose where you feel the twitching, "
    assert en.gettext(hint + "or describe it in a few words:") in text


def test_a_picture_is_saved_to_a_file_and_its_path_printed(tmp_path: Path) -> None:
    from bot.console import Screen
    from bot.emulator import MessageSnapshot

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 40
    message = MessageSnapshot(
        7, 1, "new", None, None, None, [], None, 0, photo=png, caption="Your week"
    )
    out = io.StringIO()
    Screen(out, styled=False, pictures=tmp_path / "pictures").show(message)
    saved = re.search(r"\[picture saved to (.+\.png)\]", out.getvalue())
    assert saved is not None, out.getvalue()
    assert Path(saved.group(1)).read_bytes() == png
    assert "Your week" in out.getvalue()


def test_console_body_map_is_saved_as_a_png(tmp_path: Path, services: Services) -> None:
    en = services.languages["en"]
    first = console("", tmp_path)
    body_map = number_of(first.stdout, en.gettext("🗺 Show on a body map"))
    result = console(f"{body_map}\n", tmp_path)
    assert result.returncode == 0, result.stderr
    saved = re.search(r"\[picture saved to (.+\.png)\]", result.stdout)
    assert saved is not None, result.stdout[-2000:]
    assert Path(saved.group(1)).read_bytes().startswith(b"\x89PNG")
    assert "Bot API error" not in result.stdout
