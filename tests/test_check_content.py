"""`python -m bot.check_content`: every problem by file and key, exit 1; else a summary, exit 0."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.check_content import main
from bot.content import CONTENT_DIR

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_content_passes_with_a_summary() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.check_content"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "content OK: 2 languages (en, ru), 9 areas, 18 causes" in result.stdout


def test_every_problem_is_printed_with_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)

    def edit(name: str, change) -> None:  # type: ignore[no-untyped-def]
        path = content / "texts" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def break_russian(data: dict) -> None:
        data["symptom_check"]["questions"].pop("over_2_weeks")
        data["areas"]["eyelid"]["keywords"].append("у меня")  # only ignored words
        data["red_flags"]["weakness"] = "<b>unclosed"

    edit("en.yaml", lambda data: data["causes"]["stress"].pop("how_common"))
    edit("ru.yaml", break_russian)

    assert main(["--content", str(content)]) == 1
    printed = capsys.readouterr().err
    assert printed.startswith("4 problem(s):")
    for expected in [
        "content/texts/en.yaml: causes.stress: 'how_common' is a required property",
        "content/texts/ru.yaml: symptom_check.questions.over_2_weeks: missing text",
        "content/texts/ru.yaml: areas.eyelid.keywords.",
        "content/texts/ru.yaml: red_flags.weakness: markup Telegram would refuse",
    ]:
        assert expected in printed


def test_yes_and_no_read_as_booleans_get_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "understanding" / "en.yaml"
    text = path.read_text(encoding="utf-8").replace('negations: ["no",', "negations: [no,")
    path.write_text(text, encoding="utf-8")
    assert main(["--content", str(content)]) == 1
    assert "put it in quotes" in capsys.readouterr().err


def test_understanding_names_only_defined_red_flags_and_means_every_emergency_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "understanding" / "ru.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["concepts"]["very_dehydrated"]["flags"] = ["fits_and_starts"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["--content", str(content)]) == 1
    printed = capsys.readouterr().err
    assert (
        "content/understanding/ru.yaml: concepts.very_dehydrated.flags: "
        "red flag 'fits_and_starts' is not defined"
    ) in printed
    assert "no concept means the emergency flag 'very_dehydrated'" in printed
