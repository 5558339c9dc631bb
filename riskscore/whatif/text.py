"""The what-if as text and as JSON (schema riskscore.whatif/1)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .fixes import money

if TYPE_CHECKING:
    from . import WhatIf

SCHEMA = "riskscore.whatif/1"


def _num(value: float | None) -> str:
    return "any higher value" if value is None else f"{value:g}"


def as_text(result: WhatIf) -> str:
    """Weight ranges, the smallest flip, then each prohibited or high candidate's cheapest fix."""
    w = result.weights
    out = [f"What-if for profile '{result.profile}' as of {result.as_of}", ""]
    if w.top is None:
        out.append(f"Weights: {w.note}.")
    else:
        out.append(f"Weights: {w.top} ranks first among admissible candidates.")
        for r in w.ranges:
            span = f"stays first for {r.weight} weight from {r.low:g} to {_num(r.high)}"
            ends = ([f"below, {r.below} takes over"] if r.below else []) + ([f"above, {r.above} takes over"] if r.above else [])
            out.append(f"  {r.weight:15} {r.value:<6g} {span}" + (f"; {'; '.join(ends)}" if ends else ""))
        if w.smallest is not None:
            s = w.smallest
            out.append(f"Smallest change: {s.weight} weight from {s.value:g} to {s.to:g} ({s.share:.1%} of the total weight) "
                       f"puts {s.takes_over} first.")
        else:
            out.append("No single weight change puts another candidate first.")
        if w.note:
            out.append(f"Note: {w.note}.")
    out.append("")
    if not result.fixes:
        out.append("No candidate is prohibited or high.")
    else:
        out.append(f"Fixes for {len(result.fixes)} prohibited or high candidate(s), cheapest first "
                   "(conditions are for the buyer to obtain, not recorded facts):")
    for fix in result.fixes:
        out.append(f"- {fix.candidate}: {fix.summary}")
        for o in fix.options[1:4]:
            cond = f", on condition of {'; '.join(o.conditions)}" if o.conditions else ""
            out.append(f"    also: {o.candidate} on {o.route}: {o.verdict} at {money(o.monthly_cost_usd)}{cond}")
        if len(fix.options) > 4:
            out.append(f"    and {len(fix.options) - 4} more option(s) in --format json")
    return "\n".join(out) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def as_json(result: WhatIf) -> str:
    """The what-if as JSON; the same inputs give the same bytes."""
    doc = {"schema": SCHEMA, **_plain(asdict(result))}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
