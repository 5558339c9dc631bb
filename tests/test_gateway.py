"""The CI gate over gateway configs: reading routes, resolving them, the gate levels, and the four outputs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from riskscore.cli import main
from riskscore.errors import InputError
from riskscore.gateway import (
    GateResult,
    check,
    load_price_table,
    model_key,
    read_routes,
    render,
)
from riskscore.gateway.gate import UNRESOLVED_RULE
from riskscore.loader import Inputs, load_inputs

DATA = Path(__file__).parent / "data"
GW = DATA / "gateway"
LITELLM = GW / "litellm-config.yaml"
DAY = date(2026, 11, 28)
# The OASIS SARIF 2.1.0 schema, copied unchanged from oasis-tcs/sarif-spec
# Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json (commit 3682e9ee648f2f3e11ba1fcd47fc390a0b8f9dab).
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bank() -> Inputs:
    return load_inputs(profile="us-bank")


@pytest.fixture(scope="module")
def result(bank: Inputs) -> GateResult:
    return check(read_routes([LITELLM]), bank, DAY)


def outcome(result: GateResult, name: str) -> Any:
    return next(o for o in result.outcomes if o.resolution.route.name == name)


# ---------------------------------------------------------------- reading configs


def test_litellm_routes_are_read_at_their_model_line() -> None:
    routes = read_routes([LITELLM])
    assert [r.name for r in routes] == ["claude-sonnet", "claude-sonnet-eu", "gpt-5.4", "gemini-pro", "deepseek", "kimi", "glm", "local-llama"]
    lines = LITELLM.read_text().splitlines()
    for r in routes:
        assert lines[r.line - 1][r.col - 1:].startswith(r.target)  # line:col points at the model string itself
    kimi = next(r for r in routes if r.name == "kimi")
    assert kimi.hosts == ("deepinfra",) and kimi.pinned
    glm = next(r for r in routes if r.name == "glm")
    assert glm.hosts == ("novita",) and not glm.pinned  # `order` with fallbacks allowed does not pin


def test_route_lists_yaml_and_text() -> None:
    routes = read_routes([GW / "openrouter-routes.yaml", GW / "openrouter-routes.txt"])
    by_target = {(r.file.rsplit("/", 1)[-1], r.target): r for r in routes}
    kimi = by_target[("openrouter-routes.yaml", "openrouter/moonshotai/kimi-k2.5")]
    assert kimi.hosts == ("together", "DeepInfra") and kimi.pinned  # order with allow_fallbacks: false
    assert by_target[("openrouter-routes.yaml", "openrouter/anthropic/claude-opus-4.6")].name == "claude"
    assert not by_target[("openrouter-routes.yaml", "openrouter/minimax/minimax-m2.5")].hosts
    txt = by_target[("openrouter-routes.txt", "openrouter/z-ai/glm-5")]
    assert (txt.line, txt.col, txt.hosts, txt.pinned) == (3, 1, ("z-ai",), True)
    assert not by_target[("openrouter-routes.txt", "openrouter/openai/gpt-5.4")].hosts


@pytest.mark.parametrize("name, expected", [
    ("bad-config.yaml", [
        "bad-config.yaml:4:7: model_list.0.litellm_params: needs a 'model' string",
        "bad-config.yaml:10:17: model_list.1.litellm_params.extra_body.provider.only: expected a list",
        "bad-config.yaml:11:28: model_list.1.litellm_params.extra_body.provider.allow_fallbacks: expected true or false",
        "bad-config.yaml:12:5: model_list.2.model_nam: unknown key 'model_nam'; did you mean 'model_name'?",
    ]),
    ("bad-routes.yaml", ["bad-routes.yaml:3:5: openrouter.0.onyl: unknown key 'onyl'", "did you mean 'only'?",
                         "bad-routes.yaml:4:12: openrouter.1.model: needs 'model', an OpenRouter slug"]),
    ("bad-routes.txt", ["bad-routes.txt:2:1: 'just-a-name' is not an OpenRouter slug"]),
    ("not-a-config.yaml", ["not-a-config.yaml:1:1: not a gateway config", "did you mean 'model_list'?"]),
])
def test_bad_configs_are_located_errors(name: str, expected: list[str]) -> None:
    with pytest.raises(InputError) as err:
        read_routes([GW / name])
    text = str(err.value)
    for part in expected:
        assert part in text


def test_bad_config_exits_2_with_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(GW / "bad-config.yaml"), str(GW / "bad-routes.txt"), "--prices", str(GW / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert "bad-config.yaml:4:7" in err and "bad-routes.txt:2:1" in err and "missing.json:1:1: cannot read file" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- resolving routes


@pytest.mark.parametrize("text, key", [
    ("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claudesonnet45"),
    ("Claude Sonnet 4.5", "claudesonnet45"),
    ("vertex_ai/claude-opus-4-6@20260205", "claudeopus46"),
    ("openrouter/qwen/qwen3.5-397b-a17b", "qwen35397ba17b"),
    ("Qwen3.5-397B-A17B", "qwen35397ba17b"),
    ("bedrock/moonshotai.kimi-k2.5", "kimik25"),
    ("vertex_ai/deepseek-ai/deepseek-v3.2-maas", "deepseekv32"),
])
def test_model_key(text: str, key: str) -> None:
    assert model_key(text) == key


def test_routes_resolve_through_the_importer_and_the_vendor_list(result: GateResult) -> None:
    reached = {o.resolution.route.name: [(r.scored.id, r.option.basis) for r in o.reached] for o in result.outcomes}
    assert reached["claude-sonnet"] == [("claude-sonnet-4.5@amazon-bedrock", "listed")]  # us. profile = the listed US offer
    assert reached["gpt-5.4"] == [("gpt-5.4-us@azure", "listed")]  # eastus2 api_base + base_model
    assert reached["gemini-pro"] == [("gemini-3.1-pro-preview@google-vertex", "listed")]  # vertex_location: global
    assert reached["kimi"] == [("kimi-k2.5@deepinfra+openrouter", "listed")]
    assert reached["deepseek"] == [("deepseek-chat@deepseek", "built from the config")]
    assert reached["local-llama"] == []


def test_config_regions_replace_listed_ones_and_drop_certifications(result: GateResult) -> None:
    eu = outcome(result, "claude-sonnet-eu").reached[0]
    assert eu.option.basis == "listed, regions from the config"
    assert eu.option.candidate.regions == ["CH", "DE", "ES", "FR", "GB", "IE", "IT", "SE"]  # Bedrock's EU geography
    assert eu.option.candidate.certifications is None  # the listed FedRAMP boundary is US regions
    assert eu.option.candidate.contract.baa is True  # contract terms are the operator's, kept
    us = outcome(result, "claude-sonnet").reached[0].option.candidate
    assert us.certifications == ["fedramp_high"]


def test_built_route_has_directory_parties_and_config_source(result: GateResult) -> None:
    built = outcome(result, "deepseek").reached[0].option.candidate
    assert (built.developer, built.operator, built.route, built.broker) == ("deepseek", "deepseek", "first_party", None)
    assert built.sources[0].title.startswith(f"Gateway config {LITELLM}, line 29")
    assert built.price.input is None  # no price table given: unknown, not zero


def test_price_table_prices_unlisted_routes(bank: Inputs) -> None:
    table = load_price_table(DATA / "import" / "litellm_model_prices_2026-07-24.json")
    res = check([r for r in read_routes([LITELLM]) if r.name == "deepseek"], bank, DAY, table)
    cand = res.outcomes[0].reached[0].option.candidate
    assert (cand.price.input, cand.price.output, cand.price.as_of) == (0.28, 0.42, date(2026, 7, 24))
    assert res.outcomes[0].reached[0].scored.monthly_cost_usd is not None


def test_unresolvable_routes_say_why(result: GateResult, bank: Inputs, tmp_path: Path) -> None:
    assert "an endpoint run by whoever operates vllm.internal" in outcome(result, "local-llama").unresolved[0]
    assert "may fall back to hosts the config does not name" in outcome(result, "glm").unresolved[0]
    config = tmp_path / "typo.yaml"
    config.write_text("model_list:\n  - model_name: x\n    litellm_params:\n      model: bedrok/us.anthropic.claude-sonnet-4-5-20250929-v1:0\n"
                      "  - model_name: y\n    litellm_params:\n      model: openrouter/deepseek/deepseek-v3.2\n"
                      "      extra_body: {provider: {only: [deep-infra-typo]}}\n")
    res = check(read_routes([config]), bank, DAY)
    assert "did you mean 'bedrock'?" in res.outcomes[0].unresolved[0]
    assert res.outcomes[1].verdict == "unknown" and "not in the organisation directory" in res.outcomes[1].unresolved[0]


def test_config_prices_keep_routes_apart(bank: Inputs, tmp_path: Path) -> None:
    config = tmp_path / "two.yaml"
    config.write_text("model_list:\n"
                      "  - model_name: a\n    litellm_params: {model: deepseek/deepseek-chat, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}\n"
                      "  - model_name: b\n    litellm_params: {model: deepseek/deepseek-chat}\n"
                      "  - model_name: c\n    litellm_params: {model: deepseek/deepseek-chat}\n")
    res = check(read_routes([config]), bank, DAY)
    ids = [o.reached[0].scored.id for o in res.outcomes]
    assert ids == ["deepseek-chat@deepseek", "deepseek-chat@deepseek.2", "deepseek-chat@deepseek.2"]
    costs = [o.reached[0].scored.monthly_cost_usd for o in res.outcomes]
    assert costs[0] is not None and costs[1] is None and costs[2] is None


# ---------------------------------------------------------------- the gate


def test_default_gate_trips_on_inadmissible_and_unknown_routes(result: GateResult) -> None:
    assert result.fail_on == ("inadmissible", "unknown")
    tripped = {o.resolution.route.name: o for o in result.tripped}
    assert set(tripped) == {"claude-sonnet-eu", "gemini-pro", "deepseek", "kimi", "glm", "local-llama"}
    assert tripped["deepseek"].rules[:1] == ("RES-DSP-COVERED-PERSON",)
    assert tripped["local-llama"].rules == (UNRESOLVED_RULE,) and tripped["local-llama"].verdict == "unknown"
    assert UNRESOLVED_RULE in tripped["glm"].rules  # its named host is assessed, the fallback is unknown


def test_levels_select_what_trips(bank: Inputs) -> None:
    routes = read_routes([LITELLM])
    only_unknown = check(routes, bank, DAY, fail_on=["unknown"])
    assert {o.resolution.route.name for o in only_unknown.tripped} == {"glm", "local-llama"}
    prohibited = check(routes, bank, DAY, fail_on=["prohibited"])
    assert {o.resolution.route.name for o in prohibited.tripped} == {"claude-sonnet-eu", "gemini-pro", "deepseek"}
    review = check(routes, bank, DAY, fail_on=["review"])
    assert "claude-sonnet" in {o.resolution.route.name for o in review.tripped}  # SEC-PCI-DSS-TPSP asks for review


def test_text_names_the_rule_that_tripped(result: GateResult) -> None:
    text = render(result, "text")
    deepseek = next(line for line in text.splitlines() if line.startswith("FAIL") and "deepseek ->" in line)
    assert f"{LITELLM}:29:14" in deepseek
    assert "RES-DSP-COVERED-PERSON (block, fails):" in text
    assert text.splitlines()[-1].startswith("6 of 8 route(s) trip the gate:")


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--profile", "us-bank", "--as-of", "2026-11-28"]
    assert main(["check", str(LITELLM), *args]) == 1
    assert "RES-DSP-COVERED-PERSON" in capsys.readouterr().out
    assert main(["check", str(GW / "us-only.yaml"), *args]) == 0
    assert "no route trips the gate" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:  # argparse rejects the value: exit 2 with a suggestion
        main(["check", str(LITELLM), *args, "--fail-on", "hgh"])
    assert usage.value.code == 2 and "did you mean 'high'?" in capsys.readouterr().err
    assert main(["check", str(LITELLM), *args, "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["tripped"] is True
    assert "route(s) tripped it" in captured.err and "RES-DSP-COVERED-PERSON" in captured.err


def test_json_record(result: GateResult) -> None:
    doc = json.loads(render(result, "json"))
    assert doc["schema"] == "riskscore.check/1" and doc["profile"] == "us-bank" and doc["as_of"] == "2026-11-28"
    assert doc["summary"]["routes"] == 8 and doc["summary"]["tripped"] == 6 and doc["summary"]["unknown"] == 1
    deepseek = next(r for r in doc["routes"] if r["name"] == "deepseek")
    assert deepseek["line"] == 29 and deepseek["candidates"][0]["blocked_by"][0] == "RES-DSP-COVERED-PERSON"


def test_outputs_are_byte_identical_across_runs(bank: Inputs) -> None:
    routes = read_routes([LITELLM, GW / "openrouter-routes.yaml"])
    first, second = check(routes, bank, DAY), check(routes, bank, DAY)
    for fmt in ("text", "json", "sarif", "junit"):
        assert render(first, fmt) == render(second, fmt)


# ---------------------------------------------------------------- SARIF


def test_sarif_is_valid_sarif_2_1_0(result: GateResult) -> None:
    doc = json.loads(render(result, "sarif"))
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert doc["version"] == "2.1.0"


def test_sarif_one_result_per_offending_route_at_its_line(result: GateResult) -> None:
    run = json.loads(render(result, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(result.tripped) == 6
    for res, o in zip(run["results"], result.tripped):
        region = res["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (o.resolution.route.line, o.resolution.route.col)
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == LITELLM.as_uri()  # an absolute path: a file URI
        assert res["ruleId"] == o.rules[0] and rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] == "error" and o.resolution.route.name in res["message"]["text"]
    by_id = {r["id"]: r for r in rules}
    covered = by_id["RES-DSP-COVERED-PERSON"]
    assert covered["helpUri"].startswith("https://") and "Sources:" in covered["help"]["text"] and covered["shortDescription"]["text"]
    assert by_id[UNRESOLVED_RULE]["help"]["text"].startswith("The route could not be resolved")


def test_sarif_with_nothing_tripped_is_valid_and_empty(bank: Inputs) -> None:
    doc = json.loads(render(check(read_routes([GW / "us-only.yaml"]), bank, DAY), "sarif"))
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft7Validator)
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []


# ---------------------------------------------------------------- JUnit


def test_junit_structure_and_counts(bank: Inputs) -> None:
    res = check(read_routes([LITELLM, GW / "openrouter-routes.txt"]), bank, DAY, fail_on=["prohibited"])
    text = render(res, "junit")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.split("\n", 1)[1])
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 2
    total = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in suites:
        cases = suite.findall("testcase")
        failures = [c for c in cases if c.find("failure") is not None]
        skipped = [c for c in cases if c.find("skipped") is not None]
        assert int(suite.get("tests", "")) == len(cases) and int(suite.get("failures", "")) == len(failures)
        assert int(suite.get("skipped", "")) == len(skipped) and suite.get("errors") == "0"
        for case in cases:
            assert case.get("classname") and case.get("name") and case.get("file") and int(case.get("line", "0")) >= 1
            assert case.get("time") == "0"
        for case in failures:
            failure = case.find("failure")
            assert failure is not None and failure.get("message", "").startswith("prohibited: ") and failure.get("type") == "prohibited"
            assert failure.text and "RES-" in failure.text
        for case in skipped:  # unresolved but not gated under --fail-on prohibited: visible, not failed
            element = case.find("skipped")
            assert element is not None and "not fully resolved" in element.get("message", "")
        total["tests"] += len(cases)
        total["failures"] += len(failures)
        total["skipped"] += len(skipped)
    assert {k: int(root.get(k, "")) for k in total} == total
    names = {c.get("name"): c for s in suites for c in s.findall("testcase")}
    deepseek = names["deepseek (deepseek/deepseek-chat)"]
    failure = deepseek.find("failure")
    assert failure is not None and "RES-DSP-COVERED-PERSON" in failure.get("message", "")
    assert names["local-llama (openai/meta-llama/Llama-3.3-70B-Instruct)"].find("skipped") is not None


def test_relative_paths_stay_relative_uris() -> None:
    from riskscore.gateway.sarif import artifact_uri

    assert artifact_uri("deploy/litellm config.yaml") == "deploy/litellm%20config.yaml"


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "gate.sarif"
    assert main(["check", str(LITELLM), "--profile", "us-bank", "--as-of", "2026-11-28", "--format", "sarif", "-o", str(out)]) == 1
    assert json.loads(out.read_text())["version"] == "2.1.0"
    assert not (tmp_path / "gate.sarif.partial").exists()
