"""One candidate as the report shows it, and the index of the rules its findings refer to."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from markupsafe import Markup, escape

from ..assessment import Finding, RuleDigest, ScoredCandidate
from ..models import Source
from .text import (
    ROUTE_LABELS,
    STANDING_LABELS,
    VERDICT_MARKS,
    anchor,
    finding_confidence,
    law_label,
    money,
    offer_name,
    party_label,
    source_basis,
    standing,
    via,
)
from .waivers import overridden, waiver_note

STATUS_ORDER = {"fail": 0, "unknown": 1, "waived": 2, "pass": 3}
EFFECT_ORDER = {"block": 0, "risk": 1, "review": 2, "watch": 3}
#: Headings of open items, by what settles them, in the order a reader acts on them.
OPEN_HEADINGS = {
    "knockout": "Not admissible until evidenced",
    "evidence": "Evidence to obtain",
    "decision": "Decisions for the buyer",
    "court": "In force, challenged in court",
    "gap": "Missing facts that raise the score",
}
BASIS_LABELS = {"pinned": "pinned", "footprint": "global or unpinned: the operator's processing footprint", "self_hosted": "self-hosted"}


@dataclass(frozen=True)
class CandidateView:
    """One candidate as the templates show it."""

    c: ScoredCandidate
    ref: str  # its number in the ranking table and the chart: the rank, or P1, P2... for prohibited ones
    id_html: Markup  # the id, escaped, with line-break opportunities after '@', '+' and '/'
    name: str
    via: str  # who runs it, for lists that already name the model
    via_unique: str  # the same, with the id when another offering of the model has the same operator
    route: str
    standing: str  # buy | review | pending | out
    standing_label: str
    mark: str
    developer: str
    operator: str
    broker: str | None
    regions: str
    cost: str
    cost_month: str  # '$148 a month', or 'cost not projected'
    budget_share: str
    anchor: str
    linked: bool  # its detail is in the appendix (a large run details only the candidates that need attention)
    findings: list[dict[str, Any]]  # the ones that need attention, worst first, as printed in full
    also: list[dict[str, Any]]  # of a prohibited candidate: the other findings, named only (they move no verdict)
    passed: int
    open_groups: list[dict[str, Any]]  # what settles its open items: evidence, decisions, courts (gaps are in the findings)
    reason: str  # why it stands where it does, in one line of rule titles
    why: list[dict[str, str]]  # the same rules by id, with their anchors in the rule index
    overridden: list[str] = dataclasses.field(default_factory=list)  # knock-outs a waiver lifted: shown loudly by its verdict


def breakable(text: str) -> Markup:
    """Escaped text that may wrap after '@', '+' and '/' (long candidate ids in narrow columns)."""
    return Markup("").join(escape(part) + (Markup("<wbr>") if part[-1:] in "@+/" else Markup("")) for part in re.split(r"(?<=[@+/])", text) if part)


def regions_label(c: ScoredCandidate) -> str:
    """Processing countries with where they come from."""
    if not c.regions:
        return "unknown"
    basis = BASIS_LABELS.get(c.processing_basis or "", "")
    return ", ".join(c.regions) + (f" ({basis})" if basis else "")


def open_groups(c: ScoredCandidate, names: dict[str, str], refs: dict[str, dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """A candidate's open items grouped by what settles them, each line naming whom to ask; a request
    listed in the appendix's evidence list is referred to by its number there instead of repeated."""
    refs = refs or {}
    groups = []
    for kind, heading in OPEN_HEADINGS.items():
        lines: dict[tuple[str, str], list[str]] = {}
        for item in c.open_items:
            if item.kind == kind:
                who = "" if item.ask in (None, "buyer") else names.get(item.ask, item.ask)
                lines.setdefault((who, item.request), []).append(item.rule_id)
        if lines:
            rows = [{"who": who, "text": text, "ref": refs.get(text), "rules": sorted(set(r))} for (who, text), r in lines.items()]
            groups.append({"kind": kind, "heading": heading, "lines": rows})
    return groups


def _finding_sort(f: Finding) -> tuple[int, int, float, str]:
    return (STATUS_ORDER.get(f.status, 9), EFFECT_ORDER.get(f.effect, 9), -f.points, f.rule_id)


def finding_row(c: ScoredCandidate, f: Finding, reasons: dict[int, str] | None = None) -> dict[str, Any]:
    """A finding as a row of the appendix: its message without the candidate id it starts with, and
    what a waiver did to it (its words are the view's, from the waiver record)."""
    text = f.message[len(c.id) + 2 :] if f.message.startswith(c.id + ": ") else f.message
    waiver = waiver_note(f, (reasons or {}).get(f.waiver_ref.number) if f.waiver_ref else None)
    extra = "; ".join(x for x in (f.note, None if waiver else f.waiver) if x)  # a record without waiver_ref keeps its text
    return {
        "rule_id": f.rule_id,
        "anchor": anchor("rule", f.rule_id),
        "status": f.status,
        "effect": f.effect,
        "dimension": f.dimension.replace("_", " "),
        "points": f.points,
        "text": text + (f" ({extra})" if extra else ""),
        "waiver": waiver,
    }


def deciding_rules(c: ScoredCandidate) -> list[str]:
    """The rules that decide where a candidate stands: its knock-outs, else its open knock-outs, else its
    open review items, else the failing rules that add the most risk (at most three)."""
    if c.blocked_by:
        return list(dict.fromkeys(c.blocked_by))
    if not c.admissible:
        return list(dict.fromkeys(i.rule_id for i in c.open_items if i.kind == "knockout"))
    review = [i.rule_id for i in c.open_items if i.kind in ("evidence", "decision", "court")]
    if review:
        return list(dict.fromkeys(review))
    risky = sorted((f for f in c.findings if f.status == "fail" and f.points > 0 and f.dimension != "price"), key=lambda f: (-f.points, f.rule_id))
    return [f.rule_id for f in risky[:3]]


def _reason(c: ScoredCandidate, titles: dict[str, str]) -> str:
    """The rules that decide where a candidate stands, by title."""
    return "; ".join(titles.get(r, r) for r in deciding_rules(c))


def needs_attention(c: ScoredCandidate) -> bool:
    """Prohibited, not admissible, high, or with an open review item: detailed in every appendix."""
    return c.verdict in ("prohibited", "high") or not c.admissible or c.review_required


def candidate_views(
    candidates: Sequence[ScoredCandidate],
    names: dict[str, str],
    budget: float | None,
    detail_all: bool = True,
    refs: dict[str, dict[str, str]] | None = None,
    reasons: dict[int, str] | None = None,
) -> list[CandidateView]:
    """Every candidate in the assessment's order (ranked first, then prohibited), numbered for the report."""
    out = []
    prohibited = 0
    for c in candidates:
        titles = {f.rule_id: f.title for f in c.findings}
        if c.rank is None:
            prohibited += 1
        share = c.monthly_cost_usd / budget if budget and c.monthly_cost_usd is not None else None
        rows = [finding_row(c, f, reasons) for f in sorted((f for f in c.findings if f.status != "pass"), key=_finding_sort)]
        out.append(
            CandidateView(
                c=c,
                ref=str(c.rank) if c.rank is not None else f"P{prohibited}",
                id_html=breakable(c.id),
                name=offer_name(c),
                via=via(c),
                via_unique=via(c),
                route=ROUTE_LABELS[c.route],
                standing=standing(c),
                standing_label=STANDING_LABELS[standing(c)],
                mark=VERDICT_MARKS[c.verdict],
                developer=party_label(c.developer),
                operator=party_label(c.operator),
                broker=party_label(c.broker) if c.broker else None,
                regions=regions_label(c),
                cost=money(c.monthly_cost_usd),
                cost_month="cost not projected" if c.monthly_cost_usd is None else f"{money(c.monthly_cost_usd)} a month",
                budget_share="" if share is None else f"{share:.0%}",
                anchor=anchor("c", c.id),
                linked=detail_all or needs_attention(c),
                findings=[r for r in rows if not (c.blocked_by and r["rule_id"] not in c.blocked_by)],
                also=[r for r in rows if c.blocked_by and r["rule_id"] not in c.blocked_by],
                passed=sum(1 for f in c.findings if f.status == "pass"),
                open_groups=[] if c.blocked_by else [g for g in open_groups(c, names, refs) if g["kind"] != "gap"],
                reason=_reason(c, titles),
                why=[{"id": r, "anchor": anchor("rule", r)} for r in deciding_rules(c)],
                overridden=overridden(c.findings),
            )
        )
    # Two offerings of the same model by the same operator (regional variants): their ids tell them apart.
    seen: dict[str, int] = {}
    for x in out:
        seen[x.name] = seen.get(x.name, 0) + 1
    return [dataclasses.replace(x, name=f"{x.name} ({x.c.id})", via_unique=f"{x.via} ({x.c.id})") if seen[x.name] > 1 else x for x in out]


@dataclass(frozen=True)
class RuleEntry:
    """A rule as the index lists it once: what it says, the law, how well sourced, and its sources."""

    id: str
    anchor: str
    title: str
    effect: str
    dimension: str
    rule_status: str
    effective_from: date
    effective_to: date | None
    law: str
    basis: str | None  # a warning when it does not rest on an official text
    confidence: str | None
    sources: tuple[Source, ...]
    notes: tuple[str, ...]
    counts: dict[str, int]  # findings by status across the candidates


def rule_index(candidates: Sequence[ScoredCandidate], digests: Sequence[RuleDigest] = ()) -> dict[str, RuleEntry]:
    """Every rule that failed, came out unknown or was waived for some candidate, by id; the pack's digests
    give each rule's confidence and the instrument it states."""
    about = {d.id: d for d in digests}
    found: dict[str, list[Finding]] = {}
    for c in candidates:
        for f in c.findings:
            if f.status != "pass":
                found.setdefault(f.rule_id, []).append(f)
    index = {}
    for rule_id in sorted(found):
        fs = found[rule_id]
        f = fs[0]
        counts = {s: sum(1 for x in fs if x.status == s) for s in ("fail", "unknown", "waived")}
        index[rule_id] = RuleEntry(
            id=rule_id,
            anchor=anchor("rule", rule_id),
            title=f.title,
            effect=f.effect,
            dimension=f.dimension.replace("_", " "),
            rule_status=f.rule_status,
            effective_from=f.effective_from,
            effective_to=f.effective_to,
            law=(about[rule_id].law if rule_id in about else None) or law_label(f.sources),
            basis=source_basis(f.sources, about[rule_id].confidence if rule_id in about else finding_confidence(f)),
            confidence=about[rule_id].confidence if rule_id in about else finding_confidence(f),
            sources=tuple(f.sources),
            notes=tuple(sorted({x.note for x in fs if x.note})),
            counts={k: v for k, v in counts.items() if v},
        )
    return index
