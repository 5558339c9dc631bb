"""Render a finished assessment to JSON, CSV, Markdown and HTML (one registry of formats)."""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence, Union
from urllib.parse import quote

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from .assessment import Assessment
from .record import write_record
from .report import build_view
from .resources import bundled

if TYPE_CHECKING:
    from .whatif import WhatIf

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_FIELDS = (
    "rank", "id", "model", "route", "developer", "developer_country", "operator", "operator_country",
    "broker", "regions", "verdict", "review_required", "overall", "price", "data_residency",
    "export_control", "sector", "compliance_risk", "monthly_cost_usd", "pareto", "blocked_by",
    "review_reasons", "data_gaps",
)


def render_json(assessment: Assessment, templates: Sequence[Path] = (), paper: str = "a4", whatif: WhatIf | None = None) -> str:
    """The machine record (schema riskscore.assessment/2) as one string; `write_record` streams it to a file."""
    buf = io.StringIO()
    write_record(assessment, buf)
    return buf.getvalue()


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula by prefixing a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(assessment: Assessment, templates: Sequence[Path] = (), paper: str = "a4", whatif: WhatIf | None = None) -> str:
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


class MarkdownRaw(str):
    """Markdown already made safe (a code span or a link built here): printed as it is."""


#: Characters that start Markdown syntax inside a line: escaped with a backslash wherever a value goes.
MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$&])")
MD_AUTOLINK = re.compile(r"(?i)\b(https?):(?=//)|\b(www)\.")
#: Characters left as they are in a link's address; others are percent-encoded.
URL_SAFE = ":/?#[]@!$&'*+,;=%-._~()"


def markdown_text(value: Any) -> Any:
    """Make a value inert inside Markdown and its tables: one line, no markup, no links or images,
    no raw HTML, no math, and no bare address that GitHub would turn into a link."""
    if not isinstance(value, str) or isinstance(value, MarkdownRaw):
        return value
    text = MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", value)).replace("<", "&lt;").replace(">", "&gt;")  # one line, no raw HTML
    return MD_AUTOLINK.sub(lambda m: f"{m.group(1)}\\:" if m.group(1) else f"{m.group(2)}\\.", text)


def markdown_code(value: Any) -> MarkdownRaw:
    """A value as an inline code span, fenced with more backticks than it contains."""
    text = " ".join(str(value).split()).replace("|", "\\|")  # a table cell ends at a bare pipe, even in code
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MarkdownRaw(f"{fence}{pad}{text}{pad}{fence}")


def markdown_link(title: Any, url: Any) -> MarkdownRaw:
    """A link to an http(s) address, its text escaped and its address percent-encoded where Markdown would read it."""
    text = markdown_text(str(title))
    if not re.match(r"(?i)^https?://\S+$", str(url)):
        return MarkdownRaw(text)
    return MarkdownRaw(f"[{text}](<{quote(str(url), safe=URL_SAFE)}>)")


def markdown_ref(text: Any, target: str | None) -> MarkdownRaw:
    """A link to a place in the same report ('#c-...'), or the escaped text when there is none."""
    escaped = markdown_text(str(text))
    return MarkdownRaw(f"[{escaped}](#{target})" if target and re.fullmatch(r"[A-Za-z0-9-]+", target) else escaped)


@lru_cache(maxsize=8)
def environment(templates: tuple[Path, ...] = (), markdown: bool = False) -> Environment:
    """Jinja2 environment: the user's template folders first, then the bundled ones.

    HTML is autoescaped; in Markdown every value is passed through `markdown_text`."""
    loaders = [FileSystemLoader(str(p)) for p in templates] + [FileSystemLoader(str(bundled("templates")))]
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "html.j2"]),
        finalize=markdown_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_code"] = markdown_code
    env.filters["md_link"] = markdown_link
    env.filters["md_ref"] = markdown_ref
    return env


Output = Union[str, bytes]
#: A renderer takes the assessment, template folders, the paper and (optionally) the what-if of the same inputs.
Renderer = Callable[[Assessment, Sequence[Path], str, "WhatIf | None"], Output]


def _template(name: str) -> Renderer:
    def render(assessment: Assessment, templates: Sequence[Path] = (), paper: str = "a4", whatif: WhatIf | None = None) -> str:
        env = environment(tuple(templates), markdown=name.endswith(".md.j2"))
        return env.get_template(name).render(**build_view(assessment, paper, whatif))

    render.__doc__ = f"Render with the template '{name}'."
    return render


def render_pdf(assessment: Assessment, templates: Sequence[Path] = (), paper: str = "a4", whatif: WhatIf | None = None, html: str | None = None) -> bytes:
    """The HTML report printed to PDF (WeasyPrint if installed, else headless Chromium)."""
    from .pdf import html_to_pdf

    page = html if html is not None else FORMATS["html"][1](assessment, templates, paper, whatif)
    return html_to_pdf(str(page), assessment.as_of)


#: Output formats by name: (file name, renderer). `DEFAULT_FORMATS` are written when none are asked.
FORMATS: dict[str, tuple[str, Renderer]] = {
    "html": ("report.html", _template("report.html.j2")),
    "md": ("report.md", _template("report.md.j2")),
    "json": ("assessment.json", render_json),
    "csv": ("candidates.csv", render_csv),
    "pdf": ("report.pdf", render_pdf),
}
DEFAULT_FORMATS = ("html", "md", "json", "csv")
PAPERS = ("a4", "letter")


def render_report(
    assessment: Assessment,
    formats: Sequence[str],
    templates: Sequence[Path] = (),
    paper: str = "a4",
    whatif: WhatIf | None = None,
) -> dict[str, Output]:
    """Render every asked format in memory (file name -> text, or bytes for a PDF) before anything is written.

    `whatif` is the what-if of the same inputs (`riskscore.whatif.what_if`), computed by the caller so
    that rendering stays pure; without it the report's what-if section says it was not computed."""
    out: dict[str, Output] = {}
    for f in formats:
        name, renderer = FORMATS[f]
        if f == "pdf" and "html" in formats:
            # The PDF is printed from the very HTML written beside it.
            html = out.get(FORMATS["html"][0]) or FORMATS["html"][1](assessment, templates, paper, whatif)
            out[FORMATS["html"][0]] = html
            out[name] = render_pdf(assessment, templates, paper, whatif, html=str(html))
        else:
            out[name] = renderer(assessment, templates, paper, whatif)
    return out
