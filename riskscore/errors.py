"""Error types: every problem in a user's file carries a location and a field path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file."""

    file: str
    line: int
    col: int
    path: str
    message: str
    #: A spreadsheet's sheet name: the problem is then at cell `Sheet1!C7` (line = row, col = column).
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{sheet_ref(self.sheet)}!{column_letter(self.col)}{self.line}" if self.sheet else f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def column_letter(col: int) -> str:
    """A 1-based column number as spreadsheet letters: 1 -> A, 27 -> AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def sheet_ref(name: str) -> str:
    """A sheet name as a spreadsheet writes it in a reference: quoted when it holds spaces or punctuation."""
    plain = name.replace("_", "").replace(".", "").isalnum()
    return name if plain else "'" + name.replace("'", "''") + "'"


class RiskscoreError(Exception):
    """Base class of the errors riskscore raises on purpose."""


class InputError(RiskscoreError):
    """One or more input files are invalid; holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
