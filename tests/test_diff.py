"""`riskscore diff`: every change between two assessment records attributed to its cause, one test
per cause, with the as-of date crossing a rule's effective date attributed to exactly that."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from riskscore.cli import main
from riskscore.diff import Diff, diff_files

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
RELEASED = DATA / "diff" / "mini-release-0.1.0.json"  # a record of riskscore 0.1.0, before inputs were recorded

Edits = dict[str, list[tuple[str, str]]]
EXTRA_RULE = """rules:
  - id: TEST-SEC-FIRST-PARTY
    title: First-party API
    dimension: sector
    effect: review
    severity: low
    when: {fact: candidate.route, op: eq, value: first_party}
    rationale: Fixture rule. A first-party API needs a decision of the buyer on the developer's terms.
    message: "{{ candidate.id }} is a first-party API"
    sources: [{title: Fixture policy, url: "https://example.org/fp", date: 2026-01-01}]
    effective_from: 2020-01-01
"""
SCREEN_RULE = """rules:
  - id: TEST-EXP-SCREENED
    title: A screening hit the directory does not record
    dimension: export_control
    effect: review
    severity: medium
    when: {fact: parties.screening_unconfirmed, op: matches, value: "*"}
    rationale: Fixture rule. A possible listing must be cleared by a person before buying.
    message: "{{ candidate.id }}: {{ parties.screening_matches }}"
    sources: [{title: Fixture policy, url: "https://example.org/screen", date: 2026-01-01}]
    effective_from: 2020-01-01
"""
CSL_HEADER = '"_id","source","entity_number","type","programs","name","title","addresses","federal_register_notice","start_date","end_date","standard_order","license_requirement","license_policy","call_sign","vessel_type","gross_tonnage","gross_registered_tonnage","vessel_flag","vessel_owner","remarks","source_list_url","alt_names","citizenships","dates_of_birth","nationalities","places_of_birth","source_information_url","ids"\n'
CSL_ROW = '"t1","Entity List (EL) - Bureau of Industry and Security","","","","RouterHub Inc.","","","Fixture","2026-01-15","","","","","","","","","","","","","","","","","","",""\n'


def record(tmp: Path, name: str, as_of: str, edits: Edits | None = None, files: dict[str, str] | None = None,
           waivers: bool = True, extra: list[str] | None = None) -> Path:
    """Run `report` on a copy of the mini fixtures, edited; return its assessment.json."""
    work = tmp / name
    shutil.copytree(MINI, work)
    for fname, pairs in (edits or {}).items():
        text = (work / fname).read_text()
        for old, new in pairs:
            assert old in text, (fname, old)
            text = text.replace(old, new, 1)
        (work / fname).write_text(text)
    for fname, text in (files or {}).items():
        (work / fname).write_text(text)
    cwd = os.getcwd()
    os.chdir(work)  # relative paths: both records name their inputs alike
    try:
        code = main([
            "report", "vendors.yaml", "--profile", "profile.yaml", "--no-default-rules", "--rules", "rules",
            "--directory", "orgs.yaml", "--currency", "currency.yaml", *(["--waivers", "waivers.yaml"] if waivers else []),
            *(extra or []), "--as-of", as_of, "--format", "json", "--out", "out", "--quiet",
        ])
    finally:
        os.chdir(cwd)
    assert code == 0
    return work / "out" / "assessment.json"


def changed(d: Diff, cid: str):  # type: ignore[no-untyped-def]
    return next(c for c in d.changed if c.id == cid)


def kinds(d: Diff, cid: str) -> list[str]:
    return [c.kind for c in changed(d, cid).causes]


def test_only_the_as_of_date_crossing_an_effective_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = record(tmp_path, "old", "2025-04-07")
    new = record(tmp_path, "new", "2025-04-08")  # TEST-EXP-COVERED is effective from 2025-04-08
    d = diff_files(old, new)
    assert [c.kind for c in d.context] == ["as_of", "rule_in_force"]
    assert d.worse == ["dragon-chat@dragon-lab", "dragon-chat@dragon-sg"]
    for c in d.changed:
        assert [(x.kind, x.rule_id) for x in c.causes] == [("rule_in_force", "TEST-EXP-COVERED")], c.id
        assert c.causes[0].text == "rule TEST-EXP-COVERED came into force on 2025-04-08 (as-of date 2025-04-07 -> 2025-04-08)"
        assert [(f.rule_id, f.old, f.new) for f in c.findings] == [("TEST-EXP-COVERED", "fail (watch)", "fail (block, 100 points)")]
    assert (changed(d, "dragon-chat@dragon-lab").old_verdict, changed(d, "dragon-chat@dragon-lab").new_verdict) == ("high", "prohibited")
    assert d.unchanged == 4 and not d.added and not d.removed
    assert main(["diff", str(old), str(new), "--fail-on-worse"]) == 1
    assert main(["diff", str(old), str(new)]) == 0
    assert main(["diff", str(new), str(old), "--fail-on-worse"]) == 0  # better, not worse
    out = capsys.readouterr().out
    assert "WORSE dragon-chat@dragon-lab: high -> prohibited" in out


def test_a_rule_going_out_of_force(tmp_path: Path) -> None:
    window = {"rules/test.yaml": [("effective_from: 2025-01-16\n", "effective_from: 2025-01-16\n    effective_to: 2026-11-30\n")]}
    d = diff_files(record(tmp_path, "old", "2026-11-30", window), record(tmp_path, "new", "2026-12-01", window))
    c = changed(d, "dragon-chat@dragon-sg")
    assert [(f.rule_id, f.change) for f in c.findings] == [("TEST-EXP-LIST", "removed")]
    assert [(x.kind, x.rule_id) for x in c.causes] == [("rule_out_of_force", "TEST-EXP-LIST")]
    assert "went out of force after 2026-11-30" in c.causes[0].text


@pytest.mark.parametrize(("old_files", "new_files", "kind"), [
    ({}, {"rules/extra.yaml": EXTRA_RULE}, "rule_added"),
    ({"rules/extra.yaml": EXTRA_RULE}, {}, "rule_removed"),
])
def test_a_rule_added_or_removed(tmp_path: Path, old_files: dict[str, str], new_files: dict[str, str], kind: str) -> None:
    d = diff_files(record(tmp_path, "old", "2026-11-28", files=old_files), record(tmp_path, "new", "2026-11-28", files=new_files))
    assert [(x.kind, x.rule_id) for x in changed(d, "acme-large@acme-ai").causes] == [(kind, "TEST-SEC-FIRST-PARTY")]


def test_a_rule_edited(tmp_path: Path) -> None:
    edit = {"rules/test.yaml": [("    severity: high\n    when: {fact: derived.outside", "    severity: critical\n    when: {fact: derived.outside")]}
    d = diff_files(record(tmp_path, "old", "2026-11-28"), record(tmp_path, "new", "2026-11-28", edit))
    c = changed(d, "dragon-chat@dragon-sg")
    assert [(x.kind, x.text) for x in c.causes] == [("rule_edited", "rule TEST-RES-REGION edited: severity high -> critical")]


@pytest.mark.parametrize(("edits", "cid", "field"), [
    ({"vendors.yaml": [("price: {input: 3.0,", "price: {input: 30.0,")]}, "acme-large@acme-ai", "candidate.price.input"),
    ({"vendors.yaml": [("    regions: [US]\n    open_weights: true\n    price: {input: 0.50", "    regions: [CN]\n    open_weights: true\n    price: {input: 0.50")]},
     "dragon-chat@hostco", "candidate.regions"),
    ({"vendors.yaml": [("contract: {dpa: true, baa: true}", "contract: {dpa: true, baa: false}")]}, "acme-large@acme-ai", "candidate.contract.baa"),
])
def test_a_fact_of_the_candidate(tmp_path: Path, edits: Edits, cid: str, field: str) -> None:
    d = diff_files(record(tmp_path, "old", "2026-11-28"), record(tmp_path, "new", "2026-11-28", edits))
    assert [(x.kind, x.field) for x in changed(d, cid).causes] == [("facts", field)]
    assert [c.id for c in d.changed] == [cid]  # no other candidate moved
    assert any(x.kind == "facts" and x.field == "file:vendors.yaml" for x in d.context)


def test_the_operator(tmp_path: Path) -> None:
    edit = {"vendors.yaml": [("    operator: hostco\n    route: inference_host", "    operator: dragon-sg\n    route: inference_host")]}
    d = diff_files(record(tmp_path, "old", "2026-11-28"), record(tmp_path, "new", "2026-11-28", edit))
    c = changed(d, "dragon-chat@hostco")
    assert c.direction == "worse" and c.new_verdict == "prohibited"
    assert ("facts", "operator") in [(x.kind, x.field) for x in c.causes]
    assert {x.kind for x in c.causes} == {"facts"}


def test_a_list_membership(tmp_path: Path) -> None:
    listing = "    lists:\n      - {list: us_entity_list, entry: Acme AI Inc., added: 2026-06-01, sources: [{title: Fixture listing, url: 'https://example.org/l', date: 2026-06-01}]}\n"
    edit = {"orgs.yaml": [("    dpf_certified: true\n", "    dpf_certified: true\n" + listing)]}
    d = diff_files(record(tmp_path, "old", "2026-11-28"), record(tmp_path, "new", "2026-11-28", edit))
    c = changed(d, "acme-large@acme-ai")
    assert [(f.rule_id, f.old, f.new) for f in c.findings] == [("TEST-EXP-LIST", "pass (risk)", "fail (risk, 50 points)")]
    assert [(x.kind, x.field) for x in c.causes] == [("list", "developer.lists"), ("list", "operator.lists")]
    assert "now on us_entity_list" in c.causes[0].text


def test_a_screening_hit(tmp_path: Path) -> None:
    rule = {"rules/screen.yaml": SCREEN_RULE}
    old = record(tmp_path, "old", "2026-11-28", files=rule)
    csl = tmp_path / "consolidated_2026-11-01.csv"
    csl.write_text(CSL_HEADER + CSL_ROW)
    d = diff_files(old, record(tmp_path, "new", "2026-11-28", files=rule, extra=["--list", str(csl)]))
    c = changed(d, "dragon-chat@hostco+routerhub")
    assert [(f.rule_id, f.new) for f in c.findings] == [("TEST-EXP-SCREENED", "fail (review)")]
    assert [(x.kind, x.field) for x in c.causes] == [("screening", "broker.screening_hits")]
    assert any(x.kind == "screening" and "screened now" in x.text for x in d.context)


@pytest.mark.parametrize(("old", "new", "cid", "field"), [
    ("weights: {price: 1,", "weights: {price: 4,", "acme-large@acme-ai", "weights.price"),
    ("thresholds: {high: 40, medium: 20}", "thresholds: {high: 40, medium: 10}", "dragon-chat@buyer", "thresholds.medium"),
    ("allowed_regions: [US]", "allowed_regions: [SG, US]", "dragon-chat@dragon-sg", "allowed_regions"),
])
def test_the_profile(tmp_path: Path, old: str, new: str, cid: str, field: str) -> None:
    d = diff_files(record(tmp_path, "old", "2026-11-28"), record(tmp_path, "new", "2026-11-28", {"profile.yaml": [(old, new)]}))
    assert [(x.kind, x.field) for x in changed(d, cid).causes] == [("profile", field)]


def test_a_waiver_added(tmp_path: Path) -> None:
    d = diff_files(record(tmp_path, "old", "2026-11-28", waivers=False), record(tmp_path, "new", "2026-11-28"))
    c = changed(d, "dragon-chat@hostco+routerhub")
    assert [(f.rule_id, f.new) for f in c.findings] == [("TEST-RES-REGION", "waived")]
    assert [x.kind for x in c.causes] == ["waiver_added"]


def test_a_waiver_expired(tmp_path: Path) -> None:
    d = diff_files(record(tmp_path, "old", "2027-03-31"), record(tmp_path, "new", "2027-04-01"))  # the waiver's last day, then the next
    c = changed(d, "dragon-chat@hostco+routerhub")
    assert [(f.rule_id, f.old) for f in c.findings] == [("TEST-RES-REGION", "waived")]
    assert [(x.kind, x.text) for x in c.causes] == [("waiver_expired", "waiver of TEST-RES-REGION for dragon-chat@hostco+* (approved by CISO office) expired on 2027-03-31")]
    assert [c.id for c in d.changed] == ["dragon-chat@hostco+routerhub"]


def test_candidates_added_and_removed(tmp_path: Path) -> None:
    cut = {"vendors.yaml": [("  - id: dragon-chat@buyer\n", "  - id: dragon-chat@buyer-gpu\n")]}
    d = diff_files(record(tmp_path, "old", "2026-11-28"), record(tmp_path, "new", "2026-11-28", cut))
    assert [b.id for b in d.added] == ["dragon-chat@buyer-gpu"] and [b.id for b in d.removed] == ["dragon-chat@buyer"]
    assert not d.changed and not d.worse


def test_formats_and_determinism(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = record(tmp_path, "old", "2025-04-07"), record(tmp_path, "new", "2025-04-08")
    capsys.readouterr()
    for fmt in ("text", "md", "json"):
        assert main(["diff", str(old), str(new), "--format", fmt]) == 0
        first = capsys.readouterr().out
        assert main(["diff", str(old), str(new), "--format", fmt]) == 0
        assert capsys.readouterr().out == first
        if fmt == "json":
            data = json.loads(first)
            assert data["schema"] == "riskscore.diff/1" and data["worse"] == ["dragon-chat@dragon-lab", "dragon-chat@dragon-sg"]
            assert data["changed"][0]["causes"][0]["kind"] == "rule_in_force"
        if fmt == "md":
            assert "| candidate | verdict | admissible | overall | monthly cost | why |" in first
            assert "high → **prohibited** (worse)" in first


def test_a_record_of_an_older_release_still_compares(tmp_path: Path) -> None:
    d = diff_files(RELEASED, record(tmp_path, "new", "2026-11-28"))
    assert not d.changed and d.unchanged == 6
    assert any("OLD records no candidate facts" in n for n in d.notes)
    assert any("OLD has no rule index" in n for n in d.notes)


def test_what_is_not_a_record_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(RELEASED.read_text().replace('"verdict": "low"', '"verdict": "lowish"', 1))
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if '"lowish"' in text)
    assert main(["diff", str(RELEASED), str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}:{line}:") and "candidates[0].verdict: 'lowish' is not one of 'prohibited', 'high', 'medium' or 'low'" in err[0]
    assert main(["diff", str(MINI / "vendors.yaml"), str(MINI / "profile.yaml")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        f"{MINI / 'profile.yaml'}:1:1: invalid JSON: Expecting value (expected an assessment.json written by 'riskscore report')",
        f"{MINI / 'vendors.yaml'}:1:1: invalid JSON: Expecting value (expected an assessment.json written by 'riskscore report')",
    ]
    other = tmp_path / "other.json"
    other.write_text('{\n  "schema": "something/2"\n}\n')
    assert main(["diff", str(other), str(RELEASED)]) == 2
    assert capsys.readouterr().err.startswith(f"{other}:2:13: schema: not a riskscore assessment record (schema 'something/2'; expected 'riskscore.assessment/2'")
