"""Assemble an assessment: costs, facts, findings, scores, ranks. Pure: no I/O, no clock."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping, Sequence

from . import __version__
from .assessment import (
    SCHEMA,
    Assessment,
    Finding,
    InputFile,
    Party,
    ProfileSummary,
    Provenance,
    RuleDigest,
    RuleWindow,
    ScoredCandidate,
    Scores,
    ScreeningList,
)
from .costs import cost_breakdown, monthly_total
from .engine import PreparedRule, applicable_rules, condition_facts, evaluate_candidate, rule_points, window_state
from .facts import Derived, candidate_facts
from .models import Candidate, CurrencyRate, Profile, Rule, VendorList, Waiver
from .operators import AtLeast
from .pack import InputRecord, Pack
from .screening.types import Screening
from .waivers import uses as waiver_uses
from .review import REVIEW_KINDS, evidence_requests, open_items
from .scoring import (
    blocking,
    combine,
    confirmed_worst,
    describe,
    pareto_front,
    price_risk,
    rule_risk,
    undecided,
    verdict,
    weighted,
)

NON_PRICE = ("data_residency", "export_control", "sector")


@dataclass
class _Row:
    """Working state of one candidate between the two stages."""

    cand: Candidate
    facts: dict[str, Any]
    findings: list[Finding]
    blocked: list[str]
    cost: float | None
    cost_part: float = 0.0
    scores: Scores = field(default_factory=lambda: Scores(0, 0, 0, 0))
    overall: float = 0.0
    compliance: float = 0.0
    undecided: list[str] = field(default_factory=list)


def _party(role: str, facts: Mapping[str, Any]) -> Any:
    """The party of a role as shown in the report (None only for an absent broker)."""
    if facts[f"{role}.id"] is None:
        return None
    return Party(
        id=str(facts[f"{role}.id"]),
        name=str(facts[f"{role}.name"]),
        country=facts[f"{role}.country"],
        chain=list(facts[f"{role}.chain"]),
        lists=list(facts[f"{role}.lists"] or []),
    )


#: Party facts recorded per candidate besides those the Party record shows (id, name, country, chain, lists).
RECORDED_PARTY_FACTS = ("countries", "dpf_certified", "eu_establishment", "establishments", "footprint", "parent_share", "unverified", "screening_hits")
#: Candidate facts the record already shows at the top level.
SHOWN = ("candidate.id", "candidate.model", "candidate.route")


def _recorded(value: Any) -> Any:
    # An open-ended list (certifications not known to be complete) must not read as a complete one.
    return {"at_least": list(value)} if type(value) is AtLeast else value


def recorded_inputs(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The vendor facts of one candidate as recorded in the assessment (unknown facts left out)."""
    keys = [k for k in facts if k.startswith("candidate.") and k not in SHOWN]
    for role in ("developer", "operator", "broker"):
        if facts[f"{role}.id"] is not None:
            keys.extend(f"{role}.{k}" for k in RECORDED_PARTY_FACTS)
    return {k: _recorded(facts[k]) for k in sorted(keys) if facts[k] is not None}


def rule_digest(rule: Rule, prepared: PreparedRule | None = None) -> RuleDigest:
    """A rule's content hash and the facts it reads (enough for a later run to tell an edited rule), and
    the rule as the run applied it (`prepared`; None when it does not apply: effect and points as written)."""
    text = json.dumps(rule.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
    return RuleDigest(
        id=rule.id,
        sha256=hashlib.sha256(text.encode()).hexdigest()[:16],
        reads=list(condition_facts(rule.when)),
        confidence=rule.confidence,
        law=rule.law,
        title=rule.title,
        dimension=rule.dimension,
        severity=rule.severity,
        effect=prepared.effect if prepared else rule.effect,
        effect_note=prepared.note if prepared else None,
        points=prepared.points if prepared else float(rule_points(rule)),
        status=rule.status,
        evidence=rule.evidence,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        applies=prepared is not None,
        sources=tuple(rule.sources),
    )


def _summary(profile: Profile) -> ProfileSummary:
    return ProfileSummary(
        id=profile.id,
        name=profile.name,
        jurisdictions=list(profile.jurisdictions),
        sectors=sorted(profile.sectors),
        data_classes=sorted(profile.data_classes),
        allowed_regions=list(profile.allowed_regions) if profile.allowed_regions is not None else None,
        input_tokens=profile.volume.input_tokens,
        output_tokens=profile.volume.output_tokens,
        cached_input_share=profile.volume.cached_input_share,
        budget_usd=profile.budget_usd,
        weights=Scores(**profile.weights.model_dump()),
        thresholds={k: float(v) for k, v in profile.thresholds.model_dump().items()},
        price_max_age_days=profile.price_max_age_days,
    )


def assess(
    pack: Pack,
    vendors: VendorList,
    profile: Profile,
    as_of: date,
    waivers: Sequence[Waiver] = (),
    rates: Mapping[str, CurrencyRate] | None = None,
    records: Sequence[InputRecord] = (),
    screening: Screening | None = None,
) -> Assessment:
    """Score every candidate for the profile on the date; same inputs give the same assessment.

    `screening` is the restricted-party screening of the organisations, done beforehand (it reads list
    files); without it the screening facts are unknown and rules that read them stay open."""
    rates = rates or {}
    orgs = {o.id: o for o in vendors.organizations}
    candidates: list[Candidate] = sorted(vendors.candidates, key=lambda c: c.id)
    breakdowns = {c.id: cost_breakdown(c, profile.volume, rates) for c in candidates}
    costs = {cid: monthly_total(b) for cid, b in breakdowns.items()}

    # Stage 1: facts and findings, knock-outs.
    rules, not_applicable = applicable_rules(pack.rules, profile, pack.groups, as_of)
    shared: dict[tuple[str, str | None], dict[str, Any]] = {}
    rows: list[_Row] = []
    for cand in candidates:
        facts = candidate_facts(cand, orgs, pack.groups, profile, Derived(costs[cand.id]), as_of, shared, screening.hits if screening else None)
        findings = evaluate_candidate(rules, facts, waivers, as_of)
        rows.append(_Row(cand, facts, findings, blocking(findings), costs[cand.id]))

    # Stage 2: scores from this candidate alone (price as a share of the budget); then a ranking across candidates.
    for r in rows:
        r.cost_part = price_risk(r.cost, profile.budget_usd)
        r.scores = combine(r.cost_part, rule_risk(r.findings))
        r.overall = weighted(r.scores, profile.weights)
        r.compliance = weighted(r.scores, profile.weights, NON_PRICE)
        r.undecided = undecided(r.findings)
    ranked = sorted(
        (r for r in rows if not r.blocked),
        key=lambda r: (bool(r.undecided), r.overall, r.cost if r.cost is not None else float("inf"), r.cand.id),
    )
    ranks = {r.cand.id: i + 1 for i, r in enumerate(ranked)}
    front = pareto_front({r.cand.id: (r.cost, r.compliance) for r in ranked if r.cost is not None and not r.undecided})

    rules_by_id = {rule.id: rule for rule in pack.rules}
    prepared = {p.rule.id: p for p in rules}
    shown: dict[tuple[str, str | None], Any] = {}

    def parties(key: tuple[str, str | None], facts: Mapping[str, Any]) -> Any:
        # One Party object per organisation and role: they are immutable and shared.
        if key not in shown:
            shown[key] = _party(key[0], facts)
        return shown[key]

    scored = []
    names: dict[str, str] = {}
    for r in rows:
        cand, facts, findings = r.cand, r.facts, r.findings
        items = open_items(findings, facts, rules_by_id)
        reasons = list(dict.fromkeys(i.rule_id for i in items if i.kind in REVIEW_KINDS))
        for role in ("developer", "operator", "broker"):
            if facts[f"{role}.id"] is not None:
                names[str(facts[f"{role}.id"])] = str(facts[f"{role}.name"])
        scored.append(
            ScoredCandidate(
                id=cand.id,
                model=cand.model,
                route=cand.route,
                developer=parties(("developer", cand.developer), facts),
                operator=parties(("operator", cand.operator), facts),
                broker=parties(("broker", cand.broker), facts),
                regions=facts["derived.processing_regions"],
                processing_basis=facts["derived.processing_basis"],
                verdict=verdict(bool(r.blocked), bool(r.undecided), r.compliance, confirmed_worst(findings), profile.thresholds),
                admissible=not r.blocked and not r.undecided,
                review_required=bool(reasons),
                overall=r.overall,
                compliance_risk=r.compliance,
                scores=r.scores,
                price_component=r.cost_part,
                monthly_cost_usd=r.cost,
                cost=breakdowns[cand.id],
                rank=ranks.get(cand.id),
                pareto=cand.id in front,
                blocked_by=r.blocked,
                review_reasons=reasons,
                data_gaps=sorted({p for f in findings for p in f.missing_facts}),
                open_items=items,
                findings=findings,
                not_applicable=not_applicable,
                inputs=recorded_inputs(facts),
            )
        )
    scored.sort(key=lambda s: (s.rank is None, s.rank or 0, s.id))

    windows = [
        RuleWindow(rule_id=rule.id, title=rule.title, state=state, effective_from=rule.effective_from, effective_to=rule.effective_to)  # type: ignore[arg-type]
        for rule in pack.rules
        if (state := window_state(rule, as_of)) != "in_force"
    ]
    used, warnings = waiver_uses(waivers, scored, as_of)
    verdicts = [s.verdict for s in scored]
    summary = {
        "candidates": len(scored),
        "prohibited": verdicts.count("prohibited"),
        "high": verdicts.count("high"),
        "medium": verdicts.count("medium"),
        "low": verdicts.count("low"),
        "admissible": sum(1 for s in scored if s.admissible),
        "review_required": sum(1 for s in scored if s.review_required),
        # Candidates with at least one open item of each kind: what the review work consists of.
        **{f"open_{kind}": sum(1 for s in scored if any(i.kind == kind for i in s.open_items)) for kind in ("knockout", "evidence", "decision", "court")},
        "rules": len(pack.rules),
    }
    provenance = Provenance(
        tool="riskscore",
        version=__version__,
        rule_pack_sha256=pack.sha256,
        rules=len(pack.rules),
        inputs=[InputFile(path=r.path, kind=r.kind, sha256=r.sha256) for r in sorted(set(records), key=lambda r: (r.kind, r.path))],
        screening_lists=[
            ScreeningList(id=lst.id, title=lst.title, authority=lst.authority, source_date=max(s.date for s in lst.sources))
            for lst in sorted(pack.lists.values(), key=lambda x: x.id)
        ]
        # Lists screened by name besides the directory's own entries, each with the date of the copy used.
        + [
            ScreeningList(id=src.id, title=f"{src.title}; screened by name", authority=src.authority, source_date=src.date)
            for src in (screening.sources if screening else ())
            if src.origin != "directory"
        ],
        currency_rates=[f"{r.currency}: {r.usd_per_unit} USD ({r.date.isoformat()})" for r in sorted(rates.values(), key=lambda r: r.currency)],
        rule_index=[rule_digest(rule, prepared.get(rule.id)) for rule in sorted(pack.rules, key=lambda r: r.id)],
    )
    return Assessment(
        schema=SCHEMA,
        as_of=as_of,
        profile=_summary(profile),
        provenance=provenance,
        summary=summary,
        candidates=scored,
        rules_not_in_force=windows,
        waivers=used,
        evidence_requests=evidence_requests({s.id: s.open_items for s in scored}, names),
        method=describe(profile),
        warnings=warnings,
    )
