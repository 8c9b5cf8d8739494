"""Understanding what people type instead of tapping: which topics they mean, and alarm signs.

Keywords live in the content (`keywords` of each area and cause, and
`understanding.emergency` of each language). At start-up every keyword becomes a phrase of
word stems (Snowball stemmers, so "calves" finds "calf" and "руке" finds "рука"); reading a
message then costs a few dictionary look-ups per word:

* text is lower-cased, "ё" is read as "е", apostrophes are dropped ("can't" = "cant");
* words listed in `understanding.ignore` ("my", "twitching", "уже") are skipped;
* a word whose stem is not a keyword stem may be a typo: it stands for keyword stems with
  the same first letter within edit distance 1 (2 for stems of 8 letters or more);
  stems under 4 letters must match exactly;
* a phrase matches when its stems appear in order within one clause, with at most one
  other word between two of them ("face is drooping" matches "face drooping");
* a phrase is denied when the word right before it (ignored words skipped) is a negation
  ("no weakness", "нет никакой слабости", "I don't have any weakness"), unless the phrase
  itself starts with one ("не могу глотать").

Limits: negation is only recognised right before a phrase, on purpose: a negation further
back often belongs to something else ("don't know why I can't breathe"), and a missed
emergency is worse than a false alarm. So "I don't feel weakness in my arm" still shows the
urgent screen, and "my arm is weak, or not?" still counts as weakness. Emergency signs are
found by phrase, not by meaning: a phrase missing from the content is missed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.guide import Guide, LanguageTexts, WordLists

MAX_TOPICS = 4  # buttons offered for one message
MAX_GAP = 1  # other words allowed between two words of a phrase
NEGATION_REACH = 1  # only a negation right before a phrase denies it
MIN_FUZZY_LENGTH = 4  # shorter stems must be spelled right
LONG_STEM = 8  # from this length two typos are forgiven

_APOSTROPHE = re.compile(r"['’`ʼ‘]")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\n\r\"«»„“”…]|\s[-–—]+\s|\b(?:but|а|но)\b")
_WORD = re.compile(r"[^\W\d_]+|\d+")


def normalise(text: str) -> str:
    return _APOSTROPHE.sub("", text.lower().replace("ё", "е"))


def clauses(text: str) -> list[list[str]]:
    """The words of each clause; punctuation and "but" end a clause."""
    return [
        words for part in _CLAUSE_BREAK.split(normalise(text)) if (words := _WORD.findall(part))
    ]


class WordReader:
    """Turns the words of one language into stems, skipping the ignored ones."""

    def __init__(self, words: WordLists) -> None:
        self._stemmer = snowballstemmer.stemmer(words.stemmer)
        self.negations = words.negations
        self.negation_stems = {self._stemmer.stemWord(word) for word in words.negations}
        self._ignore = words.ignore | {self._stemmer.stemWord(word) for word in words.ignore}

    def tokens(self, words: list[str]) -> list[_Token]:
        """Stems of the words that matter, each marked if it is a negation."""
        tokens = []
        for word in words:
            negation = word in self.negations
            stem = self._stemmer.stemWord(word)
            if negation or (word not in self._ignore and stem not in self._ignore):
                tokens.append(_Token(stem, negation))
        return tokens

    def keyword(self, keyword: str) -> tuple[str, ...]:
        """The stems a keyword is matched by; empty if it has only ignored words."""
        return tuple(token.stem for words in clauses(keyword) for token in self.tokens(words))


@dataclass(frozen=True, slots=True)
class _Token:
    stem: str
    negation: bool


@dataclass(frozen=True, slots=True)
class Topic:
    """A screen to offer: an area, or a cause shown within an area."""

    area: str
    cause: str | None = None


@dataclass(frozen=True, slots=True)
class Understood:
    emergency: tuple[str, ...]  # ids of the emergency red flags mentioned, most certain first
    topics: tuple[Topic, ...]  # the best matches first, at most MAX_TOPICS

    def __bool__(self) -> bool:
        return bool(self.emergency or self.topics)


@dataclass(frozen=True, slots=True)
class _Phrase:
    stems: tuple[str, ...]
    kind: str  # "area", "cause" or "emergency"
    target: str  # its id


class LanguageIndex:
    """The keywords of one language, as stems, ready for reading messages."""

    def __init__(self, guide: Guide, texts: LanguageTexts) -> None:
        words = texts.words
        self._reader = WordReader(words)
        self._phrases: dict[str, list[_Phrase]] = defaultdict(list)
        sources: list[tuple[str, str, tuple[str, ...]]] = [
            *(("area", aid, text.keywords) for aid, text in texts.areas.items()),
            *(("cause", cid, text.keywords) for cid, text in texts.causes.items()),
            *(("emergency", fid, phrases) for fid, phrases in words.emergency.items()),
        ]
        for kind, target, keywords in sources:
            for keyword in keywords:
                stems = self._reader.keyword(keyword)
                if stems:
                    self._phrases[stems[0]].append(_Phrase(stems, kind, target))
        self._vocabulary = {
            stem for group in self._phrases.values() for p in group for stem in p.stems
        }
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for stem in sorted(self._vocabulary):
            if len(stem) >= MIN_FUZZY_LENGTH:
                self._by_initial[stem[0]].append(stem)
        self._typos: dict[str, frozenset[str]] = {}
        self._home = _cause_homes(guide)
        self._area_causes = {area.id: {c.id for c in area.causes} for area in guide.areas}

    def _stands_for(self, stem: str) -> frozenset[str]:
        """The keyword stems a word's stem can stand for, forgiving small typos."""
        if stem in self._vocabulary or len(stem) < MIN_FUZZY_LENGTH:
            return frozenset((stem,))
        known = self._typos.get(stem)
        if known is None:
            reach = 2 if len(stem) >= LONG_STEM else 1
            near = process.extract(
                stem,
                self._by_initial.get(stem[0], ()),
                scorer=Levenshtein.distance,
                score_cutoff=reach,
                limit=None,
            )
            known = frozenset((stem, *(choice for choice, _, _ in near)))
            if len(self._typos) > 50_000:  # unbounded input must not grow memory for ever
                self._typos.clear()
            self._typos[stem] = known
        return known

    def read(self, text: str) -> Understood:
        scores: dict[tuple[str, str], float] = defaultdict(float)
        seen: set[tuple[tuple[str, ...], str, str]] = set()
        for words in clauses(text):
            tokens = self._reader.tokens(words)
            options = [self._stands_for(token.stem) for token in tokens]
            for start, stems in enumerate(options):
                for stem in stems:
                    for phrase in self._phrases.get(stem, ()):
                        if (phrase.stems, phrase.kind, phrase.target) in seen:
                            continue
                        if not _follows(phrase.stems, options, start):
                            continue
                        if self._denied(phrase, tokens, start):
                            continue
                        seen.add((phrase.stems, phrase.kind, phrase.target))
                        scores[(phrase.kind, phrase.target)] += len(phrase.stems)
        return self._understood(scores)

    def _denied(self, phrase: _Phrase, tokens: list[_Token], start: int) -> bool:
        if phrase.stems[0] in self._reader.negation_stems:
            return False  # "не могу глотать" is a sign, not a denial
        return any(token.negation for token in tokens[max(0, start - NEGATION_REACH) : start])

    def _understood(self, scores: Mapping[tuple[str, str], float]) -> Understood:
        def ranked(kind: str) -> list[tuple[str, float]]:
            found = [(target, score) for (k, target), score in scores.items() if k == kind]
            return sorted(found, key=lambda item: -item[1])

        emergency = tuple(target for target, _ in ranked("emergency"))
        areas = ranked("area")
        candidates: list[tuple[float, int, Topic]] = []
        for cause_id, score in ranked("cause"):
            area_id = next(
                (aid for aid, _ in areas if cause_id in self._area_causes[aid]),
                self._home[cause_id],
            )
            candidates.append((score, 0, Topic(area_id, cause_id)))
        candidates += [(score, 1, Topic(area_id)) for area_id, score in areas]
        candidates.sort(key=lambda item: (-item[0], item[1]))
        topics = [topic for _, _, topic in candidates[:MAX_TOPICS]]
        if areas and not any(topic.cause is None for topic in topics):
            topics[-1:] = [Topic(areas[0][0])]  # the place they named is always offered
        return Understood(emergency, tuple(dict.fromkeys(topics)))


def _follows(stems: tuple[str, ...], options: list[frozenset[str]], start: int) -> bool:
    """Whether the phrase's stems appear in order from `start`, with small gaps between."""
    position = start
    for stem in stems[1:]:
        window = range(position + 1, min(len(options), position + 2 + MAX_GAP))
        position = next((p for p in window if stem in options[p]), -1)
        if position < 0:
            return False
    return True


def _cause_homes(guide: Guide) -> dict[str, str]:
    """For each cause, the area to show it in when no area was named: the last area of the
    guide (by convention the general one, "all over the body") if it lists the cause, else
    the area where the cause ranks highest."""
    general = guide.areas[-1]
    best: dict[str, tuple[int, int, str]] = {}
    for order, area in enumerate(guide.areas):
        for rank, cause in enumerate(area.causes):
            key = (0 if area is general else 1, rank, order, area.id)
            if cause.id not in best or key < best[cause.id]:
                best[cause.id] = key
    return {cause_id: key[-1] for cause_id, key in best.items()}


class Understanding:
    """One index per language, built once at start-up."""

    def __init__(self, guide: Guide) -> None:
        self._indexes = {code: LanguageIndex(guide, texts) for code, texts in guide.texts.items()}

    def read(self, text: str, code: str) -> Understood:
        """Read in the user's language first; if nothing matches there, in the others (a
        Russian speaker with an English Telegram still types Russian)."""
        understood = self._indexes[code].read(text)
        for other, index in self._indexes.items():
            if understood:
                break
            if other != code:
                understood = index.read(text)
        return understood
