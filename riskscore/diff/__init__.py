"""Explained diff of two assessment records: what changed per candidate, and why.

Entry point: `diff_files(old, new)` reads two assessment.json files and compares them; `render`
prints the result as text, Markdown or JSON. `compare` is the pure comparison of two records."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .compare import compare
from .model import CAUSE_KINDS, VERDICT_ORDER, Cause, Diff
from .record import AssessmentRecord, read_record
from .render import FORMATS, render

__all__ = ["CAUSE_KINDS", "FORMATS", "VERDICT_ORDER", "AssessmentRecord", "Cause", "Diff", "compare", "diff_files", "read_record", "render"]


def diff_files(old: Path, new: Path) -> Diff:
    """Read both records (every problem of both reported at once) and compare them."""
    problems = []
    records = []
    for path in (old, new):
        try:
            records.append(read_record(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return compare(records[0], records[1], str(old), str(new))
