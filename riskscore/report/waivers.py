"""Waivers and warnings as the report shows them: who waived a finding and until when, knock-outs
lifted by a waiver (shown loudly), waivers that lapsed, the register, and the run's warnings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..assessment import Assessment, Finding, WaiverUse
from .text import ROUTE_LABELS, anchor

IDS_SHOWN = 12  # candidate ids listed in one cell of the waiver table before "and N more"


def _by(ref: Any) -> str:
    """'by the CISO office, ticket SEC-1' (the ticket only when the register gives one)."""
    return f"by {ref.approver}" + (f", ticket {ref.ticket}" if ref.ticket else "")


def waiver_note(f: Finding, reason: str | None = None) -> dict[str, Any] | None:
    """What a finding's waiver did, in words: waived (by whom, until when, why), lapsed, or not applied,
    and whether it lifted a knock-out. None when no waiver of the register selects the finding."""
    ref = f.waiver_ref
    if ref is None:
        return None
    override = ref.state == "active" and f.status == "waived" and f.effect == "block" and ref.overrides_block
    if ref.state == "active":
        text, kind = f"waived until {ref.expires.isoformat()} {_by(ref)}" + (f": {reason}" if reason else ""), "active"
    elif ref.state == "expired":
        text, kind = f"waiver expired on {ref.expires.isoformat()} ({_by(ref)}): the finding stands again", "lapsed"
    elif ref.state == "not_yet_granted":
        granted = ref.granted.isoformat() if ref.granted else "a later date"
        text, kind = f"waiver not yet in force: granted from {granted} ({_by(ref)})", "lapsed"
    else:  # needs_override: a knock-out is lifted only by a waiver that says so
        text, kind = f"waiver not applied: it does not say overrides_block, so the knock-out stands ({_by(ref)})", "lapsed"
    return {"text": text, "kind": kind, "override": override, "number": ref.number}


def overridden(findings: Sequence[Finding]) -> list[str]:
    """The knock-outs an active waiver lifted for one candidate (rule ids)."""
    return [f.rule_id for f in findings if (w := waiver_note(f)) is not None and w["override"]]


def _ids(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:IDS_SHOWN])
    return shown + (f" and {len(ids) - IDS_SHOWN} more" if len(ids) > IDS_SHOWN else "")


def selectors(w: WaiverUse) -> str:
    """The candidates a waiver selects, in words: 'models dragon chat*; routes inference host'."""
    parts = []
    for label, values in (("candidates", w.candidates), ("models", w.models), ("operators", w.operators)):
        if values:
            parts.append(f"{label} {', '.join(values)}")
    if w.routes:
        parts.append("routes " + ", ".join(ROUTE_LABELS.get(r, r) for r in w.routes))
    return "; ".join(parts) or "every candidate"


def _state(w: WaiverUse) -> str:
    if w.state == "expired":
        return f"expired on {w.expires.isoformat()}"
    if w.state == "not_yet_granted":
        return f"not yet granted (from {w.granted.isoformat() if w.granted else 'a later date'})"
    return "active"


def waiver_rows(a: Assessment, rule_ids: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The waiver register as applied in this run, in register order."""
    indexed = set(rule_ids)
    rows = []
    for w in sorted(a.waivers, key=lambda w: (w.number, w.rule)):
        if not w.matched:
            applied = "selects no offering of this run"
        else:
            applied = "; ".join(
                part for part in (
                    f"waived for {_ids(w.applied_to)}" if w.applied_to else "",
                    f"not applied to {_ids(w.not_applied_to)}" if w.not_applied_to else "",
                ) if part
            ) or "selects offerings, but none has a finding it waives"
        rows.append(
            {
                "number": w.number or "",
                "rule": w.rule,
                "rule_anchor": anchor("rule", w.rule) if w.rule in indexed else "",
                "selects": selectors(w),
                "approver": w.approver,
                "granted": w.granted.isoformat() if w.granted else "",
                "expires": w.expires.isoformat(),
                "ticket": w.ticket or "",
                "state": _state(w),
                "active": w.state == "active",
                "override": w.overrode_block,  # lifted a knock-out in this run
                "may_override": w.overrides_block,
                "applied": applied,
                "where": w.where or "",
                "reason": w.reason,
            }
        )
    return rows


def override_lines(a: Assessment) -> list[dict[str, Any]]:
    """Knock-outs lifted by a waiver in this run, for the answer page: the rule, the offerings, who approved it."""
    return [
        {"rule": w.rule, "ids": _ids(w.applied_to), "approver": w.approver, "expires": w.expires.isoformat(), "ticket": w.ticket or ""}
        for w in sorted(a.waivers, key=lambda w: (w.number, w.rule))
        if w.overrode_block and w.applied_to
    ]


def warning_rows(a: Assessment) -> list[dict[str, str]]:
    """The run's warnings (a waiver that selects nothing, one that expired...), where they point first."""
    return [{"where": w.where or "", "message": w.message, "kind": w.kind.replace("_", " ")} for w in a.warnings]
