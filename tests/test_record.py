"""The compact assessment record (riskscore.assessment/2): its schema, its compactness, its streaming
write, and that `riskscore diff` reads it exactly as it read the full /1 record of the same run."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from riskscore import assess, load_inputs
from riskscore.assessment import Assessment
from riskscore.cli import main
from riskscore.diff import read_record
from riskscore.output import write_outputs
from riskscore.record import SCHEMA, json_schema, write_record
from riskscore.record.build import plain
from riskscore.render import render_json

DAY = date(2026, 11, 28)
MINI = Path(__file__).parent / "data" / "mini"
GOLDEN = Path(__file__).parent / "golden" / "mini.assessment.json"


def _run(profile: str = "general-enterprise", **kw: Any) -> Assessment:
    i = load_inputs(profile=profile, **kw)
    return assess(i.pack, i.vendors, i.profile, DAY, i.waivers, i.rates, i.records)


@pytest.fixture(scope="module")
def mini() -> Assessment:
    cwd = os.getcwd()
    os.chdir(MINI)  # relative paths, as the golden run names them
    try:
        return _run(
            "profile.yaml", vendor_paths=[Path("vendors.yaml")], rule_dirs=[Path("rules")], use_default_rules=False,
            waivers_path=Path("waivers.yaml"), currency_path=Path("currency.yaml"), directory_paths=[Path("orgs.yaml")],
        )
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def federal() -> Assessment:
    """The bundled list for a buyer with court stays in effect: effects differ from the rules' text."""
    return _run("us-federal")


def _validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_records_match_the_published_schema(mini: Assessment, federal: Assessment) -> None:
    validator = _validator()
    for record in (json.loads(GOLDEN.read_text()), json.loads(render_json(mini)), json.loads(render_json(federal))):
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record)]
        assert errors == []
    assert SCHEMA == "riskscore.assessment/2" == json_schema()["properties"]["schema"]["const"]


def test_schema_command_prints_the_record_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "assessment"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_each_rule_and_party_once_and_passes_as_ids(federal: Assessment) -> None:
    text = render_json(federal)
    record = json.loads(text)
    rules = {r["id"]: r for r in record["rules"]}
    assert list(rules) == sorted(d.id for d in federal.provenance.rule_index)
    applying = {rid for rid, r in rules.items() if r["applies"]}
    for c, scored in zip(record["candidates"], federal.candidates):
        failed = [f["rule_id"] for f in c["findings"]]
        assert set(failed).isdisjoint(c["passed"]) and set(failed) | set(c["passed"]) == applying
        assert failed == [f.rule_id for f in scored.findings if f.status != "pass"]
        assert all(f["sources"] == f["rule_id"] and f["status"] != "pass" for f in c["findings"])
        assert {c["developer"], c["operator"]} <= {p["id"] for p in record["parties"]}
    cited = [s["url"] for r in rules.values() for s in r["sources"]]
    assert all(text.count(json.dumps(url)) == cited.count(url) for url in cited)  # sources are written once per rule, in `rules`
    # The effect as applied for this buyer on the date: a court stay turns a rule into a review.
    stayed = [r for r in rules.values() if r["effect_note"] and r["effect_note"].startswith("suspended")]
    assert stayed and all(r["effect"] == "review" for r in stayed)


def test_same_assessment_same_bytes_streamed_or_whole(federal: Assessment) -> None:
    streamed = io.StringIO()
    write_record(federal, streamed)
    assert streamed.getvalue() == render_json(federal) == render_json(_run("us-federal"))
    assert all(line.startswith('    {"id":') for line in streamed.getvalue().split('"candidates": [\n', 1)[1].split("\n  ]", 1)[0].split("\n"))


def _full_record(a: Assessment) -> dict[str, Any]:
    """The same run as the full record of schema /1 that earlier releases wrote."""
    return {**plain(a), "schema": "riskscore.assessment/1"}


@pytest.mark.parametrize("name", ["mini", "federal"])
def test_diff_reads_a_compact_record_as_the_full_one(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    a: Assessment = request.getfixturevalue(name)
    old, new = tmp_path / "v1.json", tmp_path / "v2.json"
    old.write_text(json.dumps(_full_record(a), indent=2, ensure_ascii=False))
    new.write_text(render_json(a))
    assert read_record(new) == read_record(old).model_copy(update={"schema_": SCHEMA})


def test_diff_of_a_v1_and_a_v2_record_of_the_same_run_is_empty(mini: Assessment, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_full_record(mini), indent=2))
    new.write_text(render_json(mini))
    assert main(["diff", str(old), str(new), "--format", "json", "--fail-on-worse"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["changed"] == [] and result["added"] == [] and result["removed"] == []


def test_compact_record_naming_an_undefined_rule_or_party_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOLDEN.read_text()
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"passed":["', '"passed":["NO-SUCH-RULE","', 1).replace('"operator":"hostco"', '"operator":"nobody"', 1))
    assert main(["diff", str(GOLDEN), str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    lines = bad.read_text().splitlines()
    rule_line = next(n for n, line in enumerate(lines, 1) if "NO-SUCH-RULE" in line)
    party_line = next(n for n, line in enumerate(lines, 1) if '"nobody"' in line)
    assert any(e.startswith(f"{bad}:{rule_line}:") and "passed[0]: rule 'NO-SUCH-RULE' is not defined in 'rules'" in e for e in err)
    assert any(e.startswith(f"{bad}:{party_line}:") and ".operator: party 'nobody' is not defined in 'parties'" in e for e in err)


def test_a_record_of_an_unknown_version_names_both_readable_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    future = tmp_path / "future.json"
    future.write_text(GOLDEN.read_text().replace('"riskscore.assessment/2"', '"riskscore.assessment/3"', 1))
    assert main(["diff", str(GOLDEN), str(future)]) == 2
    assert "it reads 'riskscore.assessment/2' or 'riskscore.assessment/1'" in capsys.readouterr().err


def test_streamed_file_lands_whole_or_not_at_all(tmp_path: Path) -> None:
    (tmp_path / "assessment.json").write_text("previous run\n")

    def broken(out: Any) -> None:
        out.write("{\n" * 1000)
        raise RuntimeError("renderer failed half-way")

    with pytest.raises(RuntimeError):
        write_outputs({"assessment.json": broken, "report.md": "new\n"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assessment.json"]  # no temporary file left
    assert (tmp_path / "assessment.json").read_text() == "previous run\n"  # nor a half-written report


def test_streamed_file_gets_the_permissions_of_the_umask(tmp_path: Path) -> None:
    def record(out: Any) -> None:
        out.write("é\n")

    old = os.umask(0o027)
    try:
        written = write_outputs({"assessment.json": record, "report.md": "x" * 3_000_000}, tmp_path)
    finally:
        os.umask(old)
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {oct(0o640)}
    assert (tmp_path / "assessment.json").read_bytes() == "é\n".encode()
    assert (tmp_path / "report.md").stat().st_size == 3_000_000
