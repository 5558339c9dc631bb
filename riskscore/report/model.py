"""The view model: everything the templates print, decided and formatted here, from a finished assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from markupsafe import Markup

from ..assessment import Assessment
from ..codes import country_name
from .answer import asks, buyer_items, changes, gap_count, out_reasons, recommendations
from .appendix import (
    DETAIL_LIMIT,
    counts,
    evidence_list,
    gap_rows,
    model_groups,
    not_in_force,
)
from .candidate import OPEN_HEADINGS, CandidateView, candidate_views, rule_index
from .chart import Point, layout
from .routes import route_matrix
from .text import VERDICT_MARKS, VERDICT_ORDER, anchor, money, percent, tokens, words
from .waivers import override_lines, waiver_rows, warning_rows
from .whatif import whatif_view

if TYPE_CHECKING:
    from ..whatif import WhatIf

PAPERS = {"a4": "A4", "letter": "letter"}
ASKS_SHOWN = 3  # requests on the answer page; Appendix A has them all
RANKING_ROWS = 100  # rows of the ranking table in a large run; the CSV has every candidate
COST_ROWS = 40  # rows of the cost table in a large run


def css_string(text: str) -> Markup:
    """Text as a CSS string literal: every character that could end the string or the style is escaped."""
    body = "".join(ch if ch.isalnum() or ch in " .,-()" else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{body}"')


def chart_points(cands: Sequence[CandidateView]) -> list[Point]:
    """The chart's points: ranked candidates placed first, in rank order, so the best never move."""
    return [
        Point(
            ref=x.ref,
            id=x.c.id,
            anchor=x.anchor if x.linked else "",
            verdict=x.c.verdict,
            cost=x.c.monthly_cost_usd,
            risk=x.c.compliance_risk,
            pareto=x.c.pareto,
            priority=i,
            title=f"{x.ref}. {x.c.id}: {x.cost} a month, compliance risk {x.c.compliance_risk:g}, {x.c.verdict}, {x.standing_label}",
        )
        for i, x in enumerate(cands)
    ]


def cost_view(cands: Sequence[CandidateView], budget: float | None, large: bool) -> dict[str, Any]:
    """Monthly costs of the candidates in play, the cheapest admissible one, and what each safer choice adds."""
    live = sorted(
        (x for x in cands if x.standing != "out"),
        key=lambda x: (x.c.monthly_cost_usd is None, x.c.monthly_cost_usd or 0.0, x.c.id),
    )
    admissible = [x for x in live if x.standing in ("buy", "review") and x.c.monthly_cost_usd is not None]
    cheapest = min(admissible, key=lambda x: (x.c.monthly_cost_usd, x.c.rank or 0)) if admissible else None
    safer = []
    if cheapest is not None:
        base = cheapest.c.monthly_cost_usd or 0.0
        frontier = sorted((x for x in admissible if x.c.pareto or x is cheapest), key=lambda x: (x.c.monthly_cost_usd, x.c.compliance_risk, x.c.id))
        for x in frontier:
            if x is not cheapest and x.c.compliance_risk >= cheapest.c.compliance_risk:
                continue
            extra = (x.c.monthly_cost_usd or 0.0) - base
            safer.append(
                {
                    "x": x,
                    "premium": "–" if x is cheapest else money(extra),
                    "premium_pct": "" if x is cheapest or base <= 0 else f"+{extra / base:.0%}",
                    "risk_drop": "" if x is cheapest else f"{cheapest.c.compliance_risk - x.c.compliance_risk:g}",
                }
            )
    within = sum(1 for x in admissible if budget and (x.c.monthly_cost_usd or 0) <= budget)
    return {
        "rows": live[:COST_ROWS] if large else live,
        "hidden": max(0, len(live) - COST_ROWS) if large else 0,
        "cheapest": cheapest,
        "safer": safer,
        "within_budget": within,
        "over_budget": len(admissible) - within if budget else 0,
        "out": sum(1 for x in cands if x.standing == "out"),
        "unknown": sum(1 for x in live if x.c.monthly_cost_usd is None),
    }


def build_view(assessment: Assessment, paper: str = "a4", whatif: WhatIf | None = None) -> dict[str, Any]:
    """Everything the templates show, already decided and formatted, in the order the board reads it;
    `whatif` is the what-if of the same inputs, computed by the caller (None: the section says so)."""
    a = assessment
    p = a.profile
    names = {r.organization: r.name for r in a.evidence_requests}
    large = len(a.candidates) > DETAIL_LIMIT
    evidence = evidence_list(a)
    refs = {e["request"]: {"ref": e["ref"], "anchor": e["anchor"]} for e in evidence}
    reasons = {w.number: w.reason for w in a.waivers if w.number}  # a waived finding says why, as the register does
    cands = candidate_views(a.candidates, names, p.budget_usd, detail_all=not large, refs=refs, reasons=reasons)
    rules = rule_index(a.candidates, a.provenance.rule_index)
    requests = asks(a, cands)
    asks_shown = ASKS_SHOWN - 1 if large else ASKS_SHOWN
    standing_counts = {s: sum(1 for x in cands if x.standing == s) for s in ("buy", "review", "pending", "out")}
    title = f"{p.name} · {a.as_of.isoformat()}"
    return {
        "a": a,
        "title": title,
        "paper": PAPERS.get(paper, "A4"),
        "running_header": css_string(f"{p.name} · as of {a.as_of.isoformat()}"),
        "running_footer": css_string(f"riskscore {a.provenance.version} · {p.id}"),
        "buyer": {
            "jurisdictions": ", ".join(f"{j} ({country_name(j)})" if "-" not in j else j for j in p.jurisdictions),
            "sectors": ", ".join(words(s) for s in p.sectors) or "none declared",
            "data": ", ".join(words(d) for d in p.data_classes) or "none declared",
            "regions": "in " + ", ".join(p.allowed_regions) if p.allowed_regions else "anywhere",
            "volume": f"{tokens(p.input_tokens)} input tokens ({percent(p.cached_input_share)} of them cached) and {tokens(p.output_tokens)} output tokens a month",
            "budget": money(p.budget_usd) if p.budget_usd else None,
        },
        "counts": standing_counts,
        "candidates": cands,
        "answer": {
            "bands": recommendations(cands, p.budget_usd, 1 if large else 2),
            "out": out_reasons(cands, rules, 4 if large else 6),  # a large run has more to say on one page
            "asks": requests[:asks_shown],
            "asks_hidden": max(0, len(requests) - asks_shown),
            "decisions": buyer_items(cands, "decision"),
            "court": buyer_items(cands, "court"),
            "gaps": gap_count(cands),
            "changes": changes(a, cands, rules),
            "warnings": len(a.warnings),
            "overrides": override_lines(a),
        },
        "routes": route_matrix(cands),
        "cost": cost_view(cands, p.budget_usd, large),
        "chart": layout(chart_points(cands)),
        "ranking": cands[:RANKING_ROWS] if large else cands,
        "ranking_hidden": max(0, len(cands) - RANKING_ROWS) if large else 0,
        "whatif": whatif_view(whatif, cands),
        "large": large,
        "detail_limit": DETAIL_LIMIT,
        "models": model_groups(cands, detail=not large),
        "tally": counts(cands) if large else None,
        "evidence": evidence,
        "rules": list(rules.values()),
        "gaps": gap_rows(a),
        "windows": not_in_force(a),
        "waivers": waiver_rows(a, list(rules)),
        "warnings": warning_rows(a),
        "open_headings": OPEN_HEADINGS,
        "rule_anchor": lambda rule_id: anchor("rule", rule_id),
        "money": money,
        "marks": VERDICT_MARKS,
        "verdict_order": VERDICT_ORDER,
    }
