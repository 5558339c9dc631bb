"""The what-if section: how firm the first place is against the weights, and what would make each
prohibited or high offering admissible. The numbers come from `riskscore.whatif`, computed by the
caller and passed in; here they are only arranged and worded for the board."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .candidate import CandidateView, breakable
from .text import VERDICT_MARKS, money, words

if TYPE_CHECKING:
    from ..whatif import CandidateFix, FixOption, WhatIf

OPTIONS_SHOWN = 3  # options per block; `riskscore whatif --format json` has all of them
OTHERS_SHOWN = 6  # offerings named as sharing a block's options before "and N more"
#: Printed lines the blocks of fixes may take in the board part (about half a page): the page targets
#: of the report hold, and the models of the blocks left out are named.
LINE_BUDGET = 40
LINE_CHARS, ROUTE_CHARS, CONDITION_CHARS = 140, 30, 62  # characters a printed line holds: full width, route cell, conditions cell
VERDICT_RANK = {"prohibited": 0, "high": 1, "medium": 2, "low": 3}
#: Said of a run whose caller did not compute the what-if (a library call of `render_report`).
NOT_COMPUTED = (
    "The what-if was not computed for this report: the command riskscore report computes it, "
    "and riskscore whatif prints it on its own."
)


def _who(cid: str | None, by_id: Mapping[str, CandidateView]) -> Any:
    """The offering a what-if names, as the templates print offerings (linked when it is in the report)."""
    if cid is None:
        return None
    return by_id.get(cid) or {"name": cid, "anchor": "", "linked": False, "ref": ""}


def _number(value: float) -> str:
    return f"{value:g}"


def _change(value: float | None) -> str:
    """A change of monthly cost with its sign ('+$131', '−$50', 'same'); empty when unknown."""
    if value is None:
        return ""
    if abs(value) < 0.005:
        return "same"
    return ("+" if value > 0 else "−") + money(abs(value))


def weights_view(result: WhatIf, by_id: Mapping[str, CandidateView]) -> dict[str, Any]:
    """Per weight, the range over which the first place holds and who takes over at each end."""
    w = result.weights
    rows = [
        {
            "weight": words(r.weight),
            "value": _number(r.value),
            "low": _number(r.low),
            "high": "no limit" if r.high is None else _number(r.high),
            "below": _who(r.below, by_id),
            "above": _who(r.above, by_id),
            "holds": r.below is None and r.above is None,  # no value of this weight moves the first place
        }
        for r in w.ranges
    ]
    smallest = None
    if w.smallest is not None:
        s = w.smallest
        smallest = {"weight": words(s.weight), "value": _number(s.value), "to": _number(s.to), "share": f"{s.share:.1%}", "who": _who(s.takes_over, by_id)}
    return {"top": _who(w.top, by_id), "rows": rows, "smallest": smallest, "note": w.note}


def option_row(o: FixOption, by_id: Mapping[str, CandidateView]) -> dict[str, Any]:
    """One way to make an offering admissible: the offering it becomes, its verdict and cost, and what the buyer must obtain."""
    return {
        "id": o.candidate,
        "id_html": breakable(o.candidate),
        "x": by_id.get(o.candidate),  # a listed offering (its detail is in the appendix); else a variant, e.g. self-hosting
        "route": o.route,
        "verdict": o.verdict,
        "mark": VERDICT_MARKS.get(o.verdict, ""),
        "review": o.review_required,
        # A listed offering that is in only because a waiver lifts a knock-out says so here too.
        "overridden": bool(by_id.get(o.candidate) and by_id[o.candidate].overridden),
        "cost": money(o.monthly_cost_usd),
        "change": _change(o.cost_change_usd),
        "conditions": list(o.conditions),
    }


def _signature(fix: CandidateFix) -> tuple[Any, ...]:
    """What a reader sees of a fix's options: offerings of one model with the same options share a block."""
    return (fix.model,) + tuple((o.candidate, o.route, tuple(o.conditions), o.verdict, o.monthly_cost_usd) for o in fix.options[:OPTIONS_SHOWN])


def printed_lines(block: Mapping[str, Any]) -> int:
    """An estimate of the lines a block takes in print, from the length of its texts."""
    head = len(block["summary"]) + sum(len(o["id"]) + 16 for o in block["others"])
    lines = math.ceil(head / LINE_CHARS)
    for o in block["options"]:
        conditions = len("; ".join(o["conditions"])) + 32 if o["conditions"] else 0
        lines += max(1, math.ceil(conditions / CONDITION_CHARS), math.ceil(len(o["route"]) / ROUTE_CHARS))
    return lines + (1 if block["more_options"] else 0)


def fix_blocks(result: WhatIf, by_id: Mapping[str, CandidateView], budget: int = LINE_BUDGET) -> dict[str, Any]:
    """Prohibited and high offerings with the options that fix them. Offerings of one model whose options
    are the same share a block: the sentence of the first (prohibited before high), the others named.
    Blocks are shown, those that concern the most offerings first, while they fit the line budget."""
    groups: dict[tuple[Any, ...], list[CandidateFix]] = {}
    for fix in result.fixes:
        groups.setdefault(_signature(fix), []).append(fix)
    blocks = []
    for members in groups.values():
        members = sorted(members, key=lambda f: (VERDICT_RANK.get(f.verdict, 9), f.candidate))
        lead = members[0]
        blocks.append(
            {
                "model": lead.model,
                "lead": _who(lead.candidate, by_id),
                "lead_id": lead.candidate,
                "summary": lead.summary,
                "others": [{"x": _who(f.candidate, by_id), "id": f.candidate, "verdict": f.verdict, "mark": VERDICT_MARKS.get(f.verdict, "")} for f in members[1 : 1 + OTHERS_SHOWN]],
                "more_others": max(0, len(members) - 1 - OTHERS_SHOWN),
                "options": [option_row(o, by_id) for o in lead.options[:OPTIONS_SHOWN]],
                "more_options": max(0, len(lead.options) - OPTIONS_SHOWN),
                "lead_cost": money(lead.monthly_cost_usd) if lead.monthly_cost_usd is not None else "",
                "count": len(members),
            }
        )
    # The blocks that concern the most offerings first, so a cap drops the least; then by model.
    blocks.sort(key=lambda b: (-b["count"], b["model"].casefold(), b["model"], b["lead_id"]))
    shown, used = 0, 0
    for b in blocks:
        used += printed_lines(b)
        if shown and used > budget:
            break
        shown += 1
    hidden: dict[str, int] = {}
    for b in blocks[shown:]:
        hidden[b["model"]] = hidden.get(b["model"], 0) + b["count"]
    return {
        "blocks": blocks[:shown],
        "total": len(result.fixes),
        "fixed": sum(1 for f in result.fixes if f.options),
        "hidden": sum(hidden.values()),
        "hidden_models": [{"model": m, "count": n} for m, n in sorted(hidden.items(), key=lambda kv: (kv[0].casefold(), kv[0]))],
        "conditional": any(o["conditions"] for b in blocks[:shown] for o in b["options"]),
    }


def whatif_view(result: WhatIf | None, cands: Sequence[CandidateView], budget: int = LINE_BUDGET) -> dict[str, Any]:
    """The what-if section as the templates print it; `computed` is False when no result was given."""
    if result is None:
        return {"computed": False, "note": NOT_COMPUTED}
    by_id = {x.c.id: x for x in cands}
    return {"computed": True, "weights": weights_view(result, by_id), "fixes": fix_blocks(result, by_id, budget)}
