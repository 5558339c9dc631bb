"""Output records: findings, scored candidates and the assessment (written as riskscore.assessment/2).

Plain frozen dataclasses: field order is the JSON key order, and large runs create many of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .models import Source
from .vocabulary import Dimension, Effect, FindingStatus, RouteKind, RuleStatus, Severity, Verdict

SCHEMA = "riskscore.assessment/2"  # the record `riskscore.record` writes: see its JSON Schema


@dataclass(frozen=True, slots=True)
class WaiverRef:
    """The waiver of the register that covers a finding, or that selects it but does not apply."""

    number: int  # position in the waiver register, from 1
    # active: the finding is waived; expired, not_yet_granted, needs_override (a knock-out waived
    # without `overrides_block: true`): the finding stands, and the record says why.
    state: Literal["active", "expired", "not_yet_granted", "needs_override"]
    approver: str
    expires: date
    granted: date | None
    ticket: str | None
    overrides_block: bool  # an active waiver lifts a knock-out: the report must show it loudly


@dataclass(frozen=True, slots=True)
class Finding:
    """The outcome of one rule for one candidate."""

    rule_id: str
    title: str
    status: FindingStatus
    effect: Effect
    dimension: Dimension
    severity: Severity
    points: float
    message: str
    rule_status: RuleStatus
    effective_from: date
    effective_to: date | None
    note: str | None
    waiver: str | None
    sources: tuple[Source, ...]
    missing_facts: tuple[str, ...] = ()  # for an unknown outcome: the facts it needed that are not known
    waiver_ref: WaiverRef | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """A developer, operator or broker as shown in the report."""

    id: str
    name: str
    country: str | None
    chain: list[str]
    lists: list[str]


@dataclass(frozen=True, slots=True)
class Scores:
    """Risk per dimension, 0 (none) to 100 (worst)."""

    price: float
    data_residency: float
    export_control: float
    sector: float


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """How the projected monthly cost was computed."""

    currency: str
    usd_per_unit: float | None
    input_usd: float | None
    cached_input_usd: float | None
    output_usd: float | None
    price_as_of: date | None


OpenKind = Literal["knockout", "evidence", "decision", "court", "gap"]


@dataclass(frozen=True, slots=True)
class OpenItem:
    """Something that keeps a finding open, and what would settle it: evidence from a party, a
    decision of the buyer, or a court. `knockout`: an undecided knock-out (not admissible until settled);
    `evidence`: an undecided review rule; `decision`: a review rule that fires; `court`: a rule in force
    that is challenged in court; `gap`: an unknown risk rule or an open price question (settling it changes only the score or rank)."""

    kind: OpenKind
    rule_id: str
    title: str
    ask: str | None  # organisation id to ask, or 'buyer' for the buyer's own decision
    request: str


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """One candidate with its verdict, scores, cost, rank and findings."""

    id: str
    model: str
    route: RouteKind
    developer: Party
    operator: Party
    broker: Party | None
    regions: list[str] | None
    processing_basis: str | None  # pinned | footprint | self_hosted; None when regions are unknown
    verdict: Verdict
    admissible: bool  # not prohibited and no knock-out left undecided
    review_required: bool
    overall: float
    compliance_risk: float
    scores: Scores
    price_component: float
    monthly_cost_usd: float | None
    cost: CostBreakdown
    rank: int | None
    pareto: bool
    blocked_by: list[str]
    review_reasons: list[str]
    data_gaps: list[str]  # facts some rule needed that the vendor list does not give
    open_items: list[OpenItem]
    findings: list[Finding]
    not_applicable: list[str]
    # The vendor facts the rules read, as recorded (unknown ones left out), so a later run can say
    # which fact changed: `candidate.*` facts, and per party its directory facts and screening hits.
    inputs: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputFile:
    """An input file and its hash."""

    path: str
    kind: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ScreeningList:
    """A restricted list whose memberships were read from the organisation directory."""

    id: str
    title: str
    authority: str
    source_date: date


@dataclass(frozen=True, slots=True)
class RuleDigest:
    """One rule of the pack, by content hash and the facts its condition reads (for explained diffs)."""

    id: str
    sha256: str  # of the rule as loaded, first 16 hex digits
    reads: list[str]
    confidence: str = "secondary"  # how well the rule's sources support it
    law: str | None = None  # the instrument it applies, as the rule states it
    # The rule as this run applied it (the buyer's profile, the as-of date), so the record lists it once.
    title: str = ""
    dimension: Dimension | None = None
    severity: Severity | None = None
    effect: Effect | None = None  # as applied: a stay or a window not yet open changes the rule's own
    effect_note: str | None = None  # why the applied effect differs from the rule's text
    points: float = 0.0  # what a failure adds to its dimension under that effect
    status: RuleStatus = "in_force"
    evidence: str | None = None  # what would decide the rule when a fact is unknown
    effective_from: date | None = None
    effective_to: date | None = None
    applies: bool = True  # in the buyer's scope and not expired on the date
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced this assessment."""

    tool: str
    version: str
    rule_pack_sha256: str
    rules: int
    inputs: list[InputFile]
    screening_lists: list[ScreeningList]
    currency_rates: list[str]
    rule_index: list[RuleDigest] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProfileSummary:
    """The buyer profile the assessment used."""

    id: str
    name: str
    jurisdictions: list[str]
    sectors: list[str]
    data_classes: list[str]
    allowed_regions: list[str] | None
    input_tokens: float
    output_tokens: float
    cached_input_share: float
    budget_usd: float | None
    weights: Scores
    thresholds: dict[str, float]
    price_max_age_days: int


@dataclass(frozen=True, slots=True)
class RuleWindow:
    """A rule that is not in force on the assessment date."""

    rule_id: str
    title: str
    state: Literal["upcoming", "expired"]
    effective_from: date
    effective_to: date | None


@dataclass(frozen=True, slots=True)
class WaiverUse:
    """A waiver and where it applied."""

    rule: str
    candidates: list[str]
    reason: str
    approver: str
    expires: date
    expired: bool
    applied_to: list[str]
    number: int = 0  # position in the register, from 1
    where: str | None = None  # file:line of the waiver
    models: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    granted: date | None = None
    ticket: str | None = None
    overrides_block: bool = False  # the register allows it to lift a knock-out
    overrode_block: bool = False  # it lifted a knock-out in this run: show loudly
    state: Literal["active", "expired", "not_yet_granted"] = "active"
    matched: bool = True  # it selects at least one candidate of this run (else a warning, not an error)
    not_applied_to: list[str] = field(default_factory=list)  # selected, finding stands: lapsed or not overriding


@dataclass(frozen=True, slots=True)
class RunWarning:
    """Something a reviewer should read that does not stop the run (e.g. a waiver matching nothing)."""

    kind: str
    where: str | None  # file:line it concerns, when known
    message: str


@dataclass(frozen=True, slots=True)
class MethodStep:
    """One step of the scoring method, as described by the code that performs it."""

    name: str
    text: str


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One piece of evidence to request, the rules it would decide and the candidates it concerns."""

    request: str
    knockout: bool  # it would decide a knock-out: candidates stay inadmissible without it
    rule_ids: list[str]
    candidates: list[str]


@dataclass(frozen=True, slots=True)
class EvidenceRequest:
    """What to ask one organisation for, across the candidates of the run."""

    organization: str
    name: str
    items: list[EvidenceItem]


@dataclass(frozen=True, slots=True)
class Assessment:
    """The machine record of one run."""

    schema: str
    as_of: date
    profile: ProfileSummary
    provenance: Provenance
    summary: dict[str, int]
    candidates: list[ScoredCandidate]
    rules_not_in_force: list[RuleWindow]
    waivers: list[WaiverUse]
    evidence_requests: list[EvidenceRequest]
    method: list[MethodStep]
    warnings: list[RunWarning] = field(default_factory=list)
