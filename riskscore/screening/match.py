"""Fuzzy matching of names against list entries (rapidfuzz), with guards against short and generic words."""

from __future__ import annotations

from typing import Sequence

from rapidfuzz import fuzz, process

from .index import COMMON_WORD_ENTRIES, Index, IndexedName, build_index
from .normalize import Key, key
from .types import Hit, Level, ScreeningSource

__all__ = ["COMMON_WORD_ENTRIES", "HIT_SCORE", "POSSIBLE_SCORE", "Index", "build_index", "rank", "screen", "screen_index"]

#: Score from which a match is a hit (a fact rules read), and from which it is shown as possible.
HIT_SCORE = 90.0
POSSIBLE_SCORE = 80.0
#: Most points that generic words ('Technology', 'AI', 'Group') present in one name only can cost.
GENERIC_PENALTY = 10.0
#: Distinctive words shorter than this match only exactly: one changed letter in 'MARA' is another name.
MIN_FUZZY_CHARS = 6
#: On a bulk list a match resting on one distinctive word shorter than this is 'possible' at most.
MIN_SINGLE_WORD_HIT = 8
#: Queries compared per block: bounds the memory of the score matrix (block x entries bytes).
BLOCK = 256
#: From this many distinct query keys, the cores are compared as a matrix: rapidfuzz's cdist (threads, SIMD)
#: is ~3x faster a query, but returns a numpy array, and importing numpy (50-120 ms) costs as much as
#: comparing 150-400 queries one by one (benchmarks/screen_bench.py; a report has about 50).
MATRIX_FROM = 200


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


def _judge(query: Key, name: IndexedName, src: ScreeningSource, core_score: float, common_words: frozenset[str]) -> tuple[float, Level, str] | None:
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


def _pairs_one_by_one(wanted: Sequence[str], index: Index) -> dict[str, list[int]]:
    """For each query core, the cores at least POSSIBLE_SCORE alike, in index order (no numpy)."""
    pairs: dict[str, list[int]] = {}
    for q in wanted:
        lo, hi = index.window(len(q), len(q), POSSIBLE_SCORE)
        found = process.extract(q, index.cores[lo:hi], scorer=fuzz.ratio, score_cutoff=POSSIBLE_SCORE, limit=None)
        if found:
            pairs[q] = sorted(lo + i for _, _, i in found)
    return pairs


def _pairs_as_matrix(wanted: Sequence[str], index: Index) -> dict[str, list[int]]:
    """The same pairs as `_pairs_one_by_one`, a block of queries at a time (cdist: threads and SIMD)."""
    import numpy as np  # only for big batches: cdist's score matrix is a numpy array

    pairs: dict[str, list[int]] = {}
    for start in range(0, len(wanted), BLOCK):
        block = wanted[start : start + BLOCK]
        lo, hi = index.window(len(block[0]), len(block[-1]), POSSIBLE_SCORE)
        if lo >= hi:
            continue
        matrix = process.cdist(block, index.cores[lo:hi], scorer=fuzz.ratio, score_cutoff=POSSIBLE_SCORE, dtype="uint8", workers=-1)
        for r in np.flatnonzero(matrix.any(axis=1)).tolist():
            pairs[block[r]] = (np.flatnonzero(matrix[r]) + lo).tolist()
    return pairs


def screen(names: Sequence[str], sources: Sequence[ScreeningSource]) -> list[list[Hit]]:
    """Screen each name against every entry (and alias) of the lists; for each name, its hits and possible
    matches, best first, one per list entry. Same inputs, same output."""
    from .prebuilt import index_for  # not at import: `python -m riskscore.screening.prebuilt` runs that module

    return screen_index(names, index_for(tuple(sources)))


def screen_index(names: Sequence[str], index: Index) -> list[list[Hit]]:
    """`screen` against an index of the lists (however it was made)."""
    queries = [key(n) for n in names]
    results: list[list[Hit]] = [[] for _ in names]
    wanted = sorted({q.core for q in queries if q.tokens}, key=lambda c: (len(c), c))
    if not wanted or not index.cores:
        return results
    # Only pairs whose distinctive words are at least POSSIBLE_SCORE alike are looked at further; both ways
    # of finding them give the same pairs (rapidfuzz's score_cutoff either way).
    found = (_pairs_as_matrix if len(wanted) >= MATRIX_FROM else _pairs_one_by_one)(wanted, index)
    pairs = {q: [(c, fuzz.ratio(q, index.cores[c])) for c in cs] for q, cs in found.items()}
    for qi, (name, query) in enumerate(zip(names, queries)):
        best: dict[tuple[int, int], Hit] = {}
        for c, core_score in pairs.get(query.core, []):
            for cand in index.names(c):
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
