"""The candidate x buyer matrix: one assessment per profile, verdicts side by side."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from .assessment import Assessment, ScoredCandidate
from .vocabulary import Verdict

#: One letter per verdict; `?` marks a knock-out left undecided, `*` an open review item.
LETTER: dict[Verdict, str] = {"prohibited": "P", "high": "H", "medium": "M", "low": "L"}


def cell(c: ScoredCandidate) -> str:
    """A verdict as a short code: P, H?, H, M*, L ..."""
    mark = "?" if c.verdict != "prohibited" and not c.admissible else ("*" if c.review_required and c.verdict != "prohibited" else "")
    return LETTER[c.verdict] + mark


def matrix_markdown(assessments: Sequence[Assessment]) -> str:
    """Counts per profile, then every candidate's verdict per profile, as GitHub-flavoured Markdown."""
    ids = sorted({c.id for a in assessments for c in a.candidates})
    lines = [
        "| profile | prohibited | high (not admissible) | high | medium | low | review required |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for a in assessments:
        n = Counter(c.verdict for c in a.candidates)
        undecided = sum(1 for c in a.candidates if c.verdict == "high" and not c.admissible)
        reviews = sum(1 for c in a.candidates if c.review_required)
        lines.append(f"| `{a.profile.id}` | {n['prohibited']} | {undecided} | {n['high'] - undecided} | {n['medium']} | {n['low']} | {reviews} |")
    lines += ["", "| candidate | " + " | ".join(f"`{a.profile.id}`" for a in assessments) + " |", "|---|" + "---|" * len(assessments)]
    by_profile = [{c.id: c for c in a.candidates} for a in assessments]
    for cid in ids:
        cells = [cell(m[cid]) if cid in m else "" for m in by_profile]
        lines.append(f"| `{cid}` | " + " | ".join(cells) + " |")
    lines += ["", "P prohibited; H? high and not admissible (a knock-out is undecided for lack of evidence); H high; M medium; L low; * review required."]
    return "\n".join(lines) + "\n"
