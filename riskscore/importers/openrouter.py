"""OpenRouter: the models list, the per-endpoint table and the provider directory, to candidates.

One candidate per model x host endpoint (route `aggregator`, broker `openrouter`, operator the host,
developer the model's author). How each fact is read:

- Operator: the host slug (`provider_slug`), resolved in this order: a suffix that is itself a directory id
  (`amazon-bedrock/claude-on-aws`); a display name that names one directory organisation when it differs
  from the provider name (`anthropic/2` shown as "Claude Platform on AWS"); the slug before `/`
  (`deepinfra/turbo` -> deepinfra); the provider name (`sambanova-turbo` "SambaNova" -> sambanova); else an
  organisation made from the provider directory's record, or of unknown country.
- Developer: the model id's author through tables.AUTHORS; an author missing there is used as is when it is
  a directory id (reported as a gap to check), else becomes an organisation of unknown country.
- Regions: `provider_region` through the region table (`global` -> the operator's footprint). The provider
  directory's `datacenters` are OpenRouter's labels, not the host's documentation, and an incomplete list
  would read as a closed footprint, so they are only noted.
- Prices: per token -> per million; every other price (cache writes, prompt-length tiers, batch, per-unit
  prices, discounts) is written into `price.note`. Free endpoints and discounts are marked promotional.
- Data policy: the endpoint's training / retains-prompts flags; where the provider directory disagrees, the
  fact is left unknown and the note says so.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..codes import country_codes
from ..errors import Problem
from ..yamlsafe import file_kind_problem
from .common import (
    UNKNOWN_DEVELOPER,
    UNSPECIFIED_HOST,
    Builder,
    Directory,
    ImportStats,
    date_from_names,
    id_part,
    is_number,
    slug,
)
from .fields import (
    ENDPOINT_COLUMNS,
    FLAG_COLUMNS,
    MODEL_KEYS,
    PRICE_COLUMNS,
    PROVIDER_KEYS,
)
from .reading import (
    ENDPOINTS,
    MODELS,
    PROVIDERS,
    Raw,
    Table,
    detect,
    kind_of_json,
    read_csv,
    read_json,
)
from .regions import region_table
from .rows import endpoint_data_policy, endpoint_price, flag
from .tables import AUTHORS

_ID = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')
DIRECTORY_URL = "https://openrouter.ai/api/frontend/all-providers"
BROKER = "openrouter"


def _id_lines(text: str) -> dict[str, int]:
    """Line of each model id in the models JSON, by a scan of the text (locating through a parse is slow)."""
    lines: dict[str, int] = {}
    for match in _ID.finditer(text):
        lines.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return lines


class OpenRouterImport:
    """One import of OpenRouter files (any of: models JSON, endpoint CSV, provider directory JSON)."""

    def __init__(self, paths: list[Path], directory: Directory, snapshot_date: date | None, problems: list[Problem]):
        self.problems = problems
        self.stats = ImportStats("openrouter")
        self.directory = directory
        self.models: dict[str, dict[str, Any]] = {}
        self.providers: dict[str, dict[str, Any]] = {}
        self.table: Table | None = None
        self.models_raw: Raw | None = None
        self.providers_raw: Raw | None = None
        self._read(paths)
        self.date = snapshot_date or self._snapshot_date(paths)

    # ------------------------------------------------------------ reading

    def _read(self, paths: list[Path]) -> None:
        seen: dict[str, Path] = {}
        for path in paths:
            kind = detect(path)
            if kind is None and (path.suffix.lower() == ".json" or file_kind_problem(path)):  # reading names why it cannot be read
                raw = read_json(path, self.problems)
                if raw is None:
                    continue
                kind = kind_of_json(raw.data)
            if kind not in (ENDPOINTS, MODELS, PROVIDERS):
                what = "a LiteLLM price table (use `riskscore import litellm`)" if kind else "not an OpenRouter file"
                self.problems.append(Problem(str(path), 1, 1, "", f"{what}: expected the models JSON, the endpoint CSV or the provider directory JSON"))
                continue
            if kind in seen:
                self.problems.append(Problem(str(path), 1, 1, "", f"a second OpenRouter {kind.split('-')[1]} file (first: {seen[kind]}); import one snapshot at a time"))
                continue
            seen[kind] = path
            self.stats.files.append(str(path))
            if kind == ENDPOINTS:
                self.table = read_csv(path, self.problems)
                if self.table is not None:
                    self._check_table(self.table)
            elif kind == MODELS:
                self._read_models(path)
            else:
                self._read_providers(path)
        if seen and not ({ENDPOINTS, MODELS} & set(seen)):
            self.problems.append(Problem(str(seen[PROVIDERS]), 1, 1, "", "a provider directory alone has no models: add the models JSON or the endpoint CSV"))

    def _read_models(self, path: Path) -> None:
        raw = read_json(path, self.problems)
        if raw is None:
            return
        self.models_raw = raw
        prefix: tuple[Any, ...] = ("data",) if isinstance(raw.data, dict) else ()
        items = raw.data.get("data") if isinstance(raw.data, dict) else raw.data
        if not isinstance(items, list):
            self.problems.append(raw.problem(prefix, ".".join(prefix), "expected a list of models"))
            return
        lines = _id_lines(raw.text)
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
                self.problems.append(raw.problem(prefix + (i,), f"{'.'.join(map(str, prefix + (i,)))}", "a model needs a string 'id'"))
                continue
            for key in set(item) - MODEL_KEYS:
                self.stats.unknown_fields[f"{raw.path.name}: {key}"] += 1
            pricing: dict[str, Any] = item["pricing"] if isinstance(item.get("pricing"), dict) else {}
            for key in ("prompt", "completion", "input_cache_read"):
                if key in pricing and pricing[key] is not None and not is_number(pricing[key]):
                    self.problems.append(raw.problem(prefix + (i, "pricing", key), f"pricing.{key}", f"not a number: {pricing[key]!r}"))
            self.models[item["id"]] = {**item, "_line": lines.get(item["id"], 1)}

    def _read_providers(self, path: Path) -> None:
        raw = read_json(path, self.problems)
        if raw is None:
            return
        self.providers_raw = raw
        for i, item in enumerate(raw.data):
            if not isinstance(item, dict) or not isinstance(item.get("slug"), str):
                self.problems.append(raw.problem((i,), str(i), "a provider needs a string 'slug'"))
                continue
            for key in set(item) - PROVIDER_KEYS:
                self.stats.unknown_fields[f"{raw.path.name}: {key}"] += 1
            self.providers[item["slug"]] = item

    def _check_table(self, table: Table) -> None:
        name = table.raw.path.name
        if "model_slug" not in table.header:
            self.problems.append(Problem(table.raw.label, 1, 1, "", "missing column 'model_slug'"))
        for column in table.header:
            if column not in ENDPOINT_COLUMNS:
                self.stats.unknown_fields[f"{name}: {column}"] += sum(1 for r in table.rows if r[column].strip())
        for row, line in zip(table.rows, table.lines):
            for column in PRICE_COLUMNS:
                value = row.get(column, "").strip()
                if value and not is_number(value):
                    self.problems.append(Problem(table.raw.label, line, table.column(column), column, f"not a number: {value!r}"))
            for column in FLAG_COLUMNS:
                value = row.get(column, "").strip()
                if value and flag(value) is None:
                    self.problems.append(Problem(table.raw.label, line, table.column(column), column, f"not true/false: {value!r}"))
            text = row.get("pricing_json", "").strip()
            if text:
                try:
                    parsed = json.loads(text)
                except ValueError as exc:
                    parsed, message = None, f"invalid JSON in the cell: {exc}"
                else:
                    message = "expected a JSON object"
                if not isinstance(parsed, dict):
                    self.problems.append(Problem(table.raw.label, line, table.column("pricing_json"), "pricing_json", message))
                    row["pricing_json"] = ""

    def _snapshot_date(self, paths: list[Path]) -> date | None:
        if self.table is not None and "scrape_date" in self.table.header:
            days = set()
            for row, line in zip(self.table.rows, self.table.lines):
                try:
                    days.add(date.fromisoformat(row["scrape_date"].strip()[:10]))
                except ValueError:
                    self.problems.append(Problem(self.table.raw.label, line, self.table.column("scrape_date"), "scrape_date", f"not a date: {row['scrape_date']!r}"))
            if len(days) > 1:
                self.stats.notes.add(f"the endpoint table mixes scrape dates {min(days)} to {max(days)}; the latest is used")
            if days:
                return max(days)
        return date_from_names(p.name for p in paths)

    # ------------------------------------------------------------ resolving names

    def developer(self, b: Builder, author: str, model: dict[str, Any] | None) -> str:
        """The directory id of a model author (see the module docstring)."""
        author = author.lstrip("~").strip()
        if not author:
            source = {"title": "OpenRouter models list", "url": "https://openrouter.ai/api/v1/models", "date": self.date, "quality": "aggregator"}
            return b.organisation(UNKNOWN_DEVELOPER, "Developer not named by the catalogue", source, "a model id without an author")
        target = AUTHORS.get(author.lower())
        if target is not None and target in self.directory:
            return target
        if author.lower() in self.directory:
            self.stats.gaps.add(f"author '{author}' is not in the author table: resolved to the directory organisation of the same id; check it")
            return author.lower()
        name = str(model.get("name", "")).split(":")[0].strip() if model else ""
        source = {"title": f"OpenRouter models list: models by author '{author}'", "url": f"https://openrouter.ai/{author}",
                  "date": self.date, "quality": "aggregator"}
        return b.organisation(slug(author), name or author, source, f"model author '{author}' in the OpenRouter catalogue")

    def operator(self, b: Builder, row: dict[str, str]) -> tuple[str, str]:
        """The directory id of the host of an endpoint row, and how it was found."""
        provider_slug = row.get("provider_slug", "").strip() or slug(row.get("provider_name", "") or "unknown")
        base, _, suffix = provider_slug.partition("/")
        name, shown = row.get("provider_name", "").strip(), row.get("provider_display_name", "").strip()
        if suffix and suffix in self.directory:
            return suffix, f"operator '{suffix}' from the slug suffix of '{provider_slug}'"
        if shown and shown != name and self.directory.named(shown):
            found = self.directory.named(shown)
            return found, f"operator '{found}' from the display name '{shown}' of '{provider_slug}'"  # type: ignore[return-value]
        if base in self.directory:
            return base, ""
        if self.directory.named(name):
            found = self.directory.named(name)
            return found, f"operator '{found}' from the provider name '{name}' of '{provider_slug}'"  # type: ignore[return-value]
        record = self.providers.get(base) or self.providers.get(provider_slug) or {}
        country = record.get("headquarters") if record.get("headquarters") in country_codes() else None
        source = {"title": f"OpenRouter provider directory snapshot: '{base}'", "url": DIRECTORY_URL, "date": self.date, "quality": "aggregator"}
        extra = "Country is OpenRouter's self-reported headquarters label; the legal entity was not verified." if country else ""
        return b.organisation(slug(base), str(record.get("name") or name or base), source,
                              f"host '{provider_slug}' in the OpenRouter endpoint table", country, extra), ""

    # ------------------------------------------------------------ building candidates

    def endpoint_candidates(self, b: Builder) -> None:
        """One candidate per endpoint row; batch rows become price facts of their standard sibling."""
        assert self.table is not None and self.date is not None
        table, label = self.table, self.table.raw.path.name
        rows = list(zip(self.table.rows, self.table.lines))
        key = lambda r: (r.get("model_slug", ""), r.get("provider_slug", ""), r.get("provider_region", ""))
        standard = {key(r) for r, _ in rows if r.get("variant", "standard").strip() != "batch"}
        batches: dict[tuple[str, str, str], list[dict[str, str]]] = {}
        for row, _ in rows:
            if row.get("variant", "").strip() == "batch" and key(row) in standard:
                batches.setdefault(key(row), []).append(row)
        self.stats.entries = len(rows)
        places = region_table()
        for row, line in rows:
            variant = row.get("variant", "").strip() or "standard"
            if variant == "batch" and key(row) in standard:
                continue
            slug_text = row.get("model_slug", "").strip()
            if not slug_text:
                self.problems.append(Problem(table.raw.label, line, table.column("model_slug"), "model_slug", "empty model slug"))
                continue
            plain = variant in ("standard", "batch") or slug_text.endswith((f"-{variant}", f":{variant}"))
            model_id = slug_text if plain else f"{slug_text}:{variant}"
            model_info = self.models.get(model_id) or self.models.get(slug_text)
            operator, how = self.operator(b, row)
            developer = self.developer(b, slug_text.split("/")[0] if "/" in slug_text else "", model_info)
            broker = b.organisation(BROKER, "OpenRouter", {"title": "OpenRouter", "url": "https://openrouter.ai", "date": self.date, "quality": "aggregator"}, "the broker")
            provider_slug = row.get("provider_slug", "").strip()
            provider = self.providers.get(provider_slug.partition("/")[0]) or {}
            placement = places.place(row.get("provider_region"), operator)
            policy, policy_note, used_directory = endpoint_data_policy(row, provider)
            try:
                pricing = json.loads(row["pricing_json"]) if row.get("pricing_json", "").strip() else {}
            except ValueError:
                pricing = {}
            sources = [{
                "title": f"OpenRouter endpoint listing: {slug_text} served by {provider_slug or operator}",
                "url": f"https://openrouter.ai/{slug_text}", "date": self.date, "quality": "aggregator",
                "note": f"OpenRouter endpoint table snapshot {self.date} ({label}, line {line}), imported by riskscore import openrouter",
            }]
            if used_directory or provider.get("datacenters"):
                sources.append({"title": "OpenRouter provider directory snapshot (data policy and datacenter label)",
                                "url": DIRECTORY_URL, "date": self.date, "quality": "aggregator"})
            sources += [s for s in placement.sources if s["url"] not in {x["url"] for x in sources}]
            notes = [f"Imported from OpenRouter's endpoint table ({label}, line {line}, snapshot {self.date}): "
                     f"{row.get('provider_display_name') or row.get('provider_name') or provider_slug} ('{provider_slug}') serving "
                     f"{model_id} through OpenRouter (broker)."]
            notes += [f"{how[0].upper()}{how[1:]}."] if how else []
            notes.append(f"Regions: {placement.note}." if placement.note else
                         "No region given: processing countries are the operator's documented footprint, else unknown.")
            datacenters = provider.get("datacenters")
            if isinstance(datacenters, list) and datacenters:
                notes.append(f"OpenRouter's provider directory labels the host's datacenters {', '.join(map(str, datacenters))} "
                             "(a label, not recorded as regions).")
            extras = [f"quantisation {row['quantization']}" if row.get("quantization", "unknown").strip() not in ("", "unknown") else "",
                      f"OpenRouter endpoint status {row['status']} at snapshot time" if row.get("status", "0").strip() not in ("", "0") else "",
                      *(f"{c.removeprefix('is_')} per OpenRouter" for c in ("is_deranked", "is_disabled", "is_hidden", "is_byok") if flag(row.get(c, "")))]
            if any(extras):
                notes.append("Endpoint: " + "; ".join(e for e in extras if e) + ".")
            notes.append(policy_note)
            data: dict[str, Any] = {"model": model_id, "developer": developer, "operator": operator, "broker": broker, "route": "aggregator"}
            self._model_facts(model_info, data, notes)
            if placement.countries is not None:
                data["regions"] = list(placement.countries)
            data["global_endpoint"] = placement.global_endpoint
            data.update(price=endpoint_price(row, pricing, batches.get(key(row), []), self.date), data_policy=policy,
                        sources=sources, as_of=self.date, notes=" ".join(notes))
            leaf = model_id.split("/")[-1] + ("-batch" if variant == "batch" else "")
            suffix = provider_slug.partition("/")[2]
            b.add(f"{id_part(leaf)}@{operator}+{BROKER}", (suffix, row.get("provider_region", "").strip(), row.get("endpoint_id", "")[:8]),
                  data, table.raw.label, line)

    def _model_facts(self, model: dict[str, Any] | None, data: dict[str, Any], notes: list[str]) -> None:
        """Facts from the models list: name, Hugging Face id, expiration date."""
        if not model:
            return
        facts = [f"OpenRouter name '{model['name']}'" if model.get("name") else ""]
        if model.get("hugging_face_id"):
            facts.append(f"weights listed on Hugging Face as {model['hugging_face_id']} (open_weights not set: the licence was not read)")
        expires = model.get("expiration_date")
        if isinstance(expires, str):
            try:
                data["retired_on"] = date.fromisoformat(expires[:10])
                facts.append(f"OpenRouter lists it as expiring on {expires[:10]}")
            except ValueError:
                facts.append(f"expiration date {expires!r} not understood")
        if any(facts):
            notes.append("Model: " + "; ".join(f for f in facts if f) + ".")

    def model_candidates(self, b: Builder) -> None:
        """Without the endpoint table: one candidate per model, its host unknown (OpenRouter picks one per request)."""
        assert self.models_raw is not None and self.date is not None
        label, raw = self.models_raw.path.name, self.models_raw
        self.stats.entries = len(self.models)
        host_source = {"title": "OpenRouter models list (hosts not named)", "url": "https://openrouter.ai/api/v1/models",
                       "date": self.date, "quality": "aggregator"}
        for model_id in sorted(self.models):
            model = self.models[model_id]
            line = model["_line"]
            host = b.organisation(UNSPECIFIED_HOST, "Host chosen by the broker (not named by the catalogue)", host_source,
                                  "the catalogue does not name the host of the endpoint")
            self.stats.gaps.add("the models list does not name hosts: add the endpoint CSV for one candidate per host")
            pricing: dict[str, Any] = model["pricing"] if isinstance(model.get("pricing"), dict) else {}
            notes = [f"Imported from OpenRouter's models list ({label}, snapshot {self.date}): {model_id} through OpenRouter; "
                     "the host is whichever provider OpenRouter routes a request to, so the operator is unknown."]
            data: dict[str, Any] = {"model": model_id, "developer": self.developer(b, model_id.split("/")[0] if "/" in model_id else "", model),
                                    "operator": host, "broker": b.organisation(BROKER, "OpenRouter", host_source, "the broker"), "route": "aggregator"}
            self._model_facts(model, data, notes)
            data.update(price=endpoint_price({}, pricing, [], self.date), sources=[{**host_source, "title": f"OpenRouter models list entry '{model_id}'",
                        "url": f"https://openrouter.ai/{model_id}", "note": f"{label}, imported by riskscore import openrouter"}],
                        as_of=self.date, notes=" ".join(notes))
            b.add(f"{id_part(model_id.split('/')[-1])}@{host}+{BROKER}", (model_id.split("/")[0],), data, raw.label, line)


def import_openrouter(paths: list[Path], directory: Directory, snapshot_date: date | None, problems: list[Problem]) -> tuple[dict[str, Any], ImportStats, dict[str, tuple[str, int]]]:
    """Import OpenRouter files; problems are appended to `problems` (the result is empty when there are any)."""
    job = OpenRouterImport(paths, directory, snapshot_date, problems)
    job.stats.snapshot_date = job.date
    if job.date is None and not problems:
        problems.append(Problem(str(paths[0]), 1, 1, "", "cannot tell the snapshot date (no scrape_date column, no date in the file names): give --date YYYY-MM-DD"))
    if problems or job.date is None:
        return {"organizations": [], "candidates": []}, job.stats, {}
    builder = Builder(directory, job.stats, job.date)
    if job.table is not None:
        job.endpoint_candidates(builder)
        if job.models:
            listed = {r.get("model_slug", "").strip() for r in job.table.rows}
            missing = [m for m in job.models if m not in listed and m.split(":")[0] not in listed]
            if missing:
                job.stats.notes.add(f"{len(missing)} model(s) of the models list have no endpoint in the endpoint table (not imported)")
    else:
        job.model_candidates(builder)
    data, origins = builder.result()
    problems.extend(builder.problems)
    return data, job.stats, origins
