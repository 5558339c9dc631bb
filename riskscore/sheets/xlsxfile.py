"""XLSX workbooks (openpyxl, an optional extra): one sheet, its first non-empty row as the header."""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

from ..codes import closest
from ..errors import Problem
from .table import MAX_TITLE_ROWS, Table, add_row, header_index, read_header

#: Columns read past the header, to catch values that have no header; a bound, because a sheet
#: formatted down to column XFD declares 16,384 columns.
EXTRA_COLUMNS = 50
#: Columns searched for the header row.
MAX_HEADER = 1024
#: Rows read at most: a vendor list is hundreds of rows; a million means a formatted, empty sheet or a mistake.
MAX_ROWS = 200_000
#: Bytes a workbook may unzip to (its parts, declared sizes; zipfile reads no more than declared).
MAX_UNZIPPED = 256 * 1024 * 1024
MISSING = "reading .xlsx files needs openpyxl: pip install 'riskscore[xlsx]' (or save the sheet as CSV UTF-8)"


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        return None
    return openpyxl


def read_xlsx(raw: bytes, label: str, digest: str, sheet: str | None, out: list[Problem], known: frozenset[str] = frozenset()) -> Table | None:
    """Read one sheet of an XLSX workbook into a Table: `sheet` by name, else the first one; its header
    is the first row naming a `known` column (else the first non-empty row)."""
    openpyxl = _openpyxl()
    if openpyxl is None:
        out.append(Problem(label, 1, 1, "", MISSING))
        return None
    try:  # a zip bomb is refused before openpyxl inflates it
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED:
            out.append(Problem(label, 1, 1, "", f"the workbook unzips to {unzipped:,} bytes, over the limit of {MAX_UNZIPPED:,}"))
            return None
    except zipfile.BadZipFile:
        pass  # reported by openpyxl below, as any unreadable workbook
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        out.append(Problem(label, 1, 1, "", f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); save it again from the spreadsheet as .xlsx"))
        return None
    try:
        names = list(book.sheetnames)
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in names:
            ws = book[sheet]
        else:
            close = closest(sheet, names)
            hint = f"; did you mean '{close}'?" if close else ""
            out.append(Problem(label, 1, 1, "", f"no sheet '{sheet}' in this workbook (it has: {', '.join(names)})" + hint))
            return None
        return _read_sheet(ws, label, digest, out, known)
    finally:
        book.close()


def _read_sheet(ws: Any, label: str, digest: str, out: list[Problem], known: frozenset[str]) -> Table | None:
    table = Table(label, digest, sheet=ws.title)
    scan = min(ws.max_column or MAX_HEADER, MAX_HEADER)
    top: list[list[Any]] = []
    filled = 0
    for values in ws.iter_rows(min_row=1, max_col=scan, values_only=True):
        top.append(list(values))
        filled += any(v is not None for v in values)
        if filled >= MAX_TITLE_ROWS or len(top) >= MAX_ROWS:
            break
    first = header_index(top, known)
    if first is None:
        out.append(table.problem(1, 1, "", "empty sheet: expected a header row naming the columns"))
        return None
    table.header_row, header = first + 1, top[first]
    width = read_header(table, header, out)
    # Read only as far right as the header reaches, plus a margin to catch values without a header.
    rows = ws.iter_rows(min_row=table.header_row + 1, max_col=width + EXTRA_COLUMNS, values_only=True)
    for number, values in enumerate(rows, start=table.header_row + 1):
        if number > MAX_ROWS:
            out.append(table.problem(number, 1, "", f"the sheet has more than {MAX_ROWS:,} rows; is it the right sheet?"))
            break
        add_row(table, number, [(v, number, i + 1) for i, v in enumerate(values)], width, out, ragged=False)
    return table
