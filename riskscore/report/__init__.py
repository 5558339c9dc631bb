"""The report's view model: the answer, routes side by side, cost, the chart and the evidence appendix.

Decisions live here, in Python; the templates only print what `build_view` returns."""

from __future__ import annotations

from .model import build_view
from .text import ROUTE_LABELS, VERDICT_ORDER, money, party_label

__all__ = ["build_view", "ROUTE_LABELS", "VERDICT_ORDER", "money", "party_label"]
