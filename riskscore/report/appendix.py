"""The evidence appendix: requests per vendor, candidates grouped by model, data gaps, rules not in force."""

from __future__ import annotations

from typing import Any, Sequence

from ..assessment import Assessment
from ..facts import CATALOGUE, GAP_MEANINGS
from .candidate import CandidateView
from .routes import STANDING_ORDER
from .text import ROUTE_KINDS, ROUTE_LABELS, VERDICT_ORDER, anchor, standing

#: Above this many candidates the appendix details only those that need attention; CSV and JSON keep all.
DETAIL_LIMIT = 150
IDS_SHOWN = 12  # candidate ids listed under one evidence item before "and N more"


def evidence_list(a: Assessment) -> list[dict[str, Any]]:
    """Every request once, numbered A1, A2... knock-outs first, with each organisation to ask and the
    candidates it concerns (one whose candidates are all prohibited is marked: asking changes nothing)."""
    out_ids = {c.id for c in a.candidates if standing(c) == "out"}
    grouped: dict[tuple[bool, str], dict[str, Any]] = {}
    for req in a.evidence_requests:
        for i in req.items:
            entry = grouped.setdefault((not i.knockout, i.request), {"request": i.request, "knockout": i.knockout, "rules": set(), "vendors": []})
            entry["rules"].update(i.rule_ids)
            live = [c for c in i.candidates if c not in out_ids]
            entry["vendors"].append(
                {
                    "name": req.name,
                    "organization": req.organization,
                    "ids": i.candidates[:IDS_SHOWN],
                    "more": max(0, len(i.candidates) - IDS_SHOWN),
                    "count": len(i.candidates),
                    "out_only": not live,
                }
            )
    out = []
    for n, key in enumerate(sorted(grouped, key=lambda k: (k[0], -sum(v["count"] for v in grouped[k]["vendors"]), k[1])), start=1):
        entry = grouped[key]
        entry["ref"], entry["anchor"] = f"A{n}", f"ev-{n}"
        entry["rules"] = [{"id": r, "anchor": anchor("rule", r)} for r in sorted(entry["rules"])]
        entry["vendors"].sort(key=lambda v: (v["out_only"], -v["count"], v["name"]))
        entry["count"] = sum(v["count"] for v in entry["vendors"])
        out.append(entry)
    return out


def model_groups(cands: Sequence[CandidateView], detail: bool) -> list[dict[str, Any]]:
    """Candidates grouped by model (models alphabetically, the best route first); with detail=False only
    the candidates that need attention: prohibited, not admissible, high, or with an open review item
    (a large run lists those in one line each)."""
    groups: dict[str, list[CandidateView]] = {}
    for x in cands:
        if detail or x.linked:
            groups.setdefault(x.c.model, []).append(x)
    return [
        {"model": m, "anchor": anchor("m", m), "candidates": sorted(xs, key=lambda x: (STANDING_ORDER[x.standing], x.c.rank or 0, x.c.id))}
        for m, xs in sorted(groups.items(), key=lambda kv: (kv[0].casefold(), kv[0]))
    ]


def counts(cands: Sequence[CandidateView]) -> dict[str, Any]:
    """Candidates by route kind and verdict, and per model, for an appendix that does not list them all."""
    by_route = []
    for kind in ROUTE_KINDS:
        here = [x for x in cands if x.c.route == kind]
        if here:
            by_route.append({"route": ROUTE_LABELS[kind], "total": len(here), "verdicts": [sum(1 for x in here if x.c.verdict == v) for v in VERDICT_ORDER]})
    by_model: dict[str, list[CandidateView]] = {}
    for x in cands:
        by_model.setdefault(x.c.model, []).append(x)
    models = [
        {"model": m, "total": len(xs), "verdicts": [sum(1 for x in xs if x.c.verdict == v) for v in VERDICT_ORDER]}
        for m, xs in sorted(by_model.items(), key=lambda kv: (kv[0].casefold(), kv[0]))
    ]
    return {"by_route": by_route, "by_model": models}


def gap_rows(a: Assessment) -> list[dict[str, Any]]:
    """Facts missing from the inputs, the candidates that lack them and the rules left unknown."""
    rows = []
    for path in sorted({p for c in a.candidates for p in c.data_gaps}):
        needing = [c for c in a.candidates if path in c.data_gaps]
        rows.append(
            {
                "fact": path,
                "meaning": CATALOGUE[path].doc if path in CATALOGUE else GAP_MEANINGS.get(path, ""),
                "ids": [c.id for c in needing][:IDS_SHOWN],
                "more": max(0, len(needing) - IDS_SHOWN),
                "count": len(needing),
                "rules": [{"id": r, "anchor": anchor("rule", r)} for r in sorted({f.rule_id for c in needing for f in c.findings if path in f.missing_facts})],
            }
        )
    return rows


def not_in_force(a: Assessment) -> dict[str, list[Any]]:
    """Rules outside their window on the assessment date: upcoming (later) and expired (earlier), never mixed."""
    upcoming = [w for w in a.rules_not_in_force if w.state == "upcoming" and w.effective_from > a.as_of]
    expired = [w for w in a.rules_not_in_force if w.state == "expired"]
    return {"upcoming": upcoming, "expired": expired}
