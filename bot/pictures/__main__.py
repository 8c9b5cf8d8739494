"""`python -m bot.pictures DIR`: write the body map and a sample weekly chart, per language.

For the README and for looking at the pictures without Telegram.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from bot.content import load_guide
from bot.i18n import load_languages
from bot.pictures.body_map import body_map_for
from bot.pictures.chart import WeekData, chart_labels, weekly_chart


def sample_week(today: date) -> WeekData:
    days = [today - timedelta(days=6 - n) for n in range(7)]
    glasses = dict(zip(days, (5, 8, 9, 6, 7, 8, 3), strict=True))
    nights = (23 * 60 + 10, 22 * 60 + 45, 40, 23 * 60 + 30, 23 * 60 + 55, 23 * 60)
    planned = {day: 23 * 60 + (90 if day.weekday() in (4, 5) else 0) for day in days}
    return WeekData(today, glasses, dict(zip(days, nights, strict=False)), 8, planned)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bot.pictures DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    guide = load_guide()
    for code, lang in load_languages(guide).items():
        chart = weekly_chart(sample_week(date(2026, 3, 9)), chart_labels(lang, 8), lang.locale)
        for name, png in (("weekly-chart", chart), ("body-map", body_map_for(guide, lang))):
            path = folder / f"{name}-{code}.png"
            path.write_bytes(png)
            print(f"{path} ({len(png) // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
