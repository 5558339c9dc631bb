"""Screening records: the lists screened against, their entries, hits, and the result for a run (data only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Literal, Mapping, Sequence, overload

Level = Literal["hit", "possible"]
#: 'curated': entries chosen one by one as organisations (the directory, compiled excerpts), where an exact
#: one-word name identifies a party; 'bulk': a whole official list, where it does not (people, aliases).
ListKind = Literal["curated", "bulk"]


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One entry of a list: its name as published, the other names it is published with, and a reference."""

    name: str
    aliases: tuple[str, ...] = ()
    ref: str | None = None  # the list's own number, or the directory organisation recorded with it
    note: str | None = None  # e.g. 'added 2025-01-16 (90 FR 4617)'


class NameEntries(Sequence[ListEntry]):
    """The entries of a list published as bare names (one name per entry, no aliases or references).

    Entries are made when read: making tens of thousands of records up front costs more than screening a
    vendor list against them."""

    __slots__ = ("names", "_hash")

    def __init__(self, names: Sequence[str]) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self._hash: int | None = None

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, i: int) -> ListEntry: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[ListEntry, ...]: ...
    def __getitem__(self, i: int | slice) -> ListEntry | tuple[ListEntry, ...]:
        if isinstance(i, slice):
            return tuple(map(ListEntry, self.names[i]))
        return ListEntry(self.names[i])

    def __iter__(self) -> Iterator[ListEntry]:
        return map(ListEntry, self.names)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NameEntries):
            return self.names == other.names
        return NotImplemented

    def __hash__(self) -> int:
        # Sources are cache keys of the match index: hash the names once, not on every screening.
        if self._hash is None:
            self._hash = hash(self.names)
        return self._hash

    def __repr__(self) -> str:
        return f"NameEntries({len(self.names)} names)"


@dataclass(frozen=True, slots=True)
class ScreeningSource:
    """A list to screen against, with the date of the copy screened and where it came from."""

    id: str  # list id of the pack where one exists (us_entity_list, ofac_sdn, ...)
    title: str
    authority: str
    date: date
    url: str
    kind: ListKind
    entries: Sequence[ListEntry] = field(repr=False)  # a tuple, or NameEntries for a bulk list of names
    #: 'directory' for the organisation directory's own memberships (already in the rule pack's provenance).
    origin: str = "dataset"


@dataclass(frozen=True, slots=True)
class Hit:
    """A screened name that matches a list entry: which list (and its date), which entry, how well and why."""

    query: str
    list: str
    list_date: date
    entry: str
    matched: str  # the entry's name or alias that matched
    score: float  # 0-100; 100 is the same name after normalisation
    level: Level
    why: str
    ref: str | None = None

    def describe(self) -> str:
        """One line for messages: list and date, the screened name, the matched entry, score and level."""
        via = "" if self.matched == self.entry else f" (as '{self.matched}')"
        return f"{self.list} ({self.list_date.isoformat()}): '{self.query}' ~ '{self.entry}'{via}, score {self.score:g} ({self.level})"


@dataclass(frozen=True, slots=True)
class Screening:
    """The screening of a run's organisations: the lists used and the hits on each organisation's own names.

    An organisation id missing from `hits` was not screened (its screening facts are unknown)."""

    sources: tuple[ScreeningSource, ...]
    hits: Mapping[str, tuple[Hit, ...]]
