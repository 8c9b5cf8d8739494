"""Understanding what people type instead of tapping: topics, emergencies, and "see a doctor".

The words live in content: `keywords` of each area and cause (content/texts/<lang>.yaml)
and the lexicon of content/understanding/<lang>.yaml, where emergency understanding is
organised by concept (stroke, collapse, seizure, ...), each concept naming the red flags it
means. At start-up every pattern becomes sets of dictionary forms; reading a message then
costs a few set look-ups per word.

Reading a message:

* text is lower-cased, "ё" is read as "е", apostrophes are dropped ("can't" = "cant");
  Russian typed in Latin letters ("ne mogu dyshat") is also read transliterated;
* each word stands for its dictionary forms: lemmas from a real morphological analyser
  (pymorphy3 for Russian, simplemma for English), so "отключилась" is "отключиться" and
  "у мамы" is "мама", plus its Snowball stem; a word whose forms are in no pattern may be a
  typo and also stands for pattern words within edit distance 1 (2 from 8 letters);
* words in `ignore` are skipped;
* a pattern is `part + part`: every part must be found somewhere in the message; a part is
  words (`a|b` for alternatives, `=word` for this exact spelling only) found in one clause
  in any order, with at most `MAX_EXTRA` other words among them;
* a part is denied by a negation in its clause ("no", "isn't", «не», «нет») up to
  `NEGATION_REACH` words before it or among its words, or by "нет"/"none" right after it
  («слабости нет»); the reach of a negation ends at words like "but", "and", "why", «но»,
  «и», «почему». A part that contains a negation itself ("can't breathe", «рука не
  поднимается») is never denied: when unsure, the urgent advice wins.
* a concept marked `lasting` ("for 3 weeks", «уже месяц», "getting weaker") turns concepts
  with `when_lasting` (weakness of a limb) into their "see a doctor" flags instead of an
  emergency.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import cyrtranslit
import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.guide import Concept, Guide, LanguageTexts, Lexicon, Tier

MAX_TOPICS = 4  # buttons offered for one message
MAX_EXTRA = 2  # other words allowed among the words of one part of a pattern
NEGATED_EXTRA = 1  # ...in a part with a negation ("not breathing", not "not having trouble ...")
NEGATION_REACH = 3  # a negation denies a part starting at most this many words later
MIN_FUZZY_LENGTH = 4  # shorter words must be spelled right
LONG_WORD = 8  # from this length two typos are forgiven
WORD_CACHE = 20_000  # words whose forms are remembered, per language

_APOSTROPHE = re.compile(r"['’`ʼ‘]")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\n\r\"«»„“”…]|\s[-–—]+\s|\b(?:but|а|но)\b")
_WORD = re.compile(r"[^\W\d_]+|\d+")
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-я]")

# Chat transliteration that cyrtranslit reads differently: "y" before a consonant or at the
# end is "ы" (dyshat, mamy), "c" not in "ch" is "ц" (lico, mesyac), "shch"/"sch" is "щ"
# (schitovidka), "kh" is "х" (vozdukha; cyrtranslit writes х as "h").
_CHAT_Y = re.compile(r"(?<=[bcdfghklmnprstvwxz])y(?![aeiouy])")
_CHAT_C = re.compile(r"c(?!h)")
_CHAT_LETTERS = (("shch", "щ"), ("sch", "щ"), ("kh", "х"))


def normalise(text: str) -> str:
    return _APOSTROPHE.sub("", text.lower().replace("ё", "е"))


def clauses(text: str) -> list[list[str]]:
    """The words of each clause; punctuation and "but" end a clause."""
    return [
        words for part in _CLAUSE_BREAK.split(normalise(text)) if (words := _WORD.findall(part))
    ]


def to_cyrillic(text: str) -> str:
    """Russian typed in Latin letters, as people write it in chats, in Cyrillic."""
    chat = normalise(text)
    for latin, cyrillic in _CHAT_LETTERS:
        chat = chat.replace(latin, cyrillic)
    chat = _CHAT_C.sub("ц", _CHAT_Y.sub("ы", chat))
    return str(cyrtranslit.to_cyrillic(chat, "ru"))


# The dictionaries load in a background thread at start-up (load_lemmatizer): a message read
# meanwhile waits for that load instead of starting a second one.
_loading = threading.Lock()
_loaded: set[tuple[str, str]] = set()


@lru_cache(maxsize=1)
def _pymorphy() -> object:
    import pymorphy3  # ~0.4 s and ~20 MB: loaded once, only if a language uses it

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=WORD_CACHE)
def _lemmas(lemmatizer: str, language: str, word: str) -> frozenset[str]:
    """Dictionary forms of a word (all readings: "мамы" is "мама", "онемело" "онеметь")."""
    if (lemmatizer, language) not in _loaded:
        load_lemmatizer(lemmatizer, language)
    if lemmatizer == "pymorphy3":
        parses = _pymorphy().parse(word)  # type: ignore[attr-defined]
        return frozenset(p.normal_form.replace("ё", "е") for p in parses)
    if lemmatizer == "simplemma":
        import simplemma

        return frozenset((simplemma.lemmatize(word, lang=language),))
    return frozenset()


def load_lemmatizer(lemmatizer: str, language: str) -> None:
    """Load a lemmatizer's dictionary now (pymorphy3's Russian ~0.4 s, simplemma's English
    ~0.7 s) rather than on the first word it reads; once per process."""
    with _loading:
        if (lemmatizer, language) in _loaded:
            return
        if lemmatizer == "pymorphy3":
            _pymorphy()
        elif lemmatizer == "simplemma":
            import simplemma

            simplemma.lemmatize(language, lang=language)  # the first call loads it
        _loaded.add((lemmatizer, language))


class Morphology:
    """The dictionary forms of words of one language, remembered for the words seen most."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._stemmer = snowballstemmer.stemmer(lexicon.stemmer)
        self._lemmatizer = lexicon.lemmatizer
        self._language = lexicon.code
        self.forms = lru_cache(maxsize=WORD_CACHE)(self._forms)

    # The content cache (bot/cache.py) pickles the built index: keep only the lexicon and
    # make the stemmer and the word cache anew when it is loaded.
    def __getstate__(self) -> Lexicon:
        return self._lexicon

    def __setstate__(self, lexicon: Lexicon) -> None:
        self.__init__(lexicon)  # type: ignore[misc]

    def lemmas(self, word: str) -> frozenset[str]:
        return _lemmas(self._lemmatizer, self._language, word)

    def load(self) -> None:
        load_lemmatizer(self._lemmatizer, self._language)

    def pattern_keys(self, word: str) -> frozenset[str]:
        """What a word of a pattern matches: the word and its lemmas; `=word` only itself."""
        if word.startswith("="):
            return frozenset((word[1:],))
        return frozenset((word, *self.lemmas(word)))

    def _forms(self, word: str) -> frozenset[str]:
        """What a typed word can stand for: itself, its lemmas and its stem."""
        return frozenset((word, self._stemmer.stemWord(word), *self.lemmas(word)))


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # as typed, normalised
    forms: frozenset[str]
    negation: bool
    scope: int  # a negation reaches only words of its own scope


@dataclass(frozen=True, slots=True)
class _Part:
    slots: tuple[frozenset[str], ...]  # each: the keys one word of the part may match
    negated: bool  # contains a negation itself ("can't breathe"): never denied


@dataclass(frozen=True, slots=True)
class _Pattern:
    parts: tuple[_Part, ...]
    kind: str  # "area", "cause" or "concept"
    target: str  # its id

    @property
    def weight(self) -> int:
        return sum(len(part.slots) for part in self.parts)


@dataclass(frozen=True, slots=True)
class Topic:
    """A screen to offer: an area, or a cause shown within an area."""

    area: str
    cause: str | None = None


@dataclass(frozen=True, slots=True)
class Understood:
    emergency: tuple[str, ...]  # ids of the emergency red flags mentioned, most certain first
    topics: tuple[Topic, ...]  # the best matches first, at most MAX_TOPICS
    soon: tuple[str, ...] = ()  # other red flags (see a doctor today or soon), most urgent first

    def __bool__(self) -> bool:
        return bool(self.emergency or self.topics or self.soon)


class Reader:
    """Splits a message of one language into tokens, and patterns into parts."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.morphology = Morphology(lexicon)
        self._ignore = lexicon.ignore
        self._negations = lexicon.negations
        self._after = lexicon.after_negations
        self._breaks = lexicon.scope_breaks

    def tokens(self, words: list[str], every_word: bool = False) -> list[_Token]:
        """The clause's words; without `every_word`, the ignored ones are skipped."""
        tokens, scope = [], 0
        for word in words:
            if word in self._breaks:
                scope += 1
            if not every_word and word in self._ignore and word not in self._negations:
                continue
            negation = word in self._negations or word in self._after
            tokens.append(_Token(word, self.morphology.forms(word), negation, scope))
        return tokens

    def part(self, text: str, every_word: bool) -> _Part | None:
        """One part of a pattern; None if it has only ignored words."""
        words = [w for w in re.split(r"\s+", normalise(text).strip()) if w]
        slots, negated = [], False
        for word in words:
            choices = [
                c for c in word.split("|") if every_word or c.lstrip("=") not in self._ignore
            ]
            if not choices:
                continue
            negated |= any(c.lstrip("=") in self._negations for c in choices)
            slots.append(frozenset().union(*(self.morphology.pattern_keys(c) for c in choices)))
        return _Part(tuple(slots), negated) if slots else None

    def pattern(self, text: str, kind: str, target: str) -> _Pattern | None:
        # Concepts read every word ("had a fit"); keywords skip the ignored ones.
        parts = [self.part(piece, kind == "concept") for piece in text.split(" + ")]
        if not parts or any(part is None for part in parts):
            return None
        return _Pattern(tuple(p for p in parts if p is not None), kind, target)

    def is_after_negation(self, token: _Token) -> bool:
        return bool(token.forms & self._after)


class LanguageIndex:
    """The patterns of one language, ready for reading messages."""

    def __init__(self, guide: Guide, texts: LanguageTexts) -> None:
        lexicon = texts.lexicon
        self.transliterated = lexicon.transliterated
        self._reader = Reader(lexicon)
        self._concepts = {concept.id: concept for concept in lexicon.concepts}
        self._tiers = {flag.id: flag.tier for flag in guide.red_flags}
        sources: list[tuple[str, str, Iterable[str]]] = [
            *(("area", aid, text.keywords) for aid, text in texts.areas.items()),
            *(("cause", cid, text.keywords) for cid, text in texts.causes.items()),
            *(("concept", c.id, c.patterns) for c in lexicon.concepts),
        ]
        self._by_key: dict[str, list[_Pattern]] = defaultdict(list)
        for kind, target, patterns in sources:
            for text in patterns:
                pattern = self._reader.pattern(text, kind, target)
                if pattern is None:
                    continue
                for key in {k for part in pattern.parts for slot in part.slots for k in slot}:
                    self._by_key[key].append(pattern)
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self._by_key):
            if len(key) >= MIN_FUZZY_LENGTH:
                self._by_initial[key[0]].append(key)
        self._near = lru_cache(maxsize=WORD_CACHE)(self._near_keys)
        self._home = _cause_homes(guide)
        self._area_causes = {area.id: {c.id for c in area.causes} for area in guide.areas}

    @property
    def morphology(self) -> Morphology:
        return self._reader.morphology

    # The content cache (bot/cache.py) pickles the built index; the word cache is made anew.
    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items() if key != "_near"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._near = lru_cache(maxsize=WORD_CACHE)(self._near_keys)

    def _near_keys(self, word: str, forms: frozenset[str]) -> frozenset[str]:
        """Pattern words a word may be a typo of, if none of its forms is one. Only the
        word as typed is compared: a lemma two letters from a pattern word ("понимать",
        "пописать") is another word, not a typo."""
        if len(word) < MIN_FUZZY_LENGTH or any(form in self._by_key for form in forms):
            return forms
        found = process.extract(
            word,
            self._by_initial.get(word[0], ()),
            scorer=Levenshtein.distance,
            score_cutoff=2 if len(word) >= LONG_WORD else 1,
            limit=None,
        )
        return forms | {choice for choice, _, _ in found}

    def _typo_tolerant(self, token: _Token) -> _Token:
        return _Token(token.word, self._near(token.word, token.forms), token.negation, token.scope)

    def read(self, text: str) -> Understood:
        every: list[list[_Token]] = []
        skipping: list[list[_Token]] = []
        for words in clauses(text):
            for message, every_word in ((every, True), (skipping, False)):
                tokens = self._reader.tokens(words, every_word)
                message.append([self._typo_tolerant(token) for token in tokens])
        candidates = {
            id(p): p
            for clause in every
            for token in clause
            for key in token.forms
            for p in self._by_key.get(key, ())
        }
        scores: dict[tuple[str, str], float] = defaultdict(float)
        for pattern in candidates.values():
            message = every if pattern.kind == "concept" else skipping
            if all(self._found(part, message) for part in pattern.parts):
                scores[(pattern.kind, pattern.target)] += pattern.weight
        return self._understood(scores)

    def _found(self, part: _Part, message: list[list[_Token]]) -> bool:
        return any(
            not self._denied(part, clause, span)
            for clause in message
            for span in _spans(part.slots, clause, part.negated)
        )

    def _denied(self, part: _Part, clause: list[_Token], span: tuple[int, ...]) -> bool:
        if part.negated:
            return False  # "can't breathe" is a sign, not a denial: urgent advice wins
        first, last = min(span), max(span)
        scope = clause[first].scope
        before = range(max(0, first - NEGATION_REACH), last + 1)
        if any(clause[i].negation and i not in span and clause[i].scope == scope for i in before):
            return True
        after = clause[last + 1 : last + 2]
        return any(self._reader.is_after_negation(token) for token in after)

    def _understood(self, scores: Mapping[tuple[str, str], float]) -> Understood:
        def ranked(kind: str) -> list[tuple[str, float]]:
            found = [(target, score) for (k, target), score in scores.items() if k == kind]
            return sorted(found, key=lambda item: -item[1])

        concepts = [self._concepts[cid] for cid, _ in ranked("concept")]
        lasting = any(concept.lasting for concept in concepts)
        flags: list[str] = []
        for concept in concepts:
            flags += concept.when_lasting if lasting and concept.when_lasting else concept.flags
        flags = list(dict.fromkeys(flags))
        emergency = tuple(f for f in flags if self._tiers.get(f) is Tier.EMERGENCY)
        # Same-day flags (any tier between emergency and doctor) before "see a doctor soon".
        soon = tuple(
            sorted(
                (f for f in flags if self._tiers.get(f) not in (None, Tier.EMERGENCY)),
                key=lambda f: self._tiers[f] is Tier.DOCTOR,
            )
        )
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
        return Understood(emergency, tuple(dict.fromkeys(topics)), soon)


def _spans(
    slots: tuple[frozenset[str], ...], clause: list[_Token], negated: bool = False
) -> Iterable[tuple[int, ...]]:
    """Positions of the slots' words in the clause, in any order, close together."""
    width = len(slots) + (NEGATED_EXTRA if negated else MAX_EXTRA)
    places = [[i for i, token in enumerate(clause) if token.forms & slot] for slot in slots]
    if any(not p for p in places):
        return

    def choose(index: int, used: tuple[int, ...]) -> Iterable[tuple[int, ...]]:
        if index == len(slots):
            yield used
            return
        for position in places[index]:
            if position in used:
                continue
            chosen = (*used, position)
            if max(chosen) - min(chosen) < width:
                yield from choose(index + 1, chosen)

    yield from choose(0, ())


def _cause_homes(guide: Guide) -> dict[str, str]:
    """For each cause, the area to show it in when no area was named: the last area of the
    guide (by convention the general one, "all over the body") if it lists the cause, else
    the area where the cause ranks highest."""
    general = guide.areas[-1]
    best: dict[str, tuple[int, int, int, str]] = {}
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

    def load_dictionaries(self) -> None:
        """Load every language's word-form dictionaries (about a second of CPU, once per
        process). Built from the content cache, the index has not loaded them, and every
        message is read in every language: without this the first typed message waits."""
        for index in self._indexes.values():
            index.morphology.load()

    def read(self, text: str, code: str) -> Understood:
        """Emergencies and doctor signs in any language, including Russian typed in Latin
        letters; topics in the user's language first, else in the first language that
        finds any (a Russian speaker with an English Telegram still types Russian)."""
        order = [code, *(other for other in self._indexes if other != code)]
        readings: list[Understood] = []
        latin = _LATIN.search(normalise(text)) and not _CYRILLIC.search(normalise(text))
        for lang in order:
            index = self._indexes[lang]
            readings.append(index.read(text))
            if latin and index.transliterated:
                readings.append(index.read(to_cyrillic(text)))
        emergency = tuple(dict.fromkeys(f for r in readings for f in r.emergency))
        soon = tuple(dict.fromkeys(f for r in readings for f in r.soon))
        topics = next((r.topics for r in readings if r.topics), ())
        return Understood(emergency, topics, soon)


__all__ = ["Concept", "Reader", "Topic", "Understanding", "Understood", "to_cyrillic"]
