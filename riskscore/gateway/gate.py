"""The gate: assess the candidates the routes reach, and decide which routes trip the `--fail-on` levels.

Pure: the routes are already read and the screening already done; same inputs, same result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..assess import assess
from ..assessment import Assessment, ScoredCandidate
from ..models import CurrencyRate, Profile, Rule, VendorList, Waiver
from ..pack import InputRecord, Pack
from ..screening.types import Screening
from .resolve import Option, Resolution

#: Gate levels, from the narrowest: `inadmissible` is prohibited or a knock-out left undecided;
#: `unknown` is a route (or an OpenRouter fallback) that resolves to no known candidate.
LEVELS = ("prohibited", "inadmissible", "high", "medium", "review", "unknown")
DEFAULT_FAIL_ON = ("inadmissible", "unknown")
#: The pseudo-rule a route that cannot be resolved trips (SARIF ruleId, JUnit message).
UNRESOLVED_RULE = "GATEWAY-UNRESOLVED-ROUTE"
WORST = ("prohibited", "high", "medium", "low")


@dataclass(frozen=True)
class Reached:
    """One candidate a route reaches, scored."""

    option: Option
    scored: ScoredCandidate


@dataclass(frozen=True)
class RouteOutcome:
    """A route's result: the candidates it reaches, the worst verdict, and the levels and rules it trips."""

    resolution: Resolution
    reached: tuple[Reached, ...]
    verdict: str  # worst verdict of the candidates reached, or "unknown" when none resolved
    tripped: tuple[str, ...]  # gate levels tripped, in LEVELS order
    rules: tuple[str, ...]  # rule ids behind the trip, first the most decisive

    @property
    def unresolved(self) -> tuple[str, ...]:
        """Why part of the route is unknown."""
        return self.resolution.unresolved


@dataclass(frozen=True)
class GateResult:
    """Everything `riskscore check` reports."""

    assessment: Assessment
    outcomes: tuple[RouteOutcome, ...]
    fail_on: tuple[str, ...]
    files: tuple[str, ...]
    rules: Mapping[str, Rule]

    @property
    def tripped(self) -> tuple[RouteOutcome, ...]:
        """The routes that trip the gate."""
        return tuple(o for o in self.outcomes if o.tripped)


def trips(s: ScoredCandidate, level: str) -> bool:
    """Whether one scored candidate trips a gate level."""
    if level == "prohibited":
        return s.verdict == "prohibited"
    if level == "inadmissible":
        return not s.admissible
    if level in ("high", "medium"):
        return WORST.index(s.verdict) <= WORST.index(level)
    if level == "review":
        return s.review_required
    return False


def why(s: ScoredCandidate, level: str) -> list[str]:
    """The rules that put a candidate at a level: knock-outs, then undecided knock-outs, then failing risks."""
    if level == "review":
        return list(s.review_reasons)
    knockouts = [i.rule_id for i in s.open_items if i.kind == "knockout"]
    risks = [f.rule_id for f in s.findings if f.status in ("fail", "unknown") and f.points > 0 and f.effect == "risk"]
    chosen = s.blocked_by or knockouts if level in ("prohibited", "inadmissible") else s.blocked_by or knockouts or risks
    return list(dict.fromkeys(chosen))


def _outcome(res: Resolution, scored: Mapping[str, ScoredCandidate], fail_on: Sequence[str]) -> RouteOutcome:
    reached = tuple(Reached(o, scored[o.candidate.id]) for o in res.options)
    worst = min((WORST.index(r.scored.verdict) for r in reached), default=None)
    levels, rules = [], []
    for level in LEVELS:
        if level not in fail_on:
            continue
        if level == "unknown":
            hit = bool(res.unresolved)
            found = [UNRESOLVED_RULE] if hit else []
        else:
            hits = [r for r in reached if trips(r.scored, level)]
            hit, found = bool(hits), [rule for r in hits for rule in why(r.scored, level)]
        if hit:
            levels.append(level)
            rules.extend(found)
    return RouteOutcome(res, reached, WORST[worst] if worst is not None else "unknown", tuple(levels), tuple(dict.fromkeys(rules)))


def _same(a: Option, b: Option) -> bool:
    """Whether two options are the same candidate, id, notes and sources aside."""
    skip = {"id", "notes", "sources"}
    return a.candidate.model_dump(exclude=skip) == b.candidate.model_dump(exclude=skip)


def run_gate(
    resolutions: Sequence[Resolution],
    pack: Pack,
    vendors: VendorList,
    profile: Profile,
    as_of: date,
    waivers: Sequence[Waiver] = (),
    rates: Mapping[str, CurrencyRate] | None = None,
    records: Sequence[InputRecord] = (),
    screening: Screening | None = None,
    fail_on: Sequence[str] = DEFAULT_FAIL_ON,
) -> GateResult:
    """Assess every candidate the routes reach (once each) and decide the gate for each route."""
    unique: dict[str, Option] = {}
    kept = []
    for res in resolutions:
        options = []
        for option in res.options:
            # Two routes may build the same id with different facts (a config's own price): keep both apart.
            cid, n = option.candidate.id, 1
            while cid in unique and not _same(unique[cid], option):
                n += 1
                cid = f"{option.candidate.id}.{n}"
            if cid != option.candidate.id:
                option = replace(option, candidate=option.candidate.model_copy(update={"id": cid}))
            unique.setdefault(cid, option)
            options.append(option)
        kept.append(replace(res, options=tuple(options)))
    resolutions = kept
    reached = VendorList(organizations=vendors.organizations, candidates=[o.candidate for _, o in sorted(unique.items())])
    assessment = assess(pack, reached, profile, as_of, waivers, rates, records=records, screening=screening)
    scored = {s.id: s for s in assessment.candidates}
    outcomes = tuple(_outcome(res, scored, fail_on) for res in resolutions)
    files = tuple(dict.fromkeys(res.route.file for res in resolutions))
    return GateResult(assessment, outcomes, tuple(level for level in LEVELS if level in fail_on), files, {r.id: r for r in pack.rules})
