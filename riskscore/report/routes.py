"""Routes side by side: models x route kinds, the best candidate of each cell and how many more there are."""

from __future__ import annotations

import math
from typing import Any, Sequence

from .candidate import CandidateView
from .text import ROUTE_KINDS, ROUTE_LABELS, anchor

MATRIX_ROWS = 40  # models shown; the rest are counted (every candidate stays in the appendix and the CSV)
STANDING_ORDER = {"buy": 0, "review": 1, "pending": 2, "out": 3}


def _best_key(x: CandidateView) -> tuple[int, float, float, str]:
    cost = x.c.monthly_cost_usd if x.c.monthly_cost_usd is not None else math.inf
    return (STANDING_ORDER[x.standing], x.c.rank if x.c.rank is not None else math.inf, cost, x.c.id)


def route_matrix(cands: Sequence[CandidateView]) -> dict[str, Any]:
    """Rows per model, best models first; a cell holds the best candidate of that route kind and a count of the rest."""
    by_model: dict[str, list[CandidateView]] = {}
    for x in cands:
        by_model.setdefault(x.c.model, []).append(x)
    kinds = [k for k in ROUTE_KINDS if any(x.c.route == k for x in cands)]
    rows = []
    for model, members in sorted(by_model.items(), key=lambda kv: (min(_best_key(x) for x in kv[1]), kv[0])):
        cells = []
        for kind in kinds:
            here = sorted((x for x in members if x.c.route == kind), key=_best_key)
            others = here[1:]
            cells.append(
                {
                    "best": here[0] if here else None,
                    "more": len(others),
                    "more_out": sum(1 for x in others if x.standing == "out"),
                }
            )
        standings = {x.standing for x in members}
        rows.append(
            {
                "model": model,
                "anchor": anchor("m", model),
                "cells": cells,
                "split": "out" in standings and bool(standings & {"buy", "review"}),
            }
        )
    return {
        "kinds": [{"kind": k, "label": ROUTE_LABELS[k]} for k in kinds],
        "rows": rows[:MATRIX_ROWS],
        "hidden": max(0, len(rows) - MATRIX_ROWS),
        "models": len(rows),
        "split": sum(1 for r in rows if r["split"]),
    }
