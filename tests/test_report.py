"""The board report: the answer in words, routes side by side, cost, a chart that hides nothing, the
evidence appendix, Markdown that stays inert, and files written with the umask's permissions."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from riskscore import assess, load_inputs
from riskscore.assessment import Assessment, RuleWindow
from riskscore.cli import main
from riskscore.models import Source
from riskscore.output import write_outputs
from riskscore.render import markdown_text, render_report
from riskscore.report import build_view
from riskscore.report.chart import Point, layout, overlaps
from riskscore.report.text import law_label, source_basis
from riskscore.screening import screen_vendors

from .factories import replicated_vendors

DAY = date(2026, 11, 28)
MINI = Path(__file__).parent / "data" / "mini"
MINI_ARGS = [
    "--profile", str(MINI / "profile.yaml"), "--no-default-rules", "--rules", str(MINI / "rules"),
    "--directory", str(MINI / "orgs.yaml"), "--currency", str(MINI / "currency.yaml"), "--as-of", "2026-11-28",
]


def run(profile: str, vendor_paths: list[Path] | None = None) -> Assessment:
    """Assess a vendor list (the bundled one by default) for a preset on the fixed day."""
    inputs = load_inputs(vendor_paths=vendor_paths, profile=profile)
    screening = screen_vendors(inputs.vendors, DAY, inputs.pack.lists)
    return assess(inputs.pack, inputs.vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, inputs.records, screening)


@pytest.fixture(scope="module")
def general() -> Assessment:
    return run("general-enterprise")


@pytest.fixture(scope="module")
def bank() -> Assessment:
    return run("us-bank")


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    return run("us-bank", [replicated_vendors(tmp_path_factory.mktemp("large") / "v.json", 7 * 45)])


def section(html: str, start: str, end: str) -> str:
    """The HTML between two section ids."""
    return html[html.index(f'id="{start}"') : html.index(f'id="{end}"')]


# The chart hides nothing ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["general", "bank", "large"])
def test_every_candidate_has_a_marker_and_none_touches_another(which: str, request: pytest.FixtureRequest) -> None:
    a: Assessment = request.getfixturevalue(which)
    chart = build_view(a)["chart"]
    assert sorted(m.point.id for m in chart.markers) == sorted(c.id for c in a.candidates)
    assert overlaps(chart.markers) == []
    for m in chart.markers:  # inside the drawing, clear of its edges
        assert m.r <= m.x <= chart.width - m.r and chart.top <= m.y - m.r and m.y + m.r <= chart.bottom


@pytest.mark.parametrize("n", [1, 40, 300, 1000])
def test_layout_separates_even_identical_points(n: int) -> None:
    rnd = random.Random(n)
    costs = [None, 0.0, 120.0, 125.0, 4000.0]
    points = [
        Point(ref=str(i + 1), id=f"p{i:04d}", anchor="", verdict=rnd.choice(["low", "medium", "high", "prohibited"]),
              cost=rnd.choice(costs) if i % 3 else 125.0, risk=rnd.choice([0.0, 8.3, 50.0]), pareto=False, priority=i, title="")
        for i in range(n)
    ]
    chart = layout(points)
    assert len(chart.markers) == n
    assert overlaps(chart.markers) == []
    moved = [m for m in chart.markers if m.moved]
    assert len(moved) == chart.moved and (n == 1 or moved)  # a displaced marker keeps a line to its true point


def test_axes_are_fitted_to_the_data(general: Assessment) -> None:
    chart = build_view(general)["chart"]
    costs = [c.monthly_cost_usd for c in general.candidates if c.monthly_cost_usd]
    ticks = [t["label"] for t in chart.xticks]
    assert ticks[0] == "$100" and ticks[-1] == "$10k"  # costs run from about $144 to $4,758
    assert min(costs) > 100 and max(costs) < 10_000
    top = max(float(t["label"]) for t in chart.yticks)
    worst = max(c.compliance_risk for c in general.candidates)
    assert worst < top <= worst + 20  # not a fixed 0-100 axis


def test_prohibited_markers_differ_in_shape_not_only_colour(general: Assessment) -> None:
    chart = build_view(general)["chart"]
    shapes = {m.point.verdict: (m.path.count("z"), m.path.count("M"), m.style[0]) for m in chart.markers}
    assert shapes["prohibited"] == (0, 2, "none")  # a cross of two strokes, no fill
    assert len({v for v in shapes.values()}) == len(shapes)


def test_chart_heading_is_kept_with_the_chart(general: Assessment) -> None:
    html = render_report(general, ["html"])["report.html"]
    assert re.search(r'<figure class="chart">\s*<h2>Cost against compliance risk</h2>\s*<svg', str(html))
    assert "figure" in re.search(r"@media print \{.*?\n\}", str(html), re.S).group(0)  # type: ignore[union-attr]


# The answer first ------------------------------------------------------------------------------


def test_answer_speaks_in_rule_titles_and_laws_not_ids(bank: Assessment) -> None:
    html = str(render_report(bank, ["html"])["report.html"])
    answer = section(html, "answer", "routes")
    assert "DOJ Data Security Program covered person" in answer and "28 CFR 202.211" in answer
    assert "RES-DSP-COVERED-PERSON" not in answer and "RES-OUTSIDE-ALLOWED-REGIONS" not in answer
    assert "What to buy" in answer and "Open: whom to ask for what" in answer and "What changes soon" in answer
    assert "Deep Infra, Inc. (4)" in answer  # whom to ask, with how many routes


def test_each_band_recommends_the_best_admissible_offering(general: Assessment) -> None:
    bands = build_view(general)["answer"]["bands"]
    assert bands and all(b["pick"] is None or b["pick"].standing in ("buy", "review") for b in bands)
    first = bands[0]["pick"]
    assert first.c.rank == 1 and first.c.monthly_cost_usd <= general.profile.budget_usd * 0.1  # type: ignore[operator]


def test_expired_rules_are_never_listed_as_upcoming(general: Assessment) -> None:
    past = date(2025, 1, 1)
    c = general.candidates[0]
    watch = dataclasses.replace(c.findings[0], rule_id="OLD-WATCH", title="An old proposal", effect="watch", status="fail", effective_to=past)
    a = dataclasses.replace(
        general,
        candidates=[dataclasses.replace(c, findings=[*c.findings, watch])] + general.candidates[1:],
        rules_not_in_force=[
            RuleWindow("GONE", "A rule that ended", "expired", date(2024, 1, 1), past),
            RuleWindow("SOON", "A rule that starts", "upcoming", date(2027, 6, 30), None),
        ],
    )
    view = build_view(a)
    changes = [w["title"] for w in view["answer"]["changes"]]
    assert "A rule that starts" in changes
    assert "A rule that ended" not in changes and "An old proposal" not in changes
    assert [w.rule_id for w in view["windows"]["expired"]] == ["GONE"]
    assert [w.rule_id for w in view["windows"]["upcoming"]] == ["SOON"]


# Routes, cost, evidence --------------------------------------------------------------------------


def test_routes_matrix_shows_one_model_out_by_one_route_and_in_by_another(general: Assessment) -> None:
    routes = build_view(general)["routes"]
    assert [k["label"] for k in routes["kinds"]] == ["first party", "cloud platform", "inference host", "aggregator", "self-hosted"]
    split = [r for r in routes["rows"] if r["split"]]
    assert routes["split"] == len(split) >= 1
    standings = {cell["best"].standing for cell in split[0]["cells"] if cell["best"]}
    assert "out" in standings and standings & {"buy", "review"}


def test_safer_choices_show_their_premium_over_the_cheapest(general: Assessment) -> None:
    cost = build_view(general)["cost"]
    cheapest, safer = cost["cheapest"], cost["safer"]
    assert safer[0]["x"] is cheapest and safer[0]["premium"] == "–"
    for row in safer[1:]:
        assert row["x"].c.compliance_risk < cheapest.c.compliance_risk
        extra = row["x"].c.monthly_cost_usd - cheapest.c.monthly_cost_usd
        assert row["premium"] == (f"${extra:,.0f}" if extra >= 100 else f"${extra:,.2f}")


def test_rules_resting_on_secondary_pages_are_marked() -> None:
    news = Source(title="A report - News site", url="https://n.example/a", date=DAY, quality="news")
    legal = Source(title="A client alert - Law firm", url="https://l.example/a", date=DAY, quality="legal")
    law = Source(title="28 CFR 202.211 - Covered person (eCFR)", url="https://e.example/a", date=DAY, quality="primary")
    assert source_basis([news]) == "news or secondary pages only"
    assert source_basis([news, legal]) == "legal commentary only, no official text"
    assert source_basis([news, law]) is None and source_basis([law], "unverified") == "unverified"
    assert source_basis([law.model_copy(update={"quality": None})]) == "source quality not recorded"
    assert law_label([news, law]) == "28 CFR 202.211"


def test_rule_index_lists_each_rule_once_and_findings_link_to_it(bank: Assessment) -> None:
    html = str(render_report(bank, ["html"])["report.html"])
    index = html[html.index('id="rules"') :]
    assert index.count('id="rule-RES-DSP-COVERED-PERSON"') == 1
    assert 'href="#rule-RES-DSP-COVERED-PERSON"' in html[: html.index('id="rules"')]
    assert "[news or secondary pages only]" in index  # the proposed DeepSeek listing rests on news reports
    appendix = html[html.index('id="appendix"') :]
    assert appendix.count("<details") == len(bank.candidates)  # every candidate, collapsible on screen


def test_large_runs_summarise_the_appendix_but_keep_everything_in_csv(large: Assessment) -> None:
    view = build_view(large)
    assert view["large"] and len(large.candidates) > view["detail_limit"]
    listed = [x for g in view["models"] for x in g["candidates"]]
    assert listed and all(x.standing != "buy" or x.c.verdict == "high" for x in listed)
    assert sum(r["total"] for r in view["tally"]["by_route"]) == len(large.candidates)
    files = render_report(large, ["html", "csv"])
    assert f"This run has {len(large.candidates)} offerings" in str(files["report.html"])
    assert str(files["candidates.csv"]).count("\n") == len(large.candidates) + 1


# Formats ---------------------------------------------------------------------------------------


def test_html_loads_nothing_from_outside(bank: Assessment) -> None:
    html = str(render_report(bank, ["html"])["report.html"])
    assert "<script" not in html and "<link" not in html and "@import" not in html and "url(" not in html
    assert not re.search(r"\ssrc=", html)
    for tag, href in re.findall(r"<(\w+)[^>]*\shref=\"([^\"]*)\"", html):
        assert tag == "a" and (href.startswith("#") or href.startswith(("https://", "http://")))


def test_title_names_buyer_and_date_and_paper_is_chosen(general: Assessment) -> None:
    a4 = str(render_report(general, ["html"])["report.html"])
    letter = str(render_report(general, ["html"], paper="letter")["report.html"])
    assert "<title>General enterprise (US) · 2026-11-28</title>" in a4
    assert "size:A4" in a4 and "size:letter" in letter
    assert 'counter(page) " of " counter(pages)' in a4  # page numbers, and the running header below
    assert '@top-left { content:"General enterprise (US) \\b7  as of 2026-11-28"' in a4


def test_running_header_cannot_break_out_of_the_style(general: Assessment) -> None:
    profile = dataclasses.replace(general.profile, name='Evil"; } </style><script>x()</script>')
    html = str(render_report(dataclasses.replace(general, profile=profile), ["html"])["report.html"])
    style = html[html.index("<style>") : html.index("</style>") + 8]
    assert "<script>" not in style and style.count("</style>") == 1


def test_same_inputs_give_the_same_bytes(bank: Assessment) -> None:
    assert render_report(bank, ["html", "md"]) == render_report(bank, ["html", "md"])


HOSTILE_NAME = "[click](https://evil.example/x) ![pixel](https://evil.example/p.png) <img src=x> https://evil.example www.evil.example $1 | `x`"


def test_markdown_values_are_inert_text() -> None:
    text = markdown_text(HOSTILE_NAME)
    assert "](" not in text.replace("\\](", "") and "<img" not in text and "https://" not in text and "www.evil" not in text
    assert "\\$1" in text and "\\|" in text


def test_markdown_report_renders_hostile_names_as_text(tmp_path: Path) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (GitHub's Markdown renderer) is not installed")
    vendors = tmp_path / "v.yaml"
    text = (MINI / "vendors.yaml").read_text().replace("model: Acme Large", f"model: {yaml.safe_dump(HOSTILE_NAME).strip()}", 1)
    vendors.write_text(text)
    assert main(["report", str(vendors), *MINI_ARGS, "--out", str(tmp_path / "o"), "--format", "md", "--quiet"]) == 0
    rendered = cmarkgfm.github_flavored_markdown_to_html((tmp_path / "o" / "report.md").read_text())
    assert "evil.example" in rendered  # the name is there, as text
    assert not re.search(r'<a href="[^"#]*evil', rendered) and "<img" not in rendered
    tables = re.findall(r"<table>.*?</table>", rendered, re.S)
    assert tables and all("<th" in t for t in tables)  # every table still parses as a table


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_get_the_permissions_of_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        written = write_outputs({"report.md": "x\n", "report.pdf": b"%PDF-1.4\n"}, tmp_path)
    finally:
        os.umask(old)
    assert [p.name for p in written] == ["report.md", "report.pdf"]
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {oct(mode)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "report.pdf"]  # no temporary file left
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF-1.4\n"


def test_pdf_without_an_engine_says_how_to_get_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from riskscore import pdf

    monkeypatch.setattr(pdf, "engine", lambda prefer=None: None)
    assert main(["report", str(MINI / "vendors.yaml"), *MINI_ARGS, "--out", str(tmp_path / "o"), "--format", "html,pdf"]) == 2
    err = capsys.readouterr().err
    assert "riskscore[pdf]" in err and "chromium" in err.lower()
    assert not (tmp_path / "o").exists()  # nothing written when one format cannot be made


def test_pdf_dates_are_the_assessment_date() -> None:
    from riskscore.pdf import stamp_dates

    raw = b"<</CreationDate (D:20261129031708+00'00')\n/ModDate (D:20261129031708+00'00')>>"
    fixed = stamp_dates(raw, DAY)
    assert fixed == b"<</CreationDate (D:20261128000000+00'00')\n/ModDate (D:20261128000000+00'00')>>"
    assert len(fixed) == len(raw)  # byte offsets of the PDF stay valid


def test_report_md_follows_the_board_order(general: Assessment) -> None:
    md = str(render_report(general, ["md"])["report.md"])
    order = ["## The answer", "## Routes side by side", "## Cost", "## Cost against compliance risk", "## Ranking", "## Appendix: the evidence", "### C. Rule index"]
    positions = [md.index(h) for h in order]
    assert positions == sorted(positions)


def _names(view: dict[str, Any]) -> list[str]:
    return [x.name for x in view["candidates"]]


def test_offerings_are_named_by_model_and_operator(general: Assessment) -> None:
    names = _names(build_view(general))
    assert "DeepSeek V3.2 via Microsoft Corporation" in names and "DeepSeek V3.2, self-hosted" in names
    # Regional variants of one model at one operator are told apart by their ids.
    assert "GPT-5.4 via Microsoft Corporation (gpt-5.4-eu@azure)" in names and len(set(names)) == len(names)


def test_weasyprint_prints_the_same_report_short(general: Assessment, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint (the 'pdf' extra) is not installed")
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    from riskscore.pdf import html_to_pdf

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(html_to_pdf(str(render_report(general, ["html"])["report.html"]), DAY, prefer="weasyprint"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Producer:        WeasyPrint" in info and "(A4)" in info
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 20  # type: ignore[union-attr]


# What-if (issue 9) -----------------------------------------------------------------------------


def run_with_whatif(profile: str) -> tuple[Assessment, Any]:
    """The assessment of the bundled list and its what-if, computed the way `riskscore report` does."""
    from riskscore.whatif import what_if

    inputs = load_inputs(profile=profile)
    screening = screen_vendors(inputs.vendors, DAY, inputs.pack.lists)
    a = assess(inputs.pack, inputs.vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, inputs.records, screening)
    return a, what_if(inputs.pack, inputs.vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, screening, a)


@pytest.fixture(scope="module")
def general_whatif() -> tuple[Assessment, Any]:
    return run_with_whatif("general-enterprise")


@pytest.fixture(scope="module")
def bank_whatif() -> tuple[Assessment, Any]:
    return run_with_whatif("us-bank")


def test_whatif_follows_the_ranking_with_weights_and_the_deepseek_sentence(general_whatif: tuple[Assessment, Any]) -> None:
    a, w = general_whatif
    files = render_report(a, ["html", "md"], whatif=w)
    html, md = str(files["report.html"]), str(files["report.md"])
    assert html.index('id="ranking"') < html.index('id="whatif"') < html.index('id="appendix"')  # the board part
    part = section(html, "whatif", "appendix")
    assert "DeepSeek V3.2 is out on Hangzhou DeepSeek Artificial Intelligence (first party, CN)" in part
    assert "on Deep Infra, Inc. (inference host) it is medium at $148 a month." in part
    top = next(x for x in build_view(a)["candidates"] if x.c.id == w.weights.top)
    assert f"<b><a href=\"#{top.anchor}\">{top.name}</a></b> ranks first" in part
    for r in w.weights.ranges:
        assert f"<td class=\"nw\">{r.weight.replace('_', ' ')}</td>" in part
    assert "Smallest change:</b> the price weight from 1 to 0.7716 (5.7% of the total weight)" in part
    assert md.index("## Ranking") < md.index("## What-if") < md.index("## Appendix: the evidence")
    assert "DeepSeek V3.2 is out on Hangzhou DeepSeek" in md and "\\$148 a month" in md  # escaped for Markdown


def test_report_command_computes_the_whatif(tmp_path: Path) -> None:
    assert main(["report", "--profile", "general-enterprise", "--as-of", "2026-11-28", "--out", str(tmp_path), "--format", "md", "--quiet"]) == 0
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "DeepSeek V3.2 is out on" in md and "was not computed" not in md


def test_whatif_options_needing_something_obtained_are_labelled(bank_whatif: tuple[Assessment, Any]) -> None:
    a, w = bank_whatif
    view = build_view(a, whatif=w)["whatif"]["fixes"]
    rows = [o for b in view["blocks"] for o in b["options"]]
    conditional = [o for o in rows if o["conditions"]]
    assert conditional and len(conditional) < len(rows)  # a region commitment to obtain; some routes need nothing
    files = render_report(a, ["html", "md"], whatif=w)
    html, md = section(str(files["report.html"]), "whatif", "appendix"), str(files["report.md"])
    assert html.count('<span class="cond">conditions to obtain, not facts</span>') == len(conditional)
    md_part = md[md.index("## What-if") : md.index("## Appendix")]
    assert md_part.count("**conditions to obtain, not facts:**") == len(conditional)
    assert all(o["conditions"][0] in html for o in conditional)
    assert html.count("nothing: as listed") == len(rows) - len(conditional)


def test_whatif_stays_short_and_names_what_it_leaves_out(bank_whatif: tuple[Assessment, Any]) -> None:
    from riskscore.report.whatif import LINE_BUDGET, printed_lines

    a, w = bank_whatif
    fixes = build_view(a, whatif=w)["whatif"]["fixes"]
    shown = sum(1 + len(b["others"]) + b["more_others"] for b in fixes["blocks"])
    assert shown + fixes["hidden"] == fixes["total"] == len(w.fixes)  # every offering shown or counted
    assert sum(printed_lines(b) for b in fixes["blocks"]) <= LINE_BUDGET
    assert all(len(b["options"]) <= 3 for b in fixes["blocks"])
    if fixes["hidden"]:
        html = str(render_report(a, ["html"], whatif=w)["report.html"])
        assert all(h["model"] in section(html, "whatif", "appendix") for h in fixes["hidden_models"])


def test_without_a_whatif_the_section_says_it_was_not_computed(general: Assessment) -> None:
    files = render_report(general, ["html", "md"])
    assert "The what-if was not computed for this report" in section(str(files["report.html"]), "whatif", "appendix")
    assert "## What-if\n\nThe what-if was not computed for this report" in str(files["report.md"])


def test_whatif_text_is_escaped_in_markdown_and_html(general_whatif: tuple[Assessment, Any]) -> None:
    a, w = general_whatif
    hostile = dataclasses.replace(w, fixes=[dataclasses.replace(w.fixes[0], summary=HOSTILE_NAME)] + w.fixes[1:])
    files = render_report(a, ["html", "md"], whatif=hostile)
    assert "<img src=x>" not in str(files["report.html"]) and "&lt;img src=x&gt;" in str(files["report.html"])
    md = str(files["report.md"])
    assert "[click](https://evil" not in md and "![pixel]" not in md and "<img" not in md
    assert render_report(a, ["html", "md"], whatif=w) == render_report(a, ["html", "md"], whatif=w)  # same bytes


# Waivers and warnings (issue 9) ------------------------------------------------------------------

WAIVERS = Path(__file__).parent / "data" / "waivers"


def run_mini(waivers: Path | None, day: date) -> Assessment:
    inputs = load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, waivers, MINI / "currency.yaml", [MINI / "orgs.yaml"])
    return assess(inputs.pack, inputs.vendors, inputs.profile, day, inputs.waivers, inputs.rates, inputs.records)


@pytest.fixture(scope="module")
def waived() -> Assessment:
    return run_mini(WAIVERS / "register.yaml", date(2026, 12, 1))


def test_a_knockout_lifted_by_a_waiver_is_marked_by_its_verdict(waived: Assessment) -> None:
    files = render_report(waived, ["html", "md"])
    html, md = str(files["report.html"]), str(files["report.md"])
    badge = '<span class="ko">knock-out overridden</span>'
    row = next(r for r in section(html, "ranking", "whatif").split("<tr>") if "dragon-chat@<wbr>hostco</a>" in r)
    assert '<span class="v low">● low</span> ' + badge in row
    assert "dragon-chat@<wbr>hostco+<wbr>routerhub" in section(html, "ranking", "whatif")
    assert badge in section(html, "answer", "routes") and "TEST-SEC-BAA for dragon-chat@hostco, dragon-chat@hostco+routerhub" in html
    assert "| ● low **KNOCK-OUT OVERRIDDEN** |" in md and "**KNOCK-OUT OVERRIDDEN** by waiver: TEST-SEC-BAA" in md
    # The other candidates carry no badge.
    acme = next(r for r in section(html, "ranking", "whatif").split("<tr>") if "acme-large@<wbr>acme-ai" in r)
    assert badge not in acme


def test_waived_findings_name_approver_expiry_and_ticket(waived: Assessment) -> None:
    html = str(render_report(waived, ["html"])["report.html"])
    appendix = html[html.index('id="appendix"') :]
    assert ('<span class="wv active">waived until 2027-06-30 by Privacy officer, ticket LEG-7: BAA signed on 2026-11-01, not yet on the vendor&#39;s site</span>'
            ' <span class="ko">knock-out overridden</span>') in appendix
    assert '<span class="wv active">waived until 2026-12-31 by Export control officer, ticket EXC-101: Developer listing reviewed' in appendix
    # A prohibited candidate's lapsed waiver is said even among the findings that move no verdict.
    assert "waiver expired on 2026-03-31 (by CISO office): the finding stands again" in appendix


def test_a_lapsed_waiver_says_when_it_expired() -> None:
    a = run_mini(WAIVERS / "register.yaml", date(2027, 1, 1))
    files = render_report(a, ["html", "md"])
    html, md = str(files["report.html"]), str(files["report.md"])
    assert '<span class="wv lapsed">waiver expired on 2026-12-31 (by Export control officer, ticket EXC-101): the finding stands again</span>' in html
    assert "*waiver expired on 2026-12-31 (by Export control officer, ticket EXC-101): the finding stands again*" in md


def test_waiver_appendix_shows_state_grant_ticket_selectors_and_matches(waived: Assessment) -> None:
    files = render_report(waived, ["html", "md"])
    html, md = str(files["report.html"]), str(files["report.md"])
    table = html[html.index('id="waivers"') : html.index('id="warnings"')]
    rows = table.split("<tr>")[2:]
    assert [re.search(r'<td class="num">(\d+)</td>', r).group(1) for r in rows] == ["1", "2", "3", "4"]  # type: ignore[union-attr]
    assert "models dragon chat*; routes inference host" in rows[0] and "2026-01-15</span> to" in rows[0] and "ticket EXC-101" in rows[0]
    assert '<span class="ko">knock-out overridden</span>' in rows[1] and "waived for dragon-chat@hostco, dragon-chat@hostco+routerhub" in rows[1]
    assert '<b class="lapse">expired on 2026-03-31</b>' in rows[2] and "not applied to dragon-chat@dragon-sg" in rows[2]
    assert "selects no offering of this run" in rows[3] and "register.yaml:24:5)" in rows[3]
    assert "| candidates gpt-\\*@openai | CFO office | until 2027-12-31 | active | selects no offering of this run |" in md


def test_warnings_are_listed_and_mentioned_on_the_answer_page(waived: Assessment) -> None:
    files = render_report(waived, ["html", "md"])
    html, md = str(files["report.html"]), str(files["report.md"])
    assert len(waived.warnings) == 2
    listed = html[html.index('<h3 id="warnings">') : html.index('id="not-in-force"')]
    for w in waived.warnings:
        assert w.message.replace("'", "&#39;") in listed and f"<code>{w.where}</code>" in listed
    assert '<b>2 warnings</b> about this run' in section(html, "answer", "routes") and 'href="#warnings"' in html
    assert "**2 warnings** about this run's inputs" in md and "### F. Warnings" in md
    assert re.search(r"\n- `[^`\n]*register\.yaml:24:5`: waiver 4 \(TEST-PRICE-BUDGET; candidates gpt-\\\*@openai; approved by CFO office\) selects no candidate of this run \(waiver unmatched\)\n", md)


def test_a_run_without_warnings_says_none_and_nothing_on_the_answer_page(general: Assessment) -> None:
    html = str(render_report(general, ["html"])["report.html"])
    assert "about this run's inputs" not in html and '<h3 id="warnings">F. Warnings</h3>\n<p>None.</p>' in html
    assert "knock-out overridden" not in html


def test_a_waiver_that_may_not_lift_a_knockout_says_so() -> None:
    from riskscore.models import Waiver

    w = Waiver(rule="TEST-SEC-BAA", operators=["hostco"], reason="Not allowed", approver="Somebody", expires=date(2027, 6, 30))
    inputs = load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, None, MINI / "currency.yaml", [MINI / "orgs.yaml"])
    a = assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 12, 1), [w], inputs.rates)
    html = str(render_report(a, ["html"])["report.html"])
    assert "waiver not applied: it does not say overrides_block, so the knock-out stands (by Somebody)" in html
    assert "knock-out overridden" not in html
