"""Resolving a route to the candidates it may reach, through the LiteLLM importer and the directory.

The importer's own code reads the model string (provider table, author and family tables, Bedrock
geography prefixes, region table), so a route is read exactly as `riskscore import litellm` would read
the same key. The candidate it makes is then matched to the vendor list: a listed offer of the same
model by the same operator (and broker) brings its reviewed facts (price, contract, data policy,
certifications). Regions always come from the config when it states them; certifications are then
dropped, because an audit boundary is per region and the listed one may not cover the config's.
A route whose provider, developer, operator or OpenRouter host is not known is left unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from ..codes import suggest
from ..importers.common import (
    UNKNOWN_DEVELOPER,
    UNSPECIFIED_HOST,
    Builder,
    Directory,
    ImportStats,
    id_part,
    slug,
)
from ..importers.litellm import _GEOGRAPHY_PREFIXES, LITELLM_URL, LiteLLMImport
from ..importers.pricing import LITELLM_MAIN
from ..importers.reading import Raw
from ..importers.regions import Placement, region_table
from ..importers.tables import (
    AUTHORS,
    LITELLM_PROVIDERS,
    ProviderSpec,
    family_developer,
    provider_spec,
)
from ..inherit import inherit
from ..models import Candidate, Source, VendorList
from .config import Route

Basis = Literal["listed", "listed, regions from the config", "built from the config"]
#: LiteLLM path words that select an API flavour, not a model or region (`bedrock/converse/...`).
_API_WORDS = {"converse", "invoke", "converse_like"}
LITELLM_CONFIG_URL = "https://docs.litellm.ai/docs/proxy/configs"


@dataclass(frozen=True)
class PriceTable:
    """A LiteLLM price table given with `--prices`: its entries by key, its name and snapshot date."""

    entries: Mapping[str, Any]
    label: str
    date: date | None


@dataclass(frozen=True)
class Option:
    """One candidate a route may reach, and where its facts come from."""

    candidate: Candidate
    basis: Basis
    note: str


@dataclass(frozen=True)
class Resolution:
    """What a route resolves to: its candidates, and why any part of it stays unknown."""

    route: Route
    options: tuple[Option, ...]
    unresolved: tuple[str, ...]


def model_key(text: str) -> str:
    """A model name reduced for matching: no provider path, geography or vendor prefix, version or date
    suffix, and no punctuation ('bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0' and
    'Claude Sonnet 4.5' both give 'claudesonnet45')."""
    name = text.strip().lower().rsplit("/", 1)[-1]
    head, dot, tail = name.partition(".")
    if dot and head in _GEOGRAPHY_PREFIXES and "." in tail:
        name = tail
        head, dot, tail = name.partition(".")
    if dot and head.isalpha() and head in AUTHORS:
        name = tail
    name = name.split("@", 1)[0]
    name = re.sub(r"-v\d+(:\d+)?$", "", name)
    name = re.sub(r":\d+$", "", name)
    name = re.sub(r"-(\d{8}|\d{4}-\d{2}-\d{2})$", "", name)
    name = re.sub(r"-maas$", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def _shape(cand: Candidate) -> tuple[tuple[str, ...] | None, bool]:
    return (tuple(cand.regions) if cand.regions is not None else None, cand.global_endpoint)


def _text(value: Any) -> str | None:
    """A config value that is known now: a string that is not read from the environment at run time."""
    return value.strip() if isinstance(value, str) and value.strip() and not value.startswith("os.environ/") else None


class Resolver:
    """Resolves routes against one vendor list (organisations and listed candidates) on one date."""

    def __init__(self, vendors: VendorList, as_of: date, prices: PriceTable | None = None):
        self.orgs = {o.id: o for o in vendors.organizations}
        self.directory = Directory(self.orgs)
        self.listed = sorted(vendors.candidates, key=lambda c: c.id)
        self.listed_ids = {c.id for c in self.listed}
        self.as_of = as_of
        self.prices = prices
        self.regions = region_table()

    # ------------------------------------------------------------ provider and model

    def _provider(self, route: Route) -> tuple[str | None, str, str]:
        """The LiteLLM provider key, the rest of the model string, and why it is unknown if it is."""
        target = route.target
        prefix, slash, rest = target.partition("/")
        custom = _text(route.params.get("custom_llm_provider"))
        if custom:
            provider, rest = custom, (rest if slash and prefix == custom else target)
        elif slash and provider_spec(prefix) is not None:
            provider = prefix
        elif not slash and family_developer(target) in ("openai", "anthropic"):
            provider, rest = str(family_developer(target)), target  # LiteLLM's default for a bare gpt-/claude- name
        elif slash:
            return None, target, f"provider '{prefix}' is not in the LiteLLM provider table" + suggest(prefix, LITELLM_PROVIDERS)
        else:
            return None, target, "no provider prefix (provider/model), and the model name does not tell the provider"
        if provider_spec(provider) is None:
            return None, rest, f"provider '{provider}' is not in the LiteLLM provider table" + suggest(provider, LITELLM_PROVIDERS)
        host = urlparse(_text(route.params.get("api_base")) or "").hostname or ""
        if provider in ("openai", "anthropic") and host and not host.endswith((".openai.com", ".anthropic.com")):
            # An OpenAI-compatible server (vLLM, a proxy, another host): whoever runs it is the operator.
            return None, rest, (f"'{provider}/' with api_base {host}: an endpoint run by whoever operates {host}, not "
                                f"{provider}; name its real provider (e.g. hosted_vllm/, together_ai/) or list it in your vendor file")
        return provider, rest, ""

    def _stated(self, route: Route, spec: ProviderSpec, leaf: str, operator: str) -> tuple[Placement | None, str]:
        """Where the config says the route processes (None: it does not say), and a note (the region
        name when it says, else why it does not)."""
        if spec.cloud == "aws":
            if "." in leaf and leaf.split(".")[0].lower() in _GEOGRAPHY_PREFIXES:
                return self.regions.place(leaf.split(".")[0], operator, "aws"), leaf.split(".")[0].lower()
            region = _text(route.params.get("aws_region_name"))
            if leaf.startswith("arn:") and len(leaf.split(":")) > 3:
                region = leaf.split(":")[3] or region
            key = "aws_region_name"
        elif spec.cloud == "gcp":
            region, key = _text(route.params.get("vertex_location")), "vertex_location"
        elif spec.cloud == "azure":
            host = urlparse(_text(route.params.get("api_base")) or "").hostname or ""
            label = host.split(".")[0].lower()
            region, key = (label if label in self.regions.clouds.get("azure", {}) else None), "api_base"
            if region is None:
                return None, "the api_base does not name an Azure region (the deployment's region is set in Azure, not in the config)"
        else:
            return None, ""
        if region is None:
            raw = route.params.get(key)
            return None, (f"{key} is read from the environment at run time" if isinstance(raw, str) and raw.startswith("os.environ/")
                          else f"the config gives no {key}")
        placement = self.regions.place(region, operator, spec.cloud)
        if placement.countries is None and not placement.global_endpoint:
            return None, placement.note
        return placement, region.lower()

    def _price(self, route: Route, keys: list[str]) -> tuple[dict[str, Any], dict[str, Any] | None, str]:
        """Price fields for the importer, the source of a price-table entry used, and a note."""
        custom: dict[str, Any] = {k: route.params[k] for k in ("input_cost_per_token", "output_cost_per_token") if k in route.params}
        if custom:
            return custom, None, "price from the config's own cost per token (the buyer's figures)"
        table = self.prices
        if table is None:
            return {}, None, "no price: not in the vendor list (give --prices with a LiteLLM price table)"
        for key in keys:
            entry = table.entries.get(key)
            if isinstance(entry, dict):
                source = {"title": f"LiteLLM price table entry '{key}'", "url": LITELLM_URL, "date": table.date or self.as_of,
                          "quality": "aggregator", "note": table.label + ("" if table.date else "; snapshot date unknown")}
                return {k: entry[k] for k in LITELLM_MAIN if k in entry}, source, f"price from the LiteLLM price table entry '{key}'"
        return {}, None, "no price: not in the vendor list nor in the price table"

    def _build(self, route: Route, provider: str, rest: str) -> tuple[Candidate | None, list[str], bool, str]:
        """The candidate the importer makes of the route; unresolved reasons; whether regions are stated; a note."""
        spec = provider_spec(provider)
        assert spec is not None
        parts = [p for p in rest.split("/") if p]
        while len(parts) > 1 and parts[0].lower() in _API_WORDS:
            parts = parts[1:]
        leaf = parts[-1] if parts else rest
        if leaf.startswith("arn:") or (provider in ("azure", "azure_ai") and route.base_model):
            if not route.base_model:
                return None, ["a Bedrock ARN does not name the model: add model_info.base_model"], False, ""
            model = route.base_model.rsplit("/", 1)[-1]
            key = f"{provider}/{model}"
        else:
            key = f"{provider}/{'/'.join(parts)}"
        price, price_source, price_note = self._price(route, [route.target, key, key.split("/", 1)[1], leaf, *([route.base_model] if route.base_model else [])])
        stats = ImportStats("litellm")
        job = LiteLLMImport(Raw(Path(route.file), route.file, "", ""), self.directory, self.as_of, stats)
        builder = Builder(self.directory, stats, self.as_of)
        job.entry(builder, key, {"litellm_provider": provider, **price})
        data, _ = builder.result()
        if builder.problems or not data["candidates"]:
            return None, [f"cannot read the model: {p.message}" for p in builder.problems] or ["cannot read the model"], False, ""
        cand = Candidate.model_validate(data["candidates"][0])
        reasons = []
        for org in data["organizations"]:
            if org["id"] == UNKNOWN_DEVELOPER:
                reasons.append(f"the developer of '{leaf}' is not known (not in the author or model-family tables)")
            elif org["id"] != UNSPECIFIED_HOST:
                role = "developer" if org["id"] == cand.developer else "operator" if org["id"] == cand.operator else "broker"
                reasons.append(f"{role} '{org['id']}' is not in the organisation directory" + suggest(org["id"], self.directory.ids))
        placement, region_note = self._stated(route, spec, leaf, cand.operator)
        sources = [Source(title=f"Gateway config {route.file}, line {route.line}: '{route.name}' -> {route.target}",
                          url=f"https://openrouter.ai/{rest}" if provider == "openrouter" else LITELLM_CONFIG_URL, date=self.as_of,
                          quality="primary", note="route read by riskscore check: the config says what the application calls, not the vendor's terms")]
        sources += [Source.model_validate(s) for s in (placement.sources if placement else ())]
        sources += [s for s in cand.sources[1:] if placement is None]  # the importer's own placement sources
        if price_source:
            sources.append(Source.model_validate(price_source))
        update: dict[str, Any] = {"sources": sources, "notes": f"Route '{route.name}' ({route.target}) at {route.where}; {price_note}."}
        if placement is not None:
            update.update(regions=list(placement.countries) if placement.countries else None, global_endpoint=placement.global_endpoint)
        if price_source and self.prices and self.prices.date:
            update["price"] = cand.price.model_copy(update={"as_of": self.prices.date})
        stated = placement is not None or cand.regions is not None or cand.global_endpoint
        return cand.model_copy(update=update), reasons, stated, region_note

    # ------------------------------------------------------------ matching the vendor list

    def _option(self, cand: Candidate, stated: bool, region_note: str, cloud: bool) -> Option:
        """The listed offer this candidate is, else one derived from a listed offer, else the candidate itself.

        On a cloud platform the region is the deployment's, chosen in the config; elsewhere it is the
        vendor's own fact, so the listed offer stands (its default, unpinned form first)."""
        key = model_key(cand.model)
        same = [c for c in self.listed if c.operator == cand.operator and c.broker == cand.broker and c.route == cand.route
                and key in (model_key(c.model), model_key(c.id.split("@")[0]))]
        where = f"regions {', '.join(cand.regions)}" if cand.regions else "a global endpoint" if cand.global_endpoint else "no pinned region"
        if same and not cloud:
            pick = next((c for c in same if c.regions is None), same[0])
            return Option(pick, "listed", f"the vendor list's {pick.id}")
        if same:
            exact = [c for c in same if _shape(c) == _shape(cand)] if stated else [c for c in same if c.regions is None]
            if exact:
                return Option(exact[0], "listed", f"the vendor list's {exact[0].id}")
            base = next((c for c in same if c.regions is None), same[0])
            suffix = slug(region_note) if stated and region_note else "unpinned"
            why = (f"the config puts it in {where}" if stated else f"the config does not name its region ({region_note})")
            derived = base.model_copy(update={
                "id": f"{base.id}.{suffix}", "regions": cand.regions, "global_endpoint": cand.global_endpoint,
                "certifications": None, "certifications_complete": False, "sources": [*base.sources, *cand.sources],
                "notes": f"{cand.sources[0].title}. Facts of the listed {base.id}, but {why}: its certifications are not assumed to cover this deployment.",
            })
            return Option(derived, "listed, regions from the config", f"facts of {base.id}; {why}; certifications not assumed")
        built = inherit(cand, self.orgs)
        if built.id in self.listed_ids:  # same id as a listed offer of another model name: keep them apart
            built = built.model_copy(update={"id": f"{built.id}.config"})
        gap = "" if stated else f"; {region_note or 'no region in the config'}"
        return Option(built, "built from the config", f"not in the vendor list: facts from the config and the directory{gap}")

    def _hosts(self, route: Route, cand: Candidate) -> tuple[list[Candidate], list[str]]:
        """The OpenRouter hosts a route may reach, each as a candidate, and what stays unknown."""
        found, reasons = [], []
        leaf = id_part(cand.model.rsplit("/", 1)[-1])
        for name in route.hosts:
            base = name.split("/", 1)[0].strip()
            host = base.lower() if base.lower() in self.directory else self.directory.named(base) or self.directory.named(name)
            if host is None:
                reasons.append(f"OpenRouter provider '{name}' is not in the organisation directory" + suggest(base.lower(), self.directory.ids))
                continue
            found.append(cand.model_copy(update={"operator": host, "id": f"{leaf}@{host}+{cand.broker}"}))
        if not route.hosts:
            reasons.append("no provider pinned: OpenRouter picks the host per request (pin one with 'only', or 'order' with allow_fallbacks: false)")
        elif not route.pinned:
            reasons.append("OpenRouter may fall back to hosts the config does not name (use 'only', or allow_fallbacks: false)")
        return found, reasons

    def resolve(self, route: Route) -> Resolution:
        """The candidates a route may reach, and why any part of it is unknown."""
        provider, rest, why = self._provider(route)
        if provider is None:
            return Resolution(route, (), (why,))
        cand, reasons, stated, region_note = self._build(route, provider, rest)
        cloud = (provider_spec(provider) or ProviderSpec(None, "")).cloud is not None
        if cand is None or reasons:
            return Resolution(route, (), tuple(reasons))
        if cand.route == "aggregator":
            if cand.broker != "openrouter":
                return Resolution(route, (), (f"gateway '{provider}' picks the host and riskscore cannot tell which",))
            hosts, unknown = self._hosts(route, cand)
            options = tuple(self._option(h, stated, region_note, cloud) for h in hosts)
            return Resolution(route, options, tuple(unknown))
        return Resolution(route, (self._option(cand, stated, region_note, cloud),), ())
