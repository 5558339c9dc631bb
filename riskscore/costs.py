"""Projected monthly cost of a candidate at the buyer's volume, in USD."""

from __future__ import annotations

from typing import Mapping

from .assessment import CostBreakdown
from .models import Candidate, CurrencyRate, Volume

PER = 1_000_000  # prices are per million tokens


def cost_breakdown(candidate: Candidate, volume: Volume, rates: Mapping[str, CurrencyRate]) -> CostBreakdown:
    """Input, cached-input and output cost per month; parts are None where a price is unknown.

    Cached input tokens are billed at the cached price when one is listed, else at the input price.
    """
    price = candidate.price
    rate = 1.0 if price.currency == "USD" else (rates[price.currency].usd_per_unit if price.currency in rates else None)
    cached_tokens = volume.input_tokens * volume.cached_input_share
    fresh_tokens = volume.input_tokens - cached_tokens

    def part(tokens: float, unit_price: float | None) -> float | None:
        if unit_price is None or rate is None:
            return None
        return round(tokens / PER * unit_price * rate, 2)

    cached_price = price.cached_input if price.cached_input is not None else price.input
    return CostBreakdown(
        currency=price.currency,
        usd_per_unit=rate,
        input_usd=part(fresh_tokens, price.input),
        cached_input_usd=part(cached_tokens, cached_price) if cached_tokens else (0.0 if price.input is not None and rate else None),
        output_usd=part(volume.output_tokens, price.output),
        price_as_of=(price.as_of or candidate.as_of) if price.input is not None or price.output is not None else None,
    )


def monthly_total(breakdown: CostBreakdown) -> float | None:
    """The sum of the parts, or None if any part is unknown."""
    parts = (breakdown.input_usd, breakdown.cached_input_usd, breakdown.output_usd)
    if any(p is None for p in parts):
        return None
    return round(sum(p for p in parts if p is not None), 2)
