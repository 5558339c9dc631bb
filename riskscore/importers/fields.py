"""The fields each catalogue format is known to have: others are counted as unknown and ignored."""

from __future__ import annotations

# ---------------------------------------------------------------- OpenRouter

#: Columns of the per-endpoint table (read, or known and deliberately not imported).
ENDPOINT_COLUMNS = {
    # read
    "scrape_date", "model_slug", "permaslug", "variant", "endpoint_id", "endpoint_name", "provider_name",
    "provider_slug", "provider_display_name", "provider_region", "quantization", "price_prompt", "price_completion",
    "price_cache_read", "price_cache_write", "price_image", "price_request", "price_web_search",
    "price_internal_reasoning", "discount", "is_free", "is_byok", "is_hidden", "is_disabled", "is_deranked", "status",
    "data_policy_training", "data_policy_retains_prompts", "pricing_json",
    # known, deliberately not imported (performance and limits)
    "scraped_at", "context_length", "max_completion_tokens", "max_prompt_tokens", "request_count",
    "stats_window_minutes", "success_count", "derankable_error_count", "rate_limited_count", "capacity_tpm",
    "limit_rpm", "limit_rpd", "supports_reasoning", "supports_tool_parameters",
    *(f"p{p}_{m}" for p in (50, 75, 90, 95, 99) for m in ("throughput", "latency")),
}
MODEL_KEYS = {
    "id", "canonical_slug", "hugging_face_id", "name", "created", "description", "context_length", "architecture",
    "pricing", "top_provider", "per_request_limits", "supported_parameters", "default_parameters", "supported_voices",
    "knowledge_cutoff", "expiration_date", "links", "reasoning", "benchmarks", "alias_target",
}
PROVIDER_KEYS = {
    "name", "displayName", "slug", "adapterName", "baseUrl", "dataPolicy", "hasChatCompletions", "hasCompletions",
    "isAbortable", "moderationRequired", "statusPageUrl", "byokEnabled", "icon", "sendClientIp", "pricingStrategy",
    "headquarters", "datacenters",
}
PRICE_COLUMNS = ("price_prompt", "price_completion", "price_cache_read", "price_cache_write", "price_image",
                 "price_request", "price_web_search", "price_internal_reasoning", "discount")
FLAG_COLUMNS = ("is_free", "is_byok", "is_hidden", "is_disabled", "is_deranked", "data_policy_training", "data_policy_retains_prompts")

# ---------------------------------------------------------------- LiteLLM

#: Entry keys known and not imported (capabilities, limits, metadata); cost fields go to the price note.
KNOWN_KEYS = {
    "litellm_provider", "mode", "source", "deprecation_date", "supported_regions", "metadata", "comment", "tpm", "rpm",
    "tiered_pricing", "provider_specific_entry", "supported_endpoints", "supported_modalities",
    "supported_output_modalities", "web_search_billing_unit", "use_openai_responses_path", "gemini_native_audio",
    "gemini_audio_only_live", "bedrock_output_config_effort_ceiling", "bedrock_converse_supports_strict_tools",
    "prompt_cache_min_tokens", "regional_processing_uplift_multiplier_eu", "regional_processing_uplift_multiplier_us",
}
KNOWN_PREFIXES = ("supports_", "max_", "supported_")
