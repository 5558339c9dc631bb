"""OpenRouter endpoint rows: prices and data policy read from one row of the endpoint table."""

from __future__ import annotations

from datetime import date
from typing import Any

from .common import as_float, is_number, per_million
from .fields import PRICE_COLUMNS
from .pricing import openrouter_price_facts


def flag(text: str) -> bool | None:
    """A true/false cell ("True", "false", "1", "0"); None when empty or anything else."""
    return {"true": True, "false": False, "1": True, "0": False}.get(text.strip().lower())


def endpoint_data_policy(row: dict[str, str], provider: dict[str, Any]) -> tuple[dict[str, Any], str, bool]:
    """Data policy from the endpoint flags, cross-checked with the provider directory; and a note."""
    training = flag(row.get("data_policy_training", ""))
    retains = flag(row.get("data_policy_retains_prompts", ""))
    policy: dict[str, Any] = provider["dataPolicy"] if isinstance(provider.get("dataPolicy"), dict) else {}
    used_directory = False
    notes = []
    if training is not None and isinstance(policy.get("training"), bool) and policy["training"] != training:
        notes.append(f"training: endpoint says {'yes' if training else 'no'}, provider directory says {'yes' if policy['training'] else 'no'}, so unknown")
        training, used_directory = None, True
    days: int | None = None
    if retains is False:
        if policy.get("retainsPrompts") is True:
            notes.append("retains prompts: endpoint says no, provider directory says yes, so unknown")
            used_directory = True
        else:
            days = 0  # 0 encodes "does not retain prompts", as in the bundled vendor list
    elif retains is True:
        raw_days = policy.get("retentionDays")
        if isinstance(raw_days, int) and not isinstance(raw_days, bool) and raw_days >= 0:
            days, used_directory = raw_days, True
        else:
            notes.append("retains prompts (for how long is not stated)")
    data: dict[str, Any] = {}
    if training is not None:
        data["trains_on_customer_data"] = training
    if days is not None:
        data["retention_days"] = days
    flags = [f"training: {'yes' if flag(row.get('data_policy_training', '')) else 'no'}" if row.get("data_policy_training", "").strip() else None,
             f"retains prompts: {'yes' if retains else 'no'}" if retains is not None else None]
    shown = "; ".join(f for f in flags if f) or "none given"
    note = (f"Data policy from OpenRouter's flags for this endpoint ({shown}), which describe requests routed through "
            "OpenRouter, not the host's own contract" + (f"; {'; '.join(notes)}" if notes else "") + ".")
    return data, note, used_directory


def endpoint_price(row: dict[str, str], pricing: dict[str, Any], batch: list[dict[str, str]], as_of: date) -> dict[str, Any]:
    """The price of an endpoint per million tokens, with every other price OpenRouter lists in the note."""

    def pick(column: str, key: str) -> Any:
        value = row.get(column, "").strip()
        return value if value else pricing.get(key)

    price: dict[str, Any] = {"currency": "USD", "as_of": as_of}
    for field, column, key in (("input", "price_prompt", "prompt"), ("output", "price_completion", "completion"),
                               ("cached_input", "price_cache_read", "input_cache_read")):
        value = as_float(per_million(pick(column, key)))
        if value is not None:
            price[field] = value
    facts = openrouter_price_facts(pricing)
    if not pricing:  # an older table without pricing_json: list the price columns it has
        facts += [f"{c} {row[c]} (as listed)" for c in PRICE_COLUMNS[3:] if row.get(c, "").strip() not in ("", "0")]
    for other in batch:
        prices = [f"{name} {as_float(per_million(other.get(c)))}" for name, c in (("input", "price_prompt"), ("output", "price_completion"), ("cached input", "price_cache_read"))
                  if per_million(other.get(c)) is not None]
        facts.append(f"batch (model id {other.get('model_slug', '').strip()}:batch): {', '.join(prices)} per M tokens")
    if any(str(pick(c, k)).strip().startswith("-") for c, k in (("price_prompt", "prompt"), ("price_completion", "completion"))):
        facts.append("OpenRouter gives a negative price, meaning the price varies by request (left unknown)")
    free = flag(row.get("is_free", "")) is True
    if not free and price.get("input") == 0 and price.get("output") == 0:
        # A paid endpoint at zero per token bills another unit (per video, image or request): a token
        # price of 0 would rank it as the cheapest offering, so the token prices are unknown.
        del price["input"], price["output"]
        price.pop("cached_input", None)
        facts.append("0 per token on a paid endpoint: it bills another unit, so token prices are left unknown")
    discounted = is_number(pick("discount", "discount")) and float(pick("discount", "discount")) > 0
    if free or discounted:
        price["promotional"] = True
    if free:
        facts.append("free endpoint (OpenRouter is_free)")
    if discounted and not pricing:
        facts.append(f"discount {pick('discount', 'discount')} listed by OpenRouter (whether the prices include it is not stated)")
    facts = [f for f in facts if f]
    if facts:
        price["note"] = "OpenRouter also lists: " + "; ".join(facts) + "."
    return price
