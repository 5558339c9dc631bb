"""Facts stated once on an organisation (or one of its services) are inherited by its candidates, field
by field; a candidate's own fact wins; a fact nobody states stays unknown; each inherited fact keeps its source."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from riskscore.assess import assess
from riskscore.loader import load_inputs

MINI = Path(__file__).parent / "data" / "mini"
SRC = "sources: [{title: Fixture, url: 'https://example.org/c', date: 2026-01-01}]"
VENDORS = f"""
organizations:
  - id: cloudco
    name: CloudCo Inc.
    country: US
    defaults:
      certifications: [soc2_type2, iso27001]
      certifications_complete: true
      contract: {{dpa: true, sccs: true}}
      data_policy: {{trains_on_customer_data: false}}
      sources: [{{title: CloudCo trust centre, url: 'https://example.org/trust', date: 2026-02-01}}]
    services:
      - name: CloudCo Health
        match: ["*@cloudco-health"]
        contract: {{baa: true}}
        certifications: [hitrust]
        sources: [{{title: CloudCo HIPAA page, url: 'https://example.org/hipaa', date: 2026-03-01}}]
    {SRC}
    as_of: 2026-01-01
  - id: plainhost
    name: PlainHost Inc.
    country: US
    {SRC}
    as_of: 2026-01-01
  - id: routerco
    name: RouterCo Inc.
    country: US
    defaults:
      contract: {{dpa: true, baa: false}}
      certifications: [soc2_type2]
      data_policy: {{retention_days: 0}}
      sources: [{{title: RouterCo terms, url: 'https://example.org/router', date: 2026-02-01}}]
    {SRC}
    as_of: 2026-01-01
candidates:
  - {{id: a@cloudco-health, model: A, developer: acme-ai, operator: cloudco, route: cloud_platform, {SRC}, as_of: 2026-01-01}}
  - {{id: b@cloudco, model: B, developer: acme-ai, operator: cloudco, route: cloud_platform, {SRC}, as_of: 2026-01-01}}
  - {{id: c@cloudco-health, model: C, developer: acme-ai, operator: cloudco, route: cloud_platform,
      contract: {{baa: false}}, certifications: [iso27001], {SRC}, as_of: 2026-01-01}}
  - {{id: d@plainhost, model: D, developer: acme-ai, operator: plainhost, route: inference_host, {SRC}, as_of: 2026-01-01}}
  - {{id: e@cloudco+routerco, model: E, developer: acme-ai, operator: cloudco, broker: routerco, route: aggregator, {SRC}, as_of: 2026-01-01}}
  - {{id: f@buyer, model: F, developer: cloudco, operator: buyer, route: self_hosted, {SRC}, as_of: 2026-01-01}}
"""


def _inputs(tmp_path: Path) -> Any:
    path = tmp_path / "vendors.yaml"
    path.write_text(VENDORS)
    return load_inputs([path], profile=str(MINI / "profile.yaml"), rule_dirs=[MINI / "rules"], use_default_rules=False,
                       currency_path=MINI / "currency.yaml", directory_paths=[MINI / "orgs.yaml"])


def _candidates(tmp_path: Path) -> dict[str, Any]:
    return {c.id: c for c in _inputs(tmp_path).vendors.candidates}


def test_a_candidate_inherits_its_operators_service_terms_then_defaults(tmp_path: Path) -> None:
    a = _candidates(tmp_path)["a@cloudco-health"]
    assert a.contract.model_dump() == {"dpa": True, "baa": True, "sccs": True}
    assert a.certifications == ["hitrust"]  # the service's list, the more specific one
    assert a.certifications_complete is False  # the service does not say its list is complete
    assert a.data_policy.trains_on_customer_data is False


def test_defaults_alone_when_no_service_matches(tmp_path: Path) -> None:
    b = _candidates(tmp_path)["b@cloudco"]
    assert b.contract.model_dump() == {"dpa": True, "baa": None, "sccs": True}
    assert (b.certifications, b.certifications_complete) == (["soc2_type2", "iso27001"], True)


def test_the_candidates_own_facts_win_field_by_field(tmp_path: Path) -> None:
    c = _candidates(tmp_path)["c@cloudco-health"]
    assert c.contract.model_dump() == {"dpa": True, "baa": False, "sccs": True}
    assert (c.certifications, c.certifications_complete) == (["iso27001"], False)


def test_a_fact_nobody_states_stays_unknown(tmp_path: Path) -> None:
    cands = _candidates(tmp_path)
    d = cands["d@plainhost"]
    assert d.contract.model_dump() == {"dpa": None, "baa": None, "sccs": None}
    assert d.certifications is None and len(d.sources) == 1
    assert cands["b@cloudco"].data_policy.retention_days is None


def test_an_aggregator_route_takes_only_the_brokers_contract(tmp_path: Path) -> None:
    e = _candidates(tmp_path)["e@cloudco+routerco"]
    assert e.contract.model_dump() == {"dpa": True, "baa": False, "sccs": None}
    # The host's and the broker's certifications and data policy do not describe the route as a whole.
    assert e.certifications is None and e.data_policy.retention_days is None and e.data_policy.trains_on_customer_data is None


def test_a_self_hosted_route_inherits_nothing(tmp_path: Path) -> None:
    f = _candidates(tmp_path)["f@buyer"]
    assert f.contract.dpa is None and f.certifications is None


def test_inherited_facts_keep_the_organisations_sources(tmp_path: Path) -> None:
    a = _candidates(tmp_path)["a@cloudco-health"]
    notes = {s.url: s.note for s in a.sources}
    assert notes["https://example.org/c"] is None  # the candidate's own source, untouched
    assert notes["https://example.org/hipaa"] == "inherited from service 'CloudCo Health' of organisation 'cloudco': certifications, contract.baa"
    assert notes["https://example.org/trust"] == (
        "inherited from organisation 'cloudco': contract.dpa, contract.sccs, data_policy.trains_on_customer_data"
    )


def test_rules_read_inherited_facts(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    result = assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 11, 28), inputs.waivers, inputs.rates, inputs.records)
    baa = {c.id: next(f.status for f in c.findings if f.rule_id == "TEST-SEC-BAA") for c in result.candidates}
    assert baa["a@cloudco-health"] == "pass"  # the service's BAA
    assert baa["c@cloudco-health"] == "fail"  # the candidate says no BAA for it
    assert baa["b@cloudco"] == "unknown"  # nobody says
