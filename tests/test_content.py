"""Content: the shipped guide is complete and safe, and broken edits are caught by file and key."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import CONTENT_DIR, ContentError, load_guide
from bot.guide import Guide, Tier

REQUIRED_AREAS = {"eyelid", "face", "neck", "arm", "back", "leg", "foot", "whole_body"}
# Prescription treatments named by the seed article; the bot must never suggest them.
PRESCRIPTION = re.compile(
    r"potassium chloride|calcium gluconate|mecobalamin|epalrestat|riluzole|edaravone|"
    r"хлорид калия|глюконат кальция|мекобаламин|эпалрестат|рилузол|эдаравон",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide()


def test_shipped_content_is_complete(guide: Guide) -> None:
    assert {area.id for area in guide.areas} >= REQUIRED_AREAS
    assert len(guide.causes) >= 10
    assert set(guide.languages) >= {"en", "ru"}
    assert guide.flags_of_tier(Tier.EMERGENCY) and guide.flags_of_tier(Tier.DOCTOR)
    for area in guide.areas:
        assert area.causes and area.sources
    for cause in guide.causes.values():
        assert cause.sources, cause.id
        assert cause.red_flags, f"{cause.id} has no red flags"


def test_rare_serious_causes_come_last(guide: Guide) -> None:
    for area in guide.areas:
        ids = [cause.id for cause in area.causes]
        if "mnd" in ids:
            assert ids[-1] == "mnd", f"{area.id}: motor neurone disease must be listed last"


@pytest.mark.parametrize("code", ["en", "ru"])
def test_no_prescription_medicine_is_suggested(guide: Guide, code: str) -> None:
    raw = (CONTENT_DIR / "texts" / f"{code}.yaml").read_text(encoding="utf-8")
    assert not PRESCRIPTION.search(raw)


@pytest.mark.parametrize(
    ("code", "numbers"), [("en", ["999", "911", "112"]), ("ru", ["112", "103"])]
)
def test_emergency_numbers_are_local(guide: Guide, code: str, numbers: list[str]) -> None:
    for number in numbers:
        assert number in guide.texts[code].emergency


def broken_copy(tmp_path: Path, edit: str, change) -> Path:  # type: ignore[no-untyped-def]
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / edit
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return content


def problems_for(content: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_guide(content)
    return [str(problem) for problem in error.value.problems]


def test_missing_translation_names_file_and_key(tmp_path: Path) -> None:
    content = broken_copy(tmp_path, "texts/ru.yaml", lambda d: d["causes"].pop("stress"))
    assert "content/texts/ru.yaml: causes.stress: missing text" in problems_for(content)


def test_unknown_reference_names_file_and_key(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["areas"][0]["causes"].append("ghost")

    problems = problems_for(broken_copy(tmp_path, "structure.yaml", change))
    assert any(
        p.startswith("content/structure.yaml: areas.0.causes.") and "ghost" in p for p in problems
    )


def test_markup_telegram_refuses_is_caught(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["causes"]["stress"]["about"] = "<b>unclosed and a < sign"

    problems = problems_for(broken_copy(tmp_path, "texts/en.yaml", change))
    assert any(p.startswith("content/texts/en.yaml: causes.stress.about: markup") for p in problems)


def test_schema_errors_are_all_reported(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["red_flags"][0]["tier"] = "someday"
        data["areas"][1]["id"] = "Bad Id"

    problems = problems_for(broken_copy(tmp_path, "structure.yaml", change))
    assert any("red_flags.0.tier" in p for p in problems)
    assert any("areas.1.id" in p for p in problems)


def test_a_third_language_needs_only_files(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    german = yaml.safe_load((content / "texts" / "en.yaml").read_text(encoding="utf-8"))
    german["language"]["name"] = "Deutsch"
    (content / "texts" / "de.yaml").write_text(yaml.safe_dump(german), encoding="utf-8")
    words = yaml.safe_load((content / "understanding" / "en.yaml").read_text(encoding="utf-8"))
    words.update(stemmer="german", lemmatizer="none")
    (content / "understanding" / "de.yaml").write_text(yaml.safe_dump(words), encoding="utf-8")
    assert load_guide(content).texts["de"].name == "Deutsch"


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    (content / "texts" / "en.yaml").write_text("language: [unclosed\n", encoding="utf-8")
    assert any(p.startswith("content/texts/en.yaml: line") for p in problems_for(content))
