"""Two-stage scoring: knock-outs, then a weighted award over four dimension risks (0-100)."""

from __future__ import annotations

import itertools
import math
from typing import Sequence

from .assessment import Finding, MethodStep, Scores
from .engine import SEVERITY_POINTS, UNKNOWN_SHARE
from .models import Profile, Thresholds, Weights
from .vocabulary import DIMENSIONS, Verdict

#: Price risk of a candidate whose monthly cost is unknown (a missing price is not a cheap one).
UNKNOWN_COST_RISK = 100 * UNKNOWN_SHARE


def blocking(findings: Sequence[Finding]) -> list[str]:
    """Ids of failing knock-out rules: any one makes the candidate prohibited."""
    return [f.rule_id for f in findings if f.effect == "block" and f.status == "fail"]


def rule_risk(findings: Sequence[Finding]) -> dict[str, float]:
    """Per dimension, the sum of points of failing and unknown rules, capped at 100."""
    totals = {d: 0.0 for d in DIMENSIONS}
    for f in findings:
        totals[f.dimension] += f.points
    return {d: min(100.0, round(v, 1)) for d, v in totals.items()}


def price_risk(cost: float | None, budget: float | None) -> float:
    """Price risk from the candidate's own monthly cost: its share of the profile's budget (0-100,
    capped), 0 when the profile sets no budget, half the scale when the cost is unknown. It never
    depends on other candidates: where a price stands among them shows in the ranking only."""
    if cost is None:
        return UNKNOWN_COST_RISK
    if budget is None:
        return 0.0
    return round(min(100.0, 100 * cost / budget), 1)


def combine(cost_part: float, rules: dict[str, float]) -> Scores:
    """Dimension scores: price adds the cost risk to its rule points; all capped at 100."""
    return Scores(
        price=min(100.0, round(cost_part + rules["price"], 1)),
        data_residency=rules["data_residency"],
        export_control=rules["export_control"],
        sector=rules["sector"],
    )


def weighted(scores: Scores, weights: Weights, dimensions: Sequence[str] = DIMENSIONS) -> float:
    """The weighted mean of the given dimensions (0 when their weights are all 0)."""
    pairs = [(getattr(scores, d), getattr(weights, d)) for d in dimensions]
    total = sum(w for _, w in pairs)
    if total <= 0:
        return 0.0
    return round(sum(s * w for s, w in pairs) / total, 1)


def confirmed_worst(findings: Sequence[Finding]) -> float:
    """The largest compliance-dimension total of failing rules alone (unknowns excluded), capped at 100."""
    totals = {d: 0.0 for d in ("data_residency", "export_control", "sector")}
    for f in findings:
        if f.status == "fail" and f.dimension in totals:
            totals[f.dimension] += f.points
    return min(100.0, max(totals.values()))


def undecided(findings: Sequence[Finding]) -> list[str]:
    """Ids of knock-out rules that could not be decided because a fact they need is unknown."""
    return [f.rule_id for f in findings if f.effect == "block" and f.status == "unknown"]


def verdict(prohibited: bool, undecided_knockout: bool, compliance: float, worst_confirmed: float, thresholds: Thresholds) -> Verdict:
    """A compliance verdict: prohibited on any failing knock-out; at least high while a knock-out is
    undecided (the candidate is not admissible until the evidence is supplied); else high / medium /
    low by the compliance risk (price plays no part), and at least high when failing rules alone put
    one compliance dimension at or above the dimension threshold, so a grave, established risk cannot
    be averaged away."""
    if prohibited:
        return "prohibited"
    if undecided_knockout or compliance >= thresholds.high or worst_confirmed >= thresholds.dimension:
        return "high"
    if compliance >= thresholds.medium:
        return "medium"
    return "low"


def pareto_front(points: dict[str, tuple[float, float]]) -> set[str]:
    """Ids not dominated in (monthly cost, compliance risk): nobody is cheaper and no riskier."""
    front: set[str] = set()
    best_risk = float("inf")
    # Sweep by cost: at each cost, the least risky points are on the front if they beat every cheaper point.
    ordered = sorted(points.items(), key=lambda kv: kv[1])
    for _, group in itertools.groupby(ordered, key=lambda kv: kv[1][0]):
        members = list(group)
        low = members[0][1][1]
        if low < best_risk:
            front.update(cid for cid, (_, risk) in members if risk == low)
            best_risk = low
    return front


def describe(profile: Profile) -> list[MethodStep]:
    """The scoring method in words, built from the constants and functions that perform it."""
    w, t = profile.weights, profile.thresholds
    sev = ", ".join(f"{k} {v}" for k, v in SEVERITY_POINTS.items())

    def doc(fn: object) -> str:
        return " ".join((getattr(fn, "__doc__", "") or "").split())

    return [
        MethodStep(name="Facts", text=(
            "Each candidate is a model offered by an operator (and, on an aggregator route, a broker) in some regions. "
            "Developer, operator and broker are screened separately, each with its ownership chain from the organisation directory. "
            "A fact the vendor list does not give is unknown, never assumed safe; a directory fact marked unverified is unknown too, "
            "and an unverified parent leaves the ownership chain open. "
            "Possible processing countries are the pinned regions; for a global or unpinned endpoint, the operator's documented "
            "processing footprint; for self-hosting, the buyer's allowed regions or home country; only when none is known are they unknown."
        )),
        MethodStep(name="Rules", text=(
            "Each rule applies when the buyer matches its scope and the assessment date falls in its effective window; "
            "its condition is evaluated with three-valued logic, so a missing fact gives 'unknown' rather than 'pass'. "
            "Proposed rules and rules not yet in force only 'watch'. A rule challenged in court stays in force and is flagged "
            "for review with the court status; only a stay or injunction in effect that covers the buyer suspends it to a review. "
            f"A failing rule adds its points to its dimension (by severity: {sev}; a rule may set its own); "
            f"an unknown outcome adds {int(UNKNOWN_SHARE * 100)}% of them. Review and watch findings add no points."
        )),
        MethodStep(name="Verdict", text=(
            "The verdict is a compliance verdict and depends on this candidate alone, never on price or on the other candidates. "
            "Any failing knock-out (block) rule makes the candidate prohibited; no weight can offset it. "
            "A knock-out that could not be decided because a fact it needs is unknown makes the verdict at least high: the "
            "candidate is not admissible until the evidence named in the report is supplied. Otherwise the compliance risk, the "
            f"weighted mean of data residency ({w.data_residency:g}), export control ({w.export_control:g}) and sector ({w.sector:g}), "
            f"sets it: high at {t.high:g} or more, medium at {t.medium:g} or more, else low; and at least high whenever failing rules "
            f"alone put one compliance dimension at {t.dimension:g} or more, so a grave risk is not averaged away. "
            "Review required is shown beside the verdict when a human decision or a piece of evidence is open."
        )),
        MethodStep(name="Price", text=(
            f"Monthly cost = input tokens x (1 - cached share) x input price + input tokens x cached share x cached price "
            f"(the input price when none is listed) + output tokens x output price, at {profile.volume.input_tokens:,.0f} input and "
            f"{profile.volume.output_tokens:,.0f} output tokens a month with a cached share of {profile.volume.cached_input_share:.0%}; "
            "non-USD prices use the dated currency table. " + doc(price_risk) + " Failing price rules add their points."
        )),
        MethodStep(name="Ranking and frontier", text=(
            "Each dimension's risk is capped at 100. The overall score adds price to the compliance dimensions with the profile's "
            f"weights (price {w.price:g}, data residency {w.data_residency:g}, export control {w.export_control:g}, sector {w.sector:g}). "
            "Candidates that are not prohibited are ranked: admissible ones first (no undecided knock-out), then by overall score, "
            "monthly cost and id. A candidate of known cost is on the Pareto frontier when no other admissible candidate is at least "
            "as cheap and at least as safe (compliance risk), and better in one."
        )),
    ]
