"""Loading the lists to screen against: the bundled lists, the directory's own entries, and user files
(trade.gov Consolidated Screening List CSV; OFAC sdn.csv with alt.csv)."""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml

from ..errors import InputError, Problem
from ..models import Organization, RestrictedList
from ..yamlsafe import MAX_JSON_BYTES, FileProblem, read_limited
from .types import ListEntry, NameEntries, ScreeningSource

DATA = Path(__file__).parent / "data"

#: Consolidated Screening List sources that are lists of the rule pack; others get 'csl_<abbreviation>'.
CSL_LISTS = {"EL": "us_entity_list", "SDN": "ofac_sdn", "MEU": "us_meu_list", "CMIC": "ofac_ns_cmic"}
#: Entry types that are not organisations: vendors are organisations, so these are not screened
#: (OFAC's own advice: an individual on the list is no match for a company).
NOT_ORGANISATIONS = frozenset({"individual", "vessel", "aircraft"})
OFAC_NULL = "-0-"
#: A list file above this size is refused: published lists are machine-written and far larger than a
#: hand-written input, so they get the limit of machine-written JSON rather than the 8 MB of YAML.
MAX_LIST_BYTES = MAX_JSON_BYTES


# ---------------------------------------------------------------- bundled lists


#: libyaml's loader where PyYAML has it: the same documents, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _names_file(path: Path) -> NameEntries:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    # The line ends a text-mode file reads (\n, \r\n, \r); str.splitlines would also split at \f, \x1c...
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return NameEntries(tuple(filter(None, map(str.strip, lines))))


def _entries_file(path: Path) -> tuple[ListEntry, ...]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    return tuple(
        ListEntry(
            e["name"],
            tuple(e.get("aliases", [])),
            None,
            f"added {e['added']}: {e['citation']} ({e['url']})",
        )
        for e in data["entries"]
    )


@lru_cache(maxsize=1)
def bundled_datasets() -> tuple[dict[str, Any], ...]:
    """The descriptions of the bundled lists in data/sources.yaml (file, format, date, licence, prebuilt index)."""
    return tuple(yaml.load((DATA / "sources.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER)["datasets"])


@lru_cache(maxsize=1)
def bundled_sources() -> tuple[ScreeningSource, ...]:
    """The lists shipped with riskscore (data/sources.yaml says where each came from)."""
    out = []
    for d in bundled_datasets():
        path = DATA / d["file"]
        entries = _names_file(path) if d["format"] == "names" else _entries_file(path)
        out.append(ScreeningSource(d["id"], d["title"], d["authority"], d["date"], d["url"], d["kind"], entries))
    return tuple(out)


# ---------------------------------------------------------------- the directory's own entries


def directory_sources(
    orgs: Iterable[Organization], as_of: date, lists: Mapping[str, RestrictedList] | None = None
) -> tuple[ScreeningSource, ...]:
    """The directory's list entries in force on the date, one list each. An entry is published under its own
    name; the names and aliases the directory records for its organisation are screened as its aliases."""
    by_list: dict[str, list[tuple[Organization, Any]]] = defaultdict(list)
    for org in orgs:
        for m in org.lists:
            if m.active_on(as_of):
                by_list[m.list].append((org, m))
    out = []
    for list_id in sorted(by_list):
        members = sorted(by_list[list_id], key=lambda om: (om[0].id, om[1].entry))
        entries = tuple(
            ListEntry(m.entry, tuple(n for n in (org.name, *org.aliases) if n != m.entry), org.id, f"added {m.added.isoformat()}")
            for org, m in members
        )
        read = max(s.date for _, m in members for s in m.sources)
        meta = (lists or {}).get(list_id)
        title = meta.title if meta else list_id
        authority = meta.authority if meta else "organisation directory"
        url = meta.sources[0].url if meta else members[0][1].sources[0].url
        out.append(ScreeningSource(list_id, title, authority, read, url, "curated", entries, origin="directory"))
    return tuple(out)


# ---------------------------------------------------------------- user files


def _date_of(path: Path) -> date:
    """The list's date: a YYYY-MM-DD in the file name, else the day the file was last written."""
    m = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
    if m:
        try:
            return date.fromisoformat(m.group(1))
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime).date()


def _rows(path: Path, problems: list[Problem]) -> list[list[str]] | None:
    try:  # the kind (a regular file, not a FIFO or a device) and the size are checked before reading
        raw = read_limited(path, MAX_LIST_BYTES)
    except FileProblem as exc:
        problems.append(Problem(str(path), 1, 1, "", exc.message))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # OFAC files are ASCII; older exports are Windows-1252
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        problems.append(Problem(str(path), reader.line_num, 1, "", f"not a readable CSV: {exc}"))
        return None


def _ofac(cell: str) -> str:
    return "" if cell.strip() == OFAC_NULL else cell.strip()


def _csl(path: Path, rows: list[list[str]], problems: list[Problem]) -> list[ScreeningSource]:
    header = [h.strip().lower() for h in rows[0]]
    col = {h: i for i, h in enumerate(header)}
    by_source: dict[str, list[ListEntry]] = defaultdict(list)
    titles: dict[str, str] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(str(path), n, 1, "", f"{len(row)} cells where the header has {len(header)}"))
            continue
        name = row[col["name"]].strip()
        if not name:
            problems.append(Problem(str(path), n, col["name"] + 1, "name", "empty name"))
            continue
        if "type" in col and row[col["type"]].strip().lower() in NOT_ORGANISATIONS:
            continue
        source = row[col["source"]].strip()
        abbr = re.search(r"\(([A-Z]+)\)", source)
        list_id = CSL_LISTS.get(abbr.group(1), f"csl_{abbr.group(1).lower()}") if abbr else "csl_" + re.sub(r"[^a-z0-9]+", "_", source.lower()).strip("_")
        titles[list_id] = source or list_id
        aliases = tuple(a.strip() for a in row[col["alt_names"]].split(";") if a.strip()) if "alt_names" in col else ()
        ref = row[col["entity_number"]].strip() if "entity_number" in col else None
        by_source[list_id].append(ListEntry(name, aliases, ref or None))
    when = _date_of(path)
    return [
        ScreeningSource(lid, f"{titles[lid]} (Consolidated Screening List)", "trade.gov Consolidated Screening List", when, f"file:{path.name}", "bulk", tuple(by_source[lid]))
        for lid in sorted(by_source)
    ]


def _sdn(path: Path, rows: list[list[str]], alts: Mapping[str, list[str]], problems: list[Problem]) -> ScreeningSource:
    entries = []
    for n, row in enumerate(rows, start=1):
        if not row or not any(c.strip() for c in row) or row[0].strip() == "\x1a":
            continue
        if len(row) < 3 or not row[0].strip().isdigit():
            problems.append(Problem(str(path), n, 1, "", "not an sdn.csv row (ent_num, SDN_Name, SDN_Type, ...)"))
            continue
        if _ofac(row[2]).lower() in NOT_ORGANISATIONS:
            continue
        ent = row[0].strip()
        entries.append(ListEntry(row[1].strip(), tuple(alts.get(ent, ())), ent))
    return ScreeningSource("ofac_sdn", "Specially Designated Nationals and Blocked Persons List (SDN List)", "US Department of the Treasury, OFAC", _date_of(path), f"file:{path.name}", "bulk", tuple(entries))


def _alt(path: Path, rows: list[list[str]], problems: list[Problem]) -> dict[str, list[str]]:
    alts: dict[str, list[str]] = defaultdict(list)
    for n, row in enumerate(rows, start=1):
        if not row or not any(c.strip() for c in row) or row[0].strip() == "\x1a":
            continue
        if len(row) < 4 or not row[0].strip().isdigit():
            problems.append(Problem(str(path), n, 1, "", "not an alt.csv row (ent_num, alt_num, alt_type, alt_name, ...)"))
            continue
        if _ofac(row[3]):
            alts[row[0].strip()].append(_ofac(row[3]))
    return alts


def _kind(rows: list[list[str]]) -> str | None:
    first = next((r for r in rows if any(c.strip() for c in r)), None)
    if first is None:
        return None
    header = {h.strip().lower() for h in first}
    if {"source", "name"} <= header:
        return "csl"
    if first[0].strip().isdigit():
        return "alt" if len(first) <= 5 else "sdn"
    return None


def load_list_files(paths: Sequence[Path]) -> tuple[ScreeningSource, ...]:
    """User lists: Consolidated Screening List CSVs and OFAC sdn.csv files (with their alt.csv, given too).
    Raises InputError naming every problem of every file."""
    problems: list[Problem] = []
    parsed: list[tuple[Path, str, list[list[str]]]] = []
    for path in paths:
        rows = _rows(path, problems)
        if rows is None:
            continue
        kind = _kind(rows)
        if kind is None:
            problems.append(Problem(str(path), 1, 1, "", "not a list file: expected a Consolidated Screening List CSV (header with 'source' and 'name') or an OFAC sdn.csv / alt.csv"))
            continue
        parsed.append((path, kind, rows))
    alts: dict[str, list[str]] = {}
    alt_files = [p for p, k, _ in parsed if k == "alt"]
    for path, kind, rows in parsed:
        if kind == "alt":
            alts.update(_alt(path, rows, problems))
    sdn_files = [p for p, k, _ in parsed if k == "sdn"]
    if alt_files and not sdn_files:
        problems.append(Problem(str(alt_files[0]), 1, 1, "", "an alt.csv holds aliases only: give its sdn.csv too"))
    out: list[ScreeningSource] = []
    for path, kind, rows in parsed:
        if kind == "csl":
            out.extend(_csl(path, rows, problems))
        elif kind == "sdn":
            out.append(_sdn(path, rows, alts, problems))
    if problems:
        raise InputError(problems)
    return tuple(out)
