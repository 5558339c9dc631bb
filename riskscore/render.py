"""Render a finished assessment to JSON, CSV, Markdown and HTML (one registry of formats)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from .assessment import Assessment
from .resources import bundled
from .view import build_view

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_FIELDS = (
    "rank", "id", "model", "route", "developer", "developer_country", "operator", "operator_country",
    "broker", "regions", "verdict", "review_required", "overall", "price", "data_residency",
    "export_control", "sector", "compliance_risk", "monthly_cost_usd", "pareto", "blocked_by",
    "review_reasons", "data_gaps",
)


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from output records: dataclass fields in order, dates as ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_json(assessment: Assessment, templates: Sequence[Path] = ()) -> str:
    """The machine record: stable key order, two-space indent."""
    return json.dumps(to_jsonable(assessment), indent=2, ensure_ascii=False) + "\n"


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula by prefixing a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(assessment: Assessment, templates: Sequence[Path] = ()) -> str:
    """One row per candidate, safe to open in a spreadsheet."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for c in assessment.candidates:
        row = [
            c.rank if c.rank is not None else "",
            c.id,
            c.model,
            c.route,
            c.developer.name,
            c.developer.country or "",
            c.operator.name,
            c.operator.country or "",
            c.broker.name if c.broker else "",
            ";".join(c.regions) if c.regions else "",
            c.verdict,
            "yes" if c.review_required else "no",
            c.overall,
            c.scores.price,
            c.scores.data_residency,
            c.scores.export_control,
            c.scores.sector,
            c.compliance_risk,
            "" if c.monthly_cost_usd is None else f"{c.monthly_cost_usd:.2f}",
            "yes" if c.pareto else "no",
            ";".join(c.blocked_by),
            ";".join(c.review_reasons),
            ";".join(c.data_gaps),
        ]
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def markdown_text(value: Any) -> Any:
    """Make a value safe inside Markdown (and its tables): no raw HTML, no cell breaks, one line."""
    if not isinstance(value, str):
        return value
    return " ".join(value.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").split())


@lru_cache(maxsize=8)
def environment(templates: tuple[Path, ...] = (), markdown: bool = False) -> Environment:
    """Jinja2 environment: the user's template folders first, then the bundled ones.

    HTML is autoescaped; in Markdown every value is passed through `markdown_text`."""
    loaders = [FileSystemLoader(str(p)) for p in templates] + [FileSystemLoader(str(bundled("templates")))]
    return Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "html.j2"]),
        finalize=markdown_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _template(name: str) -> Callable[[Assessment, Sequence[Path]], str]:
    def render(assessment: Assessment, templates: Sequence[Path] = ()) -> str:
        env = environment(tuple(templates), markdown=name.endswith(".md.j2"))
        return env.get_template(name).render(**build_view(assessment))

    render.__doc__ = f"Render with the template '{name}'."
    return render


#: Output formats by name: (file name, renderer).
FORMATS: dict[str, tuple[str, Callable[[Assessment, Sequence[Path]], str]]] = {
    "html": ("report.html", _template("report.html.j2")),
    "md": ("report.md", _template("report.md.j2")),
    "json": ("assessment.json", render_json),
    "csv": ("candidates.csv", render_csv),
}


def render_report(assessment: Assessment, formats: Sequence[str], templates: Sequence[Path] = ()) -> dict[str, str]:
    """Render every asked format in memory (file name -> text) before anything is written."""
    return {FORMATS[f][0]: FORMATS[f][1](assessment, templates) for f in formats}
