"""Error types: every problem in a user's file carries a location and a field path."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters an error line must not carry raw to a terminal: C0 and C1 controls (ESC starts terminal
#: escape sequences; a newline would split the line), bidi controls (a right-to-left override
#: reorders what the reader sees), zero-width and line-separator characters, lone surrogates.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
#: Longest message printed: a value echoed in it may be a whole file's worth of text.
MAX_MESSAGE = 2_000


def printable(text: str) -> str:
    """`text` safe to print on a terminal: unsafe characters as escapes (`\\x1b`, `\\u202e`)."""
    return UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


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
        message = self.message
        if len(message) > MAX_MESSAGE:
            message = f"{message[:MAX_MESSAGE]}... ({len(message) - MAX_MESSAGE:,} more characters)"
        return printable(f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}")


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
