"""Spreadsheets as analysts save them: CSV (any Excel flavour) and XLSX, read into rows of located cells.

Entry point: `read_table(path, label, sheet, known)`; `vendor_sheet(table)` maps a table to candidate records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

from ..errors import Problem
from ..yamlsafe import MAX_BYTES, FileProblem, read_limited
from .csvfile import read_csv
from .table import Cell, Row, Table
from .vendors import COLUMNS, VendorSheet, column_for, vendor_sheet
from .xlsxfile import read_xlsx

__all__ = ["COLUMNS", "SHEET_SUFFIXES", "Cell", "Row", "Table", "VendorSheet", "column_for", "read_table", "vendor_sheet"]

#: File name endings read as sheets.
SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")


def read_table(path: Path, label: str, sheet: str | None = None, known: Collection[str] = ()) -> tuple[Table | None, list[Problem]]:
    """Read a CSV or XLSX file (`sheet` by name, else the first) into a Table, with every problem found.

    The header is the first row that names one of the `known` columns, so a title or a note above it
    is skipped; without one, the first non-empty row. The table is None when the file cannot be read at all; otherwise it holds every row that could be
    read, so the problems of the rows are reported together with those of the file."""
    problems: list[Problem] = []
    suffix = path.suffix.lower()
    try:  # the kind (a regular file, not a FIFO or a device) and the size are checked before reading
        raw = read_limited(path, MAX_BYTES)
    except FileProblem as exc:
        return None, [Problem(label, 1, 1, "", exc.message)]
    digest = hashlib.sha256(raw).hexdigest()
    names = frozenset(k.casefold() for k in known)
    if suffix in (".xlsx", ".xlsm"):
        table = read_xlsx(raw, label, digest, sheet, problems, names)
    elif suffix in (".csv", ".tsv"):
        table = read_csv(raw, label, digest, problems, names)
    else:
        hint = " (save it as .xlsx or CSV UTF-8)" if suffix in (".xls", ".ods", ".numbers") else ""
        return None, [Problem(label, 1, 1, "", f"unsupported sheet type '{suffix}'{hint}")]
    return table, problems
