"""Screening records: the lists screened against, their entries, hits, and the result for a run (data only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Mapping

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


@dataclass(frozen=True, slots=True)
class ScreeningSource:
    """A list to screen against, with the date of the copy screened and where it came from."""

    id: str  # list id of the pack where one exists (us_entity_list, ofac_sdn, ...)
    title: str
    authority: str
    date: date
    url: str
    kind: ListKind
    entries: tuple[ListEntry, ...] = field(repr=False)
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
