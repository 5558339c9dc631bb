"""The view model: display-ready values and chart geometry worked out from a finished assessment."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .assessment import Assessment, Finding, ScoredCandidate
from .codes import country_name
from .facts import CATALOGUE, GAP_MEANINGS

VERDICT_ORDER = ("prohibited", "high", "medium", "low")
STATUS_ORDER = {"fail": 0, "unknown": 1, "waived": 2, "pass": 3}
EFFECT_ORDER = {"block": 0, "risk": 1, "review": 2, "watch": 3}
ROUTE_LABELS = {
    "first_party": "first party",
    "cloud_platform": "cloud platform",
    "inference_host": "inference host",
    "aggregator": "aggregator",
    "self_hosted": "self-hosted",
}

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 720, 360, 64, 24, 20, 48


def money(value: float | None) -> str:
    """USD amount for display, or 'unknown'."""
    if value is None:
        return "unknown"
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}"


def party_label(party: Any) -> str:
    """'Name (CC)' for a party, or an em dash."""
    if party is None:
        return "-"
    return f"{party.name} ({party.country})" if party.country else f"{party.name} (country unknown)"


def _finding_sort(f: Finding) -> tuple[int, int, float, str]:
    return (STATUS_ORDER.get(f.status, 9), EFFECT_ORDER.get(f.effect, 9), -f.points, f.rule_id)


def _chart(candidates: list[ScoredCandidate]) -> dict[str, Any]:
    """Scatter of monthly cost (log x) against compliance risk (y), with the Pareto frontier."""
    plotted = [c for c in candidates if c.monthly_cost_usd is not None and c.monthly_cost_usd > 0]
    if not plotted:
        return {"points": [], "frontier": "", "xticks": [], "yticks": [], "width": CHART_W, "height": CHART_H}
    costs = [c.monthly_cost_usd for c in plotted if c.monthly_cost_usd]
    lo = 10 ** math.floor(math.log10(min(costs)))
    hi = 10 ** math.ceil(math.log10(max(costs)))
    if hi <= lo:
        hi = lo * 10
    inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B

    def x(cost: float) -> float:
        return round(PAD_L + inner_w * (math.log10(cost) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)), 1)

    def y(risk: float) -> float:
        return round(PAD_T + inner_h * (1 - risk / 100), 1)

    points: list[dict[str, Any]] = [
        {
            "x": x(c.monthly_cost_usd),  # type: ignore[arg-type]
            "y": y(c.compliance_risk),
            "id": c.id,
            "label": c.rank if c.rank is not None else "x",
            "verdict": c.verdict,
            "pareto": c.pareto,
            "title": f"{c.id}: {money(c.monthly_cost_usd)} a month, compliance risk {c.compliance_risk:g}, {c.verdict}",
        }
        for c in plotted
    ]
    front = sorted((p for p in points if p["pareto"]), key=lambda p: (p["x"], -p["y"]))
    decades = int(round(math.log10(hi / lo)))
    xticks = [{"x": x(lo * 10**i), "label": money(lo * 10**i)} for i in range(decades + 1)]
    yticks = [{"y": y(v), "label": str(v)} for v in (0, 25, 50, 75, 100)]
    return {
        "points": sorted(points, key=lambda p: (p["verdict"] != "prohibited", p["id"])),
        "frontier": " ".join(f"{p['x']},{p['y']}" for p in front),
        "xticks": xticks,
        "yticks": yticks,
        "width": CHART_W,
        "height": CHART_H,
        "left": PAD_L,
        "right": CHART_W - PAD_R,
        "top": PAD_T,
        "bottom": CHART_H - PAD_B,
    }


@dataclass(frozen=True)
class CandidateView:
    """One candidate as the templates show it."""

    c: ScoredCandidate
    route: str
    developer: str
    operator: str
    broker: str | None
    regions: str
    cost: str
    findings: list[Finding]
    passed: list[Finding]
    anchor: str
    open_groups: list[dict[str, Any]]


#: Headings of open items, by what settles them, in the order a reader acts on them.
OPEN_HEADINGS = {
    "knockout": "Not admissible until evidenced",
    "evidence": "Evidence to obtain",
    "decision": "Decisions for the buyer",
    "court": "In force, challenged in court",
    "gap": "Missing facts that raise the score",
}
BASIS_LABELS = {"pinned": "pinned", "footprint": "global or unpinned: the operator's processing footprint", "self_hosted": "self-hosted"}


def regions_label(c: ScoredCandidate) -> str:
    """Processing countries with where they come from."""
    if not c.regions:
        return "unknown"
    basis = BASIS_LABELS.get(c.processing_basis or "", "")
    return ", ".join(c.regions) + (f" ({basis})" if basis else "")


def open_groups(c: ScoredCandidate, names: dict[str, str]) -> list[dict[str, Any]]:
    """A candidate's open items grouped by what settles them, each line naming whom to ask."""
    groups = []
    for kind, heading in OPEN_HEADINGS.items():
        lines: dict[str, list[str]] = {}
        for item in c.open_items:
            if item.kind != kind:
                continue
            who = "" if item.ask in (None, "buyer") else f"ask {names.get(item.ask, item.ask)}: "
            lines.setdefault(who + item.request, []).append(item.rule_id)
        if lines:
            groups.append({"kind": kind, "heading": heading, "lines": [{"text": t, "rules": sorted(set(r))} for t, r in lines.items()]})
    return groups


def build_view(assessment: Assessment) -> dict[str, Any]:
    """Everything the templates show, already decided and formatted."""
    a = assessment
    names = {r.organization: r.name for r in a.evidence_requests}
    cands = []
    for c in a.candidates:
        shown = sorted((f for f in c.findings if f.status != "pass"), key=_finding_sort)
        passed = sorted((f for f in c.findings if f.status == "pass"), key=lambda f: f.rule_id)
        cands.append(
            CandidateView(
                c=c,
                route=ROUTE_LABELS[c.route],
                developer=party_label(c.developer),
                operator=party_label(c.operator),
                broker=party_label(c.broker) if c.broker else None,
                regions=regions_label(c),
                cost=money(c.monthly_cost_usd),
                findings=shown,
                passed=passed,
                anchor="c-" + "".join(ch if ch.isalnum() else "-" for ch in c.id),
                open_groups=open_groups(c, names),
            )
        )
    by_verdict = {v: [x for x in cands if x.c.verdict == v] for v in VERDICT_ORDER}
    ranked = [x for x in cands if x.c.rank is not None]
    clear = [x for x in ranked if x.c.admissible and not x.c.review_required]
    best = ranked[0] if ranked else None
    admissible = [x for x in ranked if x.c.admissible]
    cheapest = min(admissible, key=lambda x: x.c.monthly_cost_usd or float("inf")) if admissible else None
    gap_rows = []
    for path in sorted({p for c in a.candidates for p in c.data_gaps}):
        needing = [c for c in a.candidates if path in c.data_gaps]
        gap_rows.append(
            {
                "fact": path,
                "meaning": CATALOGUE[path].doc if path in CATALOGUE else GAP_MEANINGS.get(path, ""),
                "candidates": [c.id for c in needing],
                "rules": sorted({f.rule_id for c in needing for f in c.findings if path in f.missing_facts}),
            }
        )
    watch = sorted(
        {(f.rule_id, f.title, f.note or "") for c in a.candidates for f in c.findings if f.effect == "watch" and f.status in ("fail", "unknown")}
    )
    return {
        "a": a,
        "candidates": cands,
        "by_verdict": by_verdict,
        "ranked": ranked,
        "shortlist": (clear or admissible)[:5],
        "admissible_count": len(admissible),
        "not_admissible": [x for x in ranked if not x.c.admissible],
        "clear_count": len(clear),
        "frontier": [x for x in ranked if x.c.pareto],
        "best": best,
        "cheapest": cheapest,
        "chart": _chart(list(a.candidates)),
        "gaps": gap_rows,
        "watch": [{"rule_id": r, "title": t, "note": n} for r, t, n in watch],
        "upcoming": [r for r in a.rules_not_in_force if r.state == "upcoming"],
        "expired": [r for r in a.rules_not_in_force if r.state == "expired"],
        "jurisdictions": ", ".join(f"{j} ({country_name(j)})" if "-" not in j else j for j in a.profile.jurisdictions),
        "allowed_regions": ", ".join(a.profile.allowed_regions) if a.profile.allowed_regions else "any",
        "money": money,
        "verdict_order": VERDICT_ORDER,
    }
