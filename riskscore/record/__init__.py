"""The machine record of a run, `assessment.json` (schema riskscore.assessment/2).

Entry point: `write_record(assessment, out)` builds the record and streams it to a text file object.
Each rule is listed once in `rules`; each candidate carries its findings that are not `pass` and the
ids of the rules it passed. `json_schema()` is the record's JSON Schema (`riskscore schema assessment`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..assessment import SCHEMA
from .write import write_record

__all__ = ["SCHEMA", "json_schema", "write_record"]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the record, as shipped beside this module."""
    return json.loads((Path(__file__).with_name("assessment.schema.json")).read_text(encoding="utf-8"))
