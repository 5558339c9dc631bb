"""Waivers: which waiver covers a finding on a date, and how each waiver of a register was used in a run.

Pure: the as-of date is an input, and nothing here reads files (the loader reads the register)."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..assessment import RunWarning, ScoredCandidate, WaiverRef, WaiverUse
from ..models import Waiver

__all__ = ["Target", "WaiverMatch", "cover", "selects", "state_on", "target_of", "uses"]

State = Literal["active", "expired", "not_yet_granted"]


@dataclass(frozen=True, slots=True)
class Target:
    """What a waiver's selectors are matched against: one candidate."""

    id: str
    model: str
    operator: str | None
    route: str


def target_of(facts: Mapping[str, Any]) -> Target:
    """The waiver target of a candidate's facts."""
    operator = facts.get("operator.id")
    return Target(str(facts["candidate.id"]), str(facts["candidate.model"]), None if operator is None else str(operator), str(facts["candidate.route"]))


def _candidate_target(c: ScoredCandidate) -> Target:
    return Target(c.id, c.model, c.operator.id, c.route)


def state_on(w: Waiver, as_of: date) -> State:
    """Whether the waiver applies on the date: it applies on its expiry date and not the day after."""
    if as_of > w.expires:
        return "expired"
    if w.granted is not None and as_of < w.granted:
        return "not_yet_granted"
    return "active"


def selects(w: Waiver, t: Target) -> bool:
    """Whether every selector the waiver gives matches the candidate (one pattern of each is enough)."""
    if w.candidates and not any(fnmatch.fnmatchcase(t.id, p) for p in w.candidates):
        return False
    # Model names are written by people in any case ('DeepSeek V3.2'): compared without case.
    if w.models and not any(fnmatch.fnmatchcase(t.model.casefold(), p.casefold()) for p in w.models):
        return False
    if w.operators and (t.operator is None or not any(fnmatch.fnmatchcase(t.operator, p) for p in w.operators)):
        return False
    return not (w.routes and t.route not in w.routes)


@dataclass(frozen=True, slots=True)
class WaiverMatch:
    """The waiver found for one finding: `label` is set only when it waives the finding."""

    waiver: Waiver
    ref: WaiverRef
    label: str | None


def _ref(number: int, w: Waiver, state: str, block: bool) -> WaiverRef:
    return WaiverRef(
        number=number, state=state, approver=w.approver, expires=w.expires, granted=w.granted,  # type: ignore[arg-type]
        ticket=w.ticket, overrides_block=block and state == "active",
    )


def cover(rule_id: str, effect: str, target: Target, waivers: Sequence[Waiver], as_of: date) -> WaiverMatch | None:
    """The waiver for a failing or unknown finding: the first active one in register order; else the
    first that selects it but does not apply (lapsed, not yet granted, or a knock-out waived without
    `overrides_block`), so the record says why the finding stands."""
    lapsed: WaiverMatch | None = None
    block = effect == "block"
    for number, w in enumerate(waivers, start=1):
        if w.rule != rule_id or not selects(w, target):
            continue
        state = state_on(w, as_of)
        if state == "active" and block and not w.overrides_block:
            # The loader refuses such a waiver; a library caller may pass one: it never silently lifts a knock-out.
            lapsed = lapsed or WaiverMatch(w, _ref(number, w, "needs_override", False), None)
            continue
        if state == "active":
            loud = "KNOCK-OUT OVERRIDDEN: " if block else ""
            ticket = f" ({w.ticket})" if w.ticket else ""
            label = f"{loud}waived until {w.expires.isoformat()} by {w.approver}{ticket}: {w.reason}"
            return WaiverMatch(w, _ref(number, w, state, block), label)
        lapsed = lapsed or WaiverMatch(w, _ref(number, w, state, False), None)
    return lapsed


def _selector_text(w: Waiver) -> str:
    parts = [f"{name} {', '.join(values)}" for name, values in (("candidates", w.candidates), ("models", w.models), ("operators", w.operators), ("routes", w.routes)) if values]
    return "; ".join(parts)


def uses(waivers: Sequence[Waiver], scored: Sequence[ScoredCandidate], as_of: date) -> tuple[list[WaiverUse], list[RunWarning]]:
    """Each waiver of the register with where it applied, and the warnings a reviewer should read:
    a waiver that selects no candidate of this run (a register serves many runs, so not an error), one
    that lapsed while its finding still stands, one not yet granted, one that waives nothing."""
    records: list[WaiverUse] = []
    warnings: list[RunWarning] = []
    # Findings that name a waiver, indexed once: registers and runs can both be large.
    named = {(c.id, f.rule_id): f.waiver_ref for c in scored for f in c.findings if f.waiver_ref is not None}
    targets = [(c.id, _candidate_target(c)) for c in scored]
    for number, w in enumerate(waivers, start=1):
        state = state_on(w, as_of)
        chosen = [cid for cid, t in targets if selects(w, t)]
        refs = {cid: ref for cid in chosen if (ref := named.get((cid, w.rule))) is not None and ref.number == number}
        applied = sorted(cid for cid, ref in refs.items() if ref.state == "active")
        standing = sorted(cid for cid, ref in refs.items() if ref.state != "active")
        overrides = any(ref.overrides_block for ref in refs.values())
        records.append(
            WaiverUse(
                rule=w.rule, candidates=list(w.candidates), reason=w.reason, approver=w.approver, expires=w.expires,
                expired=state == "expired", applied_to=applied, number=number, where=w.where, models=list(w.models),
                operators=list(w.operators), routes=list(w.routes), granted=w.granted, ticket=w.ticket,
                overrides_block=w.overrides_block, overrode_block=overrides, state=state, matched=bool(chosen),
                not_applied_to=standing,
            )
        )
        name = f"waiver {number} ({w.rule}; {_selector_text(w)}; approved by {w.approver})"
        if not chosen:
            warnings.append(RunWarning("waiver_unmatched", w.where, f"{name} selects no candidate of this run"))
        elif standing and state == "expired":
            warnings.append(RunWarning("waiver_expired", w.where, f"{name} expired on {w.expires.isoformat()}: the finding stands again for {', '.join(standing)}"))
        elif standing and state == "not_yet_granted":
            warnings.append(RunWarning("waiver_not_yet_granted", w.where, f"{name} applies from {w.granted}: not yet applied to {', '.join(standing)}"))
        elif standing:
            warnings.append(RunWarning("waiver_needs_override", w.where, f"{name} covers a knock-out but lacks 'overrides_block: true': not applied to {', '.join(standing)}"))
        elif state == "active" and not applied:
            warnings.append(RunWarning("waiver_unused", w.where, f"{name} waives nothing in this run (it selects {', '.join(chosen)}: the rule passes or does not apply, or an earlier waiver covers it)"))
    records.sort(key=lambda u: (u.rule, u.expires, u.approver, u.number))
    return records, warnings
