"""Screening results as text and as JSON, for `riskscore screen`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from .match import HIT_SCORE, POSSIBLE_SCORE
from .types import Hit, ScreeningSource

SCHEMA = "riskscore.screening/1"


@dataclass(frozen=True)
class Screened:
    """One screened subject: a name given on the command line, or an organisation with all its names."""

    label: str  # the name, or the organisation id
    names: tuple[str, ...]
    hits: tuple[Hit, ...]
    organization: str | None = None
    recorded: frozenset[str] = frozenset()  # lists the directory records for the organisation or a parent


def _source(src: ScreeningSource) -> dict[str, Any]:
    return {
        "id": src.id,
        "title": src.title,
        "authority": src.authority,
        "date": src.date.isoformat(),
        "url": src.url,
        "kind": src.kind,
        "origin": src.origin,
        "entries": len(src.entries),
    }


def _hit(h: Hit, recorded: frozenset[str]) -> dict[str, Any]:
    return {
        "list": h.list,
        "list_date": h.list_date.isoformat(),
        "entry": h.entry,
        "matched": h.matched,
        "ref": h.ref,
        "screened_name": h.query,
        "score": h.score,
        "level": h.level,
        "recorded_in_directory": h.list in recorded,
        "why": h.why,
    }


def as_json(subjects: Sequence[Screened], sources: Sequence[ScreeningSource], as_of: date) -> str:
    """The machine form: lists screened (with dates), then each subject with its matches."""
    doc = {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "thresholds": {"hit": HIT_SCORE, "possible": POSSIBLE_SCORE},
        "lists": [_source(s) for s in sources],
        "results": [
            {
                "name": s.label if s.organization is None else None,
                "organization": s.organization,
                "names": list(s.names),
                "hits": [_hit(h, s.recorded) for h in s.hits],
            }
            for s in subjects
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def as_text(subjects: Sequence[Screened], sources: Sequence[ScreeningSource], as_of: date) -> str:
    """The human form: one block per subject, one line per match with the reason under it."""
    lines = [f"Screened as of {as_of.isoformat()} against {len(sources)} list(s):"]
    for src in sources:
        origin = "directory entries" if src.origin == "directory" else f"{len(src.entries):,} entries"
        lines.append(f"  {src.id:28} {src.date.isoformat()}  {origin}  {src.title}")
    lines.append(f"Score {HIT_SCORE:g} or more is a hit, {POSSIBLE_SCORE:g} to {HIT_SCORE:g} a possible match.")
    for s in subjects:
        lines.append("")
        hits = sum(1 for h in s.hits if h.level == "hit")
        head = s.label if s.organization is None else f"{s.organization} ({s.names[0]})"
        summary = f"{hits} hit(s), {len(s.hits) - hits} possible" if s.hits else "no match"
        lines.append(f"{head}: {summary}")
        for h in s.hits:
            via = "" if h.matched == h.entry else f" as '{h.matched}'"
            ref = f" [{h.ref}]" if h.ref else ""
            said = "" if s.organization is None else f" for '{h.query}'"
            recorded = "; recorded in the directory" if h.list in s.recorded else ""
            lines.append(f"  {h.level:8} {h.score:5.1f}  {h.list} ({h.list_date.isoformat()}): '{h.entry}'{via}{ref}{said}")
            lines.append(f"                  {h.why}{recorded}")
    hit_subjects = len(with_hits(subjects))
    lines.append("")
    lines.append(f"{len(subjects)} screened, {hit_subjects} with a hit. A match is a name match only: compare the entry's identifiers with the party before acting.")
    return "\n".join(lines) + "\n"


def with_hits(subjects: Sequence[Screened]) -> list[Screened]:
    """The subjects with at least one hit."""
    return [s for s in subjects if any(h.level == "hit" for h in s.hits)]
