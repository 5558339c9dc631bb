"""The names of the lists, normalised and grouped by their distinctive words (core key), ready for matching.

Each list is indexed on its own (a `Part`); an `Index` combines the parts of the lists screened against.
A bulk list shipped with riskscore has its part prebuilt (see `prebuilt`); whichever way its parts were
made, an index holds the same cores, names and common words as indexing every list afresh."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Collection, Mapping, Protocol, Sequence

from .normalize import Key, key, variants
from .types import ScreeningSource

#: A word in at least this many entry names is common ('BANK', 'ENERGY', 'ALI'): sharing it alone is no match.
COMMON_WORD_ENTRIES = 30

#: One indexed name of a list: the entry's position, the name or alias as published (or a name inside its
#: brackets), and its key.
Record = tuple[int, str, Key]


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One published name or alias of an entry, by position of its list and entry."""

    source: int
    entry: int
    text: str
    key: Key


class Part(Protocol):
    """One list's names grouped by core key, with how many of its names hold each distinctive word."""

    def cores(self) -> Collection[str]:
        """The core keys of the list's names."""
        ...

    def sorted_cores(self) -> list[str]:
        """The core keys, shortest first, then alphabetically."""
        ...

    def names(self, core: str) -> Sequence[Record]:
        """The names whose core key is `core`, in the order of the list's entries."""
        ...

    def counts(self) -> Mapping[str, int]:
        """For each distinctive word, the number of the list's names holding it."""
        ...

    def count(self, word: str) -> int:
        """The number of the list's names holding the word."""
        ...

    def common(self) -> frozenset[str]:
        """The words common in this list alone (a word common in one list is common in any combination)."""
        ...


def order(core: str) -> tuple[int, str]:
    """Sort key of cores: by length (so a query is compared only with cores long enough), then alphabetically."""
    return len(core), core


@dataclass(frozen=True)
class SourcePart:
    """The part of one list, indexed in this run."""

    by_core: dict[str, list[Record]]
    word_counts: Counter[str]

    def cores(self) -> Collection[str]:
        """The core keys of the list's names."""
        return self.by_core.keys()

    def sorted_cores(self) -> list[str]:
        """The core keys, shortest first, then alphabetically."""
        return sorted(self.by_core, key=order)

    def names(self, core: str) -> Sequence[Record]:
        """The names whose core key is `core`, in the order of the list's entries."""
        return self.by_core.get(core, ())

    def counts(self) -> Mapping[str, int]:
        """For each distinctive word, the number of the list's names holding it."""
        return self.word_counts

    def count(self, word: str) -> int:
        """The number of the list's names holding the word."""
        return self.word_counts[word]

    def common(self) -> frozenset[str]:
        """The words common in this list alone."""
        return frozenset(t for t, c in self.word_counts.items() if c >= COMMON_WORD_ENTRIES)


def index_source(src: ScreeningSource) -> SourcePart:
    """Normalise every entry name and alias of one list, and the names in their brackets."""
    by_core: dict[str, list[Record]] = {}
    for e, entry in enumerate(src.entries):
        texts = [v for n in (entry.name, *entry.aliases) for v in variants(n)]
        for text in dict.fromkeys(texts):
            k = key(text)
            if k.tokens:  # a name made only of generic or legal words identifies nobody
                by_core.setdefault(k.core, []).append((e, text, k))
    return SourcePart(by_core, Counter(t for records in by_core.values() for _, _, k in records for t in k.tokens))


def _merge(base: list[str], extra: list[str]) -> list[str]:
    """Two disjoint lists of cores in `order`, as one: a few inserts into a long list cost a copy, not a sort."""
    out: list[str] = []
    prev = 0
    for c in extra:
        i = bisect_left(base, order(c), lo=prev, key=order)
        out.extend(base[prev:i])
        out.append(c)
        prev = i
    out.extend(base[prev:])
    return out


def _common(parts: Sequence[Part]) -> frozenset[str]:
    """Words in COMMON_WORD_ENTRIES names or more of all the lists together, reading the biggest list's counts
    only for the words of the others."""
    if not parts:
        return frozenset()
    big = max(parts, key=lambda p: len(p.cores()))
    rest: Counter[str] = Counter()
    for p in parts:
        if p is not big:
            rest.update(p.counts())
    together = {t for t, c in rest.items() if c + big.count(t) >= COMMON_WORD_ENTRIES}
    return frozenset().union(*(p.common() for p in parts), together)


class Index:
    """Entry names of several lists grouped by their core key, cores in `order`, for matching query keys."""

    def __init__(self, sources: Sequence[ScreeningSource], parts: Sequence[Part]) -> None:
        if len(sources) != len(parts):
            raise ValueError("one part per list")
        self.sources: tuple[ScreeningSource, ...] = tuple(sources)
        self._parts = tuple(parts)
        self.cores: list[str] = self._cores()
        #: Distinctive words in COMMON_WORD_ENTRIES entry names or more.
        self.common: frozenset[str] = _common(self._parts)
        self._names: dict[int, tuple[IndexedName, ...]] = {}

    def _cores(self) -> list[str]:
        if not self._parts:
            return []
        big = max(self._parts, key=lambda p: len(p.cores()))
        seen = big.cores()
        extra = {c for p in self._parts if p is not big for c in p.cores() if c not in seen}
        return _merge(big.sorted_cores(), sorted(extra, key=order))

    def names(self, i: int) -> tuple[IndexedName, ...]:
        """Every entry name whose core key is cores[i], list by list in the order given, entry by entry."""
        found = self._names.get(i)
        if found is None:
            core = self.cores[i]
            found = tuple(IndexedName(s, e, text, k) for s, part in enumerate(self._parts) for e, text, k in part.names(core))
            self._names[i] = found
        return found

    def window(self, shortest: int, longest: int, cutoff: float) -> tuple[int, int]:
        """The range of cores whose length allows a ratio of `cutoff` with a query of these lengths:
        2*min/(a+b) >= p/100 bounds the longer length to (200/p - 1) times the shorter."""
        factor = 200 / cutoff - 1
        return (
            bisect_left(self.cores, math.floor(shortest / factor), key=len),
            bisect_right(self.cores, math.ceil(longest * factor), key=len),
        )


def build_index(sources: Sequence[ScreeningSource]) -> Index:
    """Normalise every entry name and alias of the lists, in this run (no prebuilt part)."""
    return Index(sources, [index_source(s) for s in sources])
