"""Input models: vendor lists, organisations, buyer profiles, rules and waivers (data only)."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from .codes import check_country, check_currency, check_jurisdiction
from .vocabulary import (
    Certification,
    Confidence,
    DataClass,
    Dimension,
    Effect,
    RouteKind,
    RuleStatus,
    Sector,
    Severity,
    SourceQuality,
    UnverifiedFact,
)

#: Bounds of every number that feeds arithmetic, so no sum, product or ratio can reach inf or NaN
#: (README "Limits"): price per million tokens, tokens a month, budget and currency rate in USD, days,
#: dimension weight; and of any one string.
MAX_PRICE, MAX_TOKENS, MAX_BUDGET, MAX_RATE, MAX_DAYS, MAX_WEIGHT = 1e6, 1e15, 1e12, 1e6, 36_500, 1_000
MIN_BUDGET = 0.01
MAX_STRING = 131_072

SLUG = r"^[a-z0-9][a-z0-9._-]*$"
RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
CANDIDATE_ID = r"^[a-z0-9][a-z0-9._@+-]*$"


class Strict(BaseModel):
    """Base for every input model: unknown keys are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, str_max_length=MAX_STRING)


class Source(Strict):
    """A citation: what was read, where, and when."""

    title: str = Field(min_length=3)
    url: str = Field(pattern=r"^https?://\S+$")
    date: date
    quality: SourceQuality | None = None
    note: str | None = None


Sources = Annotated[list[Source], Field(min_length=1)]


def _country(value: str | None) -> str | None:
    return None if value is None else check_country(value)


def _jurisdictions(values: list[str]) -> list[str]:
    for code in values:
        check_jurisdiction(code)
    return values


def _countries(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    for v in values:
        check_country(v)
    return sorted(set(values))


class ListMembership(Strict):
    """An organisation's entry on a restricted-party or government list."""

    list: str = Field(pattern=SLUG)
    entry: str
    added: date
    removed: date | None = None
    sources: Sources
    note: str | None = None

    def active_on(self, day: date) -> bool:
        """Whether the entry is on the list on the given day."""
        return self.added <= day and (self.removed is None or day < self.removed)


class Footprint(Strict):
    """Every country where an operator may run inference or store prompts, as it documents them."""

    countries: Annotated[list[str], Field(min_length=1)]
    sources: Sources
    note: str | None = None

    _check_countries = field_validator("countries")(classmethod(lambda cls, v: _countries(v)))


class Organization(Strict):
    """A legal entity that develops models, operates inference or brokers access."""

    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    aliases: list[str] = []
    country: str | None = None
    parent: str | None = Field(default=None, pattern=SLUG)
    parent_share: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    dpf_certified: bool | None = None
    eu_establishment: bool | None = None
    lists: list[ListMembership] = []
    #: Countries where the organisation has an establishment (a subsidiary or branch), e.g. [IE, DE].
    establishments: list[str] | None = None
    #: Where the organisation may process a route that is global or not pinned to regions.
    footprint: Footprint | None = None
    #: Facts recorded here that no source confirms: rules treat them as unknown.
    unverified: list[UnverifiedFact] = []
    #: Terms stated once for the candidates the organisation operates (see `Terms`).
    defaults: Terms | None = None
    #: Terms that hold for some of its offerings only, matched by candidate id; before `defaults`.
    services: list[Service] = []
    sources: Sources
    as_of: date
    notes: str | None = None

    _check_country = field_validator("country")(classmethod(lambda cls, v: _country(v)))
    _check_establishments = field_validator("establishments")(classmethod(lambda cls, v: _countries(v)))


class Price(Strict):
    """List price per million tokens, in one currency."""

    input: float | None = None
    output: float | None = None
    cached_input: float | None = None
    currency: str = "USD"
    promotional: bool = False
    preview: bool = False
    as_of: date | None = None
    note: str | None = None

    @field_validator("input", "output", "cached_input")
    @classmethod
    def _finite_non_negative(cls, v: float | None) -> float | None:
        if v is not None and (not math.isfinite(v) or v < 0):
            raise ValueError("a price must be a finite number >= 0")
        if v is not None and v > MAX_PRICE:
            raise ValueError(f"a price above {MAX_PRICE:,.0f} per million tokens is over the limit (a typo?)")
        return v

    _check_currency = field_validator("currency")(classmethod(lambda cls, v: check_currency(v)))


class DataPolicy(Strict):
    """What the operator does with prompts and completions."""

    retention_days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    trains_on_customer_data: bool | None = None
    zero_retention_available: bool | None = None


class Contract(Strict):
    """Contract terms on offer."""

    dpa: bool | None = None
    baa: bool | None = None
    sccs: bool | None = None


class Terms(Strict):
    """Facts an organisation states once for its candidates: each candidate inherits those it leaves
    unknown, field by field, at load time (see riskscore/inherit.py for who inherits what)."""

    certifications: list[Certification] | None = None
    certifications_complete: bool | None = None
    contract: Contract = Contract()
    data_policy: DataPolicy = DataPolicy()
    sources: Sources
    as_of: date | None = None
    note: str | None = None


class Service(Terms):
    """Terms that hold for some of an organisation's offerings only (one cloud service, one API tier)."""

    name: str = Field(min_length=1)
    #: Candidate ids or shell-style patterns (`*@azure-*`) of the offerings it covers.
    match: Annotated[list[str], Field(min_length=1)]


Organization.model_rebuild()


class Candidate(Strict):
    """One offering: a model, through an operator, by a route, in some regions."""

    id: str = Field(pattern=CANDIDATE_ID)
    model: str = Field(min_length=1)
    developer: str = Field(pattern=SLUG)
    operator: str = Field(pattern=SLUG)
    broker: str | None = Field(default=None, pattern=SLUG)
    route: RouteKind
    regions: list[str] | None = None
    #: Documented as processing anywhere in the operator's footprint (Azure Global Standard, ...).
    global_endpoint: bool = False
    storage_regions: list[str] | None = None
    #: Date the offering was withdrawn by its operator (retired models, ended API aliases).
    retired_on: date | None = None
    open_weights: bool | None = None
    licence: str | None = None
    price: Price = Price()
    data_policy: DataPolicy = DataPolicy()
    contract: Contract = Contract()
    certifications: list[Certification] | None = None
    #: True when `certifications` is the full list, so a missing item means "not held";
    #: by default a list only proves what it names.
    certifications_complete: bool = False
    sources: Sources
    as_of: date
    notes: str | None = None

    _check_regions = field_validator("regions", "storage_regions")(classmethod(lambda cls, v: _countries(v)))

    @model_validator(mode="after")
    def _broker_only_on_aggregator(self) -> "Candidate":
        if self.route == "aggregator" and self.broker is None:
            raise ValueError("an aggregator route needs a 'broker' (the aggregator) besides the 'operator' (the host)")
        if self.global_endpoint and self.regions is not None:
            raise ValueError("a global endpoint is not pinned to regions: drop 'regions' or 'global_endpoint'")
        return self


class VendorList(Strict):
    """A vendor file: organisations and candidates."""

    organizations: list[Organization] = []
    candidates: list[Candidate] = []


class Volume(Strict):
    """Monthly token volume the buyer expects."""

    input_tokens: float = Field(ge=0, le=MAX_TOKENS, allow_inf_nan=False)
    output_tokens: float = Field(ge=0, le=MAX_TOKENS, allow_inf_nan=False)
    cached_input_share: float = Field(default=0.0, ge=0, le=1)


class Weights(Strict):
    """Weight of each dimension in the overall score."""

    price: float = Field(default=1.0, ge=0, le=MAX_WEIGHT, allow_inf_nan=False)
    data_residency: float = Field(default=1.0, ge=0, le=MAX_WEIGHT, allow_inf_nan=False)
    export_control: float = Field(default=1.0, ge=0, le=MAX_WEIGHT, allow_inf_nan=False)
    sector: float = Field(default=1.0, ge=0, le=MAX_WEIGHT, allow_inf_nan=False)

    @model_validator(mode="after")
    def _not_all_zero(self) -> "Weights":
        if self.price + self.data_residency + self.export_control + self.sector <= 0:
            raise ValueError("at least one weight must be above 0")
        return self


class Thresholds(Strict):
    """Cut-offs: overall score for `high` and `medium`; any one compliance dimension for at least `high`."""

    high: float = Field(default=50, gt=0, le=100)
    medium: float = Field(default=25, ge=0, le=100)
    #: A single compliance dimension at or above this makes the verdict at least `high`.
    dimension: float = Field(default=75, gt=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> "Thresholds":
        if self.medium >= self.high:
            raise ValueError("'medium' must be below 'high'")
        return self


class Profile(Strict):
    """A buyer: where it is, what it does, what data it sends, what it can spend."""

    id: str = Field(pattern=SLUG)
    name: str
    description: str | None = None
    jurisdictions: Annotated[list[str], Field(min_length=1)]
    sectors: list[Sector] = ["general"]
    data_classes: list[DataClass] = []
    allowed_regions: list[str] | None = None
    volume: Volume
    budget_usd: float | None = Field(default=None, ge=MIN_BUDGET, le=MAX_BUDGET, allow_inf_nan=False)
    weights: Weights = Weights()
    thresholds: Thresholds = Thresholds()
    price_max_age_days: int = Field(default=180, ge=1, le=MAX_DAYS)
    sources: list[Source] = []
    as_of: date | None = None

    _check_jurisdictions = field_validator("jurisdictions")(classmethod(lambda cls, v: _jurisdictions(v)))

    _check_regions = field_validator("allowed_regions")(classmethod(lambda cls, v: _countries(v)))


Operator = Literal[
    "eq", "ne", "in", "not_in", "intersects", "subset_of", "gt", "ge", "lt", "le", "exists", "matches"
]


class Predicate(Strict):
    """A comparison of one fact with a literal `value`, a named `group`, or another fact (`other`)."""

    fact: str
    op: Operator
    value: Any = None
    group: str | None = None
    other: str | None = None

    @model_validator(mode="after")
    def _one_operand(self) -> "Predicate":
        given = [k for k in ("value", "group", "other") if getattr(self, k) is not None]
        if self.op == "exists":
            if self.group is not None or self.other is not None:
                raise ValueError("'exists' takes only an optional boolean 'value'")
            if self.value is not None and not isinstance(self.value, bool):
                raise ValueError("'exists' takes a boolean 'value' (true or false)")
        elif len(given) != 1:
            raise ValueError(f"operator '{self.op}' needs exactly one of 'value', 'group' or 'other'")
        if self.op == "matches" and (not isinstance(self.value, str) or len(self.value) > 200):
            raise ValueError("'matches' needs a string 'value' (a shell-style pattern of at most 200 characters)")
        return self


class AllOf(Strict):
    """True when every sub-condition is true."""

    all: Annotated[list["Condition"], Field(min_length=1)]


class AnyOf(Strict):
    """True when at least one sub-condition is true."""

    any: Annotated[list["Condition"], Field(min_length=1)]


class NotOf(Strict):
    """True when the sub-condition is false."""

    not_: "Condition" = Field(alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "fact"
    if isinstance(value, BaseModel):
        return {AllOf: "all", AnyOf: "any", NotOf: "not"}.get(type(value), "fact")
    return None


Condition = Annotated[
    Union[
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
        Annotated[Predicate, Tag("fact")],
    ],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition is a mapping with 'all', 'any', 'not', or 'fact' + 'op'",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


class Scope(Strict):
    """Which buyers a rule applies to: every non-empty list must share a value with the profile."""

    jurisdictions: list[str] = []
    sectors: list[Sector] = []
    data_classes: list[DataClass] = []

    _check_jurisdictions = field_validator("jurisdictions")(classmethod(lambda cls, v: _jurisdictions(v)))


class Stay(Strict):
    """A court order (stay, injunction) that suspends a rule for the buyers it covers, while it lasts."""

    title: str = Field(min_length=5)
    effective_from: date
    effective_to: date | None = None
    #: Buyers the order covers; empty lists cover every buyer.
    scope: Scope = Scope()
    sources: Sources
    note: str | None = None

    def active_on(self, day: date) -> bool:
        """Whether the order is in effect on the day."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class Rule(Strict):
    """A cited, dated rule: when its condition holds for a candidate, its effect applies."""

    id: str = Field(pattern=RULE_ID)
    title: str = Field(min_length=5, max_length=120)
    dimension: Dimension
    effect: Effect
    severity: Severity
    points: int | None = Field(default=None, ge=0, le=100)
    status: RuleStatus = "in_force"
    confidence: Confidence = "secondary"
    scope: Scope = Scope()
    when: Condition
    rationale: str = Field(min_length=20)
    message: str = Field(min_length=5, max_length=500)
    sources: Sources
    effective_from: date
    effective_to: date | None = None
    status_note: str | None = None
    #: What would decide the rule when a fact is unknown, and whom to ask ("PCI DSS AoC naming the service").
    evidence: str | None = None
    #: The instrument the rule applies, as a reader cites it ("28 CFR 202.211"); else its best source's title.
    law: str | None = Field(default=None, max_length=120)
    #: Court orders that suspend the rule for some buyers; a challenge alone does not.
    stays: list[Stay] = []
    tags: list[str] = []

    @model_validator(mode="after")
    def _window(self) -> "Rule":
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("'effective_to' is before 'effective_from'")
        return self


class RuleFile(Strict):
    """A rule file: a list of rules."""

    rules: Annotated[list[Rule], Field(min_length=1)]


class Group(Strict):
    """A named list of countries (a jurisdiction group) with its legal source."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    members: Annotated[list[str], Field(min_length=1)]
    sources: Sources
    note: str | None = None

    _check_members = field_validator("members")(classmethod(lambda cls, v: _countries(v)))


class RestrictedList(Strict):
    """A restricted-party or government list that organisations can be members of."""

    id: str = Field(pattern=SLUG)
    title: str
    authority: str
    sources: Sources
    note: str | None = None


class GroupFile(Strict):
    """The pack's named jurisdiction groups and restricted lists."""

    groups: list[Group] = []
    lists: list[RestrictedList] = []


class Waiver(Strict):
    """An accepted exception: a rule for some candidates, with a reason, an approver and an expiry.

    The selectors narrow together: a candidate is covered when it matches every selector given."""

    rule: str = Field(pattern=RULE_ID)
    candidates: list[str] = []  # candidate ids or shell-style patterns
    models: list[str] = []  # model names or patterns, case-insensitive ('DeepSeek V3*')
    operators: list[str] = []  # operator ids or patterns
    routes: list[RouteKind] = []
    reason: str = Field(min_length=5)
    approver: str = Field(min_length=2)
    granted: date | None = None  # the waiver applies from this date, when given
    expires: date  # the last day it applies
    ticket: str | None = None
    overrides_block: bool = False  # required to waive a knock-out: the override is shown loudly
    # Where the loader found it ('waivers.yaml:12'), for warnings and the record; not an input field.
    _where: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check(self) -> "Waiver":
        if not (self.candidates or self.models or self.operators or self.routes):
            raise ValueError("a waiver needs a selector: 'candidates', 'models', 'operators' or 'routes'")
        if self.granted is not None and self.granted > self.expires:
            raise ValueError(f"granted on {self.granted.isoformat()}, after it expires on {self.expires.isoformat()}")
        return self

    @property
    def where(self) -> str | None:
        """The file and line the waiver was read from, when it came from a file."""
        return self._where


class WaiverFile(Strict):
    """A waiver file."""

    waivers: list[Waiver] = []


class CurrencyRate(Strict):
    """USD value of one unit of a currency on a date, with its source."""

    currency: str
    usd_per_unit: float = Field(gt=0, le=MAX_RATE, allow_inf_nan=False)
    date: date
    sources: Sources

    _check_currency = field_validator("currency")(classmethod(lambda cls, v: check_currency(v)))


class CurrencyFile(Strict):
    """The dated currency table used to convert non-USD prices."""

    rates: list[CurrencyRate] = []
