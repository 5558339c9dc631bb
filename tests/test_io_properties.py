"""Properties of whole runs: input order never shows in the output, scores stay in range for any finite
input, and an expired waiver never hides a finding (issue 10, "Properties and fuzzing")."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from datetime import date, timedelta
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import Any, get_args

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskscore.assess import assess
from riskscore.cli import main
from riskscore.loader import load_inputs
from riskscore.models import MAX_PRICE, MAX_TOKENS, Candidate, Contract, DataPolicy, Price, Source, VendorList, Volume, Waiver
from riskscore.vocabulary import Certification, RouteKind
from riskscore.waivers import Target, selects
from riskscore.yamlsafe import parse_yaml

MINI = Path(__file__).parent / "data" / "mini"
OUTPUTS = ("report.html", "report.md", "assessment.json", "candidates.csv")
VERDICTS = {"low", "medium", "high", "prohibited"}
AS_OF = date(2026, 11, 28)
SETTINGS = settings(
    max_examples=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# ---------------------------------------------------------------- permutations give identical bytes


def _mini(name: str) -> Any:
    return parse_yaml((MINI / name).read_text(encoding="utf-8")).data


def _mini_inputs() -> dict[str, Any]:
    """The mini fixtures split into several files of each kind, so file order can be permuted too."""
    vendors = _mini("vendors.yaml")["candidates"]
    rules = _mini("rules/test.yaml")["rules"]
    groups = _mini("rules/groups.yaml")
    return {
        "vendors": [vendors[:3], vendors[3:]],
        "orgs": _mini("orgs.yaml")["organizations"],
        "rules": [rules[:2], rules[2:4], rules[4:]],
        "groups": groups["groups"],
        "lists": groups["lists"],
    }


def _write_and_run(work: Path, data: dict[str, Any], vendor_order: list[int], rule_order: list[int]) -> dict[str, str]:
    """Write the inputs as YAML under `work`, run `report` from there with relative paths, and return the
    four outputs with the digests of the input files masked: a reordered file has another digest, by design."""
    (work / "rules").mkdir(parents=True)
    files = {name: (MINI / name).read_bytes() for name in ("profile.yaml", "currency.yaml", "waivers.yaml")}
    for i, cands in enumerate(data["vendors"]):
        files[f"vendors-{i}.yaml"] = yaml.safe_dump({"candidates": cands}, sort_keys=True).encode()
    files["orgs.yaml"] = yaml.safe_dump({"organizations": data["orgs"]}, sort_keys=True).encode()
    for i, rules in enumerate(data["rules"]):
        files[f"rules/rules-{i}.yaml"] = yaml.safe_dump({"rules": rules}, sort_keys=True).encode()
    files["rules/groups.yaml"] = yaml.safe_dump({"groups": data["groups"], "lists": data["lists"]}, sort_keys=True).encode()
    for name, raw in files.items():
        (work / name).write_bytes(raw)
    rule_files = ["rules/groups.yaml"] + [f"rules/rules-{i}.yaml" for i in range(len(data["rules"]))]
    args = ["report", *(f"vendors-{i}.yaml" for i in vendor_order), "--profile", "profile.yaml", "--no-default-rules"]
    for i in rule_order:
        args += ["--rules", rule_files[i]]
    args += ["--directory", "orgs.yaml", "--currency", "currency.yaml", "--waivers", "waivers.yaml",
             "--as-of", AS_OF.isoformat(), "--out", "out", "--quiet"]
    cwd = os.getcwd()
    os.chdir(work)  # relative input paths keep the provenance machine-independent
    try:
        assert main(args) == 0
    finally:
        os.chdir(cwd)
    produced = {name: (work / "out" / name).read_text(encoding="utf-8") for name in OUTPUTS}
    masks = {hashlib.sha256(raw).hexdigest(): f"<sha256 of {name}>" for name, raw in files.items()}
    masks[json.loads(produced["assessment.json"])["provenance"]["rule_pack_sha256"]] = "<rule pack sha256>"
    for digest, label in masks.items():
        for name in OUTPUTS:
            # Full digests first, then the 16-digit prefixes the reports print.
            produced[name] = produced[name].replace(digest, label).replace(digest[:16], label)
    return produced


@lru_cache(maxsize=1)
def _baseline(root: str) -> dict[str, str]:
    data = _mini_inputs()
    return _write_and_run(Path(root) / "baseline", data, list(range(len(data["vendors"]))), list(range(len(data["rules"]) + 1)))


_runs = count()


def _permutation(n: int) -> st.SearchStrategy[list[int]]:
    return st.permutations(list(range(n)))


@SETTINGS
@given(st.data())
def test_permuting_any_input_leaves_every_output_byte_identical(tmp_path_factory: Any, data: st.DataObject) -> None:
    root = tmp_path_factory.getbasetemp() / "io-properties"
    expected = _baseline(str(root))
    inputs = _mini_inputs()
    shuffled: dict[str, Any] = {
        "vendors": [data.draw(st.permutations(part), label="candidates") for part in inputs["vendors"]],
        "orgs": data.draw(st.permutations(inputs["orgs"]), label="organisations"),
        "rules": [data.draw(st.permutations(part), label="rules in a file") for part in inputs["rules"]],
        "groups": data.draw(st.permutations(inputs["groups"]), label="groups"),
        "lists": inputs["lists"],
    }
    vendor_order = data.draw(_permutation(len(inputs["vendors"])), label="vendor files")
    rule_order = data.draw(_permutation(len(inputs["rules"]) + 1), label="rule files")
    produced = _write_and_run(root / f"run-{next(_runs)}", shuffled, vendor_order, rule_order)
    for name in OUTPUTS:
        assert produced[name] == expected[name], name


# ---------------------------------------------------------------- scores in range for any finite input


PRESETS = ("us-hospital", "eu-bank", "general-enterprise", "us-defense-contractor")
SOURCE = Source(title="Generated candidate", url="https://example.org/generated", date=date(2026, 10, 1))


@lru_cache(maxsize=None)
def _bundled(preset: str) -> Any:
    return load_inputs(None, preset)


prices = st.one_of(st.none(), st.floats(0, MAX_PRICE, allow_nan=False, allow_infinity=False), st.sampled_from([0.0, MAX_PRICE]))
regions = st.one_of(st.none(), st.lists(st.sampled_from(["US", "DE", "IE", "CN", "SG", "RU", "CA", "GB"]), min_size=1, max_size=3))
tristate = st.sampled_from([None, True, False])


@st.composite
def candidates(draw: st.DrawFn, org_ids: tuple[str, ...], number: int) -> Candidate:
    route = draw(st.sampled_from(get_args(RouteKind)))
    developer, operator, broker = (draw(st.sampled_from(org_ids)) for _ in range(3))
    return Candidate(
        id=f"gen-{number}@{operator}", model=draw(st.sampled_from(["Gen A", "Gen B"])), developer=developer,
        operator=operator, broker=broker if route == "aggregator" else None, route=route, regions=draw(regions),
        storage_regions=draw(regions), open_weights=draw(tristate),
        price=Price(input=draw(prices), output=draw(prices), cached_input=draw(prices), currency=draw(st.sampled_from(["USD", "CNY"])), as_of=date(2026, 10, 1)),
        data_policy=DataPolicy(retention_days=draw(st.none() | st.integers(0, 36_500)), trains_on_customer_data=draw(tristate), zero_retention_available=draw(tristate)),
        contract=Contract(dpa=draw(tristate), baa=draw(tristate), sccs=draw(tristate)),
        certifications=draw(st.none() | st.lists(st.sampled_from(get_args(Certification)), unique=True, max_size=4)),
        certifications_complete=draw(st.booleans()), sources=[SOURCE], as_of=date(2026, 10, 1),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PRESETS), st.data())
def test_scores_stay_in_range_and_the_verdict_is_one_of_four(preset: str, data: st.DataObject) -> None:
    inputs = _bundled(preset)
    org_ids = tuple(sorted(o.id for o in inputs.vendors.organizations))
    n = data.draw(st.integers(1, 4), label="candidates")
    cands = [data.draw(candidates(org_ids, i)) for i in range(n)]
    volume = Volume(
        input_tokens=data.draw(st.floats(0, MAX_TOKENS) | st.sampled_from([0.0, MAX_TOKENS])),
        output_tokens=data.draw(st.floats(0, MAX_TOKENS) | st.sampled_from([0.0, MAX_TOKENS])),
        cached_input_share=data.draw(st.floats(0, 1)),
    )
    profile = inputs.profile.model_copy(update={"volume": volume})
    vendors = VendorList(organizations=list(inputs.vendors.organizations), candidates=cands)
    for c in assess(inputs.pack, vendors, profile, AS_OF, (), inputs.rates).candidates:
        assert c.verdict in VERDICTS
        numbers = {"overall": c.overall, "compliance_risk": c.compliance_risk, "price_component": c.price_component,
                   **{d: getattr(c.scores, d) for d in ("price", "data_residency", "export_control", "sector")}}
        for name, value in numbers.items():
            assert math.isfinite(value) and 0 <= value <= 100, f"{c.id}: {name} = {value}"
        assert c.monthly_cost_usd is None or math.isfinite(c.monthly_cost_usd)


# ---------------------------------------------------------------- an expired waiver never hides a finding


@lru_cache(maxsize=1)
def _mini_loaded() -> Any:
    return load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, None,
                       MINI / "currency.yaml", [MINI / "orgs.yaml"])


@lru_cache(maxsize=None)
def _unwaived(as_of: date) -> dict[tuple[str, str], str]:
    inputs = _mini_loaded()
    a = assess(inputs.pack, inputs.vendors, inputs.profile, as_of, (), inputs.rates)
    return {(c.id, f.rule_id): f.status for c in a.candidates for f in c.findings}


@st.composite
def waivers(draw: st.DrawFn, boundary: date) -> Waiver:
    inputs = _mini_loaded()
    expires = boundary + timedelta(days=draw(st.integers(-3, 3)))
    granted = draw(st.none() | st.integers(-6, 0).map(lambda d: expires + timedelta(days=d)))
    return Waiver(
        rule=draw(st.sampled_from(sorted(r.id for r in inputs.pack.rules))),
        candidates=draw(st.lists(st.sampled_from(["*", "dragon-*", "dragon-chat@hostco*", "acme-large@acme-ai"]), min_size=1, max_size=2)),
        reason="Generated waiver", approver="Tester", granted=granted, expires=expires,
        overrides_block=draw(st.booleans()),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_an_expired_waiver_never_hides_a_finding(data: st.DataObject) -> None:
    inputs = _mini_loaded()
    boundary = data.draw(st.sampled_from([date(2026, 1, 16), AS_OF, date(2027, 3, 31)]), label="boundary")
    as_of = boundary + timedelta(days=data.draw(st.integers(-3, 3), label="as_of offset"))
    register = data.draw(st.lists(waivers(boundary), min_size=1, max_size=4), label="waivers")
    real = _unwaived(as_of)
    a = assess(inputs.pack, inputs.vendors, inputs.profile, as_of, register, inputs.rates)
    for c in a.candidates:
        target = Target(c.id, c.model, c.operator.id, c.route)
        for f in c.findings:
            applies = [
                w for w in register
                if w.rule == f.rule_id and selects(w, target) and as_of <= w.expires
                and (w.granted is None or w.granted <= as_of) and (f.effect != "block" or w.overrides_block)
            ]
            status = real[(c.id, f.rule_id)]
            if applies and status in ("fail", "unknown"):
                assert f.status == "waived", f"{c.id} {f.rule_id}: an active waiver was ignored on {as_of}"
            else:
                # Expired, not yet granted, or not selecting it: the finding keeps its real status.
                assert f.status == status, f"{c.id} {f.rule_id}: {status} shown as {f.status} on {as_of}"
