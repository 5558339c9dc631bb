"""What-if: how firm the ranking is against the weights, and the cheapest change that makes each
prohibited or high candidate admissible. `what_if(...)` takes the inputs of `assess` (and, to save a
run, its assessment) and is pure like it; `render(result, fmt)` writes text or JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..assess import assess
from ..assessment import Assessment
from ..models import CurrencyRate, Profile, VendorList, Waiver
from ..pack import Pack
from ..screening.types import Screening
from .fixes import CandidateFix, Change, FixOption, find_fixes, route_label
from .text import as_json, as_text
from .weights import Sensitivity, WeightChange, WeightRange, sensitivity

__all__ = [
    "CandidateFix", "Change", "FixOption", "Sensitivity", "WeightChange", "WeightRange", "WhatIf",
    "find_fixes", "render", "route_label", "sensitivity", "what_if",
]


@dataclass(frozen=True)
class WhatIf:
    """The what-if of one assessment: weight ranges of the first place, and fixes per candidate."""

    as_of: date
    profile: str
    weights: Sensitivity
    fixes: list[CandidateFix]


def what_if(
    pack: Pack,
    vendors: VendorList,
    profile: Profile,
    as_of: date,
    waivers: Sequence[Waiver] = (),
    rates: Mapping[str, CurrencyRate] | None = None,
    screening: Screening | None = None,
    assessment: Assessment | None = None,
) -> WhatIf:
    """Weight sensitivity and fixes for the assessment of these inputs (computed here unless given)."""
    base = assessment or assess(pack, vendors, profile, as_of, waivers, rates, records=(), screening=screening)
    fixes = find_fixes(pack, vendors, profile, as_of, base, waivers, rates, screening)
    return WhatIf(as_of, profile.id, sensitivity(base), fixes)


def render(result: WhatIf, fmt: str = "text") -> str:
    """The what-if as text or JSON."""
    return as_json(result) if fmt == "json" else as_text(result)
