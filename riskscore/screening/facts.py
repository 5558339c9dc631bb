"""The screening facts of one party, from the hits on each organisation of its ownership chain."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..models import Organization
from ..operators import AtLeast
from .types import Hit

#: Party facts that come from screening (unknown when it did not run).
SCREENING_FACTS = ("screening_hits", "screening_unconfirmed", "screening_matches")


def party_screening_facts(
    p: str, chain: Sequence[Organization], closed: bool, listed: Sequence[str], screening: Mapping[str, Sequence[Hit]] | None
) -> dict[str, Any]:
    """Screening facts of a party: hits on any organisation of its chain; unknown unless every one was
    screened; open-ended when the chain is (an unverified parent link)."""
    if screening is None or any(o.id not in screening for o in chain):
        return {f"{p}.{k}": None for k in SCREENING_FACTS}
    hits = [h for o in chain for h in screening[o.id] if h.level == "hit"]
    lists = sorted({h.list for h in hits})
    # A hit on a list the directory already records for the chain is a known membership, not a question.
    unconfirmed = sorted(set(lists) - set(listed))
    return {
        f"{p}.screening_hits": lists if closed else AtLeast(lists),
        f"{p}.screening_unconfirmed": unconfirmed if closed else AtLeast(unconfirmed),
        f"{p}.screening_matches": sorted({h.describe() for h in hits}),
    }
