"""Run-wide changes between two records: the as-of date, the rule pack and rule windows, the profile,
waivers, screening lists, currency rates and input files, each as a cause a candidate change can cite."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Cause
from .record import AssessmentRecord, FindingRecord, WaiverUseRecord

#: Profile settings compared, in report order (weights and thresholds are compared key by key).
PROFILE_FIELDS = (
    "id", "jurisdictions", "sectors", "data_classes", "allowed_regions", "input_tokens", "output_tokens",
    "cached_input_share", "budget_usd", "price_max_age_days",
)
#: Rule attributes a finding shows, compared to say how a rule was edited.
RULE_FIELDS = ("title", "dimension", "severity", "rule_status", "effective_from", "effective_to")


def show(value: Any) -> str:
    """A value as the diff prints it."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict) and set(value) == {"at_least"}:
        return show(value["at_least"]) + " (or more)"
    return str(value)


def waiver_state(w: WaiverUseRecord) -> str:
    """The state of a waiver in its run (records before states were written: from `expired`)."""
    return w.state or ("expired" if w.expired else "active")


def describe_waiver(w: WaiverUseRecord) -> str:
    """A waiver in a few words: its rule, what it selects and who approved it."""
    parts = [", ".join(v) for v in (w.candidates, w.models, w.operators, w.routes) if v]
    return f"waiver of {w.rule} for {'; '.join(parts) or 'all'} (approved by {w.approver})"


def rule_meta(record: AssessmentRecord) -> dict[str, FindingRecord]:
    """One finding per rule (the first seen), for what the record shows of the rule itself."""
    meta: dict[str, FindingRecord] = {}
    for c in record.candidates:
        for f in c.findings:
            meta.setdefault(f.rule_id, f)
    return meta


def rule_ids(record: AssessmentRecord) -> set[str] | None:
    """Every rule of the pack, from the rule index; None when the record has no index."""
    index = record.provenance.rule_index
    return None if index is None else {r.id for r in index}


def windows(record: AssessmentRecord) -> dict[str, str]:
    """Rule id -> 'upcoming' or 'expired' for rules not in force on the record's date."""
    return {w.rule_id: w.state for w in record.rules_not_in_force}


@dataclass
class RunContext:
    """Run-wide causes, and per-rule and per-setting lookups for attributing candidate changes."""

    causes: list[Cause] = field(default_factory=list)
    rule_causes: dict[str, list[Cause]] = field(default_factory=dict)
    profile: list[Cause] = field(default_factory=list)
    currency: list[Cause] = field(default_factory=list)
    as_of: Cause | None = None
    reads: dict[str, list[str]] = field(default_factory=dict)
    old_waivers: dict[tuple[Any, ...], WaiverUseRecord] = field(default_factory=dict)
    new_waivers: dict[tuple[Any, ...], WaiverUseRecord] = field(default_factory=dict)
    waiver_causes: dict[tuple[Any, ...], Cause] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _rules(old: AssessmentRecord, new: AssessmentRecord, ctx: RunContext) -> None:
    ids0, ids1 = rule_ids(old), rule_ids(new)
    meta0, meta1 = rule_meta(old), rule_meta(new)
    win0, win1 = windows(old), windows(new)
    # Without an index, the rules a record shows (findings, not applicable, windows) stand for the pack.
    seen0 = ids0 if ids0 is not None else set(meta0) | set(win0) | {r for c in old.candidates for r in c.not_applicable}
    seen1 = ids1 if ids1 is not None else set(meta1) | set(win1) | {r for c in new.candidates for r in c.not_applicable}
    hash0 = {r.id: r.sha256 for r in old.provenance.rule_index or ()}
    hash1 = {r.id: r.sha256 for r in new.provenance.rule_index or ()}
    ctx.reads = {**{r.id: r.reads for r in old.provenance.rule_index or ()}, **{r.id: r.reads for r in new.provenance.rule_index or ()}}
    def add(rid: str, cause: Cause) -> None:
        ctx.rule_causes.setdefault(rid, []).append(cause)
        ctx.causes.append(cause)

    for rid in sorted(seen1 - seen0):
        add(rid, Cause("rule_added", f"rule {rid} added to the pack", rule_id=rid))
    for rid in sorted(seen0 - seen1):
        add(rid, Cause("rule_removed", f"rule {rid} removed from the pack", rule_id=rid))
    dated = old.as_of != new.as_of
    for rid in sorted(seen0 & seen1):
        m0, m1 = meta0.get(rid), meta1.get(rid)
        shown = [
            f"{name} {show(getattr(m0, name))} -> {show(getattr(m1, name))}"
            for name in RULE_FIELDS
            if m0 is not None and m1 is not None and getattr(m0, name) != getattr(m1, name)
        ]
        edited = bool(shown) or (rid in hash0 and rid in hash1 and hash0[rid] != hash1[rid])
        if edited:
            what = "; ".join(shown) if shown else "condition, effect, scope, message or sources"
            add(rid, Cause("rule_edited", f"rule {rid} edited: {what}", rule_id=rid))
        s0, s1 = win0.get(rid, "in_force"), win1.get(rid, "in_force")
        window_edited = any(s.startswith("effective_") for s in shown)
        if s0 == s1 or window_edited or not dated:
            continue
        w = next((x for x in (*new.rules_not_in_force, *old.rules_not_in_force) if x.rule_id == rid), None)
        start = w.effective_from if w else (m1.effective_from if m1 else None)
        end = w.effective_to if w else (m1.effective_to if m1 else None)
        step = f" (as-of date {old.as_of} -> {new.as_of})"
        if s1 == "in_force":
            text = f"rule {rid} came into force on {start}" if s0 == "upcoming" else f"rule {rid} is in force again (until {end})"
            add(rid, Cause("rule_in_force", text + step, rule_id=rid, old=s0, new=s1))
        else:
            text = f"rule {rid} went out of force after {end}" if s1 == "expired" else f"rule {rid} is not yet in force (from {start})"
            add(rid, Cause("rule_out_of_force", text + step, rule_id=rid, old=s0, new=s1))
    if ids0 is None or ids1 is None:
        which = "OLD" if ids0 is None else "NEW"
        ctx.notes.append(f"{which} has no rule index (written by an older release): rule edits are found only where its findings show them")
    if old.provenance.rule_pack_sha256 != new.provenance.rule_pack_sha256 and not ctx.rule_causes:
        ctx.causes.append(Cause("rule_edited", "rule pack files changed (no rule's content changed)"))


def _profile(old: AssessmentRecord, new: AssessmentRecord, ctx: RunContext) -> None:
    p0, p1 = old.profile, new.profile
    pairs = [(name, getattr(p0, name), getattr(p1, name)) for name in PROFILE_FIELDS]
    for group in ("weights", "thresholds"):
        d0, d1 = getattr(p0, group), getattr(p1, group)
        pairs += [(f"{group}.{k}", d0.get(k), d1.get(k)) for k in sorted(set(d0) | set(d1))]
    for name, v0, v1 in pairs:
        if v0 != v1:
            ctx.profile.append(Cause("profile", f"profile {name}: {show(v0)} -> {show(v1)}", field=name, old=v0, new=v1))
    ctx.causes.extend(ctx.profile)


def _waivers(old: AssessmentRecord, new: AssessmentRecord, ctx: RunContext) -> None:
    ctx.old_waivers = {w.key: w for w in old.waivers}
    ctx.new_waivers = {w.key: w for w in new.waivers}
    for key in sorted(set(ctx.old_waivers) | set(ctx.new_waivers), key=repr):
        w0, w1 = ctx.old_waivers.get(key), ctx.new_waivers.get(key)
        if w0 is None and w1 is not None:
            cause = Cause("waiver_added", f"{describe_waiver(w1)} added, until {w1.expires}", rule_id=w1.rule)
        elif w1 is None and w0 is not None:
            cause = Cause("waiver_removed", f"{describe_waiver(w0)} removed from the register", rule_id=w0.rule)
        elif w0 is not None and w1 is not None and waiver_state(w1) == "expired" and waiver_state(w0) != "expired":
            cause = Cause("waiver_expired", f"{describe_waiver(w1)} expired on {w1.expires}", rule_id=w1.rule, old=waiver_state(w0), new="expired")
        elif w0 is not None and w1 is not None and (w0.expires != w1.expires or waiver_state(w0) != waiver_state(w1)):
            text = f"{describe_waiver(w1)}: expiry {w0.expires} -> {w1.expires}" if w0.expires != w1.expires else f"{describe_waiver(w1)}: {waiver_state(w0)} -> {waiver_state(w1)}"
            cause = Cause("waiver_edited", text, rule_id=w1.rule, old=waiver_state(w0), new=waiver_state(w1))
        else:
            continue
        ctx.waiver_causes[key] = cause
        ctx.causes.append(cause)


def _sources(old: AssessmentRecord, new: AssessmentRecord, ctx: RunContext) -> None:
    # One list can be screened from several copies (the directory's entries, a bundled excerpt, a user's file).
    l0 = {(s.id, s.title): s for s in old.provenance.screening_lists}
    l1 = {(s.id, s.title): s for s in new.provenance.screening_lists}
    for key in sorted(set(l0) | set(l1)):
        s0, s1 = l0.get(key), l1.get(key)
        name = f"list {key[0]} ({key[1]})"
        if s0 is None or s1 is None:
            ctx.causes.append(Cause("screening", f"{name} {'screened now' if s0 is None else 'no longer screened'}", field=key[0]))
        elif s0.source_date != s1.source_date:
            ctx.causes.append(Cause("screening", f"{name}: copy of {s0.source_date} -> {s1.source_date}", field=key[0], old=s0.source_date, new=s1.source_date))
    r0, r1 = set(old.provenance.currency_rates), set(new.provenance.currency_rates)
    if r0 != r1:
        gone, came = sorted(r0 - r1), sorted(r1 - r0)
        text = "currency rates: " + "; ".join(x for x in (f"was {', '.join(gone)}" if gone else "", f"now {', '.join(came)}" if came else "") if x)
        ctx.currency.append(Cause("currency", text, old=gone, new=came))
        ctx.causes.extend(ctx.currency)
    f0 = {(i.kind, i.path): i.sha256 for i in old.provenance.inputs if i.kind in ("vendors", "directory")}
    f1 = {(i.kind, i.path): i.sha256 for i in new.provenance.inputs if i.kind in ("vendors", "directory")}
    for kind, path in sorted(set(f0) | set(f1)):
        v0, v1 = f0.get((kind, path)), f1.get((kind, path))
        if v0 != v1:
            state = "added" if v0 is None else "no longer read" if v1 is None else "changed"
            label = "organisation directory" if kind == "directory" else "vendor list"
            ctx.causes.append(Cause("facts", f"{label} {path} {state}", field=f"file:{path}"))


def run_context(old: AssessmentRecord, new: AssessmentRecord) -> RunContext:
    """Every run-wide change between the records, as causes."""
    ctx = RunContext()
    if old.as_of != new.as_of:
        ctx.as_of = Cause("as_of", f"as-of date {old.as_of} -> {new.as_of}", old=old.as_of, new=new.as_of)
        ctx.causes.append(ctx.as_of)
    _rules(old, new, ctx)
    _profile(old, new, ctx)
    _waivers(old, new, ctx)
    _sources(old, new, ctx)
    for which, record in (("OLD", old), ("NEW", new)):
        if record.candidates and all(c.inputs is None for c in record.candidates):
            ctx.notes.append(f"{which} records no candidate facts (written by an older release): changes of price, regions, data policy or contract are not attributed one by one")
    return ctx
