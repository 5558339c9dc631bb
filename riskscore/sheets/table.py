"""A sheet read into rows of named, located cells, and the header checks shared by CSV and XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from ..errors import Problem, column_letter

#: What a cell holds once read: text from a CSV; text, numbers, booleans or dates from an XLSX.
CellValue = str | int | float | bool | datetime | date | time


@dataclass(frozen=True)
class Cell:
    """One non-empty cell: its value as read, and its row and column (both 1-based)."""

    value: CellValue
    row: int
    col: int


@dataclass(frozen=True)
class Row:
    """One data row: its number (the CSV line or sheet row where it starts) and its non-empty cells by column name."""

    number: int
    cells: dict[str, Cell]


@dataclass
class Table:
    """A sheet with a header row: column names, data rows, and how to report a problem at a cell."""

    label: str
    sha256: str
    #: The sheet's name for an XLSX workbook; empty for a CSV file.
    sheet: str = ""
    header_row: int = 1
    #: Column name (as written in the header) -> column number of its first occurrence.
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    #: Columns whose header repeats an earlier one: their cells are not read (the duplicate is reported).
    duplicates: set[int] = field(default_factory=set)
    #: "windows-1252" when a CSV file was not UTF-8; "" otherwise.
    encoding: str = ""

    def problem(self, row: int, col: int, path: str, message: str) -> Problem:
        """A problem at a cell of this sheet."""
        return Problem(self.label, row, col, path, message, self.sheet)

    def cell_name(self, col: int) -> str:
        """How a message names a column: `column C` in a workbook, `column 3` in a CSV file."""
        return f"column {column_letter(col)}" if self.sheet else f"column {col}"


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


#: Non-empty rows searched for the header: a title or a note above it is common in a workbook.
MAX_TITLE_ROWS = 10


def header_index(rows: list[list[CellValue | None]], known: frozenset[str]) -> int | None:
    """Index of the header among `rows`: the first row that names a known column (compared without
    case), among the first non-empty ones; else the first non-empty row; None when all are empty."""
    filled = [i for i, cells in enumerate(rows) if not all(_empty(v) for v in cells)][:MAX_TITLE_ROWS]
    for i in filled:
        if any(isinstance(v, str) and v.strip().casefold() in known for v in rows[i]):
            return i
    return filled[0] if filled else None


def read_header(table: Table, cells: list[CellValue | None], out: list[Problem]) -> int:
    """Fill `table.columns` from the header cells; report duplicate names. Returns the header's width
    (trailing empty cells, which Excel writes for formatted but unused columns, do not count)."""
    width = len(cells)
    while width and _empty(cells[width - 1]):
        width -= 1
    seen: dict[str, int] = {}
    for i, raw in enumerate(cells[:width]):
        col = i + 1
        if _empty(raw):
            continue
        name = str(raw).strip()
        key = name.casefold()
        if key in seen:
            first = seen[key]
            out.append(table.problem(table.header_row, col, name, f"duplicate column '{name}' (also {table.cell_name(first)}): which one holds the data is ambiguous"))
            table.duplicates.add(col)
            continue
        seen[key] = col
        table.columns[name] = col
    return width


def add_row(table: Table, number: int, cells: list[tuple[CellValue | None, int, int]], width: int, out: list[Problem], ragged: bool) -> None:
    """Add one data row given its (value, row, col) cells; skip it when it is empty.

    A value beyond the header, or in a column without a header, is reported; so is a CSV row with
    fewer or more cells than the header (`ragged`), since a missing or extra delimiter shifts every
    cell after it."""
    if all(_empty(v) for v, _, _ in cells):
        return
    named = {col: name for name, col in table.columns.items()}
    if ragged and len(cells) != width:
        extra = [c for c in cells[width:] if not _empty(c[0])]
        if len(cells) < width or extra:
            at = extra[0] if extra else cells[-1]
            count = extra[-1][2] if extra else len(cells)
            out.append(table.problem(at[1], at[2], "", f"this row has {count} cells but the header has {width} columns: a delimiter is missing or extra, or a cell holds an unquoted delimiter"))
            return
    row: dict[str, Cell] = {}
    for value, r, c in cells:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        name = named.get(c)
        if name is None:
            # A duplicate header's data is ignored: the duplicate itself is already reported.
            if c not in table.duplicates:
                out.append(table.problem(r, c, "", f"a value in {table.cell_name(c)}, which has no header"))
            continue
        row[name] = Cell(value.strip() if isinstance(value, str) else value, r, c)
    if row:
        table.rows.append(Row(number, row))

