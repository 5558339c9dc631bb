"""Waivers: a register with selectors that expires on its date, knock-out overrides shown loudly,
warnings (not errors) for waivers that select nothing, and `validate` agreeing with `report`."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from riskscore import assess, load_inputs
from riskscore.assessment import Assessment, ScoredCandidate
from riskscore.cli import main
from riskscore.documents import Collector, detect_kind
from riskscore.errors import InputError
from riskscore.loader import parse_file
from riskscore.models import Waiver

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
WAIVERS = DATA / "waivers"
BAD = DATA / "bad"


def run(waivers: Path | None, day: date) -> Assessment:
    inputs = load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, waivers,
                         MINI / "currency.yaml", [MINI / "orgs.yaml"])
    return assess(inputs.pack, inputs.vendors, inputs.profile, day, inputs.waivers, inputs.rates, inputs.records)


def cand(a: Assessment, cid: str) -> ScoredCandidate:
    return next(c for c in a.candidates if c.id == cid)


def finding(a: Assessment, cid: str, rule: str):  # type: ignore[no-untyped-def]
    return next(f for f in cand(a, cid).findings if f.rule_id == rule)


def test_waiver_applies_on_its_expiry_date_and_not_the_day_after() -> None:
    last_day = run(WAIVERS / "register.yaml", date(2026, 12, 31))
    waived = finding(last_day, "dragon-chat@hostco", "TEST-EXP-LIST")
    assert waived.status == "waived" and waived.points == 0
    assert waived.waiver_ref is not None and waived.waiver_ref.state == "active"
    assert (waived.waiver_ref.approver, waived.waiver_ref.expires, waived.waiver_ref.ticket) == ("Export control officer", date(2026, 12, 31), "EXC-101")
    assert "waived until 2026-12-31 by Export control officer (EXC-101)" in str(waived.waiver)

    day_after = run(WAIVERS / "register.yaml", date(2027, 1, 1))
    back = finding(day_after, "dragon-chat@hostco", "TEST-EXP-LIST")
    assert back.status == "fail" and back.points > 0 and back.waiver is None
    assert back.waiver_ref is not None and back.waiver_ref.state == "expired"  # the record says why it is back
    use = next(u for u in day_after.waivers if u.rule == "TEST-EXP-LIST")
    assert use.expired and use.state == "expired" and use.applied_to == [] and use.not_applied_to == ["dragon-chat@hostco"]
    assert any(w.kind == "waiver_expired" and "dragon-chat@hostco" in w.message for w in day_after.warnings)


def test_selectors_narrow_together_models_without_case() -> None:
    a = run(WAIVERS / "register.yaml", date(2026, 12, 1))
    # 'dragon chat*' on inference_host: the host route only, not the aggregator route of the same model.
    assert finding(a, "dragon-chat@hostco", "TEST-EXP-LIST").status == "waived"
    assert finding(a, "dragon-chat@hostco+routerhub", "TEST-EXP-LIST").status == "fail"
    # operators: [hostco] covers both routes the host operates.
    assert {u.rule: u.applied_to for u in a.waivers}["TEST-SEC-BAA"] == ["dragon-chat@hostco", "dragon-chat@hostco+routerhub"]


def test_a_waived_knockout_is_marked_loudly_and_lifts_the_knockout() -> None:
    a = run(WAIVERS / "register.yaml", date(2026, 12, 1))
    f = finding(a, "dragon-chat@hostco+routerhub", "TEST-SEC-BAA")
    assert f.status == "waived" and f.effect == "block"
    assert f.waiver_ref is not None and f.waiver_ref.overrides_block
    assert str(f.waiver).startswith("KNOCK-OUT OVERRIDDEN: ")
    use = next(u for u in a.waivers if u.rule == "TEST-SEC-BAA")
    assert use.overrides_block and use.overrode_block
    before = run(None, date(2026, 12, 1))
    assert not cand(before, "dragon-chat@hostco").admissible and cand(a, "dragon-chat@hostco").admissible


def test_a_waiver_selecting_no_candidate_is_a_warning_not_an_error() -> None:
    a = run(WAIVERS / "register.yaml", date(2026, 12, 1))
    use = next(u for u in a.waivers if u.rule == "TEST-PRICE-BUDGET")
    assert not use.matched and use.applied_to == []
    warning = next(w for w in a.warnings if w.kind == "waiver_unmatched")
    assert warning.where is not None and warning.where.endswith("register.yaml:24:5")
    assert "selects no candidate of this run" in warning.message
    # The expired one that still selects a failing finding is listed too.
    assert [w.kind for w in a.warnings] == ["waiver_expired", "waiver_unmatched"]


def test_report_lists_warnings_and_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(MINI)
    code = main(["report", "vendors.yaml", "--profile", "profile.yaml", "--no-default-rules", "--rules", "rules",
                 "--directory", "orgs.yaml", "--currency", "currency.yaml", "--waivers", "../waivers/register.yaml",
                 "--as-of", "2026-12-01", "--format", "json", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 0
    assert "../waivers/register.yaml:24:5: warning: waiver 4 (TEST-PRICE-BUDGET; candidates gpt-*@openai; approved by CFO office) selects no candidate of this run" in err.splitlines()


def test_not_yet_granted_waiver_does_not_apply() -> None:
    w = Waiver(rule="TEST-RES-REGION", candidates=["dragon-chat@dragon-sg"], reason="From next year", approver="CISO office",
               granted=date(2027, 1, 1), expires=date(2027, 6, 30))
    inputs = load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, None, MINI / "currency.yaml", [MINI / "orgs.yaml"])
    a = assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 12, 31), [w], inputs.rates)
    f = finding(a, "dragon-chat@dragon-sg", "TEST-RES-REGION")
    assert f.status == "fail" and f.waiver_ref is not None and f.waiver_ref.state == "not_yet_granted"
    b = assess(inputs.pack, inputs.vendors, inputs.profile, date(2027, 1, 1), [w], inputs.rates)
    assert finding(b, "dragon-chat@dragon-sg", "TEST-RES-REGION").status == "waived"


def test_library_waiver_of_a_knockout_without_override_never_lifts_it() -> None:
    w = Waiver(rule="TEST-SEC-BAA", operators=["hostco"], reason="Not allowed", approver="Somebody", expires=date(2027, 6, 30))
    inputs = load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, None, MINI / "currency.yaml", [MINI / "orgs.yaml"])
    a = assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 12, 1), [w], inputs.rates)
    f = finding(a, "dragon-chat@hostco", "TEST-SEC-BAA")
    assert f.status == "unknown" and f.waiver_ref is not None and f.waiver_ref.state == "needs_override"
    assert [x.kind for x in a.warnings] == ["waiver_needs_override"]


def test_unused_waiver_is_a_warning() -> None:
    w = Waiver(rule="TEST-PRICE-BUDGET", candidates=["acme-large@acme-ai"], reason="Budget raised", approver="CFO office", expires=date(2027, 6, 30))
    inputs = load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, None, MINI / "currency.yaml", [MINI / "orgs.yaml"])
    a = assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 12, 1), [w], inputs.rates)
    assert [x.kind for x in a.warnings] == ["waiver_unused"]


@pytest.mark.parametrize(("name", "expected"), [
    ("bad_block.yaml", [
        "bad_block.yaml:2:11: waivers[0].rule: 'TEST-SEC-BAA' is a knock-out (effect: block): waiving it needs 'overrides_block: true', and the report shows the override",
    ]),
    ("bad_fields.yaml", [
        "bad_fields.yaml:2:11: waivers[0].rule: unknown rule 'TEST-RES-REGON'; did you mean 'TEST-RES-REGION'?",
        "bad_fields.yaml:7:5: waivers[1]: a waiver needs a selector: 'candidates', 'models', 'operators' or 'routes'",
        "bad_fields.yaml:12:14: waivers[2].routes[0]: 'inference-host' is not one of 'first_party', 'cloud_platform', 'inference_host', 'aggregator' or 'self_hosted'; did you mean 'inference_host'?",
        "bad_fields.yaml:17:5: waivers[3]: granted on 2027-02-01, after it expires on 2027-01-01",
    ]),
])
def test_bad_registers_give_located_errors(name: str, expected: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(WAIVERS)
    assert main(["validate", name, "--no-default-rules", "--rules", "../mini/rules"]) == 2
    assert capsys.readouterr().err.splitlines() == expected
    with pytest.raises(InputError) as exc:
        load_inputs([MINI / "vendors.yaml"], str(MINI / "profile.yaml"), [MINI / "rules"], False, Path(name), MINI / "currency.yaml", [MINI / "orgs.yaml"])
    assert [str(p) for p in exc.value.problems] == expected


# ---------------------------------------------------------------- validate and report agree

MINI_CONTEXT = ["--no-default-rules", "--rules", str(MINI / "rules"), "--directory", str(MINI / "orgs.yaml"), "--currency", str(MINI / "currency.yaml")]
REPORT_ROLE = {"profile": "--profile", "waivers": "--waivers", "currency": "--currency", "rules": "--rules", "groups": "--rules"}


def _kind(path: Path) -> str | None:
    doc = parse_file(path, Collector())
    return detect_kind(doc) if doc is not None else None


def _report_args(path: Path) -> list[str]:
    """The `report` command that reads this file in the role `validate` detects for it."""
    role = REPORT_ROLE.get(_kind(path) or "")
    if role is None:  # vendor lists, catalogues and files of no known kind are read as vendor lists
        return [str(path), *MINI_CONTEXT]
    context = [a for a in MINI_CONTEXT if role != "--currency" or a not in ("--currency", str(MINI / "currency.yaml"))]
    return [str(MINI / "vendors.yaml"), role, str(path), *context]


CORPUS = sorted(
    p for folder in (BAD, MINI, WAIVERS) for p in folder.iterdir()
    if p.suffix in (".yaml", ".json", ".csv", ".xlsx", ".xls") and not p.name.endswith(".expected.txt")
)


@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS])
def test_validate_and_report_agree_on_every_input(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if path.suffix in (".xlsx", ".xls"):
        pytest.importorskip("openpyxl", reason="workbooks need the optional 'xlsx' extra")
    validated = main(["validate", str(path), *MINI_CONTEXT])
    reported = main(["report", *_report_args(path), "--as-of", "2026-11-28", "--format", "json", "--out", str(tmp_path), "--quiet"])
    out = capsys.readouterr()
    assert validated == reported, out.err
    assert validated in (0, 2)


def test_validate_and_report_agree_on_the_mini_fixtures_together(tmp_path: Path) -> None:
    files = [str(MINI / n) for n in ("vendors.yaml", "profile.yaml", "waivers.yaml")]
    assert main(["validate", *files, *MINI_CONTEXT]) == 0
    assert main(["report", files[0], "--profile", files[1], "--waivers", files[2], *MINI_CONTEXT, "--format", "json", "--out", str(tmp_path), "--quiet"]) == 0


def _both(validate: list[str], report: list[str], out: Path) -> tuple[int, int]:
    return main(["validate", *validate]), main(["report", *report, "--format", "json", "--out", str(out), "--quiet"])


def test_regression_a_price_without_a_rate_fails_validate_as_it_fails_report(tmp_path: Path) -> None:
    vendors = tmp_path / "jpy.yaml"
    vendors.write_text((MINI / "vendors.yaml").read_text().replace("as_of: 2026-10-01}", "currency: JPY, as_of: 2026-10-01}", 1))
    assert _both([str(vendors), *MINI_CONTEXT], [str(vendors), *MINI_CONTEXT], tmp_path / "out") == (2, 2)


def test_regression_a_rules_folder_is_checked_with_the_pack_it_extends(tmp_path: Path) -> None:
    # A folder of rules that uses the bundled groups, and a waiver of one of its rules: `report --rules`
    # accepts both; `validate` used to check the folder alone and the waiver against the bundled pack.
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "test.yaml").write_text((MINI / "rules" / "test.yaml").read_text().replace("TEST-", "OURS-"))
    register = tmp_path / "waivers.yaml"
    register.write_text((MINI / "waivers.yaml").read_text().replace("TEST-", "OURS-"))
    assert _both([str(register), str(ours)], ["--rules", str(ours), "--waivers", str(register)], tmp_path / "out") == (0, 0)


def test_regression_a_register_for_many_runs_is_valid_for_this_one(tmp_path: Path) -> None:
    # A waiver of a candidate not in this run's vendor list used to stop `report` (exit 2) while `validate` said ok.
    register = tmp_path / "register.yaml"
    shutil.copy(WAIVERS / "register.yaml", register)
    assert _both([str(register), *MINI_CONTEXT], [str(MINI / "vendors.yaml"), "--waivers", str(register), *MINI_CONTEXT], tmp_path / "out") == (0, 0)


LISTS = sorted((DATA / "screening").glob("*.csv"))


@pytest.mark.parametrize("path", LISTS, ids=[p.name for p in LISTS])
def test_validate_and_report_agree_on_screening_lists(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(MINI / "vendors.yaml"), *MINI_CONTEXT, "--list", str(path)]
    validated, reported = _both(args, args, tmp_path / "out")
    assert validated == reported, capsys.readouterr().err


def test_the_bundled_pack_named_again_is_read_once(tmp_path: Path) -> None:
    from riskscore.resources import bundled

    assert _both([str(bundled("rules"))], ["--rules", str(bundled("rules"))], tmp_path / "out") == (0, 0)
