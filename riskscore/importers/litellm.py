"""LiteLLM: `model_prices_and_context_window.json` to candidates, one per chat model entry.

How each fact is read:

- Operator and route: the entry's `litellm_provider` through tables.LITELLM_PROVIDERS (bedrock -> amazon-bedrock,
  azure / azure_ai -> azure, vertex_ai* -> google-vertex: cloud_platform; the developer's own API: first_party;
  hosts: inference_host, or first_party when the host runs its own model; openrouter and other gateways:
  aggregator with the gateway as broker and the host unknown; ollama / lemonade: self-hosted). A provider the
  table does not know is imported as an inference host of unknown country and reported.
- Developer: a Bedrock vendor prefix (`anthropic.claude...`), else the model family (`claude` -> anthropic),
  else the Hugging Face organisation in the key (`deepinfra/Qwen/...`), else the first-party provider's
  developer, else unknown.
- Regions: Bedrock region segments (`bedrock/eu-west-1/...`) and geography prefixes (`eu.`, `us.`, `apac.`,
  `jp.`, `au.`, `us-gov.`, `global.`), Azure data zones (`azure/eu/`, `azure/us/`, `azure/global/`), through the
  region table; otherwise unpinned.
- Prices: per token -> per million; every other cost field (tiers, batch, priority, flex, cache writes,
  per-unit prices, regional multipliers) is written into `price.note`. `deprecation_date` -> retired_on.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Problem
from .common import (
    UNKNOWN_DEVELOPER,
    UNSPECIFIED_HOST,
    Builder,
    Directory,
    ImportStats,
    as_float,
    date_from_names,
    id_part,
    is_number,
    per_million,
    slug,
)
from .fields import KNOWN_KEYS, KNOWN_PREFIXES
from .pricing import LITELLM_MAIN, litellm_price_facts
from .reading import Raw, read_json
from .regions import Placement, region_table
from .tables import AUTHORS, ProviderSpec, family_developer, provider_spec

LITELLM_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
TOP_LEVEL = {"sample_spec", "last_updated"}
_STOP_SEGMENTS = {"models", "accounts", "ps", "@cf", "@hf", "invoke", "*", "eu", "us", "global", "global-standard"}
_GEOGRAPHY_PREFIXES = {"us", "eu", "apac", "jp", "au", "us-gov", "global"}
_TOP_KEY = re.compile(r'^(\s*)"((?:[^"\\]|\\.)*)"\s*:\s*\{')


def _key_lines(text: str) -> dict[str, int]:
    """Line of each top-level key, by a fast scan of a pretty-printed file (a minified one gives line 1)."""
    lines: dict[str, int] = {}
    indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _TOP_KEY.match(line)
        if match and (indent is None or len(match.group(1)) == indent):
            indent = len(match.group(1))
            lines.setdefault(match.group(2), number)
    return lines


def _split(key: str, provider: str) -> tuple[list[str], str]:
    """The key's path segments (without the provider prefix) and its leaf (the model name)."""
    segments = key.split("/")
    path, leaf = segments[:-1], segments[-1]
    norm = lambda s: s.lower().replace("-", "_")
    if path and (norm(path[0]) == norm(provider) or norm(provider).startswith(norm(path[0]))):
        path = path[1:]
    return path, leaf


class LiteLLMImport:
    """One import of a LiteLLM price table."""

    def __init__(self, raw: Raw, directory: Directory, as_of: date, stats: ImportStats):
        self.raw, self.directory, self.date, self.stats = raw, directory, as_of, stats
        self.name = raw.path.name
        self.lines = _key_lines(raw.text)
        self.regions = region_table()

    def _source(self, key: str, entry: dict[str, Any]) -> dict[str, Any]:
        cited = entry.get("source")
        note = f"model_prices_and_context_window.json snapshot {self.date} ({self.name}), imported by riskscore import litellm"
        if isinstance(cited, str) and cited.strip():
            note += f"; the entry cites {cited.strip()}"
        return {"title": f"LiteLLM price table entry '{key}'", "url": LITELLM_URL, "date": self.date, "quality": "aggregator", "note": note}

    def _org(self, b: Builder, provider: str, why: str) -> str:
        source = {"title": f"LiteLLM price table: provider '{provider}'", "url": LITELLM_URL, "date": self.date, "quality": "aggregator"}
        return b.organisation(slug(provider), provider, source, why)

    def _developer(self, b: Builder, path: list[str], leaf: str, spec: ProviderSpec | None, operator: str, provider: str) -> tuple[str, str]:
        """The developer id and how it was found (see the module docstring)."""
        name = leaf.split(".", 1)[1] if leaf.split(".")[0] in _GEOGRAPHY_PREFIXES and "." in leaf else leaf
        vendor, dot, _ = name.partition(".")
        vendor = vendor.lower()
        if dot and vendor in AUTHORS and AUTHORS[vendor] in self.directory:
            return AUTHORS[vendor], f"vendor prefix '{vendor}'"
        if dot and spec is not None and spec.cloud == "aws" and vendor.isalpha():
            return self._author(b, vendor), f"vendor prefix '{vendor}'"
        found = family_developer(name)
        # 'anthropic-claude-3-opus', 'zai-glm-4.6', 'databricks-claude-...': an author or platform word, then the name.
        token, dash, after = name.partition("-")
        if not found and dash and token.lower() in AUTHORS and AUTHORS[token.lower()] in self.directory:
            return AUTHORS[token.lower()], f"author '{token}' in the model name"
        if not found and dash and token.lower().replace("-", "_") in (provider.lower(), provider.lower().split("_")[0]):
            found = family_developer(after)
        if found and found in self.directory:
            return found, "model family"
        segment = path[-1] if path else ""
        if segment and segment.lower() not in _STOP_SEGMENTS and segment.lower() not in self.regions.clouds.get("aws", {}) \
                and "commitment" not in segment and any(ch.isalpha() for ch in segment):
            return self._author(b, segment), f"author '{segment}' in the key"
        if spec is not None and spec.route == "first_party":
            return self._author(b, spec.developer) if spec.developer else operator, "the provider's own model"
        source = {"title": "LiteLLM price table", "url": LITELLM_URL, "date": self.date, "quality": "aggregator"}
        return b.organisation(UNKNOWN_DEVELOPER, "Developer not named by the catalogue", source, "a model whose developer the catalogue does not name"), ""

    def _author(self, b: Builder, author: str) -> str:
        """A named author: its directory id through the author table, else an organisation of unknown country."""
        target = AUTHORS.get(author.lower())
        if target in self.directory:
            return target  # type: ignore[return-value]
        if author.lower() in self.directory:
            self.stats.gaps.add(f"author '{author}' is not in the author table: resolved to the directory organisation of the same id; check it")
            return author.lower()
        source = {"title": f"LiteLLM price table: models by '{author}'", "url": LITELLM_URL, "date": self.date, "quality": "aggregator"}
        return b.organisation(slug(author), author, source, f"model author '{author}' named in a LiteLLM key")

    def _placement(self, spec: ProviderSpec | None, path: list[str], leaf: str, operator: str) -> Placement:
        cloud = spec.cloud if spec else None
        if cloud == "aws":
            for segment in path:
                if segment.lower() in self.regions.clouds.get("aws", {}):
                    return self.regions.place(segment, operator, cloud)
            prefix = leaf.split(".")[0].lower()
            if "." in leaf and prefix in _GEOGRAPHY_PREFIXES:
                return self.regions.place(prefix, operator, cloud)
        if cloud == "azure":
            for segment in path:
                if segment.lower() in ("eu", "us", "global", "global-standard"):
                    return self.regions.place(segment, operator, cloud)
        return Placement()

    def entry(self, b: Builder, key: str, entry: dict[str, Any]) -> None:
        """Queue the candidate of one chat entry."""
        provider = str(entry.get("litellm_provider", "")).strip()
        line = self.lines.get(key, 1)
        spec = provider_spec(provider)
        path, leaf = _split(key, provider)
        broker = None
        if spec is None:
            operator, route = self._org(b, provider, f"LiteLLM provider '{provider}'"), "inference_host"
            self.stats.gaps.add(f"LiteLLM provider '{provider}' is not in the provider table: imported as an inference host")
        elif spec.route == "aggregator":
            broker = spec.operator if spec.operator in self.directory else self._org(b, provider, f"LiteLLM gateway '{provider}'")
            host_source = {"title": f"LiteLLM price table: provider '{provider}' (hosts not named)", "url": LITELLM_URL, "date": self.date, "quality": "aggregator"}
            operator, route = b.organisation(UNSPECIFIED_HOST, "Host chosen by the broker (not named by the catalogue)", host_source,
                                             "the catalogue does not name the host of the endpoint"), "aggregator"
        elif spec.route == "local" and not leaf.endswith("-cloud"):
            operator, route = "buyer", "self_hosted"
        else:
            known = spec.operator if spec.operator in self.directory else None
            operator = known or self._org(b, spec.operator or provider, f"LiteLLM provider '{provider}'")
            route = {"first_party": "first_party", "cloud_platform": "cloud_platform"}.get(spec.route, "inference_host")
        developer, how = self._developer(b, path, leaf, spec, operator, provider)
        if spec is not None and spec.route == "host" and developer == operator:
            route = "first_party"
        placement = self._placement(spec, path, leaf, operator)
        price: dict[str, Any] = {"currency": "USD", "as_of": self.date}
        for field, column in zip(("input", "output", "cached_input"), LITELLM_MAIN):
            value = as_float(per_million(entry.get(column)))
            if value is not None:
                price[field] = value
        facts = litellm_price_facts(entry)
        if isinstance(entry.get("supported_regions"), list):
            facts.append(f"supported_regions {', '.join(map(str, entry['supported_regions']))} (availability, not a processing region)")
        if facts:
            price["note"] = "LiteLLM also lists: " + "; ".join(facts) + "."
        notes = [f"Imported from LiteLLM's price table ({self.name}, snapshot {self.date}): entry '{key}', provider '{provider}'."]
        notes.append(f"Developer from the {how}." if how else "Developer not named by the catalogue.")
        if route == "aggregator":
            notes.append("The gateway picks the host per request, so the operator is unknown.")
        notes.append(f"Regions: {placement.note}." if placement.note else "No region in the entry: processing countries are the operator's documented footprint, else unknown.")
        notes.append("LiteLLM gives no data policy, contract or certification facts.")
        data: dict[str, Any] = {"model": key, "developer": developer, "operator": operator, "broker": broker, "route": route,
                                "global_endpoint": placement.global_endpoint}
        if placement.countries is not None:
            data["regions"] = list(placement.countries)
        deprecation = entry.get("deprecation_date")
        if isinstance(deprecation, str) and deprecation.strip():
            try:
                data["retired_on"] = date.fromisoformat(deprecation.strip()[:10])
            except ValueError:
                notes.append(f"Deprecation date {deprecation!r} not understood.")
        sources = [self._source(key, entry), *placement.sources]
        data.update(price=price, sources=sources, as_of=self.date, notes=" ".join(notes))
        base = f"{id_part(leaf)}@{operator}" + (f"+{broker}" if broker else "")
        b.add(base, (".".join(path), ".".join(key.split("/")[:-1])), data, self.raw.label, line)


def import_litellm(paths: list[Path], directory: Directory, snapshot_date: date | None, problems: list[Problem]) -> tuple[dict[str, Any], ImportStats, dict[str, tuple[str, int]]]:
    """Import one LiteLLM price table; problems are appended to `problems` (the result is empty when there are any)."""
    stats = ImportStats("litellm")
    empty: dict[str, Any] = {"organizations": [], "candidates": []}
    if len(paths) != 1:
        problems.append(Problem(str(paths[1] if paths else "<litellm>"), 1, 1, "", "give exactly one LiteLLM price table"))
        return empty, stats, {}
    raw = read_json(paths[0], problems)
    if raw is None:
        return empty, stats, {}
    stats.files.append(raw.label)
    if not isinstance(raw.data, dict):
        problems.append(Problem(raw.label, 1, 1, "", f"expected a JSON object of model entries, found {type(raw.data).__name__}"))
        return empty, stats, {}
    as_of = snapshot_date
    updated = raw.data.get("last_updated")
    if as_of is None and isinstance(updated, str):
        try:
            as_of = date.fromisoformat(updated.strip()[:10])
        except ValueError:
            problems.append(raw.problem(("last_updated",), "last_updated", f"not a date: {updated!r}"))
    as_of = as_of or date_from_names([raw.path.name])
    if as_of is None:
        problems.append(Problem(raw.label, 1, 1, "", "cannot tell the snapshot date (no 'last_updated', no date in the file name): give --date YYYY-MM-DD"))
    stats.snapshot_date = as_of
    if problems or as_of is None:
        return empty, stats, {}
    job, builder = LiteLLMImport(raw, directory, as_of, stats), Builder(directory, stats, as_of)
    for key in sorted(raw.data):
        entry = raw.data[key]
        if key in TOP_LEVEL:
            continue
        if not isinstance(entry, dict):
            stats.skipped["top-level value that is not a model entry"] += 1
            continue
        stats.entries += 1
        if key.startswith("together-ai-"):  # together_ai's size-band prices ('together-ai-up-to-4b')
            stats.skipped["price band by model size, not a model"] += 1
            continue
        if entry.get("mode") != "chat":
            stats.skipped[f"mode '{entry.get('mode')}' (only chat entries are imported)"] += 1
            continue
        if not isinstance(entry.get("litellm_provider"), str) or not entry["litellm_provider"].strip():
            problems.append(raw.problem((key,), f"{key}.litellm_provider", "a chat entry needs a 'litellm_provider'"))
            continue
        for field in entry:
            if field not in KNOWN_KEYS and not field.startswith(KNOWN_PREFIXES) and "cost" not in field:
                stats.unknown_fields[f"{raw.path.name}: {field}"] += 1
        for field in LITELLM_MAIN:
            if entry.get(field) is not None and not is_number(entry[field]):
                problems.append(raw.problem((key, field), f"{key}.{field}", f"not a number: {entry[field]!r}"))
        job.entry(builder, key, entry)
    if problems:
        return empty, stats, {}
    data, origins = builder.result()
    problems.extend(builder.problems)
    return data, stats, origins
