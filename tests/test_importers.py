"""Catalogue importers (OpenRouter, LiteLLM): excerpts of the real snapshots, bad files, the CLI, and
the full OpenRouter snapshot imported and scored when the snapshot folder is present."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskscore import assess, load_inputs
from riskscore.cli import main
from riskscore.errors import InputError
from riskscore.importers import detect_catalogue, import_catalogue
from riskscore.importers.common import id_part, slug
from riskscore.importers.regions import region_table
from riskscore.importers.tables import AUTHORS, FAMILIES, LITELLM_PROVIDERS
from riskscore.models import CANDIDATE_ID, SLUG, Organization, VendorList

DATA = Path(__file__).parent / "data" / "import"
MODELS = DATA / "openrouter_models_2026-08-08.json"
ENDPOINTS = DATA / "openrouter_endpoints_2026-08-08.csv"
PROVIDERS = DATA / "openrouter_providers_2026-08-08.json"
LITELLM = DATA / "litellm_model_prices_2026-07-24.json"
#: The real snapshots live beside the repository (`../shared/data`) on the maintainers' machines, not in CI.
SNAPSHOTS = Path(os.environ.get("RISKSCORE_SNAPSHOTS", Path(__file__).resolve().parents[2] / "shared" / "data"))
EU = set(region_table().geographies[("azure", "eu")][0])


def _by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in data["candidates"]}


@pytest.fixture(scope="module")
def openrouter(directory: dict[str, Organization]) -> tuple[dict[str, Any], Any]:
    """The three OpenRouter excerpts imported against the bundled directory."""
    return import_catalogue("openrouter", [MODELS, ENDPOINTS, PROVIDERS], directory)


@pytest.fixture(scope="module")
def litellm(directory: dict[str, Organization]) -> tuple[dict[str, Any], Any]:
    """The LiteLLM excerpt imported against the bundled directory."""
    return import_catalogue("litellm", [LITELLM], directory)


# ---------------------------------------------------------------- OpenRouter


def test_openrouter_every_endpoint_is_an_aggregator_candidate(openrouter: Any) -> None:
    data, stats = openrouter
    VendorList.model_validate(data)
    ids = [c["id"] for c in data["candidates"]]
    assert len(ids) == len(set(ids)) and all(re.match(CANDIDATE_ID, i) for i in ids)
    for c in data["candidates"]:
        assert (c["route"], c["broker"]) == ("aggregator", "openrouter") and c["id"].split("@")[1].startswith(c["operator"])
        assert c["as_of"] == date(2026, 8, 8) and c["sources"][0]["quality"] == "aggregator"
        assert "openrouter_endpoints_2026-08-08.csv, line" in c["sources"][0]["note"]
    assert stats.snapshot_date == date(2026, 8, 8) and not stats.unknown_fields


def test_openrouter_operators_resolve_to_the_host_slug(openrouter: Any) -> None:
    cands = _by_id(openrouter[0])
    assert cands["claude-sonnet-4@amazon-bedrock+openrouter"]["operator"] == "amazon-bedrock"
    assert cands["llama-3.3-70b-instruct@sambanova+openrouter"]["operator"] == "sambanova"  # 'sambanova-turbo'
    # 'anthropic/2' and 'anthropic/claude-on-aws' are shown as Claude Platform on AWS; so is 'amazon-bedrock/claude-on-aws'.
    assert {c["operator"] for i, c in cands.items() if i.startswith(("claude-sonnet-4.5@claude", "claude-opus-5@claude"))} == {"claude-on-aws"}
    assert any(c["operator"] == "deepinfra" and "'deepinfra/turbo'" in c["notes"] for c in cands.values())


def test_openrouter_developers_through_the_author_table(openrouter: Any) -> None:
    data, stats = openrouter
    cands = _by_id(data)
    assert cands["glm-5.2@z-ai+openrouter"]["developer"] == "zhipu"
    assert cands["kimi-k2.6@moonshotai+openrouter"]["developer"] == "moonshot-ai-cn"
    assert cands["minimax-m2.5@minimax+openrouter"]["developer"] == "minimax-group"
    assert cands["qwen-plus-2025-07-28-thinking@alibaba+openrouter"]["developer"] == "alibaba-group"
    assert cands["deepseek-v4-flash-latest@deepseek+openrouter"]["developer"] == "deepseek"  # '~deepseek/' alias
    # An author the directory lacks: an organisation of unknown country, reported as a data gap.
    created = {o["id"]: o for o in data["organizations"]}
    assert "country" not in created["thedrummer"] and created["thedrummer"]["notes"].startswith("DATA GAP")
    assert "thedrummer" in stats.created and "openrouter" not in created


def test_openrouter_regions_through_the_region_table(openrouter: Any) -> None:
    cands = _by_id(openrouter[0])
    assert cands["claude-sonnet-4@amazon-bedrock+openrouter.eu-west-1"]["regions"] == ["IE"]
    assert "regions" not in cands["claude-sonnet-4@amazon-bedrock+openrouter"]  # no region given: unknown
    assert cands["gpt-4.1@azure+openrouter.swedencentral"]["regions"] == ["SE"]
    assert cands["claude-haiku-4.5@google-vertex+openrouter"]["regions"] == ["BE"]  # europe-west1
    assert set(cands["claude-fable-5@google-vertex+openrouter.europe"]["regions"]) == EU  # Vertex 'eu' multi-region
    unpinned = cands["claude-fable-5@google-vertex+openrouter"]
    assert unpinned["global_endpoint"] is True and "regions" not in unpinned  # 'global': the operator's footprint
    flux = next(c for c in cands.values() if c["operator"] == "black-forest-labs")
    assert "regions" not in flux and "'us-3' is not in the region table" in flux["notes"]


def test_openrouter_prices_per_million_with_every_other_price_kept(openrouter: Any) -> None:
    cands = _by_id(openrouter[0])
    price = cands["claude-sonnet-4@amazon-bedrock+openrouter"]["price"]
    assert (price["input"], price["output"], price["cached_input"]) == (3.0, 15.0, 0.3)
    assert "from 200,000 prompt tokens: input 6, output 22.5" in price["note"] and "Cache Write 3.75/M tokens" in price["note"]
    # The batch endpoint of a host is a price fact of its standard endpoint, not a second candidate.
    assert "batch (model id anthropic/claude-sonnet-4.5:batch): input 1.5, output 7.5" in cands["claude-sonnet-4.5@anthropic+openrouter"]["price"]["note"]
    assert not any(i.startswith("claude-sonnet-4.5-batch@") for i in cands)
    free = cands["ling-3.0-tiny-free@novita+openrouter"]
    assert free["model"] == "inclusionai/ling-3.0-tiny:free" and free["price"]["input"] == 0 and free["price"]["promotional"] is True
    assert cands["deepseek-chat@streamlake+openrouter"]["price"]["promotional"] is True  # a discount is listed
    assert "discount 0.1 listed" in cands["deepseek-chat@streamlake+openrouter"]["price"]["note"]


def test_openrouter_data_policy_and_model_facts(openrouter: Any) -> None:
    cands = _by_id(openrouter[0])
    assert cands["llama-nemotron-embed-vl-1b-v2-free@nvidia+openrouter"]["data_policy"]["trains_on_customer_data"] is True
    assert cands["gpt-4.1@azure+openrouter"]["data_policy"] == {"retention_days": 0, "trains_on_customer_data": False}
    # Retains prompts: the number of days comes from the provider directory.
    assert cands["claude-sonnet-4.5@anthropic+openrouter"]["data_policy"]["retention_days"] == 30
    expiring = [c for c in cands.values() if "retired_on" in c]
    assert expiring and all("expiring on" in c["notes"] for c in expiring)


def test_same_endpoint_rows_get_deterministic_distinct_ids(openrouter: Any) -> None:
    ids = set(_by_id(openrouter[0]))
    # Two Together endpoints of the same model, same everything but the endpoint: told apart by its id.
    assert {"gemma-4-31b-it@together+openrouter.576fca5b", "gemma-4-31b-it@together+openrouter.f0196f2b"} <= ids


def _shuffled_copies(tmp_path: Path, seed: int) -> list[Path]:
    rnd = random.Random(seed)
    text = ENDPOINTS.read_text(encoding="utf-8")
    header, *rows = text.splitlines(keepends=True)
    rnd.shuffle(rows)
    models = json.loads(MODELS.read_text())
    rnd.shuffle(models["data"])
    folder = tmp_path / str(seed)
    folder.mkdir()
    (folder / ENDPOINTS.name).write_text(header + "".join(rows), encoding="utf-8")
    (folder / MODELS.name).write_text(json.dumps(models["data"]), encoding="utf-8")  # the bare `data` array
    return [PROVIDERS, folder / ENDPOINTS.name, folder / MODELS.name]


def test_output_is_byte_identical_whatever_the_row_order(tmp_path: Path, directory: dict[str, Organization]) -> None:
    outputs = set()
    for seed in (1, 2, 3):
        data, _ = import_catalogue("openrouter", _shuffled_copies(tmp_path, seed), directory)
        # Sources cite the row's line, which moves with the row: the rest must not change.
        text = json.dumps(data, default=str, sort_keys=False)
        outputs.add(re.sub(r"line \d+", "line N", text))
    assert len(outputs) == 1


def test_models_list_alone_gives_one_candidate_per_model_with_unknown_host(directory: dict[str, Organization]) -> None:
    data, stats = import_catalogue("openrouter", [MODELS], directory)
    assert data["candidates"] and {c["operator"] for c in data["candidates"]} == {"unspecified-host"}
    assert any("does not name hosts" in g for g in stats.gaps)
    host = next(o for o in data["organizations"] if o["id"] == "unspecified-host")
    assert "country" not in host


def test_older_and_newer_snapshots(tmp_path: Path, directory: dict[str, Organization]) -> None:
    """A newer column is ignored with a count; a column an older snapshot lacks leaves the fact unknown."""
    rows = list(csv.DictReader(io.StringIO(ENDPOINTS.read_text(encoding="utf-8"))))
    keep = [c for c in rows[0] if c not in ("price_cache_read", "pricing_json", "provider_region", "data_policy_training")]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=keep + ["p999_latency"], extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({**r, "p999_latency": "12"} for r in rows)
    path = tmp_path / "endpoints_2026-08-08.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    data, stats = import_catalogue("openrouter", [path], directory)
    assert stats.unknown_fields == {"endpoints_2026-08-08.csv: p999_latency": len(rows)}
    assert all("cached_input" not in c["price"] and "regions" not in c for c in data["candidates"])
    assert all("trains_on_customer_data" not in c.get("data_policy", {}) for c in data["candidates"])


def test_unknown_model_fields_are_counted(tmp_path: Path, directory: dict[str, Organization]) -> None:
    models = json.loads(MODELS.read_text())
    for m in models["data"]:
        m["new_field"] = 1
    path = tmp_path / MODELS.name
    path.write_text(json.dumps(models), encoding="utf-8")
    _, stats = import_catalogue("openrouter", [path, ENDPOINTS], directory)
    assert stats.unknown_fields[f"{MODELS.name}: new_field"] == len(models["data"])


# ---------------------------------------------------------------- bad files


def _problems(kind: str, paths: list[Path], **kw: Any) -> list[str]:
    with pytest.raises(InputError) as err:
        import_catalogue(kind, paths, **kw)
    return [str(p) for p in err.value.problems]


def test_malformed_json_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "models_2026-08-08.json"
    bad.write_text('{"data": [\n  {"id": "a/b",\n   "pricing": {"prompt": "1"}\n  },\n  {"id": }\n]}\n', encoding="utf-8")
    assert _problems("openrouter", [bad]) == [f"{bad}:5:10: invalid JSON: Expecting value"]


def test_bad_csv_rows_and_values_are_located(tmp_path: Path) -> None:
    lines = ENDPOINTS.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("price_prompt")] = "$3"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, cells, ["only", "three", "cells"]])
    bad = tmp_path / "endpoints_2026-08-08.csv"
    bad.write_text(out.getvalue(), encoding="utf-8")
    problems = _problems("openrouter", [bad])
    assert f"{bad}:2:{header.index('price_prompt') + 1}: price_prompt: not a number: '$3'" in problems
    assert f"{bad}:3:1: row has 3 cells; the header has {len(header)}" in problems


def test_litellm_bad_price_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "prices.json"
    bad.write_text('{\n  "last_updated": "2026-07-24",\n  "m": {\n    "litellm_provider": "openai",\n    "mode": "chat",\n    "input_cost_per_token": "cheap"\n  }\n}\n', encoding="utf-8")
    assert _problems("litellm", [bad]) == [f"{bad}:6:29: m.input_cost_per_token: not a number: 'cheap'"]


def test_snapshot_date_is_never_guessed(tmp_path: Path, directory: dict[str, Organization]) -> None:
    models = tmp_path / "models.json"
    models.write_text(MODELS.read_text(), encoding="utf-8")
    assert any("give --date YYYY-MM-DD" in p for p in _problems("openrouter", [models], directory=directory))
    data, stats = import_catalogue("openrouter", [models], directory, snapshot_date=date(2026, 8, 1))
    assert stats.snapshot_date == date(2026, 8, 1) and data["candidates"][0]["as_of"] == date(2026, 8, 1)


def test_wrong_files_are_refused(tmp_path: Path) -> None:
    assert any("a LiteLLM price table" in p for p in _problems("openrouter", [LITELLM]))
    assert any("a provider directory alone has no models" in p for p in _problems("openrouter", [PROVIDERS]))
    assert any("a second OpenRouter endpoints file" in p for p in _problems("openrouter", [ENDPOINTS, ENDPOINTS]))


# ---------------------------------------------------------------- LiteLLM


def test_litellm_routes_operators_and_developers(litellm: Any) -> None:
    data, stats = litellm
    VendorList.model_validate(data)
    c = _by_id(data)
    expect = {
        "gpt-4o@openai": ("openai", "openai", "first_party"),
        "claude-sonnet-4-5@google-vertex": ("anthropic", "google-vertex", "cloud_platform"),
        "gemini-2.5-flash@google-ai-studio": ("google", "google-ai-studio", "first_party"),
        "kimi-k2.6@moonshotai": ("moonshot-ai-cn", "moonshotai", "first_party"),
        "glm-5@z-ai": ("zhipu", "z-ai", "first_party"),
        "qwen-plus@alibaba": ("alibaba-group", "alibaba", "first_party"),
        "minimax-m2.5@minimax": ("minimax-group", "minimax", "first_party"),
        "deepseek-v3.2@azure": ("deepseek", "azure", "cloud_platform"),
        "deepseek-v3@together": ("deepseek", "together", "inference_host"),
        "qwen2.5-72b-instruct@deepinfra": ("alibaba-group", "deepinfra", "inference_host"),
        "sonar@perplexity": ("perplexity", "perplexity", "first_party"),  # a host running its own model
        "anthropic-claude-3-opus@digitalocean": ("anthropic", "digitalocean", "inference_host"),
        "codegeex4@buyer": ("zhipu", "buyer", "self_hosted"),
    }
    for cid, (developer, operator, route) in expect.items():
        assert (c[cid]["developer"], c[cid]["operator"], c[cid]["route"]) == (developer, operator, route), cid
    gateway = c["claude-3-haiku@unspecified-host+openrouter"]
    assert (gateway["route"], gateway["broker"], gateway["developer"]) == ("aggregator", "openrouter", "anthropic")
    assert {"deepseek-chat@deepseek", "deepseek-chat@deepseek.deepseek"} <= set(c)  # two keys, two candidates
    assert c["mythomax-l2-13b@deepinfra"]["developer"] == "gryphe" and "gryphe" in stats.created
    assert stats.skipped == {"mode 'embedding' (only chat entries are imported)": 1, "price band by model size, not a model": 1}


def test_litellm_regions_from_bedrock_and_azure_keys(litellm: Any) -> None:
    c = _by_id(litellm[0])
    assert c["anthropic.claude-v2-1@amazon-bedrock.eu-central-1"]["regions"] == ["DE"]
    assert c["anthropic.claude-3-haiku-20240307-v1-0@amazon-bedrock"]["regions"] == ["US"]  # us-gov-west-1
    assert c["eu.anthropic.claude-opus-4-6-v1@amazon-bedrock"]["regions"] == ["CH", "DE", "ES", "FR", "GB", "IE", "IT", "SE"]
    assert c["us.anthropic.claude-opus-4-6-v1@amazon-bedrock"]["regions"] == ["US"]
    assert {"JP", "AE", "TW"} <= set(c["apac.anthropic.claude-3-5-sonnet-20240620-v1-0@amazon-bedrock"]["regions"])
    assert c["global.anthropic.claude-opus-4-6-v1@amazon-bedrock"]["global_endpoint"] is True
    assert set(c["gpt-5.4@azure.eu"]["regions"]) == EU and c["gpt-5.4@azure.us"]["regions"] == ["US"]
    assert c["gpt-5.1@azure"]["global_endpoint"] is True  # azure/global/
    assert "regions" not in c["gpt-5.4@azure"] and not c["gpt-5.4@azure"].get("global_endpoint")


def test_litellm_prices_and_price_facts(litellm: Any) -> None:
    c = _by_id(litellm[0])
    assert c["gpt-4o@openai"]["price"]["input"] == 2.5 and c["gpt-4o@openai"]["price"]["output"] == 10.0
    note = c["gemini-3-pro-preview@google-vertex"]["price"]["note"]
    assert "input_cost_per_token_above_200k_tokens 4/M tokens" in note and "input_cost_per_token_batches" in note
    source = c["gpt-4o@openai"]["sources"][0]
    assert source["date"] == date(2026, 7, 24) and source["quality"] == "aggregator" and "LiteLLM price table entry 'gpt-4o'" == source["title"]


# ---------------------------------------------------------------- tables, detection, ids


def test_every_table_target_is_a_directory_id(directory: dict[str, Organization]) -> None:
    targets = set(AUTHORS.values()) | {t for _, t in FAMILIES} | set(region_table().hosts)
    targets |= {s.operator for s in LITELLM_PROVIDERS.values() if s.operator} | {s.developer for s in LITELLM_PROVIDERS.values() if s.developer}
    # 'amazon' (Amazon Nova) is deliberately not in the directory: its country was not sourced.
    assert targets - set(directory) == {"amazon"}


def test_region_table_reads_region_names() -> None:
    table = region_table()
    assert table.place("us-east-1", "amazon-bedrock").countries == ("US",)
    assert table.place("europe-west1", "google-vertex").countries == ("BE",)
    assert table.place("swedencentral", "azure").countries == ("SE",)
    assert table.place("swedencentral", "some-host").countries == ("SE",)  # unambiguous across clouds
    assert table.place("eu-west-1", "some-host").countries is None  # Ireland on AWS, London on Alibaba Cloud
    assert table.place("global", "azure").global_endpoint and table.place("", "azure").countries is None
    assert table.place("moon-base-1", "azure").countries is None
    countries = {c for regions in table.clouds.values() for c in regions.values()}
    assert all(re.match(r"^[A-Z]{2}$", c) for c in countries)
    assert all(sources for _, _, sources in table.geographies.values())


def test_detect_catalogue() -> None:
    assert [detect_catalogue(p) for p in (MODELS, ENDPOINTS, PROVIDERS, LITELLM)] == ["openrouter"] * 3 + ["litellm"]
    assert detect_catalogue(Path(__file__).parent / "data" / "mini" / "vendors.yaml") is None


@given(st.text(max_size=40))
def test_made_ids_always_match_the_id_patterns(text: str) -> None:
    assert re.match(SLUG, slug(text)) and re.match(CANDIDATE_ID, f"{id_part(text)}@{slug(text)}+openrouter")


# ---------------------------------------------------------------- command line


def test_cli_import_writes_a_valid_yaml_or_json_vendor_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(MODELS), str(ENDPOINTS), str(PROVIDERS)]
    assert main(["import", "openrouter", *files, "-o", str(tmp_path / "a.yaml")]) == 0
    assert main(["import", "openrouter", *files, "-o", str(tmp_path / "b.yaml")]) == 0
    assert main(["import", "openrouter", *files, "-o", str(tmp_path / "c.json")]) == 0
    assert "data gap: organisation 'thedrummer' created" in capsys.readouterr().err
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    assert main(["validate", str(tmp_path / "a.yaml")]) == 0
    assert main(["validate", str(tmp_path / "c.json")]) == 0
    assert main(["import", "litellm", str(LITELLM), "-o", str(tmp_path / "l.yaml")]) == 0
    assert main(["validate", str(tmp_path / "l.yaml")]) == 0
    assert not list(tmp_path.glob("*.partial"))


def test_cli_import_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "prices_2026-07-24.json"
    bad.write_text("{\n  \"a\": [1,\n", encoding="utf-8")
    assert main(["import", "litellm", str(bad), "-o", str(tmp_path / "out.yaml")]) == 2
    assert f"{bad}:3:1: invalid JSON" in capsys.readouterr().err and not (tmp_path / "out.yaml").exists()


def test_report_and_validate_accept_catalogue_files(tmp_path: Path) -> None:
    assert main(["validate", str(ENDPOINTS), str(LITELLM)]) == 0
    assert main(["report", str(MODELS), str(ENDPOINTS), str(PROVIDERS), "--out", str(tmp_path), "--format", "json", "--quiet", "--as-of", "2026-11-28"]) == 0
    report = json.loads((tmp_path / "assessment.json").read_text())
    assert "claude-sonnet-4@amazon-bedrock+openrouter.eu-west-1" in {c["id"] for c in report["candidates"]}
    assert {f["path"] for f in report["provenance"]["inputs"]} >= {str(MODELS), str(ENDPOINTS), str(PROVIDERS)}


# ---------------------------------------------------------------- the full snapshots


def _snapshot(name: str) -> Path:
    path = SNAPSHOTS / name
    if not path.is_file():
        pytest.skip(f"full snapshot {name} not found in {SNAPSHOTS} (set RISKSCORE_SNAPSHOTS to the shared data folder)")
    return path


def test_full_openrouter_snapshot_imports_and_scores() -> None:
    files = [_snapshot(n) for n in ("openrouter_api_v1_models_2026-08-08.json", "openrouter_endpoints_2026-08-08.csv", "openrouter_providers_2026-08-08.json")]
    inputs = load_inputs(vendor_paths=files)  # the report path: catalogue files given directly
    assert len(inputs.vendors.candidates) > 1000
    assert {c.route for c in inputs.vendors.candidates} == {"aggregator"}
    assessment = assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 11, 28), inputs.waivers, inputs.rates, inputs.records)
    assert len(assessment.candidates) == len(inputs.vendors.candidates)
    assert {c.verdict for c in assessment.candidates} <= {"prohibited", "high", "medium", "low"}
    _, stats = import_catalogue("openrouter", files)
    assert not stats.unknown_fields and stats.candidates == len(inputs.vendors.candidates)


def test_full_litellm_snapshot_imports() -> None:
    data, stats = import_catalogue("litellm", [_snapshot("litellm_model_prices_and_context_window.json")])
    VendorList.model_validate(data)
    assert stats.candidates > 2000 and stats.snapshot_date == date(2026, 7, 24)


def test_a_paid_endpoint_at_zero_per_token_has_unknown_token_prices() -> None:
    from datetime import date

    from riskscore.importers.rows import endpoint_price

    row = {"price_prompt": "0", "price_completion": "0", "is_free": "False"}
    price = endpoint_price(row, {"prompt": "0", "completion": "0", "display_pricing": [{"kind": "unit"}]}, [], date(2026, 8, 8))
    assert "input" not in price and "output" not in price and "bills another unit" in price["note"]
    free = endpoint_price({**row, "is_free": "True"}, {}, [], date(2026, 8, 8))
    assert free["input"] == 0 and free["output"] == 0 and free["promotional"] is True
