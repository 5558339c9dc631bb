"""Words and numbers as the report prints them: money, verdict marks, offer names, the law a rule rests on."""

from __future__ import annotations

from typing import Any, Sequence

from ..assessment import Finding, ScoredCandidate
from ..models import Source

VERDICT_ORDER = ("prohibited", "high", "medium", "low")
ROUTE_KINDS = ("first_party", "cloud_platform", "inference_host", "aggregator", "self_hosted")
ROUTE_LABELS = {
    "first_party": "first party",
    "cloud_platform": "cloud platform",
    "inference_host": "inference host",
    "aggregator": "aggregator",
    "self_hosted": "self-hosted",
}
#: A shape per verdict, the same in tables and in the chart, so a verdict reads without colour.
VERDICT_MARKS = {"low": "●", "medium": "■", "high": "▲", "prohibited": "✕"}
#: What the board may do with a candidate, in its words.
STANDING_LABELS = {
    "buy": "admissible",
    "review": "admissible after review",
    "pending": "not admissible until evidenced",
    "out": "prohibited",
}
#: Source qualities that are the law itself, and those that only report on it.
OFFICIAL, COMMENTARY = ("primary",), ("legal",)
LAW_MAX = 40  # a longer source title is cut to the instrument's name


def money(value: float | None) -> str:
    """USD amount for display, or 'unknown'."""
    if value is None:
        return "unknown"
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}"


def percent(value: float | None) -> str:
    """A share as a whole percentage ('12%'), or an empty string."""
    return "" if value is None else f"{value:.0%}"


def tokens(value: float) -> str:
    """A token volume in words ('500 million')."""
    if value >= 1e9:
        return f"{value / 1e9:,.3g} billion"
    if value >= 1e6:
        return f"{value / 1e6:,.3g} million"
    return f"{value:,.0f}"


#: Words of identifiers that are written in capitals ('bulk_us_sensitive_personal_data').
ACRONYMS = {"us": "US", "eu": "EU", "uk": "UK", "phi": "PHI", "cui": "CUI", "itar": "ITAR", "pci": "PCI", "ai": "AI", "dod": "DoD", "ict": "ICT"}


def words(identifier: str) -> str:
    """An identifier in words: 'bulk_us_sensitive_personal_data' -> 'bulk US sensitive personal data'."""
    return " ".join(ACRONYMS.get(w, w) for w in identifier.split("_"))


def party_label(party: Any) -> str:
    """'Name (CC)' for a party, or a dash."""
    if party is None:
        return "-"
    return f"{party.name} ({party.country})" if party.country else f"{party.name} (country unknown)"


def standing(c: ScoredCandidate) -> str:
    """buy, review, pending (an undecided knock-out) or out (prohibited)."""
    if c.verdict == "prohibited":
        return "out"
    if not c.admissible:
        return "pending"
    return "review" if c.review_required else "buy"


def offer_name(c: ScoredCandidate) -> str:
    """The offering in words: the model and who runs it ('GPT-5.4 via Microsoft Corporation')."""
    if c.route == "self_hosted":
        return f"{c.model}, self-hosted"
    via = f"{c.model} via {c.operator.name}"
    return f"{via} through {c.broker.name}" if c.broker else via


def via(c: ScoredCandidate) -> str:
    """Who runs the offering ('Microsoft Corporation', 'Deep Infra, Inc. through OpenRouter, Inc.', 'self-hosted')."""
    if c.route == "self_hosted":
        return "self-hosted"
    return f"{c.operator.name} through {c.broker.name}" if c.broker else c.operator.name


def anchor(prefix: str, text: str) -> str:
    """An HTML id made of letters, digits and dashes."""
    return prefix + "-" + "".join(ch if ch.isalnum() else "-" for ch in text)


def _rank_source(s: Source) -> int:
    return {"primary": 0, "legal": 1}.get(s.quality or "", 2)


def law_label(sources: Sequence[Source]) -> str:
    """The instrument a rule rests on, as short as its best source's title allows ('28 CFR 202.211')."""
    if not sources:
        return ""
    best = min(sources, key=_rank_source)  # min keeps the first of equals: the pack's own order
    title = best.title
    for sep in (" - ", " – ", " — "):
        if sep in title:
            title = title.split(sep, 1)[0]
            break
    if len(title) > LAW_MAX and ", " in title:
        title = title.split(", ", 1)[0]  # 'Regulation (EU) 2016/679 (GDPR), Chapter V ...' -> the instrument
    return title.strip()


def source_basis(sources: Sequence[Source], confidence: str | None = None) -> str | None:
    """A warning when a rule does not rest on an official text: None when it does and is not unverified."""
    qualities = {s.quality for s in sources}
    if confidence == "unverified":
        return "unverified"
    if qualities & set(OFFICIAL):
        return None
    if qualities & set(COMMENTARY):
        return "legal commentary only, no official text"
    if qualities == {None}:
        return "source quality not recorded"
    return "news or secondary pages only"


def finding_confidence(f: Finding) -> str | None:
    """The rule's confidence, where the record carries it (records of older versions do not)."""
    return getattr(f, "confidence", None)
