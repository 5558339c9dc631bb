"""Reading catalogue files: JSON and CSV with located errors, and telling which catalogue a file is."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..yamlsafe import MAX_BYTES, FileProblem, YamlProblem, file_kind_problem, locate, parse_yaml, read_limited

#: The catalogue files riskscore can import, by what their content looks like.
ENDPOINTS, MODELS, PROVIDERS, LITELLM = "openrouter-endpoints", "openrouter-models", "openrouter-providers", "litellm"


@dataclass
class Raw:
    """A catalogue file read into memory: its label for messages, text, digest and parsed data."""

    path: Path
    label: str
    text: str
    sha256: str
    data: Any = None
    _root: Any = None

    def where(self, loc: tuple[Any, ...]) -> tuple[int, int]:
        """Line and column of a JSON path, found only when a problem needs it (parsing the tree is slow)."""
        if self._root is None:
            try:
                self._root = parse_yaml(self.text).root or False
            except YamlProblem:
                self._root = False
        return locate(self._root, loc) if self._root else (1, 1)

    def problem(self, loc: tuple[Any, ...], path: str, message: str) -> Problem:
        """A problem located at a JSON path of this file."""
        line, col = self.where(loc)
        return Problem(self.label, line, col, path, message)


def read_text(path: Path, problems: list[Problem]) -> Raw | None:
    """Read a file as UTF-8 text (a BOM is allowed), or record why it cannot be read."""
    label = str(path)
    try:  # the kind (a regular file, not a FIFO or a device) and the size are checked before reading
        raw = read_limited(path, MAX_BYTES)
    except FileProblem as exc:
        problems.append(Problem(label, 1, 1, "", exc.message))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, 1, "", f"file is not UTF-8 text (byte {exc.start})"))
        return None
    return Raw(path, label, text, hashlib.sha256(raw).hexdigest())


def read_json(path: Path, problems: list[Problem]) -> Raw | None:
    """Read and parse a JSON file; a syntax error becomes a problem at its line and column."""
    raw = read_text(path, problems)
    if raw is None:
        return None
    try:
        raw.data = json.loads(raw.text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(raw.label, exc.lineno, exc.colno, "", f"invalid JSON: {exc.msg}"))
        return None
    except RecursionError:
        problems.append(Problem(raw.label, 1, 1, "", "invalid JSON: nested too deeply"))
        return None
    return raw


@dataclass
class Table:
    """A CSV file: header, rows as dicts, and the line each row starts on."""

    raw: Raw
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]

    def column(self, name: str) -> int:
        """1-based column of a header name (1 when absent)."""
        return self.header.index(name) + 1 if name in self.header else 1


def read_csv(path: Path, problems: list[Problem]) -> Table | None:
    """Read a comma-separated file with a header; a ragged row or bad quoting is a located problem."""
    raw = read_text(path, problems)
    if raw is None:
        return None
    reader = csv.reader(io.StringIO(raw.text, newline=""), strict=True)
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    try:
        previous = 0
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if header is None:
                header = [h.strip() for h in cells]
                duplicates = sorted({h for h in header if header.count(h) > 1})
                for name in duplicates:
                    problems.append(Problem(raw.label, start, header.index(name) + 1, name, f"duplicate column '{name}'"))
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(raw.label, start, 1, "", f"row has {len(cells)} cells; the header has {len(header)}"))
                continue
            rows.append(dict(zip(header, cells)))
            lines.append(start)
    except csv.Error as exc:
        problems.append(Problem(raw.label, reader.line_num or 1, 1, "", f"invalid CSV: {exc}"))
        return None
    if header is None:
        problems.append(Problem(raw.label, 1, 1, "", "empty CSV file"))
        return None
    # Rows are checked even when some are bad, so every problem is reported in one pass.
    return Table(raw, header, rows, lines)


def _looks_like_models(items: Any) -> bool:
    return isinstance(items, list) and bool(items) and isinstance(items[0], dict) and "id" in items[0] and (
        "pricing" in items[0] or "canonical_slug" in items[0]
    )


def kind_of_json(data: Any) -> str | None:
    """Which catalogue a parsed JSON document is, from its shape."""
    if _looks_like_models(data) or (isinstance(data, dict) and _looks_like_models(data.get("data"))):
        return MODELS
    if isinstance(data, list) and data and isinstance(data[0], dict) and "slug" in data[0] and (
        {"dataPolicy", "headquarters", "datacenters", "displayName"} & set(data[0])
    ):
        return PROVIDERS
    if isinstance(data, dict) and any(isinstance(v, dict) and "litellm_provider" in v for v in list(data.values())[:50]):
        return LITELLM
    return None


def detect(path: Path) -> str | None:
    """The catalogue kind of a file from its content, or None (not a catalogue, or unreadable)."""
    suffix = path.suffix.lower()
    if file_kind_problem(path):  # never open a FIFO nor read a device just to guess its kind
        return None
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader([handle.readline()]), [])
            names = {h.strip() for h in header}
            return ENDPOINTS if "model_slug" in names and ({"provider_slug", "provider_name"} & names) else None
        if suffix == ".json":
            return kind_of_json(json.loads(read_limited(path, MAX_BYTES).decode("utf-8-sig")))
    except (OSError, FileProblem, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return None
