"""Restricted-party screening: names (or a vendor list's organisations) against dated lists.

Entry point: `screen(names, sources)`; `screen_organizations` applies it to organisations and their
parents, and `screen_vendors` to every party of a vendor list, giving the `screening` input of `assess`. Lists: `bundled_sources()` (OFAC SDN names snapshot, an Entity List excerpt),
`directory_sources()` (the directory's own entries) and `load_list_files()` (user CSL / sdn.csv files).
The SDN names ship prebuilt into a match index (`prebuilt`); other lists are indexed when screened."""

from __future__ import annotations

from .match import HIT_SCORE, POSSIBLE_SCORE, screen
from .parties import names_of, party_ids, recorded_lists, screen_organizations, screen_vendors, with_parents
from .sources import bundled_sources, directory_sources, load_list_files
from .types import Hit, ListEntry, Screening, ScreeningSource

__all__ = [
    "HIT_SCORE",
    "POSSIBLE_SCORE",
    "Hit",
    "ListEntry",
    "Screening",
    "ScreeningSource",
    "bundled_sources",
    "directory_sources",
    "load_list_files",
    "names_of",
    "party_ids",
    "recorded_lists",
    "screen",
    "screen_organizations",
    "screen_vendors",
    "with_parents",
]
