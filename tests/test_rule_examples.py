"""Every rule ships with examples (fires / does not fire / unknown), found by glob and run here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from riskscore.engine import evaluate_rule
from riskscore.facts import Derived, candidate_facts, nest
from riskscore.loader import Collector, profile_path
from riskscore.models import Organization, Profile, VendorList
from riskscore.screening import HIT_SCORE, Hit
from riskscore.yamlsafe import parse_yaml

EXAMPLES = Path(__file__).parent / "rules"
CASE_FILES = sorted(EXAMPLES.glob("*/cases.yaml"))


def _profile(spec: Any) -> Profile:
    if isinstance(spec, str):
        return Profile.model_validate(parse_yaml(profile_path(spec).read_text()).data)
    return Profile.model_validate(spec)


def _screening(spec: Any, orgs: dict[str, Organization], as_of: date) -> dict[str, tuple[Hit, ...]] | None:
    """A case's `screening` (organisation id -> matches with list, entry, score): None when absent, meaning
    screening did not run; every organisation not named was screened without a match."""
    if spec is None:
        return None
    hits: dict[str, tuple[Hit, ...]] = {oid: () for oid in orgs}
    for oid, items in spec.items():
        hits[oid] = tuple(
            Hit(orgs[oid].name, m["list"], as_of, m["entry"], m["entry"], float(m["score"]), "hit" if m["score"] >= HIT_SCORE else "possible", "rule example")
            for m in items
        )
    return hits


def run_case_file(path: Path, pack: Any, directory: dict[str, Organization]) -> list[tuple[str, str, str]]:
    """(case id, expected status, actual status) for every case of one rule's example file."""
    data = parse_yaml(path.read_text()).data
    rule_id = path.parent.name
    rule = next(r for r in pack.rules if r.id == rule_id)
    results = []
    for case in data["cases"]:
        vendors = VendorList.model_validate({"organizations": case.get("organizations", []), "candidates": [case["candidate"]]})
        orgs = {**directory, **{o.id: o for o in vendors.organizations}}
        profile = _profile(case.get("profile", "general-enterprise"))
        as_of = date.fromisoformat(str(case.get("as_of", "2026-11-28")))
        cost = case.get("monthly_cost_usd")
        derived = Derived(cost)
        screening = _screening(case.get("screening"), orgs, as_of)
        facts = candidate_facts(vendors.candidates[0], orgs, pack.groups, profile, derived, as_of, screening=screening)
        finding = evaluate_rule(rule, facts, nest(facts), pack.groups, profile, [], as_of)
        actual = "not_applicable" if finding is None else finding.status
        results.append((case["name"], case["expect"], actual))
    return results


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.parent.name for p in CASE_FILES])
def test_rule_examples(path: Path, bundled_pack: Any, directory: dict[str, Organization]) -> None:
    results = run_case_file(path, bundled_pack, directory)
    wrong = [f"{name}: expected {exp}, got {act}" for name, exp, act in results if exp != act]
    assert not wrong, "\n".join(wrong)


def test_every_rule_has_examples_that_fire_and_do_not(bundled_pack: Any, directory: dict[str, Organization]) -> None:
    missing = []
    for rule in bundled_pack.rules:
        path = EXAMPLES / rule.id / "cases.yaml"
        if not path.exists():
            missing.append(f"{rule.id}: no tests/rules/{rule.id}/cases.yaml")
            continue
        expected = {exp for _, exp, _ in run_case_file(path, bundled_pack, directory)}
        if not {"fail", "pass"} <= expected:
            missing.append(f"{rule.id}: needs at least one case expecting 'fail' and one expecting 'pass'")
    assert not missing, "\n".join(missing)


def test_no_examples_for_rules_that_do_not_exist(bundled_pack: Any) -> None:
    ids = {r.id for r in bundled_pack.rules}
    orphans = [p.parent.name for p in CASE_FILES if p.parent.name not in ids]
    assert not orphans
