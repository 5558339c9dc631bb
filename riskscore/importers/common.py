"""Shared parts of the importers: statistics, the directory view, ids, prices, and the candidate builder."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Mapping

from pydantic import ValidationError

from ..errors import Problem
from ..models import Candidate, Organization

#: Synthetic operator of an aggregator route whose host the catalogue does not name.
UNSPECIFIED_HOST = "unspecified-host"
#: Synthetic developer of a model whose author the catalogue does not name.
UNKNOWN_DEVELOPER = "unknown-developer"
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass
class ImportStats:
    """What an import did: counts, ignored fields, created organisations and data gaps."""

    kind: str
    files: list[str] = field(default_factory=list)
    snapshot_date: date | None = None
    entries: int = 0
    candidates: int = 0
    #: "file: field" -> how many records carried a field the importer does not know (ignored).
    unknown_fields: Counter[str] = field(default_factory=Counter)
    #: reason -> how many records were not imported.
    skipped: Counter[str] = field(default_factory=Counter)
    #: organisation id -> why it was created (not in the directory).
    created: dict[str, str] = field(default_factory=dict)
    #: facts the catalogue could not give, one line each (deduplicated, sorted on output).
    gaps: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)

    def summary(self) -> list[str]:
        """Human-readable lines for the command line (stderr)."""
        lines = [
            f"imported {self.candidates} candidate(s) from {self.entries} {self.kind} record(s) "
            f"in {', '.join(self.files)} (snapshot {self.snapshot_date})"
        ]
        if self.unknown_fields:
            total = sum(self.unknown_fields.values())
            names = ", ".join(f"{k} ({n})" for k, n in sorted(self.unknown_fields.items()))
            lines.append(f"ignored {len(self.unknown_fields)} unknown field(s) in {total} place(s): {names}")
        for reason, n in sorted(self.skipped.items()):
            lines.append(f"skipped {n} record(s): {reason}")
        for org_id, why in sorted(self.created.items()):
            lines.append(f"data gap: organisation '{org_id}' created: {why}")
        lines.extend(f"data gap: {g}" for g in sorted(self.gaps))
        lines.extend(f"note: {n}" for n in sorted(self.notes))
        return lines


class Directory:
    """Read-only view of the organisation directory: ids, and names and aliases that name one organisation."""

    def __init__(self, orgs: Mapping[str, Organization] | Iterable[Organization | Mapping[str, Any]]):
        items = orgs.values() if isinstance(orgs, Mapping) else orgs
        self.ids: set[str] = set()
        names: dict[str, set[str]] = {}
        for org in items:
            # Parsed organisations, or raw records of files not validated yet (the loader's hook).
            org_id, name, aliases = (org.id, org.name, org.aliases) if isinstance(org, Organization) else (
                org["id"], org.get("name"), org.get("aliases"))
            self.ids.add(org_id)
            for text in (org_id, name, *(aliases if isinstance(aliases, list) else [])):
                if isinstance(text, str):
                    names.setdefault(text.strip().lower(), set()).add(org_id)
        # A name shared by two organisations (MiniMax, Moonshot AI) resolves to neither.
        self._by_name = {name: next(iter(ids)) for name, ids in names.items() if len(ids) == 1}

    def __contains__(self, org_id: object) -> bool:
        return org_id in self.ids

    def named(self, name: str | None) -> str | None:
        """The id of the one organisation with this id, name or alias (case-insensitive), if any."""
        return self._by_name.get(name.strip().lower()) if name else None


def slug(text: str) -> str:
    """An organisation id (`^[a-z0-9][a-z0-9._-]*$`) made from a catalogue key."""
    value = re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower().replace("_", "-"))
    return re.sub(r"^[^a-z0-9]+", "", value).rstrip("-.") or "unnamed"


def id_part(text: str) -> str:
    """A piece of a candidate id: like `slug`, with '@' and '+' kept out (they separate the parts)."""
    return slug(text)


def per_million(raw: Any) -> Decimal | None:
    """A per-token price as a Decimal per million tokens; None when absent, not a number or negative."""
    if raw is None or isinstance(raw, bool) or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip()) * 1_000_000
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def is_number(raw: Any) -> bool:
    """Whether a catalogue value reads as a finite number."""
    if isinstance(raw, bool):
        return False
    try:
        return Decimal(str(raw).strip()).is_finite()
    except InvalidOperation:
        return False


def fmt(value: Decimal | float) -> str:
    """A price for a note: plain digits, no exponent, no trailing zeros."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_float(value: Decimal | None) -> float | None:
    """A Decimal price as the float the vendor list stores (0.3, not 0.29999999999999993)."""
    return None if value is None else float(fmt(value))


def date_from_names(names: Iterable[str]) -> date | None:
    """The latest YYYY-MM-DD found in file names (snapshots are usually named by their date)."""
    found = []
    for name in names:
        for text in _DATE_IN_NAME.findall(name):
            try:
                found.append(date.fromisoformat(text))
            except ValueError:
                continue
    return max(found) if found else None


@dataclass
class Pending:
    """A candidate being built, with what decides its id and where it came from."""

    base: str
    qualifiers: tuple[str, ...]
    data: dict[str, Any]
    file: str
    line: int


class Builder:
    """Collects organisations and candidates, gives unique ids, and validates every record."""

    def __init__(self, directory: Directory, stats: ImportStats, as_of: date):
        self.directory = directory
        self.stats = stats
        self.as_of = as_of
        self.orgs: dict[str, dict[str, Any]] = {}
        self.pending: list[Pending] = []
        self.problems: list[Problem] = []

    def organisation(
        self, org_id: str, name: str, source: dict[str, Any], why: str, country: str | None = None, notes: str = ""
    ) -> str:
        """The id of an organisation, creating it (with the facts given, else unknown) if the directory lacks it."""
        if org_id in self.directory or org_id in self.orgs:
            return org_id
        record: dict[str, Any] = {"id": org_id, "name": name or org_id, "sources": [source], "as_of": self.as_of}
        if country:
            record["country"] = country
        gap = "" if country else "DATA GAP: country unknown (not guessed). "
        record["notes"] = (
            f"{gap}Created by riskscore import: {why}; not in the riskscore organisation directory. "
            "Add it to the directory or to your vendor file with its country, parent and sources. " + notes
        ).strip()
        self.orgs[org_id] = record
        self.stats.created[org_id] = why + ("" if country else "; country unknown")
        return org_id

    def add(self, base: str, qualifiers: Iterable[str], data: dict[str, Any], file: str, line: int) -> None:
        """Queue a candidate; `qualifiers` tell it apart from others with the same base id, in order."""
        self.pending.append(Pending(base, tuple(q for q in qualifiers), data, file, line))

    def _unique_ids(self) -> list[str]:
        ids = [p.base for p in self.pending]
        levels = max((len(p.qualifiers) for p in self.pending), default=0)
        for level in range(levels):
            counts = Counter(ids)
            for i, p in enumerate(self.pending):
                if counts[ids[i]] > 1 and level < len(p.qualifiers) and p.qualifiers[level]:
                    ids[i] = f"{ids[i]}.{id_part(p.qualifiers[level])}"
        # Last resort, still deterministic: number the rest in the order of their content.
        counts = Counter(ids)
        groups: dict[str, list[int]] = {}
        for i, cid in enumerate(ids):
            if counts[cid] > 1:
                groups.setdefault(cid, []).append(i)
        for cid, members in groups.items():
            members.sort(key=lambda i: (repr(sorted(self.pending[i].data.items(), key=str)), self.pending[i].line))
            for n, i in enumerate(members[1:], start=2):
                ids[i] = f"{cid}.{n}"
        return ids

    def result(self) -> tuple[dict[str, Any], dict[str, tuple[str, int]]]:
        """The vendor list (sorted) and each candidate's origin (file, line); bad records become problems."""
        candidates = []
        origins: dict[str, tuple[str, int]] = {}
        for cid, p in zip(self._unique_ids(), self.pending):
            data = {"id": cid, **p.data}
            try:
                model = Candidate.model_validate(data)
            except ValidationError as exc:
                for err in exc.errors():
                    where = ".".join(str(s) for s in err["loc"])
                    self.problems.append(Problem(p.file, p.line, 1, where, f"cannot import: {err['msg']}"))
                continue
            candidates.append(model)
            origins[cid] = (p.file, p.line)
        organisations = []
        for org_id in sorted(self.orgs):
            try:
                organisations.append(Organization.model_validate(self.orgs[org_id]))
            except ValidationError as exc:
                self.problems.extend(Problem(self.stats.files[0], 1, 1, org_id, f"cannot import: {e['msg']}") for e in exc.errors())
        candidates.sort(key=lambda c: c.id)
        self.stats.candidates = len(candidates)
        dump: Callable[[Any], dict[str, Any]] = lambda m: m.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
        return {"organizations": [dump(o) for o in organisations], "candidates": [dump(c) for c in candidates]}, origins
