"""The rule engine: a pure function from candidates, profile, rules, waivers and a date to findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, Sequence

from .assessment import Finding, WaiverRef
from .facts import CATALOGUE, INPUT_OF, nest, profile_countries
from .messages import bind_constants, render_message, render_parts
from .models import AllOf, AnyOf, NotOf, Predicate, Profile, Rule, Scope, Waiver
from .operators import OPERATORS, AtLeast, Truth, apply_operator, partial
from .vocabulary import Effect, FindingStatus
from .waivers import WaiverMatch, cover, target_of

#: Points a failing rule adds to its dimension, by severity (a rule's own `points` overrides).
SEVERITY_POINTS = {"low": 10, "medium": 25, "high": 50, "critical": 100}
#: Share of a rule's points that an unknown outcome adds: missing facts cost, but less than a failure.
UNKNOWN_SHARE = 0.5


def _operand(pred: Predicate, groups: Mapping[str, frozenset[str]]) -> Any:
    """The literal or group operand of a predicate, with dates parsed."""
    if pred.group is not None:
        return sorted(groups[pred.group])
    value = pred.value
    if CATALOGUE[pred.fact].type == "date" and value is not None and not isinstance(value, date):
        return date.fromisoformat(str(value))
    return value


def evaluate_condition(cond: Any, facts: Mapping[str, Any], groups: Mapping[str, frozenset[str]]) -> Truth:
    """Three-valued (Kleene) evaluation: None means a fact needed for the answer is unknown."""
    return compile_condition(cond, groups)(facts)


Check = Callable[[Mapping[str, Any]], Truth]


def compile_condition(cond: Any, groups: Mapping[str, frozenset[str]]) -> Check:
    """Turn a condition tree into a function of the facts, resolving groups and dates once."""
    if isinstance(cond, Predicate):
        fact, op, other = cond.fact, OPERATORS[cond.op], cond.other
        if cond.op == "exists":
            wanted = True if cond.value is None else cond.value
            return lambda facts: (facts[fact] is not None) == wanted
        if other is not None:
            return lambda facts: apply_operator(cond.op, facts[fact], facts[other])
        operand = _operand(cond, groups)
        if op.operand == "list":
            operand = frozenset(operand)  # built once per rule, as apply_operator does per call
        apply = op.apply

        def check(facts: Mapping[str, Any]) -> Truth:
            value = facts[fact]
            if value is None:
                return None
            if type(value) is AtLeast:
                return partial(cond.op, value, operand)
            return apply(value, operand)

        return check
    if isinstance(cond, (AllOf, AnyOf)):
        parts = [compile_condition(c, groups) for c in (cond.all if isinstance(cond, AllOf) else cond.any)]
        decisive = isinstance(cond, AnyOf)  # True decides 'any', False decides 'all'

        def combine(facts: Mapping[str, Any]) -> Truth:
            unknown = False
            for part in parts:
                result = part(facts)
                if result is decisive:
                    return decisive
                if result is None:
                    unknown = True
            return None if unknown else not decisive

        return combine
    if isinstance(cond, NotOf):
        inner = compile_condition(cond.not_, groups)

        def negate(facts: Mapping[str, Any]) -> Truth:
            result = inner(facts)
            return None if result is None else not result

        return negate
    raise TypeError(f"not a condition: {type(cond).__name__}")


#: The pack group whose members are also in the jurisdiction 'EU'.
EU_GROUP = "eu_member_states"


def buyer_jurisdictions(profile: Profile, groups: Mapping[str, frozenset[str]]) -> set[str]:
    """The profile's jurisdictions, with each subdivision's country, and 'EU' for an EU member state."""
    mine = set(profile.jurisdictions) | set(profile_countries(profile))
    if mine & groups.get(EU_GROUP, frozenset()):
        mine.add("EU")
    return mine


def condition_facts(cond: Any) -> tuple[str, ...]:
    """Every fact path a condition reads, in order of first use."""
    if isinstance(cond, Predicate):
        return tuple(p for p in (cond.fact, cond.other) if p is not None)
    if isinstance(cond, (AllOf, AnyOf)):
        parts = cond.all if isinstance(cond, AllOf) else cond.any
        return tuple(dict.fromkeys(p for c in parts for p in condition_facts(c)))
    if isinstance(cond, NotOf):
        return condition_facts(cond.not_)
    return ()


def in_scope(rule: Rule, profile: Profile, groups: Mapping[str, frozenset[str]] | None = None) -> bool:
    """Whether the rule's buyer scope matches the profile (every non-empty list must overlap)."""
    return scope_covers(rule.scope, profile, groups or {})


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


def scope_covers(scope: Scope, profile: Profile | None, groups: Mapping[str, frozenset[str]]) -> bool:
    """Whether a buyer scope (of a rule or a court order) covers the profile; empty lists cover everyone."""
    if profile is None:
        return not (scope.jurisdictions or scope.sectors or scope.data_classes)
    if scope.jurisdictions and not buyer_jurisdictions(profile, groups) & set(scope.jurisdictions):
        return False
    if scope.sectors and not set(scope.sectors) & set(profile.sectors):
        return False
    if scope.data_classes and not set(scope.data_classes) & set(profile.data_classes):
        return False
    return True


def effective_effect(
    rule: Rule, as_of: date, profile: Profile | None = None, groups: Mapping[str, frozenset[str]] | None = None
) -> tuple[Effect, str | None]:
    """The effect a rule has on the date for the buyer, with the reason when it differs from the text.

    A challenge in court does not weaken a rule: only a stay or injunction in effect that covers the
    buyer suspends it (to a review). A contested rule keeps its effect and is flagged for review."""
    if window_state(rule, as_of) == "upcoming":
        return "watch", f"not yet in force: applies from {rule.effective_from.isoformat()}"
    if rule.status == "proposed":
        return "watch", "proposed, not enacted"
    for stay in rule.stays:
        if stay.active_on(as_of) and scope_covers(stay.scope, profile, groups or {}):
            return "review", f"suspended for this buyer by {stay.title} (from {stay.effective_from.isoformat()})"
    if rule.status == "contested":
        note = "in force while challenged in court"
        return rule.effect, note + (f": {rule.status_note}" if rule.status_note else "")
    return rule.effect, None


def find_waiver(rule_id: str, facts: Mapping[str, Any], waivers: Sequence[Waiver], as_of: date, effect: Effect = "risk") -> WaiverMatch | None:
    """The waiver of this rule that selects this candidate (see `riskscore.waivers.cover`)."""
    return cover(rule_id, effect, target_of(facts), waivers, as_of)


@dataclass(frozen=True)
class PreparedRule:
    """A rule ready to run on the assessment date: compiled condition, effect and points worked out."""

    rule: Rule
    check: Check
    effect: Effect
    note: str | None
    points: float
    sources: tuple[Any, ...]
    message_parts: tuple[str, ...] | None  # None: the message needs the Jinja sandbox
    reads: tuple[str, ...] = ()  # fact paths the condition reads
    passed: Finding = field(init=False)

    def __post_init__(self) -> None:
        # A passing finding depends on the rule alone; one immutable object serves every candidate.
        # Rendering a sentence for every pass would dominate large runs: the title says what was checked.
        object.__setattr__(self, "passed", _make(self, "pass", f"Not triggered: {self.rule.title}", None))


def prepare(rule: Rule, groups: Mapping[str, frozenset[str]], as_of: date, profile: Profile | None = None) -> PreparedRule:
    """Compile a rule for one assessment date and buyer."""
    effect, note = effective_effect(rule, as_of, profile, groups)
    points = float(rule_points(rule)) if effect in ("block", "risk") else 0.0
    parts = bind_constants(rule.message, {"rule.id": rule.id, "rule.title": rule.title})
    if parts is not None and not all(p in CATALOGUE for p in parts[1::2]):
        parts = None
    check = compile_condition(rule.when, groups)
    return PreparedRule(rule, check, effect, note, points, tuple(rule.sources), parts, condition_facts(rule.when))


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
    if not in_scope(rule, profile, groups) or window_state(rule, as_of) == "expired":
        return None
    return _finding(prepare(rule, groups, as_of, profile), facts, lambda: context, waivers, as_of)


def _make(
    prepared: PreparedRule, status: FindingStatus, message: str, waiver: str | None, missing: tuple[str, ...] = (),
    ref: WaiverRef | None = None,
) -> Finding:
    rule = prepared.rule
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        status=status,
        effect=prepared.effect,
        dimension=rule.dimension,
        severity=rule.severity,
        points=prepared.points * (1.0 if status == "fail" else UNKNOWN_SHARE if status == "unknown" else 0.0),
        message=message,
        rule_status=rule.status,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        note=prepared.note if status != "pass" else None,
        waiver=waiver,
        sources=prepared.sources,
        missing_facts=missing,
        waiver_ref=ref,
    )


def _finding(
    prepared: PreparedRule,
    facts: Mapping[str, Any],
    context: Callable[[], Mapping[str, Any]],
    waivers: Sequence[Waiver],
    as_of: date,
) -> Finding:
    """Evaluate one applicable rule; messages are rendered only for findings that need attention."""
    truth = prepared.check(facts)
    if truth is False:
        return prepared.passed  # the same for every candidate, so shared
    rule = prepared.rule
    status: FindingStatus = "fail" if truth is True else "unknown"
    waiver = find_waiver(rule.id, facts, waivers, as_of, prepared.effect) if waivers else None
    if prepared.message_parts is not None:
        message = render_parts(prepared.message_parts, facts)
    else:
        message = render_message(rule.message, {**context(), "rule": {"id": rule.id, "title": rule.title}})
    missing: tuple[str, ...] = ()
    if truth is None:
        # Facts of a party that does not exist (no broker) are not gaps: there is nobody to ask.
        unknown = (
            p for p in prepared.reads
            if (facts[p] is None or type(facts[p]) is AtLeast) and not _absent_party_fact(p, facts)
        )
        missing = tuple(dict.fromkeys(INPUT_OF.get(p, p) for p in unknown))
    if waiver is None:
        return _make(prepared, status, message, None, missing)
    waived = waiver.label is not None  # a lapsed waiver leaves the finding standing, with its reference
    return _make(prepared, "waived" if waived else status, message, waiver.label, missing, waiver.ref)


def _absent_party_fact(path: str, facts: Mapping[str, Any]) -> bool:
    role = path.split(".", 1)[0]
    return role in ("developer", "operator", "broker") and facts[f"{role}.id"] is None


def applicable_rules(
    rules: Sequence[Rule], profile: Profile, groups: Mapping[str, frozenset[str]], as_of: date
) -> tuple[list[PreparedRule], list[str]]:
    """Rules whose scope matches the buyer and which have not expired, prepared; and the ids of the others."""
    keep, skip = [], []
    for rule in sorted(rules, key=lambda r: r.id):
        if in_scope(rule, profile, groups) and window_state(rule, as_of) != "expired":
            keep.append(prepare(rule, groups, as_of, profile))
        else:
            skip.append(rule.id)
    return keep, skip


def evaluate_candidate(
    rules: Sequence[PreparedRule],
    facts: Mapping[str, Any],
    waivers: Sequence[Waiver],
    as_of: date,
) -> list[Finding]:
    """Findings of the applicable rules (from `applicable_rules`), in rule-id order."""
    built: list[Mapping[str, Any]] = []

    def context() -> Mapping[str, Any]:
        # Nested facts are built once, and only if a message needs the sandbox.
        if not built:
            built.append(nest(facts))
        return built[0]

    return [_finding(rule, facts, context, waivers, as_of) for rule in rules]
