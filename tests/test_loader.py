"""Loaders: YAML, JSON and CSV vendor lists read to the same candidates; locations point at the right place."""

from __future__ import annotations

import json
from pathlib import Path

from riskscore.loader import load_inputs
from riskscore.yamlsafe import parse_yaml

MINI = Path(__file__).parent / "data" / "mini"
CSV = """id,model,developer,operator,route,regions,open_weights,price.input,price.output,price.cached_input,price.as_of,data_policy.retention_days,data_policy.trains_on_customer_data,data_policy.zero_retention_available,contract.dpa,contract.baa,certifications,source.title,source.url,source.date,as_of
acme-large@acme-ai,Acme Large,acme-ai,acme-ai,first_party,US,false,3.0,15.0,0.3,2026-10-01,30,false,true,true,true,soc2_type2;iso27001,Fixture price page,https://example.org/acme/pricing,2026-10-01,2026-10-01
"""


def _load(path: Path) -> object:
    return load_inputs(
        vendor_paths=[path], profile=str(MINI / "profile.yaml"), rule_dirs=[MINI / "rules"], use_default_rules=False,
        currency_path=MINI / "currency.yaml", directory_paths=[MINI / "orgs.yaml"],
    ).vendors.candidates  # type: ignore[attr-defined]


def test_csv_json_and_yaml_give_the_same_candidate(tmp_path: Path) -> None:
    from_yaml = next(c for c in _load(MINI / "vendors.yaml") if c.id == "acme-large@acme-ai")  # type: ignore[attr-defined]
    sheet = tmp_path / "v.csv"
    sheet.write_text(CSV)
    (from_csv,) = _load(sheet)  # type: ignore[misc]
    assert from_csv == from_yaml
    data = parse_yaml((MINI / "vendors.yaml").read_text()).data
    as_json = tmp_path / "v.json"
    as_json.write_text(json.dumps(data, indent=1))
    assert _load(as_json) == _load(MINI / "vendors.yaml")


def test_several_vendor_files_merge_and_user_organisations_replace_the_directory(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "organizations:\n"
        "  - {id: hostco, name: HostCo Europe GmbH, country: DE, sources: [{title: Fixture, url: 'https://example.org/h', date: 2026-01-01}], as_of: 2026-01-01}\n"
        "candidates:\n"
        "  - {id: extra@hostco, model: Extra, developer: acme-ai, operator: hostco, route: inference_host,"
        " sources: [{title: Fixture, url: 'https://example.org/e', date: 2026-01-01}], as_of: 2026-01-01}\n"
    )
    inputs = load_inputs(
        vendor_paths=[MINI / "vendors.yaml", extra], profile=str(MINI / "profile.yaml"), rule_dirs=[MINI / "rules"],
        use_default_rules=False, currency_path=MINI / "currency.yaml", directory_paths=[MINI / "orgs.yaml"],
    )
    assert "extra@hostco" in {c.id for c in inputs.vendors.candidates}
    assert {o.id: o.country for o in inputs.vendors.organizations}["hostco"] == "DE"


def test_locations_point_at_keys_and_values() -> None:
    parsed = parse_yaml("a:\n  b: [1, 2]\n  c: {d: x}\n")
    assert parsed.locate(("a", "b", 1)) == (2, 10)
    assert parsed.locate(("a", "c", "d")) == (3, 10)
    assert parsed.locate(("a", "missing")) == (2, 3)  # the deepest node that exists
