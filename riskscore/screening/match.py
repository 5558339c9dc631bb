"""Fuzzy matching of names against list entries (rapidfuzz), with guards against short and generic words."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz, process

from .normalize import Key, key, variants
from .types import Hit, Level, ScreeningSource

#: Score from which a match is a hit (a fact rules read), and from which it is shown as possible.
HIT_SCORE = 90.0
POSSIBLE_SCORE = 80.0
#: Most points that generic words ('Technology', 'AI', 'Group') present in one name only can cost.
GENERIC_PENALTY = 10.0
#: Distinctive words shorter than this match only exactly: one changed letter in 'MARA' is another name.
MIN_FUZZY_CHARS = 6
#: On a bulk list a match resting on one distinctive word shorter than this is 'possible' at most.
MIN_SINGLE_WORD_HIT = 8
#: A word in at least this many entry names is common ('BANK', 'ENERGY', 'ALI'): sharing it alone is no match.
COMMON_WORD_ENTRIES = 30
#: Queries compared per block: bounds the memory of the score matrix (block x entries bytes).
BLOCK = 256


@dataclass(frozen=True, slots=True)
class _Name:
    """One published name or alias of an entry, by position."""

    source: int
    entry: int
    text: str
    key: Key


@dataclass(frozen=True)
class Index:
    """Entry names grouped by their core key, ready for a cdist against query keys."""

    sources: tuple[ScreeningSource, ...]
    cores: tuple[str, ...]
    names: tuple[tuple[_Name, ...], ...]  # names[i]: every entry name whose core key is cores[i]
    common: frozenset[str]  # distinctive words in COMMON_WORD_ENTRIES entry names or more
    lengths: tuple[int, ...]  # len(cores[i]), ascending

    def window(self, shortest: int, longest: int) -> tuple[int, int]:
        """The range of cores whose length allows a ratio of POSSIBLE_SCORE with a query of these lengths:
        2*min/(a+b) >= p/100 bounds the longer length to (200/p - 1) times the shorter."""
        factor = 200 / POSSIBLE_SCORE - 1
        return bisect_left(self.lengths, math.floor(shortest / factor)), bisect_right(self.lengths, math.ceil(longest * factor))


def build_index(sources: Sequence[ScreeningSource]) -> Index:
    """Normalise every entry name and alias of the lists once."""
    by_core: dict[str, list[_Name]] = {}
    for s, src in enumerate(sources):
        for e, entry in enumerate(src.entries):
            texts = [v for n in (entry.name, *entry.aliases) for v in variants(n)]
            for text in dict.fromkeys(texts):
                k = key(text)
                if k.tokens:  # a name made only of generic or legal words identifies nobody
                    by_core.setdefault(k.core, []).append(_Name(s, e, text, k))
    # Sorted by length, so a block of queries is compared only with the entries long enough to match.
    cores = tuple(sorted(by_core, key=lambda c: (len(c), c)))
    counts = Counter(t for group in by_core.values() for n in group for t in n.key.tokens)
    common = frozenset(t for t, c in counts.items() if c >= COMMON_WORD_ENTRIES)
    return Index(tuple(sources), cores, tuple(tuple(by_core[c]) for c in cores), common, tuple(len(c) for c in cores))


@lru_cache(maxsize=8)
def _cached_index(sources: tuple[ScreeningSource, ...]) -> Index:
    return build_index(sources)


def _shares_word(a: tuple[str, ...], b: tuple[str, ...], common: frozenset[str]) -> list[str]:
    """Distinctive words of `a` that are in `b`, exactly or (for long words) with a typo; common words
    do not count."""
    found = []
    for x in a:
        if x in common:
            continue
        for y in b:
            if x == y or (min(len(x), len(y)) >= MIN_FUZZY_CHARS and fuzz.ratio(x, y) >= 85):
                found.append(x)
                break
    return found


def _judge(query: Key, name: _Name, src: ScreeningSource, core_score: float, common_words: frozenset[str]) -> tuple[float, Level, str] | None:
    """Score, level and reason of one candidate pair, or None when a guard rejects it."""
    other = name.key
    exact = query.core == other.core
    if not exact and min(len(query.core), len(other.core)) < MIN_FUZZY_CHARS:
        return None
    shared = _shares_word(query.tokens, other.tokens, common_words)
    if not shared and not exact:
        return None
    full_score = fuzz.ratio(query.full, other.full)
    # Generic words that differ cost half the difference they make, at most GENERIC_PENALTY points.
    score = round(core_score - min(GENERIC_PENALTY, max(0.0, (core_score - full_score) / 2)), 1)
    if score < POSSIBLE_SCORE:
        return None
    if exact and query.full == other.full:
        why = "same name after normalisation (case, punctuation, legal form, script)"
    else:
        why = f"shares {', '.join(shared)}; similarity {core_score:.0f} of the distinctive words, {full_score:.0f} of the whole names"
    level: Level = "hit" if score >= HIT_SCORE else "possible"
    if level == "hit" and src.kind == "bulk":
        # On a whole official list, a name made of one short word or of common words only is weak evidence.
        if not shared:
            level, why = "possible", why + "; rests on words common in the lists only, so possible at most"
        elif min(len(query.tokens), len(other.tokens)) == 1 and max(len(t) for t in shared) < MIN_SINGLE_WORD_HIT:
            level, why = "possible", why + "; rests on one short word of a bulk list, so possible at most"
    return score, level, why


def screen(names: Sequence[str], sources: Sequence[ScreeningSource]) -> list[list[Hit]]:
    """Screen each name against every entry (and alias) of the lists; for each name, its hits and possible
    matches, best first, one per list entry. Same inputs, same output."""
    import numpy as np  # only when screening: cdist's score matrix is a numpy array

    index = _cached_index(tuple(sources))
    queries = [key(n) for n in names]
    results: list[list[Hit]] = [[] for _ in names]
    wanted = sorted({q.core for q in queries if q.tokens}, key=lambda c: (len(c), c))
    if not wanted or not index.cores:
        return results
    pairs: dict[str, list[tuple[int, float]]] = {}
    for start in range(0, len(wanted), BLOCK):
        block = wanted[start : start + BLOCK]
        lo, hi = index.window(len(block[0]), len(block[-1]))
        if lo >= hi:
            continue
        # Only pairs whose distinctive words are at least POSSIBLE_SCORE alike are looked at further.
        matrix = process.cdist(block, index.cores[lo:hi], scorer=fuzz.ratio, score_cutoff=POSSIBLE_SCORE, dtype="uint8", workers=-1)
        for r in np.flatnonzero(matrix.any(axis=1)).tolist():
            for c in (np.flatnonzero(matrix[r]) + lo).tolist():
                pairs.setdefault(block[r], []).append((c, fuzz.ratio(block[r], index.cores[c])))
    for qi, (name, query) in enumerate(zip(names, queries)):
        best: dict[tuple[int, int], Hit] = {}
        for c, core_score in pairs.get(query.core, []):
            for cand in index.names[c]:
                src = index.sources[cand.source]
                judged = _judge(query, cand, src, core_score, index.common)
                if judged is None:
                    continue
                score, level, why = judged
                entry = src.entries[cand.entry]
                if src.origin == "directory" and cand.text in entry.aliases:
                    why += f"; '{cand.text}' is a name the directory records for {entry.ref}"
                hit = Hit(name, src.id, src.date, entry.name, cand.text, score, level, why, entry.ref)
                slot = (cand.source, cand.entry)
                if slot not in best or rank(hit) < rank(best[slot]):
                    best[slot] = hit
        results[qi] = sorted(best.values(), key=rank)
    return results


def rank(hit: Hit) -> tuple[object, ...]:
    """Sort key of matches: hits first, best score first, then by list, entry and matched name."""
    return (hit.level != "hit", -hit.score, hit.list, hit.entry, hit.matched, hit.ref or "")
