"""Input documents (a parsed YAML, JSON, CSV or XLSX file with a way to locate any field path), their
validation item by item, and the collector of every problem found in every file. No file access here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .codes import suggest
from .errors import InputError, Problem, column_letter, sheet_ref
from .locations import Loc, dotted, problems_from_validation
from .pack import InputRecord

M = TypeVar("M", bound=BaseModel)


@dataclass
class Doc:
    """A parsed input file: its data, a label for messages and a way to locate a field path."""

    label: str
    data: Any
    locator: Callable[[Loc, bool], tuple[int, int]]
    sha256: str
    kind: str = ""
    #: The sheet of an XLSX workbook: problems then print as `file.xlsx:Sheet1!C7`.
    sheet: str = ""
    #: Field paths whose validation problems a sheet already reported better (a cell written
    #: another way, a missing column), so the user reads each problem once.
    replaced: frozenset[str] = frozenset()

    def where(self, loc: Loc, at_key: bool = False) -> tuple[int, int]:
        """Line and column of a field path."""
        return self.locator(loc, at_key)

    def at(self, loc: Loc) -> str:
        """Where a field path is, as messages name it: `file:12`, or `file.xlsx:Sheet1!A12` in a workbook."""
        line, col = self.where(loc)
        return f"{self.label}:{sheet_ref(self.sheet)}!{column_letter(col)}{line}" if self.sheet else f"{self.label}:{line}"

    def problem(self, loc: Loc, message: str, at_key: bool = False) -> Problem:
        """A located problem in this file."""
        line, col = self.where(loc, at_key)
        return Problem(self.label, line, col, dotted(loc), message, self.sheet)

    @cached_property
    def _replaced_parents(self) -> frozenset[str]:
        return frozenset(a for r in self.replaced for a in _ancestors(r)[:-1])

    def located(self, problems: list[Problem]) -> list[Problem]:
        """Validation problems of this file, with its sheet, less those a sheet already reported."""
        kept = []
        for p in problems:
            if self.replaced and any(a in self.replaced for a in _ancestors(p.path)):
                continue  # the field or one of its parents was reported at the cell or the header
            if p.message.startswith("missing required field") and p.path in self._replaced_parents:
                continue  # a missing column was reported once, at the header
            kept.append(replace(p, sheet=self.sheet) if self.sheet else p)
        return kept


def _ancestors(path: str) -> list[str]:
    """A field path and every path above it: `a[0].b` -> `a`, `a[0]`, `a[0].b`."""
    cuts = [i for i, ch in enumerate(path) if ch in ".["]
    return [path[:i] for i in cuts if i] + [path]


@dataclass
class Collector:
    """Gathers every problem across every file, so the user sees them all at once."""

    problems: list[Problem] = field(default_factory=list)
    records: list[InputRecord] = field(default_factory=list)
    #: Ids of items whose validation failed, by kind ('organizations', 'candidates', 'rules'): other
    #: files' references to them are not reported again as unknown.
    failed_ids: dict[str, set[str]] = field(default_factory=dict)

    def raise_if_any(self) -> None:
        """Raise InputError holding every problem, if there are any."""
        if self.problems:
            raise InputError(self.problems)


def validate_doc(doc: Doc, model: type[M], out: Collector) -> M | None:
    """Validate a whole document against a model, recording its located problems."""
    if not isinstance(doc.data, dict):
        out.problems.append(doc.problem((), f"expected a mapping at the top of the file, found {type(doc.data).__name__}"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        out.problems.extend(doc.located(problems_from_validation(exc, model, doc.label, doc.locator)))
        return None


def validate_items(
    doc: Doc, key: str, model: type[M], container: type[BaseModel], out: Collector, allow_keys: tuple[str, ...] = ()
) -> list[tuple[M, Loc]]:
    """Validate each item of the list under `key` on its own, so one bad item does not hide the others;
    unknown top-level keys are reported without stopping the items from being checked."""
    data = doc.data
    if not isinstance(data, dict):
        validate_doc(doc, container, out)  # reports the file-level shape problem
        return []
    allowed = [f.alias or n for n, f in container.model_fields.items()]
    # Called once per list of a file: the same problem found twice is reported once (problems are a set).
    for extra in sorted(set(data) - {key, *allow_keys} - set(allowed)):
        out.problems.append(doc.problem((extra,), f"unknown field '{extra}'" + suggest(extra, allowed), at_key=True))
    items = data.get(key, [])
    if not isinstance(items, list):
        found = {dict: "a mapping", str: "text", type(None): "nothing"}.get(type(items), "a single value")
        out.problems.append(doc.problem((key,), f"'{key}' must be a list (items starting with '- '), found {found}"))
        return []
    entries = []
    for i, item in enumerate(items):
        try:
            entries.append((model.model_validate(item), (key, i)))
        except ValidationError as exc:
            out.problems.extend(doc.located(problems_from_validation(exc, model, doc.label, doc.locator, (key, i))))
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out.failed_ids.setdefault(key, set()).add(item["id"])
    return entries


#: Top-level keys that tell what kind of file a document is.
FILE_KINDS: dict[str, tuple[str, ...]] = {
    "rules": ("rules",),
    "groups": ("groups", "lists"),
    "vendors": ("candidates", "organizations"),
    "waivers": ("waivers",),
    "currency": ("rates",),
    "profile": ("volume", "jurisdictions"),
}


def detect_kind(doc: Doc) -> str | None:
    """Guess what kind of file a document is from its top-level keys."""
    if doc.kind:
        return doc.kind
    if not isinstance(doc.data, dict):
        return None
    for kind, keys in FILE_KINDS.items():
        if any(k in doc.data for k in keys):
            return kind
    return None
