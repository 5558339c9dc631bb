"""A flat vendor sheet (one candidate per row, dotted column names) to candidate records with located cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any, get_args

from ..codes import closest
from ..errors import Problem
from ..vocabulary import Certification
from .table import Cell, Table
from .values import Refused, as_bool, as_date, as_list, as_number, as_text

#: Columns of the flat vendor sheet and the kind of value each holds; dotted names map to nested fields.
COLUMNS: dict[str, str] = {
    "id": "str",
    "model": "str",
    "developer": "str",
    "operator": "str",
    "broker": "str",
    "route": "str",
    "regions": "list",
    "global_endpoint": "bool",
    "storage_regions": "list",
    "retired_on": "date",
    "open_weights": "bool",
    "licence": "str",
    "price.input": "number",
    "price.output": "number",
    "price.cached_input": "number",
    "price.currency": "str",
    "price.promotional": "bool",
    "price.preview": "bool",
    "price.as_of": "date",
    "price.note": "str",
    "data_policy.retention_days": "int",
    "data_policy.trains_on_customer_data": "bool",
    "data_policy.zero_retention_available": "bool",
    "contract.dpa": "bool",
    "contract.baa": "bool",
    "contract.sccs": "bool",
    "certifications": "certifications",
    "certifications_complete": "bool",
    "source.title": "str",
    "source.url": "str",
    "source.date": "date",
    "as_of": "date",
    "notes": "str",
}
#: Columns every row needs (the candidate's required fields); a sheet without one is reported once.
REQUIRED = ("id", "model", "developer", "operator", "route", "source.title", "source.url", "source.date", "as_of")
#: Words catalogues use for the same column (OpenRouter's `price_prompt` is `price.input`).
SYNONYMS = {"prompt": "input", "completion": "output", "cache read": "cached input", "cache": "cached"}

CERTIFICATIONS = get_args(Certification)


def as_certifications(value: Any) -> list[str]:
    """A certifications cell as its items; raise Refused naming each unknown one and what it may be."""
    items = as_list(value)
    unknown = [(c, closest(c, CERTIFICATIONS)) for c in items if c not in CERTIFICATIONS]
    if not unknown:
        return items
    listed = "; `riskscore schema vendors` lists the known names"
    if len(unknown) == 1:
        item, meant = unknown[0]
        raise Refused(f"unknown certification '{item}'" + (f"; did you mean '{meant}'?" if meant else listed))
    parts = [f"'{c}'" + (f" (did you mean '{m}'?)" if m else "") for c, m in unknown]
    raise Refused(f"unknown certifications {', '.join(parts)}" + ("" if all(m for _, m in unknown) else listed))


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "certifications": as_certifications,
    "str": as_text,
    "list": as_list,
    "bool": as_bool,
    "date": as_date,
    "number": as_number,
    "int": lambda v: as_number(v, integer=True),
}


def _words(name: str) -> list[str]:
    text = " ".join(re.findall(r"[^\W_]+", name.casefold()))
    for word, meant in SYNONYMS.items():
        text = re.sub(rf"\b{word}\b", meant, text)
    return sorted(text.split())


def column_for(name: str) -> str | None:
    """The vendor-sheet column an unknown header most likely means: the same words (after synonyms,
    in any order), the only column whose last part has those words, or a close spelling."""
    words = _words(name)
    same = [c for c in COLUMNS if _words(c) == words]
    if same:
        return same[0]
    tail = [c for c in COLUMNS if "." in c and _words(c.split(".", 1)[1]) == words]
    if len(tail) == 1:
        return tail[0]
    return closest(name, COLUMNS)


@dataclass
class VendorSheet:
    """Candidate records read from a sheet, the problems of its cells, and how to locate a field."""

    candidates: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Field paths (`candidates[3].price.input`) whose validation problems are already told better
    #: by a cell problem, or by one problem about a missing column.
    replaced: set[str] = field(default_factory=set)
    #: Field names (`price.input`) whose whole column is missing or misspelt.
    absent: set[str] = field(default_factory=set)
    locator: Callable[[tuple[Any, ...], bool], tuple[int, int]] = lambda loc, key: (1, 1)


def _field_column(loc: tuple[Any, ...]) -> str:
    """The column that holds a candidate field: ('price', 'input') -> price.input, ('sources', 0, 'url') -> source.url."""
    steps = [str(s) for s in loc if not isinstance(s, int)]
    if not steps:
        return ""
    if steps[0] == "sources":
        return "source." + (steps[1] if len(steps) > 1 else "url")
    return ".".join(steps[:2]) if ".".join(steps[:2]) in COLUMNS else steps[0]


def _put(record: dict[str, Any], name: str, value: Any) -> None:
    if name.startswith("source."):
        record.setdefault("sources", [{}])[0][name.split(".", 1)[1]] = value
    elif "." in name:
        group, key = name.split(".", 1)
        record.setdefault(group, {})[key] = value
    else:
        record[name] = value


def _path(i: int, name: str) -> str:
    if name.startswith("source."):
        return f"candidates[{i}].sources[0].{name.split('.', 1)[1]}"
    return f"candidates[{i}].{name}"


def vendor_sheet(table: Table) -> VendorSheet:
    """Map a sheet's rows to candidate records: unknown and missing columns are reported once at the
    header, a cell written another way at the cell, with what to type instead."""
    out = VendorSheet()
    folded = {c.casefold(): c for c in COLUMNS}
    canonical = {h: folded[h.casefold()] for h in table.columns if h.casefold() in folded}  # header -> column
    present = set(canonical.values())
    for header, col in table.columns.items():
        if header in canonical:
            continue
        meant = column_for(header)
        hint = f"; did you mean '{meant}'?" if meant else ""
        out.problems.append(table.problem(table.header_row, col, header, f"unknown column '{header}'" + hint))
        if meant and meant not in present:
            out.absent.add(meant)  # its values are not read: do not also report them missing per row
    for name in REQUIRED:
        if name not in present and name not in out.absent:
            out.problems.append(table.problem(table.header_row, 1, name, f"missing column '{name}' (every row needs it)"))
            out.absent.add(name)
    columns = {canonical[h]: c for h, c in table.columns.items() if h in canonical}
    for i, row in enumerate(table.rows):
        record: dict[str, Any] = {}
        for header, cell in row.cells.items():
            column = canonical.get(header)
            if column is None:
                continue
            try:
                _put(record, column, _CONVERT[COLUMNS[column]](cell.value))
            except Refused as exc:
                out.problems.append(table.problem(cell.row, cell.col, _path(i, column), str(exc)))
                out.replaced.add(_path(i, column))
        out.candidates.append(record)
        out.replaced.update(_path(i, name) for name in out.absent)
    numbers = [r.number for r in table.rows]
    cells: list[dict[str, Cell]] = [r.cells for r in table.rows]
    by_name = [{canonical[h]: c for h, c in r.items() if h in canonical} for r in cells]

    def locator(loc: tuple[Any, ...], at_key: bool) -> tuple[int, int]:
        if len(loc) >= 2 and loc[0] == "candidates" and isinstance(loc[1], int) and loc[1] < len(numbers):
            column = _field_column(loc[2:])
            cell = by_name[loc[1]].get(column)
            return (cell.row, cell.col) if cell else (numbers[loc[1]], columns.get(column, 1))
        return table.header_row, 1

    out.locator = locator
    return out
