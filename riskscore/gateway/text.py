"""The gate as text (one block per route, compiler-style `file:line:col`) and as JSON (riskscore.check/1)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..assessment import ScoredCandidate
from .gate import UNRESOLVED_RULE, GateResult, RouteOutcome

SCHEMA = "riskscore.check/1"


def money(value: float | None) -> str:
    """A monthly USD amount, or 'price unknown'."""
    if value is None:
        return "price unknown"
    return (f"${value:,.0f}" if value >= 100 else f"${value:,.2f}") + " a month"


def _message(s: ScoredCandidate, rule_id: str) -> str:
    finding = next((f for f in s.findings if f.rule_id == rule_id and f.status != "pass"), None)
    if finding is None:
        return ""
    state = {"fail": "fails", "unknown": "undecided", "waived": "waived"}.get(finding.status, finding.status)
    return f"{rule_id} ({finding.effect}, {state}): {finding.message}"


def _status(o: RouteOutcome) -> str:
    return "FAIL" if o.tripped else "ok"


def route_lines(o: RouteOutcome) -> list[str]:
    """The lines of one route: where it is, what it reaches, and the rules behind a trip."""
    route = o.resolution.route
    lines = [f"{_status(o):4}  {route.where}: {route.name} -> {route.target}: {o.verdict}"]
    for r in o.reached:
        s = r.scored
        extra = f", review: {', '.join(s.review_reasons)}" if s.review_required else ""
        lines.append(f"      {s.id} ({r.option.basis}): {s.verdict}{'' if s.admissible else ', not admissible'}, {money(s.monthly_cost_usd)}{extra}")
        for rule_id in o.rules:
            text = _message(s, rule_id)
            if text:
                lines.append(f"        {text}")
    for reason in o.unresolved:
        lines.append(f"      unknown: {reason}")
    return lines


def as_text(result: GateResult) -> str:
    """The human summary: every route, then the routes that trip the gate with the rules that tripped."""
    a = result.assessment
    n = len(result.outcomes)
    head = f"riskscore check: {n} route(s) in {', '.join(result.files)} for profile '{a.profile.id}' as of {a.as_of}; fail on: {', '.join(result.fail_on)}"
    out = [head, ""]
    for o in result.outcomes:
        out.extend(route_lines(o))
    tripped = result.tripped
    out.append("")
    if tripped:
        named = "; ".join(f"{o.resolution.route.name} at {o.resolution.route.where} ({', '.join(o.rules)})" for o in tripped)
        out.append(f"{len(tripped)} of {n} route(s) trip the gate: {named}")
    else:
        out.append(f"no route trips the gate ({n} checked)")
    return "\n".join(out) + "\n"


def _candidate(r: Any) -> dict[str, Any]:
    s: ScoredCandidate = r.scored
    return {
        "id": s.id,
        "basis": r.option.basis,
        "note": r.option.note,
        "model": s.model,
        "route": s.route,
        "operator": s.operator.id,
        "broker": s.broker.id if s.broker else None,
        "regions": s.regions,
        "verdict": s.verdict,
        "admissible": s.admissible,
        "review_required": s.review_required,
        "monthly_cost_usd": s.monthly_cost_usd,
        "blocked_by": s.blocked_by,
        "open_knockouts": [i.rule_id for i in s.open_items if i.kind == "knockout"],
        "review_reasons": s.review_reasons,
    }


def as_json(result: GateResult) -> str:
    """The machine record of the gate (schema riskscore.check/1); the same inputs give the same bytes."""
    a = result.assessment
    routes = []
    for o in result.outcomes:
        route = o.resolution.route
        routes.append({
            "name": route.name,
            "target": route.target,
            "file": route.file,
            "line": route.line,
            "col": route.col,
            "verdict": o.verdict,
            "tripped": list(o.tripped),
            "rules": list(o.rules),
            "unresolved": list(o.unresolved),
            "candidates": [_candidate(r) for r in o.reached],
        })
    verdicts = [o.verdict for o in result.outcomes]
    doc = {
        "schema": SCHEMA,
        "as_of": a.as_of.isoformat(),
        "profile": a.profile.id,
        "fail_on": list(result.fail_on),
        "tripped": bool(result.tripped),
        "files": list(result.files),
        "provenance": {"tool": "riskscore", "version": __version__, "rule_pack_sha256": a.provenance.rule_pack_sha256},
        "summary": {
            "routes": len(result.outcomes),
            "tripped": len(result.tripped),
            **{v: verdicts.count(v) for v in ("prohibited", "high", "medium", "low", "unknown")},
            "unresolved": sum(1 for o in result.outcomes if o.unresolved),
        },
        "unresolved_rule": UNRESOLVED_RULE,
        "routes": routes,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
