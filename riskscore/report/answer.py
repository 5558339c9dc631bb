"""The answer page: what to buy per cost band, what is out and why, whom to ask for what, what changes soon."""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Sequence

from ..assessment import Assessment
from .candidate import CandidateView, RuleEntry
from .text import money

NAMES_SHOWN = 5  # offerings named in one "out" sentence before "and N more"
OUT_GROUPS = 6  # "out" sentences on the answer page; the appendix has every prohibited offering
ORGS_SHOWN = 8  # organisations named for one request before "and N more"
ALTERNATIVES = 2


def cost_bands(costs: Sequence[float], budget: float | None) -> list[tuple[str, float, float]]:
    """Cost bands (label, low, high], by share of the budget, else by powers of ten of the costs."""
    if budget:
        cuts = [0.0, 0.1 * budget, 0.5 * budget, budget, math.inf]
        labels = [
            f"Up to {money(cuts[1])} a month (a tenth of the budget)",
            f"{money(cuts[1])} to {money(cuts[2])} a month",
            f"{money(cuts[2])} to {money(cuts[3])} a month (within the budget)",
            f"Over the budget of {money(budget)} a month",
        ]
        return [(labels[i], cuts[i], cuts[i + 1]) for i in range(4)]
    positive = [c for c in costs if c > 0]
    if not positive:
        return [("Any cost", 0.0, math.inf)]
    lo, hi = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    edges = [10.0**e for e in range(lo, max(hi, lo + 1) + 1)]
    bands = [(f"Up to {money(edges[0])} a month", 0.0, edges[0])] if lo > 0 else []
    bands += [(f"{money(a)} to {money(b)} a month", a, b) for a, b in zip(edges, edges[1:])]
    return bands


def recommendations(cands: Sequence[CandidateView], budget: float | None, alternatives: int = ALTERNATIVES) -> list[dict[str, Any]]:
    """Per cost band with a ranked candidate: the one to buy, the next best, and how many are admissible."""
    ranked = [x for x in cands if x.c.rank is not None]
    bands = cost_bands([x.c.monthly_cost_usd for x in ranked if x.c.monthly_cost_usd is not None], budget)
    rows = []
    for label, lo, hi in bands + [("Cost not projected (self-hosted, or no list price)", math.nan, math.nan)]:
        if math.isnan(lo):
            members = [x for x in ranked if x.c.monthly_cost_usd is None]
        else:
            members = [x for x in ranked if x.c.monthly_cost_usd is not None and (lo < x.c.monthly_cost_usd <= hi or (lo == 0 and x.c.monthly_cost_usd == 0))]
        if not members:
            continue
        admissible = [x for x in members if x.standing in ("buy", "review")]
        clear = [x for x in admissible if x.standing == "buy"]
        pick = (clear or admissible)[0] if admissible else None
        rows.append(
            {
                "band": label,
                "pick": pick,
                "alternatives": [x for x in admissible if x is not pick][:alternatives],
                "admissible": len(admissible),
                "pending": sum(1 for x in members if x.standing == "pending"),
            }
        )
    return rows


def out_reasons(cands: Sequence[CandidateView], rules: dict[str, RuleEntry], groups_shown: int = OUT_GROUPS) -> dict[str, Any]:
    """Prohibited candidates grouped by the knock-outs that fail for them, each group's offerings by model:
    one sentence per group, the largest groups first."""
    groups: dict[tuple[str, ...], list[CandidateView]] = {}
    for x in cands:
        if x.standing == "out":
            groups.setdefault(tuple(dict.fromkeys(x.c.blocked_by)), []).append(x)
    rows = []
    for ids, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        shown = members[:NAMES_SHOWN]
        models: dict[str, list[CandidateView]] = {}
        for x in shown:
            models.setdefault(x.c.model, []).append(x)
        rows.append(
            {
                "rules": [rules[r] for r in ids if r in rules],
                "models": [{"model": m, "offers": xs} for m, xs in models.items()],
                "more": len(members) - len(shown),
                "count": len(members),
            }
        )
    return {"groups": rows[:groups_shown], "hidden": sum(r["count"] for r in rows[groups_shown:])}


def asks(a: Assessment, cands: Sequence[CandidateView]) -> list[dict[str, Any]]:
    """What to ask for, and whom, for candidates still in play: knock-out evidence first, then review evidence."""
    live = {x.c.id: x for x in cands if x.standing != "out"}
    kinds = {(i.ask, i.rule_id): i.kind for x in live.values() for i in x.c.open_items}
    rows: dict[tuple[bool, str], dict[str, int]] = {}
    for req in a.evidence_requests:
        for item in req.items:
            concerned = [c for c in item.candidates if c in live]
            kind = next((kinds[(req.organization, r)] for r in item.rule_ids if (req.organization, r) in kinds), None)
            if not concerned or kind not in ("knockout", "evidence"):
                continue  # asking a prohibited offering's vendor, or a fact that only moves a score
            orgs = rows.setdefault((not item.knockout, item.request), {})
            orgs[req.name] = orgs.get(req.name, 0) + len(concerned)
    out = []
    for (not_knockout, request), orgs in sorted(rows.items()):
        named = sorted(orgs.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            {
                "request": request.rstrip(". "),  # a sentence continues after it: ": ask ..."
                "knockout": not not_knockout,
                "orgs": [{"name": n, "routes": k} for n, k in named[:ORGS_SHOWN]],
                "more": max(0, len(named) - ORGS_SHOWN),
                "routes": sum(orgs.values()),
            }
        )
    return out


def buyer_items(cands: Sequence[CandidateView], kind: str) -> list[dict[str, Any]]:
    """Open items the buyer or a court settles (kind 'decision' or 'court'), with how many live candidates wait."""
    counts: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for x in cands:
        if x.standing == "out":
            continue
        for i in x.c.open_items:
            if i.kind == kind:
                counts.setdefault(i.rule_id, []).append(x.c.id)
                titles[i.rule_id] = i.title
    return [{"rule_id": r, "title": titles[r], "routes": len(set(ids))} for r, ids in sorted(counts.items())]


def gap_count(cands: Sequence[CandidateView]) -> int:
    """Open facts that would only refine a score (not a verdict) for candidates still in play."""
    return sum(1 for x in cands if x.standing != "out" for i in x.c.open_items if i.kind == "gap")


def changes(a: Assessment, cands: Sequence[CandidateView], rules: dict[str, RuleEntry]) -> list[dict[str, Any]]:
    """Watch rules that fire and rules that come into force later, soonest first; expired rules never."""
    found: dict[str, dict[str, Any]] = {}
    for x in cands:
        for f in x.c.findings:
            if f.effect != "watch" or f.status not in ("fail", "unknown"):
                continue
            if f.effective_to is not None and f.effective_to < a.as_of:
                continue  # no longer in force: it changes nothing
            entry = found.setdefault(
                f.rule_id,
                {
                    "title": f.title,
                    "law": rules[f.rule_id].law if f.rule_id in rules else "",
                    "basis": rules[f.rule_id].basis if f.rule_id in rules else None,
                    "when": f.effective_from if f.effective_from > a.as_of else None,
                    "status": f.rule_status,
                    "note": f.note or "",
                    "routes": set(),
                },
            )
            entry["routes"].add(x.c.id)
    for w in a.rules_not_in_force:
        if w.state == "upcoming" and w.effective_from > a.as_of and w.rule_id not in found:
            found[w.rule_id] = {"title": w.title, "law": "", "basis": None, "when": w.effective_from, "status": "in_force", "note": "", "routes": set()}
    rows = []
    for rule_id, e in found.items():
        rows.append({**e, "rule_id": rule_id, "routes": len(e["routes"]), "date": _when(e["when"], e["status"])})
    rows.sort(key=lambda e: (e["when"] is None, e["when"] or date.max, e["rule_id"]))
    return rows


def _when(day: date | None, status: str) -> str:
    if day is not None:
        return f"from {day.isoformat()}"
    return "proposed, no date yet" if status == "proposed" else "in force, watched"
