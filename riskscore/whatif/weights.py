"""Weight sensitivity: over which range of each weight the top-ranked admissible candidate stays first.

Holding the other weights fixed, a candidate's overall score is (A + s*t) / (W + t) for weight t, so
which of two candidates ranks higher flips at most once, where A_1 - A_2 + (s_1 - s_2) * t = 0. The
ranges are worked out exactly (fractions) on the unrounded weighted means; the report shows overall
scores rounded to 0.1, so two candidates shown level may already be apart here (the note says so).
Admissibility does not depend on the weights, so the field is the admissible candidates of the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..assessment import Assessment, ScoredCandidate
from ..vocabulary import DIMENSIONS


@dataclass(frozen=True)
class WeightRange:
    """How far one weight can move, the others fixed, before another candidate takes first place."""

    weight: str
    value: float
    low: float  # the top stays first down to this value (0: down to zero)
    high: float | None  # ... and up to this value (None: however high)
    below: str | None  # the candidate that takes over below `low` (None: nobody)
    above: str | None  # the candidate that takes over above `high`


@dataclass(frozen=True)
class WeightChange:
    """The smallest single-weight change that puts another candidate first."""

    weight: str
    value: float
    to: float
    share: float  # the change as a share of the sum of the weights
    takes_over: str


@dataclass(frozen=True)
class Sensitivity:
    """The top-ranked admissible candidate, the range of each weight it holds over, and the smallest flip."""

    top: str | None
    ranges: list[WeightRange]
    smallest: WeightChange | None
    note: str | None


def _exact(value: float) -> Fraction:
    return Fraction(repr(float(value)))  # the decimal the number prints as: 6.7, not 6.70000000000000017763568394002504646778106689453125


def _num(value: Fraction) -> float:
    return round(float(value), 4)


def sensitivity(assessment: Assessment) -> Sensitivity:
    """The weight ranges of the assessment's top-ranked admissible candidate (pure)."""
    pool = sorted((s for s in assessment.candidates if s.admissible), key=lambda s: s.id)
    if not pool:
        return Sensitivity(None, [], None, "no admissible candidate: nothing is ranked first")
    weights: dict[str, Fraction] = {d: _exact(getattr(assessment.profile.weights, d)) for d in DIMENSIONS}
    scores: dict[str, Mapping[str, Fraction]] = {s.id: {d: _exact(getattr(s.scores, d)) for d in DIMENSIONS} for s in pool}
    cost = {s.id: (s.monthly_cost_usd if s.monthly_cost_usd is not None else float("inf")) for s in pool}
    total = sum(weights.values(), Fraction(0))

    def key(s: ScoredCandidate) -> tuple[Fraction, float, str]:
        return sum((scores[s.id][d] * weights[d] for d in DIMENSIONS), Fraction(0)) / total, cost[s.id], s.id

    top = min(pool, key=key)
    shown = next((s.id for s in assessment.candidates if s.admissible), None)
    note = None
    if shown != top.id:
        note = (f"{shown} ranks first in the report, but on the unrounded scores {top.id} does "
                "(their overall scores are equal once rounded to 0.1)")
    if len(pool) == 1:
        return Sensitivity(top.id, [WeightRange(d, float(weights[d]), 0.0, None, None, None) for d in DIMENSIONS], None,
                           note or "only one admissible candidate: no weight changes the first place")
    ranges = [_range(d, top, pool, weights, scores, cost) for d in DIMENSIONS]
    return Sensitivity(top.id, ranges, _smallest(ranges, float(total)), note)


def _range(
    d: str,
    top: ScoredCandidate,
    pool: Sequence[ScoredCandidate],
    weights: Mapping[str, Fraction],
    scores: Mapping[str, Mapping[str, Fraction]],
    cost: Mapping[str, float],
) -> WeightRange:
    """The range of weight `d` over which `top` stays first, and who takes over at each end."""
    here = weights[d]
    rest = {s.id: sum((scores[s.id][i] * weights[i] for i in DIMENSIONS if i != d), Fraction(0)) for s in pool}
    high: Fraction | None = None
    low = Fraction(0)
    above: list[str] = []
    below: list[str] = []
    for s in pool:
        if s.id == top.id:
            continue
        slope = scores[top.id][d] - scores[s.id][d]
        if slope == 0:
            continue  # same score on this dimension: the weight does not move them apart
        cross = (rest[s.id] - rest[top.id]) / slope
        if slope > 0:  # the top is worse on d: raising the weight lets s overtake at `cross`
            if high is None or cross < high:
                high, above = cross, [s.id]
            elif cross == high:
                above.append(s.id)
        elif cross > 0:  # the top is better on d: lowering the weight lets s overtake at `cross`
            if cross > low:
                low, below = cross, [s.id]
            elif cross == low:
                below.append(s.id)
    # Among candidates level at a boundary, the one best placed just past it takes over: past the upper
    # end, the lowest score on d; past the lower end, the highest.
    up = min(above, key=lambda i: (scores[i][d], cost[i], i)) if above else None
    down = min(below, key=lambda i: (-scores[i][d], cost[i], i)) if below else None
    return WeightRange(d, float(here), _num(low), _num(high) if high is not None else None, down, up)


def _smallest(ranges: Sequence[WeightRange], total: float) -> WeightChange | None:
    """The change of one weight, as a share of all weights, that first puts another candidate on top."""
    moves = []
    for r in ranges:
        if r.above is not None and r.high is not None:
            moves.append((abs(r.high - r.value) / total, DIMENSIONS.index(r.weight), 1, WeightChange(r.weight, r.value, r.high, 0, r.above)))
        if r.below is not None:
            moves.append((abs(r.value - r.low) / total, DIMENSIONS.index(r.weight), 0, WeightChange(r.weight, r.value, r.low, 0, r.below)))
    if not moves:
        return None
    share, _, _, change = min(moves, key=lambda m: m[:3])
    return WeightChange(change.weight, change.value, change.to, round(share, 4), change.takes_over)
