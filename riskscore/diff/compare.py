"""Compare two assessment records candidate by candidate and attribute every change to its causes."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from datetime import date
from typing import Any

from .context import RunContext, run_context, show, waiver_state
from .model import (
    VERDICT_ORDER,
    CandidateBrief,
    CandidateDiff,
    Cause,
    CauseKind,
    Change,
    Diff,
    FindingChange,
    Side,
)
from .record import AssessmentRecord, CandidateRecord, FindingRecord, PartyRecord

SCHEMA = "riskscore.diff/1"
PRICE_DERIVED = ("derived.monthly_cost_usd", "derived.over_budget", "derived.budget_share")
AGE_DERIVED = ("derived.price_age_days", "derived.price_stale")
REGION_DERIVED = (
    "derived.processing_regions", "derived.processing_basis", "derived.region_groups",
    "derived.regions_outside_allowed", "derived.outside_allowed_regions",
)
#: Facts of the joined views that each party fact feeds.
JOINED = {
    "countries": ("{r}.countries", "{r}.groups", "parties.countries", "parties.groups", "control.countries", "control.groups"),
    "lists": ("{r}.lists", "{r}.own_lists", "parties.lists", "control.lists"),
    "screening_hits": ("{r}.screening_*", "parties.screening_*"),
    "chain": ("{r}.chain", "{r}.ultimate_parent*", "{r}.countries", "{r}.groups", "{r}.lists", "parties.*", "control.*"),
    "country": ("{r}.country", "{r}.countries", "{r}.groups", "{r}.ultimate_parent_country", "parties.countries", "parties.groups", "control.countries", "control.groups"),
    "footprint": ("{r}.footprint", *REGION_DERIVED),
}
#: What each profile setting feeds; `scope` stands for whether a rule applies to the buyer at all.
PROFILE_TOUCHES = {
    "jurisdictions": ("profile.jurisdictions", "profile.countries", "profile.groups", "scope", *REGION_DERIVED),
    "sectors": ("profile.sectors", "scope"),
    "data_classes": ("profile.data_classes", "scope"),
    "allowed_regions": ("profile.allowed_regions", *REGION_DERIVED),
    "budget_usd": ("profile.budget_usd", "derived.over_budget", "derived.budget_share"),
    "input_tokens": PRICE_DERIVED,
    "output_tokens": PRICE_DERIVED,
    "cached_input_share": PRICE_DERIVED,
    "price_max_age_days": ("derived.price_stale",),
    "id": ("profile.id",),
}
SCORE_FIELDS = ("price", "data_residency", "export_control", "sector")


def _fact_touches(path: str) -> tuple[str, ...]:
    """Fact paths (patterns) that a change of one recorded fact can move."""
    if path == "candidate.price.as_of":
        return (path, *AGE_DERIVED)
    if path in ("candidate.price.input", "candidate.price.output", "candidate.price.cached_input", "candidate.price.currency"):
        return (path, *PRICE_DERIVED, *AGE_DERIVED)  # the price's age is known only with a price
    if path in ("candidate.regions", "candidate.global_endpoint"):
        return (path, *REGION_DERIVED)
    if path == "candidate.retired_on":
        return (path, "derived.retired")
    if path == "candidate.as_of":
        return (path, *AGE_DERIVED)
    role, _, name = path.partition(".")
    if role in ("developer", "operator", "broker") and name in JOINED:
        return tuple(p.format(r=role) for p in JOINED[name])
    return (path,)


def _party_changes(role: str, p0: PartyRecord | None, p1: PartyRecord | None, dated: bool) -> list[tuple[Cause, tuple[str, ...]]]:
    everything = (f"{role}.*", "parties.*", "control.*", *REGION_DERIVED)
    if p0 is None and p1 is None:
        return []
    if p0 is None or p1 is None or p0.id != p1.id:
        a, b = (p.id if p else "none" for p in (p0, p1))
        return [(Cause("facts", f"{role}: {a} -> {b}", field=role, old=p0.id if p0 else None, new=p1.id if p1 else None), everything)]
    out = []
    for name in ("country", "chain"):
        v0, v1 = getattr(p0, name), getattr(p1, name)
        if v0 != v1:
            out.append((Cause("facts", f"{role} {p1.id} {name}: {show(v0)} -> {show(v1)}", field=f"{role}.{name}", old=v0, new=v1), _fact_touches(f"{role}.{name}")))
    if p0.lists != p1.lists:
        came, gone = sorted(set(p1.lists) - set(p0.lists)), sorted(set(p0.lists) - set(p1.lists))
        words = "; ".join(x for x in (f"now on {', '.join(came)}" if came else "", f"no longer on {', '.join(gone)}" if gone else "") if x)
        when = " (list entries are read as of the assessment date)" if dated else ""
        out.append((Cause("list", f"{role} {p1.id} (or a parent): {words}{when}", field=f"{role}.lists", old=p0.lists, new=p1.lists), _fact_touches(f"{role}.lists")))
    return out


def input_changes(c0: CandidateRecord, c1: CandidateRecord, ctx: RunContext, dated: bool) -> list[tuple[Cause, tuple[str, ...]]]:
    """Every change of a candidate's own facts and of the run's settings, with the facts it moves."""
    out: list[tuple[Cause, tuple[str, ...]]] = []
    for role in ("developer", "operator", "broker"):
        out += _party_changes(role, getattr(c0, role), getattr(c1, role), dated)
    if c0.inputs is not None and c1.inputs is not None:
        for key in sorted(set(c0.inputs) | set(c1.inputs)):
            v0, v1 = c0.inputs.get(key), c1.inputs.get(key)
            if v0 == v1 or key.endswith(".lists"):
                continue
            kind: CauseKind = "screening" if ".screening_" in key else "facts"
            out.append((Cause(kind, f"{key}: {show(v0)} -> {show(v1)}", field=key, old=v0, new=v1), _fact_touches(key)))
    elif c0.regions != c1.regions:
        out.append((Cause("facts", f"processing regions: {show(c0.regions)} -> {show(c1.regions)}", field="regions", old=c0.regions, new=c1.regions), REGION_DERIVED))
    for cause in ctx.profile:
        name = str(cause.field)
        if name in PROFILE_TOUCHES:
            out.append((cause, PROFILE_TOUCHES[name]))
    if ctx.as_of is not None:
        out += _date_effects(c1, ctx.as_of)
    out += [(cause, PRICE_DERIVED) for cause in ctx.currency]
    return out


def _date_effects(c1: CandidateRecord, step: Cause) -> list[tuple[Cause, tuple[str, ...]]]:
    """What the new as-of date changes for a candidate: the price's age and whether it is retired."""
    facts = c1.inputs or {}
    retired, priced = facts.get("candidate.retired_on"), facts.get("candidate.price.as_of") or facts.get("candidate.as_of")
    if retired is None and priced is None:
        return [(step, (*AGE_DERIVED, "derived.retired"))]
    out: list[tuple[Cause, tuple[str, ...]]] = []
    if retired is not None:
        out.append((Cause("as_of", f"as-of date {step.old} -> {step.new} crosses the offering's retirement on {retired}", field="candidate.retired_on", old=step.old, new=step.new), ("derived.retired",)))
    if priced is not None:
        day = date.fromisoformat(str(priced))
        text = f"price dated {priced}: {(step.old - day).days} days old on {step.old}, {(step.new - day).days} on {step.new}"
        out.append((Cause("as_of", text, field="candidate.price.as_of", old=step.old, new=step.new), AGE_DERIVED))
    return out


def _moving(changes: list[tuple[Cause, tuple[str, ...]]], reads: Iterable[str]) -> list[Cause]:
    wanted = list(reads)
    return [cause for cause, touched in changes if any(fnmatch.fnmatchcase(r, t) for r in wanted for t in touched)]


def _state(f: FindingRecord | None) -> str | None:
    if f is None:
        return None
    if f.status == "waived":
        loud = f.waiver_ref is not None and f.waiver_ref.overrides_block
        return "waived" + (" (knock-out overridden)" if loud else "")
    return f"{f.status} ({f.effect}, {f.points:g} points)" if f.points else f"{f.status} ({f.effect})"


def _waiver_cause(rid: str, cid: str, f0: FindingRecord, f1: FindingRecord, ctx: RunContext) -> Cause | None:
    """The waiver change behind a finding that became, or stopped being, waived; None if no waiver changed."""
    def covering(waivers: dict[tuple[Any, ...], Any], f: FindingRecord) -> tuple[Any, ...] | None:
        for key, w in waivers.items():
            numbered = f.waiver_ref is not None and f.waiver_ref.number == w.number and w.number
            if w.rule == rid and (numbered or cid in w.applied_to or cid in w.not_applied_to):
                return key
        return None

    key = covering(ctx.new_waivers, f1) if f1.status == "waived" else covering(ctx.old_waivers, f0)
    if key is None:
        return None
    cause = ctx.waiver_causes.get(key)
    if cause is not None:
        return cause
    w1 = ctx.new_waivers.get(key)
    if f0.status == "waived" and w1 is not None and waiver_state(w1) == "expired":
        return Cause("waiver_expired", f"waiver of {rid} expired on {w1.expires}", rule_id=rid)
    return None


def _finding_causes(
    rid: str, c0: CandidateRecord, c1: CandidateRecord, f0: FindingRecord | None, f1: FindingRecord | None,
    ctx: RunContext, changes: list[tuple[Cause, tuple[str, ...]]],
) -> list[Cause]:
    causes = list(ctx.rule_causes.get(rid, ()))
    if any(c.kind in ("rule_added", "rule_removed") for c in causes):
        return causes
    if f0 is None or f1 is None:
        # The rule applies in one run only: its window (above), its scope against the profile, or an edit.
        causes += _moving(changes, ["scope"])
        return causes or [Cause("unexplained", f"{rid} applies in one run only; no recorded cause (rule scope or window)", rule_id=rid)]
    if {f0.status, f1.status} & {"waived"} and f0.status != f1.status:
        waiver = _waiver_cause(rid, c1.id, f0, f1, ctx)
        if waiver is not None:
            return causes + [waiver]
    if (f0.effect != f1.effect or f0.note != f1.note) and not causes and ctx.as_of is not None:
        # Same rule, same date-independent text: a court order or the rule's window took effect on the date.
        note = f1.note or f0.note
        causes.append(Cause("as_of", f"{rid} on {ctx.as_of.new}: effect {f0.effect} -> {f1.effect}" + (f" ({note})" if note else ""), rule_id=rid))
    passes = (f0.status == "pass") != (f1.status == "pass")
    if passes or ("waived" not in (f0.status, f1.status) and f0.status != f1.status):
        reads = ctx.reads.get(rid)
        moved = _moving(changes, reads) if reads is not None else [c for c, _ in changes]
        causes += moved
        if not moved and not causes:
            causes.append(Cause("unexplained", f"{rid}: {f0.status} -> {f1.status}; none of the facts it reads is recorded as changed", rule_id=rid))
    if not causes:
        causes.append(Cause("unexplained", f"{rid}: {_state(f0)} -> {_state(f1)}; no recorded cause", rule_id=rid))
    return causes


def _direction(c0: CandidateRecord, c1: CandidateRecord) -> str:
    v0, v1 = VERDICT_ORDER[c0.verdict], VERDICT_ORDER[c1.verdict]
    if v1 > v0 or (c0.admissible and not c1.admissible):
        return "worse"
    if v1 < v0 or (c1.admissible and not c0.admissible):
        return "better"
    return "same"


def _value_changes(c0: CandidateRecord, c1: CandidateRecord) -> list[Change]:
    pairs: list[tuple[str, Any, Any]] = [
        ("verdict", c0.verdict, c1.verdict),
        ("admissible", c0.admissible, c1.admissible),
        ("review_required", c0.review_required, c1.review_required),
        ("overall", c0.overall, c1.overall),
        ("compliance_risk", c0.compliance_risk, c1.compliance_risk),
        *((f"scores.{d}", c0.scores.get(d), c1.scores.get(d)) for d in SCORE_FIELDS),
        ("monthly_cost_usd", c0.monthly_cost_usd, c1.monthly_cost_usd),
    ]
    def same(a: Any, b: Any) -> bool:
        if isinstance(a, float) and isinstance(b, float):
            return abs(a - b) < 0.005  # scores have one decimal and costs two: smaller is noise
        return bool(a == b)

    return [Change(name, a, b) for name, a, b in pairs if not same(a, b)]


def _candidate(c0: CandidateRecord, c1: CandidateRecord, ctx: RunContext, dated: bool) -> CandidateDiff | None:
    changes = input_changes(c0, c1, ctx, dated)
    by0 = {f.rule_id: f for f in c0.findings}
    by1 = {f.rule_id: f for f in c1.findings}
    findings = []
    for rid in sorted(set(by0) | set(by1)):
        f0, f1 = by0.get(rid), by1.get(rid)
        if f0 is not None and f1 is not None and (f0.status, f0.effect, f0.points) == (f1.status, f1.effect, f1.points):
            continue
        if all(f is None or f.status == "pass" for f in (f0, f1)):
            continue  # a rule that passes, or starts or stops applying and passes, moved nothing
        kind = "added" if f0 is None else "removed" if f1 is None else "changed"
        title = (f1 or f0).title  # type: ignore[union-attr]
        findings.append(FindingChange(rid, title, kind, _state(f0), _state(f1), _finding_causes(rid, c0, c1, f0, f1, ctx, changes)))  # type: ignore[arg-type]
    values = _value_changes(c0, c1)
    if not values and not findings:
        return None
    causes = [c for f in findings for c in f.causes]
    names = {v.field for v in values}
    if names & {"monthly_cost_usd", "scores.price"}:
        causes += _moving(changes, PRICE_DERIVED)
    weights = [c for c in ctx.profile if str(c.field).startswith("weights.")]
    thresholds = [c for c in ctx.profile if str(c.field).startswith("thresholds.")]
    if names & {"overall", "compliance_risk"}:
        causes += weights
    if "verdict" in names:
        causes += thresholds
    if not causes:
        causes.append(Cause("unexplained", "no recorded cause (facts not in the record)"))
    unique = list({(c.kind, c.text): c for c in causes}.values())
    return CandidateDiff(c1.id, _direction(c0, c1), c0.verdict, c1.verdict, values, findings, unique)  # type: ignore[arg-type]


def _brief(c: CandidateRecord) -> CandidateBrief:
    return CandidateBrief(c.id, c.verdict, c.admissible, c.review_required, c.monthly_cost_usd)


def _side(path: str, r: AssessmentRecord) -> Side:
    return Side(path, r.as_of, r.profile.id, r.provenance.rule_pack_sha256, len(r.candidates), r.provenance.version)


def compare(old: AssessmentRecord, new: AssessmentRecord, old_path: str = "OLD", new_path: str = "NEW") -> Diff:
    """What changed from `old` to `new`, per candidate, with causes. Pure: same records, same diff."""
    ctx = run_context(old, new)
    dated = old.as_of != new.as_of
    c0 = {c.id: c for c in old.candidates}
    c1 = {c.id: c for c in new.candidates}
    changed = [d for cid in sorted(set(c0) & set(c1)) if (d := _candidate(c0[cid], c1[cid], ctx, dated)) is not None]
    order = {"worse": 0, "better": 1, "same": 2}
    changed.sort(key=lambda d: (order[d.direction], d.id))
    return Diff(
        schema=SCHEMA,
        old=_side(old_path, old),
        new=_side(new_path, new),
        context=ctx.causes,
        changed=changed,
        added=[_brief(c1[cid]) for cid in sorted(set(c1) - set(c0))],
        removed=[_brief(c0[cid]) for cid in sorted(set(c0) - set(c1))],
        unchanged=len(set(c0) & set(c1)) - len(changed),
        worse=[d.id for d in changed if d.direction == "worse"],
        notes=ctx.notes,
    )
