"""The cheapest change that makes a prohibited or high candidate admissible, found by re-scoring variants.

For each such candidate, every route of the same model is tried: as listed (another operator, route or
region of the offer: facts), and with changes the findings in the way point to, alone and up to three
together: processing pinned to the buyer's regions, a signed DPA, BAA or SCCs, an attestation the
failing or undecided rule names, and self-hosting the open weights. Those changes are not facts: each
option lists them as conditions for the buyer to obtain. Every variant is scored by the pure `assess`,
so a fix is only what the rules themselves accept. A fix is admissible and, for a candidate that was
already admissible, has a better verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from ..assess import assess
from ..assessment import Assessment, ScoredCandidate
from ..engine import condition_facts
from ..facts import BUYER_OPERATOR, profile_countries
from ..models import (
    AllOf,
    AnyOf,
    Candidate,
    CurrencyRate,
    NotOf,
    Predicate,
    Price,
    Profile,
    Rule,
    VendorList,
    Waiver,
)
from ..pack import Pack
from ..screening.types import Screening

RANK = {"low": 0, "medium": 1, "high": 2, "prohibited": 3}
REGION_FACTS = frozenset({
    "candidate.regions", "candidate.global_endpoint", "derived.processing_regions", "derived.processing_basis",
    "derived.region_groups", "derived.regions_outside_allowed", "derived.outside_allowed_regions",
})
CONTRACT_TERMS = {"dpa": "a signed data processing agreement (DPA)", "baa": "a signed HIPAA business associate agreement (BAA)",
                  "sccs": "signed EU standard contractual clauses (SCCs)"}
MAX_CHANGES = 5  # changes tried per route, the most decisive first
MAX_TOGETHER = 3  # changes combined in one variant


@dataclass(frozen=True)
class Change:
    """One change to a route, and the condition the buyer must obtain for it to hold."""

    kind: str  # region | contract | attestation | self_host
    key: str
    label: str
    condition: str


@dataclass(frozen=True)
class FixOption:
    """A variant that makes the candidate admissible: the route it uses, what must change, and its cost."""

    candidate: str  # the listed candidate it becomes, or the candidate re-scored with the changes
    route: str  # operator, route kind and regions, in words
    listed: bool  # the route is in the vendor list as it is (no fact invented)
    conditions: list[str]  # what the buyer must obtain for the variant to hold (empty: listed facts only)
    verdict: str
    review_required: bool
    monthly_cost_usd: float | None
    cost_change_usd: float | None  # against the candidate's own monthly cost


@dataclass(frozen=True)
class CandidateFix:
    """A prohibited or high candidate, why, and the variants that fix it, cheapest first."""

    candidate: str
    model: str
    verdict: str
    admissible: bool
    monthly_cost_usd: float | None
    reasons: list[str]
    options: list[FixOption]
    summary: str


def _predicates(cond: Any) -> Iterable[Predicate]:
    if isinstance(cond, Predicate):
        yield cond
    elif isinstance(cond, (AllOf, AnyOf)):
        for part in cond.all if isinstance(cond, AllOf) else cond.any:
            yield from _predicates(part)
    elif isinstance(cond, NotOf):
        yield from _predicates(cond.not_)


def _region_label(countries: Sequence[str]) -> str:
    return ", ".join(countries) if len(countries) <= 4 else f"{len(countries)} countries"


def route_label(s: ScoredCandidate) -> str:
    """The route of a scored candidate in words: 'Deep Infra (inference host, via OpenRouter, US)'; regions
    only when pinned (an unpinned route may process anywhere in its operator's footprint)."""
    kind = s.route.replace("_", " ")
    pinned = s.regions if s.regions and s.processing_basis in ("pinned", "self_hosted") else None
    parts = [kind] + ([f"via {s.broker.name}"] if s.broker else []) + ([_region_label(pinned)] if pinned else [])
    who = "own infrastructure" if s.operator.id == BUYER_OPERATOR else s.operator.name
    return f"{who} ({', '.join(parts)})"


def money(value: float | None) -> str:
    """A monthly USD amount in words."""
    if value is None:
        return "an unknown monthly cost"
    return f"${value:,.0f} a month" if value >= 100 else f"${value:,.2f} a month"


class _Search:
    """Builds the variants of routes and re-scores them in batches (ids stay unique within one run)."""

    def __init__(self, pack: Pack, vendors: VendorList, profile: Profile, as_of: date, waivers: Sequence[Waiver],
                 rates: Mapping[str, CurrencyRate] | None, screening: Screening | None):
        self.pack, self.vendors, self.profile, self.as_of = pack, vendors, profile, as_of
        self.waivers, self.rates, self.screening = waivers, rates, screening
        self.orgs = {o.id: o for o in vendors.organizations}
        self.rules: dict[str, Rule] = {r.id: r for r in pack.rules}

    def score(self, variants: Sequence[Candidate]) -> list[ScoredCandidate]:
        """Score variants with the pure assessment, in batches whose candidate ids are unique."""
        batches: list[list[tuple[int, Candidate]]] = []
        for n, cand in enumerate(variants):
            batch = next((b for b in batches if all(c.id != cand.id for _, c in b)), None)
            if batch is None:
                batch = []
                batches.append(batch)
            batch.append((n, cand))
        out: list[ScoredCandidate | None] = [None] * len(variants)
        for batch in batches:
            run = assess(self.pack, VendorList(organizations=self.vendors.organizations, candidates=[c for _, c in batch]),
                         self.profile, self.as_of, self.waivers, self.rates, records=(), screening=self.screening)
            by_id = {s.id: s for s in run.candidates}
            for n, cand in batch:
                out[n] = by_id[cand.id]
        return out  # type: ignore[return-value]

    def changes(self, cand: Candidate, scored: ScoredCandidate) -> list[Change]:
        """The changes that the findings in the way point to, most decisive first."""
        problems = [f for f in scored.findings if f.status in ("fail", "unknown") and f.effect in ("block", "risk")]
        problems.sort(key=lambda f: (f.effect != "block", f.rule_id))
        found: list[Change] = []
        operator = scored.operator.name
        for f in problems:
            rule = self.rules.get(f.rule_id)
            if rule is None:
                continue
            reads = set(condition_facts(rule.when))
            if reads & REGION_FACTS and cand.route != "self_hosted":
                found.extend(self._region(cand, operator))
            for term, words in CONTRACT_TERMS.items():
                if f"candidate.contract.{term}" in reads and getattr(cand.contract, term) is not True:
                    found.append(Change("contract", term, f"{words} with {operator}", f"{words} from {operator} covering this service"))
            for pred in _predicates(rule.when):
                if pred.fact == "candidate.certifications" and pred.op == "intersects" and isinstance(pred.value, list) and pred.value:
                    cert = str(pred.value[0])
                    if cert not in (cand.certifications or []):
                        others = f" (or {', '.join(map(str, pred.value[1:]))})" if len(pred.value) > 1 else ""
                        found.append(Change("attestation", cert, f"attestation {cert}",
                                            f"a {cert} attestation{others} from {operator} naming this service, for {rule.id}"))
        unique: dict[str, Change] = {}
        for change in found:
            unique.setdefault(change.key, change)  # the first mention (the most decisive rule) wins
        return list(unique.values())[:MAX_CHANGES]

    def _region(self, cand: Candidate, operator: str) -> list[Change]:
        wanted = list(self.profile.allowed_regions or sorted(profile_countries(self.profile)))
        org = self.orgs.get(cand.operator)
        footprint = set(org.footprint.countries) if org is not None and org.footprint is not None else None
        target = [c for c in wanted if footprint is None or c in footprint]
        if not target or (cand.regions is not None and set(cand.regions) <= set(wanted)):
            return []
        where = "its documented footprint includes them" if footprint is not None else "no documented footprint shows it can"
        return [Change("region", "region:" + ",".join(target), f"processing pinned to {_region_label(target)}",
                       f"a commitment from {operator} that processing stays in {_region_label(target)} ({where})")]

    def self_host(self, cand: Candidate) -> Candidate:
        """The open weights of the candidate's model run on the buyer's own infrastructure (not a listed offer)."""
        return Candidate(
            id=f"{cand.id.split('@')[0]}@{BUYER_OPERATOR}", model=cand.model, developer=cand.developer, operator=BUYER_OPERATOR,
            route="self_hosted", open_weights=True, licence=cand.licence,
            price=Price(currency="USD", note="Self-hosting: the cost is the buyer's own hardware and operations, not in the list."),
            sources=cand.sources[:1], as_of=cand.as_of,
            notes=f"What-if variant: the open weights of {cand.model} on the buyer's own infrastructure (not a listed offer).",
        )


def apply(cand: Candidate, changes: Sequence[Change]) -> Candidate:
    """The candidate with the changes made (a what-if: none of them is a recorded fact)."""
    update: dict[str, Any] = {}
    contract = cand.contract
    certs: list[Any] = list(cand.certifications or [])  # Certification literals; a what-if adds one the rule names
    for ch in changes:
        if ch.kind == "region":
            update.update(regions=ch.key.split(":", 1)[1].split(","), global_endpoint=False)
        elif ch.kind == "contract":
            contract = contract.model_copy(update={ch.key: True})
        elif ch.kind == "attestation":
            certs = sorted(set(certs) | {ch.key})
    if contract is not cand.contract:
        update["contract"] = contract
    if certs != list(cand.certifications or []):
        update["certifications"] = certs
    return cand.model_copy(update=update)


def _improves(target: ScoredCandidate, variant: ScoredCandidate) -> bool:
    return variant.admissible and (not target.admissible or RANK[variant.verdict] < RANK[target.verdict])


def _reasons(s: ScoredCandidate) -> list[str]:
    knockouts = [i.rule_id for i in s.open_items if i.kind == "knockout"]
    risks = [f.rule_id for f in s.findings if f.status == "fail" and f.points > 0 and f.dimension != "price"]
    return list(dict.fromkeys(s.blocked_by or knockouts or risks))


def find_fixes(
    pack: Pack,
    vendors: VendorList,
    profile: Profile,
    as_of: date,
    assessment: Assessment,
    waivers: Sequence[Waiver] = (),
    rates: Mapping[str, CurrencyRate] | None = None,
    screening: Screening | None = None,
) -> list[CandidateFix]:
    """For each prohibited or high candidate of the assessment, the variants that fix it, cheapest first (pure)."""
    search = _Search(pack, vendors, profile, as_of, waivers, rates, screening)
    scored = {s.id: s for s in assessment.candidates}
    cands = {c.id: c for c in vendors.candidates}
    targets = sorted((s for s in assessment.candidates if s.verdict in ("prohibited", "high")), key=lambda s: s.id)
    models: dict[tuple[str, str], list[Candidate]] = {}
    for c in sorted(vendors.candidates, key=lambda c: c.id):
        models.setdefault((c.model, c.developer), []).append(c)
    # Self-hosting, for open-weights models the list offers no self-hosted route for.
    extra = [search.self_host(routes[0]) for routes in models.values()
             if any(c.open_weights for c in routes) and not any(c.route == "self_hosted" for c in routes)
             and any((t.model, t.developer.id) == (routes[0].model, routes[0].developer) for t in targets)]
    for cand, s in zip(extra, search.score(extra)):
        models[(cand.model, cand.developer)].append(cand)
        cands[cand.id], scored[cand.id] = cand, s
    hosted = {c.id for c in extra}
    wanted = {(t.model, t.developer.id) for t in targets}
    routes = [c for key in sorted(wanted) for c in models.get(key, [])]
    # Variants of each route, fewest changes first; a variant already admissible and low needs nothing more.
    variants: dict[tuple[str, frozenset[str]], tuple[list[Change], ScoredCandidate]] = {}
    options = {c.id: search.changes(c, scored[c.id]) for c in routes if not (scored[c.id].admissible and scored[c.id].verdict == "low")}
    for size in range(1, MAX_TOGETHER + 1):
        todo: list[tuple[str, list[Change]]] = []
        for cid, changes in options.items():
            for combo in combinations(changes, size):
                keys = frozenset(ch.key for ch in combo)
                done = any(k < keys and v[1].admissible and v[1].verdict == "low" for (i, k), v in variants.items() if i == cid)
                if not done:
                    todo.append((cid, list(combo)))
        for (cid, chosen), s in zip(todo, search.score([apply(cands[cid], chosen) for cid, chosen in todo])):
            variants[(cid, frozenset(ch.key for ch in chosen))] = (chosen, s)
    return [_fix(t, models[(t.model, t.developer.id)], scored, variants, hosted) for t in targets]


def _fix(
    target: ScoredCandidate,
    routes: Sequence[Candidate],
    scored: Mapping[str, ScoredCandidate],
    variants: Mapping[tuple[str, frozenset[str]], tuple[list[Change], ScoredCandidate]],
    hosted: set[str],
) -> CandidateFix:
    """The options of one candidate: routes that fix it as listed, else minimal sets of changes on a route."""
    found: list[FixOption] = []
    base = target.monthly_cost_usd

    def option(s: ScoredCandidate, listed: bool, conditions: list[str]) -> FixOption:
        delta = None if s.monthly_cost_usd is None or base is None else round(s.monthly_cost_usd - base, 2)
        return FixOption(s.id, route_label(s), listed, conditions, s.verdict, s.review_required, s.monthly_cost_usd, delta)

    for route in routes:
        own = scored[route.id]
        self_hosted = ["your own deployment of the open weights (not a listed offer; the cost is your own)"] if route.id in hosted else []
        if route.id != target.id and _improves(target, own):
            found.append(option(own, route.id not in hosted, self_hosted))
            continue
        fixing = sorted(((keys, combo, s) for (cid, keys), (combo, s) in variants.items() if cid == route.id and _improves(target, s)),
                        key=lambda v: (len(v[0]), sorted(v[0])))
        kept: list[frozenset[str]] = []
        for keys, combo, s in fixing:
            if any(k < keys for k in kept):
                continue  # a smaller set of changes on this route already fixes it
            kept.append(keys)
            found.append(option(s, False, self_hosted + [ch.condition for ch in combo]))
    found.sort(key=lambda o: (o.monthly_cost_usd is None, o.monthly_cost_usd or 0.0, len(o.conditions), RANK[o.verdict], o.candidate, o.conditions))
    found = [o for n, o in enumerate(found) if not any(_dominates(p, o) for p in found[:n])]
    reasons = _reasons(target)
    return CandidateFix(target.id, target.model, target.verdict, target.admissible, target.monthly_cost_usd, reasons, found,
                        _summary(target, reasons, found))


def _dominates(a: FixOption, b: FixOption) -> bool:
    """Whether option `a` (placed earlier) is at least as cheap, as good and asks for no more than `b`."""
    cheaper = b.monthly_cost_usd is None or (a.monthly_cost_usd is not None and a.monthly_cost_usd <= b.monthly_cost_usd)
    return cheaper and RANK[a.verdict] <= RANK[b.verdict] and set(a.conditions) <= set(b.conditions)


def _summary(target: ScoredCandidate, reasons: list[str], found: list[FixOption]) -> str:
    """One sentence: where the model is out, and where it is in and at what cost."""
    state = "out" if target.verdict == "prohibited" else "high" if target.admissible else "high and not admissible"
    head = f"{target.model} is {state} on {route_label(target)}" + (f" ({', '.join(reasons)})" if reasons else "")
    if not found:
        return head + "; no variant tried makes it admissible."
    best = found[0]
    where = "on the same route" if best.candidate == target.id else f"on {best.route}"
    text = f"{head}; {where} it is {best.verdict} at {money(best.monthly_cost_usd)}"
    if best.conditions:
        text += ", on condition of " + "; ".join(best.conditions)
        plain = next((o for o in found if not o.conditions), None)
        if plain is not None:
            text += f". Without conditions: on {plain.route} it is {plain.verdict} at {money(plain.monthly_cost_usd)}"
    return text + "."
