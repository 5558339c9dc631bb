"""Name tables of the importers: catalogue slugs to directory ids, route kinds and model families.

Every target is an id of the organisation directory (vendors/organizations.yaml). A slug missing from
these tables is never guessed: the importer makes an organisation of unknown country for it and reports
it as a data gap. The developer is the group that builds the model (as in the bundled vendor list:
Zhipu for GLM, Moonshot AI's Beijing parent for Kimi), not the contracting entity that sells it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Model authors (OpenRouter's `author/` prefix, Bedrock's `vendor.` prefix, Hugging Face organisations)
#: to the directory id of the developer.
AUTHORS: dict[str, str] = {
    "ai21": "ai21",
    "aion-labs": "aion-labs",
    "alibaba": "alibaba-group",
    "anthropic": "anthropic",
    "arcee-ai": "arcee-ai",
    "baidu": "baidu-inc",
    "black-forest-labs": "black-forest-labs",
    "bytedance": "bytedance",
    "bytedance-seed": "bytedance",
    "cohere": "cohere",
    "deepgram": "deepgram",
    "deepseek": "deepseek",
    "deepseek-ai": "deepseek",
    "fish-audio": "fish-audio",
    "google": "google",
    "inception": "inception",
    "krea": "krea",
    "mancer": "mancer",
    "meta": "meta",
    "meta-llama": "meta",
    "microsoft": "azure",  # the directory models Microsoft Corporation under its Azure id
    "minimax": "minimax-group",
    "minimaxai": "minimax-group",
    "mistral": "mistral",
    "mistralai": "mistral",
    "moonshot": "moonshot-ai-cn",
    "moonshotai": "moonshot-ai-cn",
    "morph": "morph",
    "nex-agi": "nex-agi",
    "nvidia": "nvidia",
    "openai": "openai",
    "openrouter": "openrouter",
    "perceptron": "perceptron",
    "perplexity": "perplexity",
    "poolside": "poolside",
    "qwen": "alibaba-group",
    "recraft": "recraft",
    "reka": "reka",
    "rekaai": "reka",
    "relace": "relace",
    "runway": "runway",
    "sakana": "sakana",
    "sourceful": "sourceful",
    "stepfun": "stepfun",
    "stepfun-ai": "stepfun",
    "tencent": "tencent-holdings",
    "upstage": "upstage",
    "voyageai": "voyageai",
    "x-ai": "xai",
    "xai": "xai",
    "xiaomi": "xiaomi",
    "xiaomimimo": "xiaomi",
    "z-ai": "zhipu",
    "zai": "zhipu",
    "zai-org": "zhipu",
}

#: Model-name families (matched at the start of the model name) to the developer, for catalogues that do
#: not name the author (LiteLLM). A family name is its developer's product name, so the match is a fact.
FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), target)
    for pattern, target in (
        (r"claude", "anthropic"),
        (r"(gpt|chatgpt|o[1345](-|$)|codex|computer-use-preview|ft:gpt|text-davinci|babbage|davinci)", "openai"),
        (r"(gemini|gemma|codegemma|learnlm|chat-bison|text-bison|medlm)", "google"),
        (r"(llama|meta-llama|muse-|code-?llama)", "meta"),
        (r"deepseek", "deepseek"),
        (r"(qwen|qwq|qvq|code-qwen)", "alibaba-group"),
        (r"(glm|chatglm|autoglm|codegeex)", "zhipu"),
        (r"kimi", "moonshot-ai-cn"),
        (r"minimax", "minimax-group"),
        (r"(mistral|mixtral|codestral|devstral|magistral|ministral|pixtral|open-mistral|open-mixtral)", "mistral"),
        (r"grok", "xai"),
        (r"(command|c4ai)", "cohere"),
        (r"(jamba|j2-)", "ai21"),
        (r"nemotron", "nvidia"),
        (r"(doubao|seed-)", "bytedance"),
        (r"ernie", "baidu-inc"),
        (r"hunyuan", "tencent-holdings"),
        (r"mimo", "xiaomi"),
        (r"step-", "stepfun"),
        (r"(phi-|mai-)", "azure"),
        (r"(sonar|pplx-)", "perplexity"),
        (r"morph-", "morph"),
        (r"mercury", "inception"),
    )
)


@dataclass(frozen=True)
class ProviderSpec:
    """How a LiteLLM provider key maps to an operator, a route and (for first-party APIs) a developer."""

    #: Directory id of the operator; an id the directory lacks (or None: the provider key) becomes an
    #: organisation of unknown country.
    operator: str | None
    #: first_party, cloud_platform, host (inference_host, or first_party when it runs its own model),
    #: aggregator (operator unknown, the provider is the broker) or local (self-hosted by the buyer).
    route: str
    #: Developer of the provider's own models, for first-party APIs whose model names carry no family.
    developer: str | None = None
    #: Cloud whose region names and geographies appear in the model key (see cloud_regions.yaml).
    cloud: str | None = None


def _fp(operator: str | None, developer: str | None = None) -> ProviderSpec:
    return ProviderSpec(operator, "first_party", developer or operator)


def _host(operator: str | None) -> ProviderSpec:
    return ProviderSpec(operator, "host")


_BEDROCK = ProviderSpec("amazon-bedrock", "cloud_platform", cloud="aws")
_AZURE = ProviderSpec("azure", "cloud_platform", cloud="azure")
_VERTEX = ProviderSpec("google-vertex", "cloud_platform", cloud="gcp")

#: LiteLLM `litellm_provider` values. `vertex_ai-*` keys (vertex_ai-anthropic_models, ...) use vertex_ai.
LITELLM_PROVIDERS: dict[str, ProviderSpec] = {
    # first-party APIs: the developer's own service
    "openai": _fp("openai"),
    "anthropic": _fp("anthropic"),
    "deepseek": _fp("deepseek"),
    "gemini": _fp("google-ai-studio", "google"),
    "palm": _fp("google-ai-studio", "google"),
    "mistral": _fp("mistral"),
    "codestral": _fp("mistral"),
    "moonshot": _fp("moonshotai", "moonshot-ai-cn"),
    "minimax": _fp("minimax", "minimax-group"),
    "zai": _fp("z-ai", "zhipu"),
    "dashscope": _fp("alibaba", "alibaba-group"),
    "xai": _fp("xai"),
    "cohere_chat": _fp("cohere"),
    "ai21": _fp("ai21"),
    "meta_llama": _fp("meta"),
    "meta": _fp("meta"),
    "morph": _fp("morph"),
    "inception": _fp("inception"),
    "amazon_nova": _fp("amazon"),  # not in the directory: an organisation of unknown country
    "sarvam": _fp(None),
    "gigachat": _fp(None),
    "v0": _fp(None),
    # cloud platforms
    "bedrock": _BEDROCK,
    "bedrock_converse": _BEDROCK,
    "bedrock_mantle": _BEDROCK,
    "sagemaker": _BEDROCK,  # AWS, the same contracting entity as Bedrock
    "azure": _AZURE,
    "azure_ai": _AZURE,
    "vertex_ai": _VERTEX,
    "oci": ProviderSpec(None, "cloud_platform", cloud="oci"),
    "snowflake": ProviderSpec(None, "cloud_platform"),
    "databricks": ProviderSpec(None, "cloud_platform"),
    "watsonx": ProviderSpec(None, "cloud_platform"),
    # inference hosts (first_party when the host runs a model it develops)
    "fireworks_ai": _host("fireworks"),
    "together_ai": _host("together"),
    "deepinfra": _host("deepinfra"),
    "groq": _host("groq"),
    "cerebras": _host("cerebras"),
    "novita": _host("novita"),
    "nebius": _host("nebius"),
    "baseten": _host("baseten"),
    "sambanova": _host("sambanova"),
    "cloudflare": _host("cloudflare"),
    "crusoe": _host("crusoe"),
    "friendliai": _host("friendli"),
    "gmi": _host("gmicloud"),
    "gradient_ai": _host("digitalocean"),
    "darkbloom": _host("darkbloom"),
    "tencent": _host("tencent"),
    "volcengine": _host("bytedance"),
    "perplexity": _host("perplexity"),
    **{key: _host(None) for key in (
        "anyscale", "featherless_ai", "heroku", "hyperbolic", "lambda_ai", "libertai", "llamagate", "nlp_cloud",
        "nscale", "ovhcloud", "pinstripes", "publicai", "replicate", "scaleway", "tensormesh", "wandb",
    )},
    # brokers in front of hosts they do not name
    "openrouter": ProviderSpec("openrouter", "aggregator"),
    "vercel_ai_gateway": ProviderSpec(None, "aggregator"),
    "github_copilot": ProviderSpec(None, "aggregator"),
    # local runtimes: the buyer's own machine (Ollama's '-cloud' models are Ollama's hosted service)
    "ollama": ProviderSpec(None, "local"),
    "lemonade": ProviderSpec(None, "local"),
}


def provider_spec(key: str) -> ProviderSpec | None:
    """The spec of a LiteLLM provider key, or None when the table does not know it."""
    if key in LITELLM_PROVIDERS:
        return LITELLM_PROVIDERS[key]
    if key.startswith("vertex_ai"):
        return _VERTEX
    return None


def family_developer(model_name: str) -> str | None:
    """The developer whose model family the name starts with, if any."""
    name = model_name.lower()
    for pattern, target in FAMILIES:
        if pattern.match(name):
            return target
    return None
