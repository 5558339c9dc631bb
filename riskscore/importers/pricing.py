"""Price facts beyond input, output and cached input, written out so tiered and batch prices are kept."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from .common import fmt, per_million

#: The OpenRouter labels already carried by price.input / price.output / price.cached_input.
_MAIN_LABELS = {"input price", "output price", "cache read"}
#: OpenRouter pricing keys priced per token (converted to per million); others are listed as given.
_PER_TOKEN = {"prompt", "completion", "input_cache_read", "input_cache_write", "input_cache_write_1h", "internal_reasoning"}
_ORDER = ("prompt", "completion", "input_cache_read", "input_cache_write", "input_cache_write_1h", "internal_reasoning")
_NAMES = {"prompt": "input", "completion": "output", "input_cache_read": "cached input", "input_cache_write": "cache write",
          "input_cache_write_1h": "cache write (1h)", "internal_reasoning": "internal reasoning"}


def _decimal(raw: Any) -> Decimal | None:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _shown(entry: dict[str, Any], with_tiers: bool) -> str:
    """One display_pricing entry as OpenRouter shows it: label, price times its multiplier, unit (and tiers)."""
    multiplier = _decimal(entry.get("displayMultiplier", 1)) or Decimal(1)
    price = _decimal(entry.get("price"))
    text = f"{entry.get('sku_label', '?')} {fmt(price * multiplier) if price is not None else entry.get('price')}{entry.get('unitLabel', '')}"
    tiers = [t for t in entry.get("tiers") or [] if isinstance(t, dict)] if with_tiers else []
    if tiers:
        parts = []
        for tier in tiers:
            value = _decimal(tier.get("price"))
            parts.append(f"{tier.get('sku_label', '?')}: {fmt(value * multiplier) if value is not None else tier.get('price')}")
        text += f" (tiers: {', '.join(parts)})"
    return text


def _raw_fields(pricing: dict[str, Any]) -> list[str]:
    """Pricing keys other than the three main prices, when no display list explains their units."""
    out = []
    for key in sorted(pricing):
        if key in ("prompt", "completion", "input_cache_read", "display_pricing", "overrides", "discount"):
            continue
        value = pricing[key]
        if key in _PER_TOKEN and per_million(value) is not None:
            out.append(f"{_NAMES[key]} {fmt(per_million(value))}/M tokens")  # type: ignore[arg-type]
        else:
            out.append(f"{key} {json.dumps(value, sort_keys=True)} (as listed)")
    return out


def _overrides(pricing: dict[str, Any]) -> list[str]:
    """Prompt-length tiers (`overrides`): prices from a number of prompt tokens on."""
    out = []
    for tier in pricing.get("overrides") or []:
        if not isinstance(tier, dict):
            continue
        prices = []
        for key in sorted(tier, key=lambda k: (_ORDER.index(k) if k in _ORDER else len(_ORDER), k)):
            if key == "min_prompt_tokens":
                continue
            value = per_million(tier[key]) if key in _PER_TOKEN else None
            prices.append(f"{_NAMES.get(key, key)} {fmt(value)}" if value is not None else f"{key} {json.dumps(tier[key])}")
        threshold = tier.get("min_prompt_tokens")
        out.append(f"from {threshold:,} prompt tokens: {', '.join(prices)} per M tokens" if isinstance(threshold, int)
                   else f"tier {json.dumps(tier, sort_keys=True)}")
    return out


def openrouter_price_facts(pricing: dict[str, Any]) -> list[str]:
    """Every OpenRouter price fact besides the three main prices, in a stable order."""
    facts: list[str] = []
    display = [e for e in pricing.get("display_pricing") or [] if isinstance(e, dict)]
    # Prompt-length tiers are written once, from `overrides` (exact thresholds), not again from the display list.
    token_tiers = not pricing.get("overrides")
    if display:
        for entry in display:
            with_tiers = bool(entry.get("tiers")) and (token_tiers or entry.get("kind") != "token")
            if str(entry.get("sku_label", "")).lower() not in _MAIN_LABELS or with_tiers:
                facts.append(_shown(entry, with_tiers))
    else:
        facts.extend(_raw_fields(pricing))
    facts.extend(_overrides(pricing))
    discount = _decimal(pricing.get("discount"))
    if discount:
        facts.append(f"discount {fmt(discount)} listed by OpenRouter (whether the prices above include it is not stated)")
    return facts


#: LiteLLM keys that carry the three main prices.
LITELLM_MAIN = ("input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost")


def litellm_price_facts(entry: dict[str, Any]) -> list[str]:
    """Every LiteLLM cost field besides the three main prices (tiers, batch, priority, flex, per unit, multipliers)."""
    facts = []
    for key in sorted(entry):
        if key in LITELLM_MAIN or not ("cost" in key or "multiplier" in key or key == "tiered_pricing"):
            continue
        value = entry[key]
        per_token = "per_token" in key or key.endswith("token_cost") or "token_cost_" in key
        converted = per_million(value) if per_token else None
        if converted is not None:
            facts.append(f"{key} {fmt(converted)}/M tokens")
        else:
            facts.append(f"{key} {json.dumps(value, sort_keys=True)} (as listed)")
    return facts
