"""Open items: what keeps each finding open, whom to ask, and the evidence request list per organisation."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping, Sequence

from .assessment import EvidenceItem, EvidenceRequest, Finding, OpenItem, OpenKind
from .facts import BUYER_OPERATOR, CATALOGUE, GAP_MEANINGS, PARTY_ROLES
from .models import Rule
from .operators import AtLeast

#: Open-item kinds that leave a human decision open (a `gap` only changes the score).
REVIEW_KINDS: frozenset[str] = frozenset({"knockout", "evidence", "decision", "court"})
#: Facts about the contract and the price are held by whoever the buyer contracts with.
_CONTRACT_FACTS = ("candidate.contract.", "candidate.price")


def _kind(f: Finding) -> OpenKind | None:
    """Why a finding is open, or None when it is settled (pass, waived, a plain failing risk)."""
    if f.status not in ("fail", "unknown"):
        return None
    if f.dimension == "price" and f.effect in ("review", "risk"):
        return "gap"  # price questions rank candidates; they leave no compliance decision open
    if f.effect == "block" and f.status == "unknown":
        return "knockout"
    if f.rule_status == "contested" and f.effect in ("block", "risk", "review"):
        return "court"
    if f.effect == "review":
        return "decision" if f.status == "fail" else "evidence"
    if f.status == "unknown" and f.effect == "risk":
        return "gap"
    return None


def _unknown(value: Any) -> bool:
    return value is None or type(value) is AtLeast


def askees(path: str, facts: Mapping[str, Any]) -> list[str]:
    """The organisations (ids) that can supply a missing fact; 'buyer' for the buyer's own."""
    head, _, rest = path.partition(".")
    if head in PARTY_ROLES:
        return [str(facts[f"{head}.id"])] if facts[f"{head}.id"] else []
    if head in ("parties", "control"):
        roles = PARTY_ROLES if head == "parties" else ("operator", "broker")
        key = {"ids": "chain"}.get(rest, rest)
        return [str(facts[f"{r}.id"]) for r in roles if facts[f"{r}.id"] and _unknown(facts.get(f"{r}.{key}"))]
    if head == "profile":
        return [BUYER_OPERATOR]
    holder = "broker" if facts["candidate.route"] == "aggregator" and path.startswith(_CONTRACT_FACTS) else "operator"
    return [str(facts[f"{holder}.id"])]


def _meaning(path: str) -> str:
    spec = CATALOGUE.get(path)
    return (GAP_MEANINGS.get(path) or (spec.doc if spec else path)).rstrip(".")


def _request(f: Finding, rule: Rule | None, kind: OpenKind) -> str:
    if kind == "court":
        return f"court status: {rule.status_note}" if rule is not None and rule.status_note else "court status of the challenge"
    if kind == "decision":
        return f"decide: {f.title}"
    if rule is not None and rule.evidence:
        return rule.evidence
    return "; ".join(_meaning(p) for p in f.missing_facts) or f.title


def open_items(findings: Sequence[Finding], facts: Mapping[str, Any], rules: Mapping[str, Rule]) -> list[OpenItem]:
    """One item per open finding, addressed to whoever can settle it."""
    items: list[OpenItem] = []
    for f in findings:
        kind = _kind(f)
        if kind is None:
            continue
        rule = rules.get(f.rule_id)
        if kind in ("court", "decision"):
            ask: list[str] = [BUYER_OPERATOR]
        else:
            ask = sorted({a for p in f.missing_facts for a in askees(p, facts)}) or [str(facts["operator.id"])]
        request = _request(f, rule, kind)
        items.extend(OpenItem(kind=kind, rule_id=f.rule_id, title=f.title, ask=a, request=request) for a in ask)
    return items


def evidence_requests(
    per_candidate: Mapping[str, Sequence[OpenItem]], names: Mapping[str, str]
) -> list[EvidenceRequest]:
    """Per organisation, the evidence to ask it for (knock-outs first), across every candidate of the run."""
    grouped: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for cid, items in per_candidate.items():
        for item in items:
            if item.kind in ("court", "decision") or item.ask in (None, BUYER_OPERATOR):
                continue
            entry = grouped[item.ask].setdefault(item.request, {"knockout": False, "rules": set(), "candidates": set()})
            entry["knockout"] |= item.kind == "knockout"
            entry["rules"].add(item.rule_id)
            entry["candidates"].add(cid)
    out = []
    for org in sorted(grouped):
        entries = grouped[org]
        items = [
            EvidenceItem(request=req, knockout=e["knockout"], rule_ids=sorted(e["rules"]), candidates=sorted(e["candidates"]))
            for req, e in entries.items()
        ]
        items.sort(key=lambda i: (not i.knockout, -len(i.candidates), i.request))
        out.append(EvidenceRequest(organization=org, name=names.get(org, org), items=items))
    out.sort(key=lambda r: (-sum(i.knockout for i in r.items), -len(r.items), r.organization))
    return out
