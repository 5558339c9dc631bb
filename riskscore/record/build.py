"""The parts of the compact assessment record (riskscore.assessment/2) as plain JSON data.

Each rule is described once in `rules`; a candidate carries only its findings that are not `pass`
(they point at their rule for its title, window and sources) and the ids of the rules it passed."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from pydantic import BaseModel

from ..assessment import Assessment, Finding, OpenItem, ScoredCandidate

#: Sections of the record in file order; `candidates` is streamed, the others are small.
SECTIONS = (
    "schema", "as_of", "profile", "provenance", "summary", "rules", "parties", "candidates",
    "rules_not_in_force", "waivers", "evidence_requests", "method", "warnings",
)


def plain(value: Any) -> Any:
    """Plain JSON data from output records: dataclass fields in order, dates as ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def leaf(value: Any) -> Any:
    """`default` hook of the JSON encoder for the few non-JSON values a candidate's facts hold."""
    if isinstance(value, date):
        return value.isoformat()
    return plain(value) if not isinstance(value, (set, frozenset)) else sorted(value)


def provenance(a: Assessment) -> dict[str, Any]:
    """What produced the record; the rule index of /1 is merged into `rules`."""
    out = plain(a.provenance)
    del out["rule_index"]
    return out


def rules(a: Assessment) -> list[dict[str, Any]]:
    """Every rule of the pack once, as this run applied it, with its hash, the facts it reads and its sources."""
    states = {w.rule_id: w.state for w in a.rules_not_in_force}
    return [
        {
            "id": d.id,
            "title": d.title,
            "dimension": d.dimension,
            "severity": d.severity,
            "effect": d.effect,
            "effect_note": d.effect_note,
            "points": d.points,
            "status": d.status,
            "confidence": d.confidence,
            "law": d.law,
            "evidence": d.evidence,
            "window": {
                "from": d.effective_from.isoformat() if d.effective_from else None,
                "to": d.effective_to.isoformat() if d.effective_to else None,
                "state": states.get(d.id, "in_force"),
            },
            "applies": d.applies,
            "sha256": d.sha256,
            "reads": list(d.reads),
            "sources": [s.model_dump(mode="json") for s in d.sources],
        }
        for d in a.provenance.rule_index
    ]


#: Candidate facts of a party, recorded once per organisation in `parties` rather than per candidate.
PARTY_ROLES = ("developer", "operator", "broker")


def parties(a: Assessment) -> list[dict[str, Any]]:
    """Every organisation that is a developer, operator or broker of a candidate, once, with the facts
    the rules read about it (the same for every candidate: they depend on the organisation alone)."""
    found: dict[str, dict[str, Any]] = {}
    for c in a.candidates:
        for role, p in (("developer", c.developer), ("operator", c.operator), ("broker", c.broker)):
            if p is None or p.id in found:
                continue
            prefix = role + "."
            facts = {k[len(prefix):]: v for k, v in c.inputs.items() if k.startswith(prefix)}
            found[p.id] = {"id": p.id, "name": p.name, "country": p.country, "chain": p.chain, "lists": p.lists, "facts": facts}
    return [found[k] for k in sorted(found)]


def finding(f: Finding, open_: dict[str, Any] | None) -> dict[str, Any]:
    """A finding that is not `pass`; `sources` names the rule whose sources back it. Keys with nothing
    to say (no note, no waiver, no missing fact, nothing open) are left out."""
    out: dict[str, Any] = {
        "rule_id": f.rule_id,
        "status": f.status,
        "effect": f.effect,
        "dimension": f.dimension,
        "points": f.points,
        "message": f.message,
        "sources": f.rule_id,
    }
    if f.note is not None:
        out["note"] = f.note
    if f.waiver is not None:
        out["waiver"] = f.waiver
    if f.waiver_ref is not None:
        out["waiver_ref"] = plain(f.waiver_ref)
    if f.missing_facts:
        out["missing_facts"] = list(f.missing_facts)
    if open_ is not None:
        out["open"] = open_
    return out


def open_by_rule(items: list[OpenItem]) -> dict[str, dict[str, Any]]:
    """What keeps each finding open (kind, whom to ask, what to ask for), by rule id: one entry per finding."""
    out: dict[str, dict[str, Any]] = {}
    for i in items:
        entry = out.get(i.rule_id)
        if entry is None:
            out[i.rule_id] = {"kind": i.kind, "ask": [i.ask], "request": i.request}
        else:
            entry["ask"].append(i.ask)
    return out


def candidate(c: ScoredCandidate) -> dict[str, Any]:
    """One candidate in record order: parties by id, findings that are not `pass`, the ids of those that
    are, and its own facts (`candidate.*`; party facts are in `parties`). `data_gaps` of the in-memory
    candidate is left out: it is the union of its findings' `missing_facts`."""
    s, k = c.scores, c.cost
    opened = open_by_rule(c.open_items) if c.open_items else {}
    return {
        "id": c.id,
        "model": c.model,
        "route": c.route,
        "developer": c.developer.id,
        "operator": c.operator.id,
        "broker": c.broker.id if c.broker else None,
        "regions": c.regions,
        "processing_basis": c.processing_basis,
        "verdict": c.verdict,
        "admissible": c.admissible,
        "review_required": c.review_required,
        "overall": c.overall,
        "compliance_risk": c.compliance_risk,
        "scores": {"price": s.price, "data_residency": s.data_residency, "export_control": s.export_control, "sector": s.sector},
        "price_component": c.price_component,
        "monthly_cost_usd": c.monthly_cost_usd,
        "cost": {
            "currency": k.currency, "usd_per_unit": k.usd_per_unit, "input_usd": k.input_usd,
            "cached_input_usd": k.cached_input_usd, "output_usd": k.output_usd,
            "price_as_of": k.price_as_of.isoformat() if k.price_as_of else None,
        },
        "rank": c.rank,
        "pareto": c.pareto,
        "blocked_by": c.blocked_by,
        "review_reasons": c.review_reasons,
        "findings": [finding(f, opened.get(f.rule_id)) for f in c.findings if f.status != "pass"],
        "passed": [f.rule_id for f in c.findings if f.status == "pass"],
        # Fact paths without the `candidate.` they all start with; the parties' facts are in `parties`.
        "inputs": {key[10:]: v for key, v in c.inputs.items() if key.startswith("candidate.")},
    }


def evidence_requests(a: Assessment) -> list[dict[str, Any]]:
    """Per organisation, what to ask it for; each item counts its candidates (they are the candidates
    with a finding open on one of its rules, asking this organisation for this request)."""
    return [
        {
            "organization": r.organization,
            "name": r.name,
            "items": [
                {"request": i.request, "knockout": i.knockout, "rule_ids": i.rule_ids, "candidates": len(i.candidates)}
                for i in r.items
            ],
        }
        for r in a.evidence_requests
    ]
