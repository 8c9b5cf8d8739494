"""Building one language's lexicon (content/understanding/<lang>.yaml) and checking it.

Checked at start-up: every concept names red flags the guide defines; every emergency flag
of the guide is meant by some concept (a new emergency sign without everyday words would be
missed in typed messages); every pattern and keyword keeps a word that is not ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import snowballstemmer

from bot.guide import Concept, Guide, Lexicon, Tier
from bot.understanding import Reader

# Red flags the concepts name that the guide may not define yet (they arrive with the
# content work of issue 8). Until a flag is defined, its concepts use the stand-in, a flag
# of the same or a more urgent tier; once the guide defines it, the real flag is used and
# its line here can go.
LEMMATIZERS = ("pymorphy3", "simplemma", "none")
Problems = list[tuple[str, str]]


def build_lexicon(
    code: str,
    data: dict[str, Any] | None,
    guide: Guide,
    keywords: Mapping[str, tuple[str, ...]],
) -> tuple[Lexicon, Problems]:
    problems: Problems = []
    data = data or {}
    stemmer = data.get("stemmer", "porter")
    if stemmer not in snowballstemmer.algorithms():
        problems.append(("stemmer", f"unknown stemmer {stemmer!r}"))
        stemmer = "porter"
    lemmatizer = data.get("lemmatizer", "none")
    if lemmatizer not in LEMMATIZERS:
        problems.append(("lemmatizer", f"unknown lemmatizer {lemmatizer!r}"))
        lemmatizer = "none"
    flags = {flag.id for flag in guide.red_flags}

    def resolved(key: str, ids: list[str]) -> tuple[str, ...]:
        out = []
        for fid in ids:
            if fid in flags:
                out.append(fid)
            else:
                problems.append((key, f"red flag {fid!r} is not defined in structure.yaml"))
        return tuple(dict.fromkeys(out))

    concepts = tuple(
        Concept(
            id=cid,
            flags=resolved(f"concepts.{cid}.flags", item.get("flags", [])),
            patterns=tuple(item["patterns"]),
            when_lasting=resolved(f"concepts.{cid}.when_lasting", item.get("when_lasting", [])),
            lasting=bool(item.get("lasting", False)),
        )
        for cid, item in (data.get("concepts") or {}).items()
    )

    def words(name: str) -> frozenset[str]:
        return frozenset(w.lower().replace("ё", "е") for w in data.get(name, []))

    lexicon = Lexicon(
        code=code,
        lemmatizer=lemmatizer,
        stemmer=stemmer,
        transliterated=bool(data.get("transliterated", False)),
        ignore=words("ignore"),
        negations=words("negations"),
        after_negations=words("after_negations"),
        scope_breaks=words("scope_breaks"),
        concepts=concepts,
    )
    if not data:
        return lexicon, problems
    meant = {fid for concept in concepts for fid in concept.flags}
    for flag in guide.flags_of_tier(Tier.EMERGENCY):
        if flag.id not in meant:
            problems.append(("concepts", f"no concept means the emergency flag {flag.id!r}"))
    reader = Reader(lexicon)
    lists = [
        *(("keyword", key, patterns) for key, patterns in keywords.items()),
        *(("concept", f"concepts.{c.id}.patterns", c.patterns) for c in concepts),
    ]
    for kind, key, patterns in lists:
        for index, text in enumerate(patterns):
            if reader.pattern(text, kind, key) is None:
                problems.append(
                    (f"{key}.{index}", f"{text!r} has a part of only ignored words: never matches")
                )
    return lexicon, problems
