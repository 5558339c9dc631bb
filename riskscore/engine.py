"""The rule engine: a pure function from candidates, profile, rules, waivers and a date to findings."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Sequence

from .assessment import Finding
from .facts import CATALOGUE, nest
from .messages import render_message
from .models import AllOf, AnyOf, NotOf, Predicate, Profile, Rule, Waiver
from .operators import Truth, apply_operator
from .vocabulary import Effect, FindingStatus

#: Points a failing rule adds to its dimension, by severity (a rule's own `points` overrides).
SEVERITY_POINTS = {"low": 10, "medium": 25, "high": 50, "critical": 100}
#: Share of a rule's points that an unknown outcome adds: missing facts cost, but less than a failure.
UNKNOWN_SHARE = 0.5


def _operand(pred: Predicate, facts: Mapping[str, Any], groups: Mapping[str, frozenset[str]]) -> Any:
    if pred.group is not None:
        return sorted(groups[pred.group])
    if pred.other is not None:
        return facts[pred.other]
    value = pred.value
    if CATALOGUE[pred.fact].type == "date" and value is not None and not isinstance(value, date):
        return date.fromisoformat(str(value))
    return value


def evaluate_condition(cond: Any, facts: Mapping[str, Any], groups: Mapping[str, frozenset[str]]) -> Truth:
    """Three-valued (Kleene) evaluation: None means a fact needed for the answer is unknown."""
    if isinstance(cond, Predicate):
        return apply_operator(cond.op, facts[cond.fact], _operand(cond, facts, groups))
    if isinstance(cond, AllOf):
        results = [evaluate_condition(c, facts, groups) for c in cond.all]
        return False if False in results else (None if None in results else True)
    if isinstance(cond, AnyOf):
        results = [evaluate_condition(c, facts, groups) for c in cond.any]
        return True if True in results else (None if None in results else False)
    if isinstance(cond, NotOf):
        inner = evaluate_condition(cond.not_, facts, groups)
        return None if inner is None else not inner
    raise TypeError(f"not a condition: {type(cond).__name__}")


def in_scope(rule: Rule, profile: Profile) -> bool:
    """Whether the rule's buyer scope matches the profile (every non-empty list must overlap)."""
    scope = rule.scope
    if scope.jurisdictions:
        mine = set(profile.jurisdictions) | {j.split("-")[0] for j in profile.jurisdictions}
        if not mine & set(scope.jurisdictions):
            return False
    if scope.sectors and not set(scope.sectors) & set(profile.sectors):
        return False
    if scope.data_classes and not set(scope.data_classes) & set(profile.data_classes):
        return False
    return True


def rule_points(rule: Rule) -> int:
    """Points a failure of this rule adds to its dimension."""
    return rule.points if rule.points is not None else SEVERITY_POINTS[rule.severity]


def window_state(rule: Rule, as_of: date) -> str:
    """'in_force', 'upcoming' or 'expired' on the assessment date."""
    if as_of < rule.effective_from:
        return "upcoming"
    if rule.effective_to is not None and as_of > rule.effective_to:
        return "expired"
    return "in_force"


def effective_effect(rule: Rule, as_of: date) -> tuple[Effect, str | None]:
    """The effect a rule has on the date, with the reason when it is weaker than written."""
    if window_state(rule, as_of) == "upcoming":
        return "watch", f"not yet in force: applies from {rule.effective_from.isoformat()}"
    if rule.status == "proposed":
        return "watch", "proposed, not enacted"
    if rule.status == "contested" and rule.effect == "block":
        # A knock-out whose legal basis is under challenge needs a human decision, not an automatic ban.
        return "review", "contested: a blocking rule under legal challenge needs a human decision"
    return rule.effect, None


@dataclass(frozen=True)
class WaiverMatch:
    """A waiver that covers one finding."""

    waiver: Waiver
    label: str


def find_waiver(rule_id: str, candidate_id: str, waivers: Sequence[Waiver], as_of: date) -> WaiverMatch | None:
    """The first unexpired waiver for this rule that selects this candidate."""
    for w in waivers:
        if w.rule == rule_id and as_of <= w.expires and any(fnmatch.fnmatchcase(candidate_id, p) for p in w.candidates):
            return WaiverMatch(w, f"waived until {w.expires.isoformat()} by {w.approver}: {w.reason}")
    return None


def evaluate_rule(
    rule: Rule,
    facts: Mapping[str, Any],
    context: Mapping[str, Any],
    groups: Mapping[str, frozenset[str]],
    profile: Profile,
    waivers: Sequence[Waiver],
    as_of: date,
) -> Finding | None:
    """One finding, or None when the rule is out of scope or expired (not applicable)."""
    if not in_scope(rule, profile) or window_state(rule, as_of) == "expired":
        return None
    truth = evaluate_condition(rule.when, facts, groups)
    status: FindingStatus = "fail" if truth is True else ("pass" if truth is False else "unknown")
    effect, note = effective_effect(rule, as_of)
    waiver = find_waiver(rule.id, str(facts["candidate.id"]), waivers, as_of) if status != "pass" else None
    if waiver is not None:
        status = "waived"
    points = 0.0
    if effect in ("block", "risk"):
        points = float(rule_points(rule)) * (1.0 if status == "fail" else UNKNOWN_SHARE if status == "unknown" else 0.0)
    message = render_message(rule.message, {**context, "rule": {"id": rule.id, "title": rule.title}})
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        status=status,
        effect=effect,
        dimension=rule.dimension,
        severity=rule.severity,
        points=points,
        message=message,
        rule_status=rule.status,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        note=note if status != "pass" else None,
        waiver=waiver.label if waiver else None,
        sources=list(rule.sources),
    )


def evaluate_candidate(
    rules: Sequence[Rule],
    facts: Mapping[str, Any],
    groups: Mapping[str, frozenset[str]],
    profile: Profile,
    waivers: Sequence[Waiver],
    as_of: date,
) -> tuple[list[Finding], list[str]]:
    """Findings of every applicable rule (sorted by rule id) and the ids of rules that did not apply."""
    context = nest(facts)
    findings: list[Finding] = []
    not_applicable: list[str] = []
    for rule in sorted(rules, key=lambda r: r.id):
        finding = evaluate_rule(rule, facts, context, groups, profile, waivers, as_of)
        if finding is None:
            not_applicable.append(rule.id)
        else:
            findings.append(finding)
    return findings, not_applicable
