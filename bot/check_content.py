"""Check all content as the bot does at start-up, and say what is wrong, by file and key.

    python -m bot.check_content [--content DIR] [--locales DIR]

Exit code 0 and a one-line summary when everything can be used (with notes about screens
too long to read on a phone without scrolling); exit code 1 and every problem, one a line,
when something cannot. See content/README.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bot.callbacks import arguments
from bot.content import CONTENT_DIR, ContentError, load_guide
from bot.guide import Guide
from bot.i18n import LOCALES_DIR, CatalogError, Language, load_languages
from bot.markup import visible_text
from bot.screens import all_routes, check_screens, render
from bot.understanding import Understanding

PHONE_SCREEN = 1000  # visible characters a small phone shows without scrolling, roughly


def problems_and_notes(content_dir: Path, locales_dir: Path) -> tuple[list[str], list[str]]:
    """Problems that stop the bot, and notes worth an author's look."""
    try:
        guide = load_guide(content_dir)
    except ContentError as error:
        return [str(problem) for problem in error.problems], []
    try:
        languages = load_languages(guide, locales_dir)
    except CatalogError as error:
        return [str(error)], []
    problems = [f"content/{problem}" for problem in check_screens(guide, languages)]
    Understanding(guide)  # builds every keyword index; raises only on a bug
    return problems, _long_screens(guide, languages)


def _long_screens(guide: Guide, languages: dict[str, Language]) -> list[str]:
    names = {code: lang.texts.name for code, lang in languages.items()}
    notes = []
    for code, lang in languages.items():
        seen: set[tuple[str, str]] = set()  # a cause listed in several areas is noted once
        for route in all_routes(guide):
            reply = render(guide, lang, route, names)
            if reply is None:
                continue
            length = len(visible_text(reply.text))
            kind = re.sub(r"(?<!^)(?=[A-Z])", "_", type(route).__name__).lower()  # self_care
            values = arguments(route)
            topic = str(values[-1]) if values else "-"
            if length > PHONE_SCREEN and (kind, topic) not in seen:
                seen.add((kind, topic))
                notes.append(
                    f"content/texts/{code}.yaml: {kind} screen ({topic}) "
                    f"has {length} characters: a phone shows about {PHONE_SCREEN} without "
                    "scrolling"
                )
    return notes


def summary(guide: Guide) -> str:
    keywords = sum(
        len(text.keywords) for texts in guide.texts.values() for text in texts.areas.values()
    ) + sum(len(text.keywords) for texts in guide.texts.values() for text in texts.causes.values())
    return (
        f"content OK: {len(guide.texts)} languages ({', '.join(guide.texts)}), "
        f"{len(guide.areas)} areas, {len(guide.causes)} causes, {len(guide.red_flags)} red flags, "
        f"{len(guide.sources)} sources, {len(guide.check)} symptom-check questions, "
        f"{keywords} keywords"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.check_content", description="Check the guide's content."
    )
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="content directory")
    parser.add_argument("--locales", type=Path, default=LOCALES_DIR, help="catalogs directory")
    args = parser.parse_args(argv)
    problems, notes = problems_and_notes(args.content, args.locales)
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}")
    print(summary(load_guide(args.content)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
