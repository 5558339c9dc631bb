"""The view model's public names, kept here for callers of earlier versions (see `riskscore.report`)."""

from __future__ import annotations

from .report import ROUTE_LABELS, VERDICT_ORDER, build_view, money, party_label

__all__ = ["build_view", "ROUTE_LABELS", "VERDICT_ORDER", "money", "party_label"]
