"""Interface strings: every one is translated, and the catalogs match the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.content import CONTENT_DIR
from bot.i18n import LOCALES_DIR, catalog_path, load_translations
from bot.markup import visible_text

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [p.parent.parent.name for p in LOCALES_DIR.glob("*/LC_MESSAGES/messages.po")]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def msgids_in_code() -> set[str]:
    found = extract_from_dir(str(ROOT / "bot"), method_map=[("**.py", "python")])
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def msgids(path: Path, locale: str | None = None) -> set[str]:
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_content_language_has_a_catalog_and_every_catalog_a_language() -> None:
    content = {path.stem for path in (CONTENT_DIR / "texts").glob("*.yaml")}
    assert "ru" in TRANSLATED
    # English is the language of the code's strings: it needs no catalog
    assert set(TRANSLATED) | {"en"} == content


def test_template_is_up_to_date_with_the_code() -> None:
    in_code = msgids_in_code()
    in_template = msgids(LOCALES_DIR / "messages.pot")
    assert in_code - in_template == set(), (
        "new strings: run pybabel extract (see content/README.md)"
    )
    assert in_template - in_code == set(), "stale strings: run pybabel extract"


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_is_complete_and_current(code: str) -> None:
    path = catalog_path(code)
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=code)
    assert msgids(path, code) == msgids_in_code(), f"{path}: run pybabel update"
    plural_forms = catalog.num_plurals
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{path}: fuzzy translation of {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        source = message.id if isinstance(message.id, str) else message.id[0]
        if isinstance(message.id, tuple):
            assert len(strings) == plural_forms, f"{path}: {source!r} needs {plural_forms} forms"
        for string in strings:
            assert string.strip(), f"{path}: no translation for {source!r}"
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(source)), (
                f"{path}: placeholders differ in {source!r}"
            )
            visible_text(string)  # markup Telegram would refuse fails here


def test_catalog_is_used_without_a_compile_step() -> None:
    russian = load_translations("ru")
    assert russian.gettext("⬅️ Back") == "⬅️ Назад"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 возможная причина"),
        (3, "3 возможные причины"),
        (5, "5 возможных причин"),
        (11, "11 возможных причин"),
        (21, "21 возможная причина"),
        (22, "22 возможные причины"),
    ],
)
def test_russian_plural_forms(count: int, expected: str) -> None:
    text = load_translations("ru").ngettext(
        "{count} possible cause:", "{count} possible causes, the most likely first:", count
    )
    assert text.format(count=count).startswith(expected)
