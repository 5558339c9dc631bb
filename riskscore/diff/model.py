"""What a diff between two assessment records holds: changes, and the causes they are attributed to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

#: Causes, in the order the report lists them. `facts` covers the candidate's and its parties' vendor
#: facts (price, regions, operator, data policy, contract, certifications); `profile` covers weights too.
CAUSE_KINDS = (
    "rule_added", "rule_removed", "rule_edited", "rule_in_force", "rule_out_of_force", "as_of",
    "facts", "list", "screening", "profile", "currency", "waiver_added", "waiver_removed", "waiver_expired",
    "waiver_edited", "unexplained",
)
CauseKind = Literal[
    "rule_added", "rule_removed", "rule_edited", "rule_in_force", "rule_out_of_force", "as_of",
    "facts", "list", "screening", "profile", "currency", "waiver_added", "waiver_removed", "waiver_expired",
    "waiver_edited", "unexplained",
]
#: Verdicts from best to worst.
VERDICT_ORDER = {"low": 0, "medium": 1, "high": 2, "prohibited": 3}


@dataclass(frozen=True, slots=True)
class Cause:
    """Why something changed: one rule, one fact, one profile setting, one waiver, or the date."""

    kind: CauseKind
    text: str
    rule_id: str | None = None
    field: str | None = None  # the fact path or profile setting, for `facts`, `profile`, `list`, `screening`
    old: Any = None
    new: Any = None


@dataclass(frozen=True, slots=True)
class Change:
    """One value of a candidate that changed (verdict, admissible, a score, the monthly cost, ...)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class FindingChange:
    """A rule's finding for one candidate that appeared, disappeared or changed, and why."""

    rule_id: str
    title: str
    change: Literal["added", "removed", "changed"]
    old: str | None  # 'fail (block, 100 points)', 'waived', ...; None when absent
    new: str | None
    causes: list[Cause]


@dataclass(frozen=True, slots=True)
class CandidateDiff:
    """One candidate present in both records that changed."""

    id: str
    direction: Literal["worse", "better", "same"]  # of the verdict (admissible -> not admissible is worse)
    old_verdict: str
    new_verdict: str
    changes: list[Change]
    findings: list[FindingChange]
    causes: list[Cause]  # every cause of this candidate's changes, each once


@dataclass(frozen=True, slots=True)
class CandidateBrief:
    """A candidate present in one record only."""

    id: str
    verdict: str
    admissible: bool
    review_required: bool
    monthly_cost_usd: float | None


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two records compared."""

    path: str
    as_of: date
    profile: str
    rule_pack_sha256: str
    candidates: int
    version: str


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything that changed between two assessment records, with causes."""

    schema: str
    old: Side
    new: Side
    context: list[Cause]  # run-wide: the date, the rule pack, the profile, waivers, lists, rates, input files
    changed: list[CandidateDiff]
    added: list[CandidateBrief]
    removed: list[CandidateBrief]
    unchanged: int
    worse: list[str] = field(default_factory=list)  # ids whose verdict got worse
    notes: list[str] = field(default_factory=list)  # limits of the attribution (e.g. an older record)
