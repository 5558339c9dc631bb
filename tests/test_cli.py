"""The command line: every exit code, every command, and the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from riskscore import cli
from riskscore.cli import main

MINI = Path(__file__).parent / "data" / "mini"
MINI_ARGS = [
    "--profile", str(MINI / "profile.yaml"), "--no-default-rules", "--rules", str(MINI / "rules"),
    "--directory", str(MINI / "orgs.yaml"), "--currency", str(MINI / "currency.yaml"), "--as-of", "2026-11-28",
]


def test_exit_0_and_summary_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(MINI / "vendors.yaml"), *MINI_ARGS, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "candidate" in out and "verdict" in out and "monthly cost" in out
    assert "acme-large@acme-ai" in out and f"wrote {tmp_path / 'report.html'}" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assessment.json", "candidates.csv", "report.html", "report.md"]


def test_format_subset(tmp_path: Path) -> None:
    assert main(["report", str(MINI / "vendors.yaml"), *MINI_ARGS, "--out", str(tmp_path), "--format", "json,csv", "--quiet"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assessment.json", "candidates.csv"]
    data = json.loads((tmp_path / "assessment.json").read_text())
    assert data["schema"] == "riskscore.assessment/2"
    first = data["candidates"][0]
    for key in ("id", "model", "route", "developer", "operator", "regions", "verdict", "review_required", "overall", "scores", "monthly_cost_usd", "rank", "findings", "passed"):
        assert key in first
    parties = {p["id"]: p for p in data["parties"]}  # /2: parties listed once, candidates name them by id
    assert set(parties[first["developer"]]) >= {"id", "name", "country"}
    assert set(first["scores"]) == {"price", "data_residency", "export_control", "sector"}
    finding = next(f for c in data["candidates"] for f in c["findings"])
    assert set(finding) >= {"rule_id", "status", "effect", "dimension", "points", "message", "sources"}
    assert finding["sources"] in {r["id"] for r in data["rules"]}  # /2: a finding's sources are its rule's


@pytest.mark.parametrize("level,expected", [("prohibited", 1), ("high", 1), ("medium", 1), ("review", 1)])
def test_exit_1_when_gate_trips(tmp_path: Path, level: str, expected: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(MINI / "vendors.yaml"), *MINI_ARGS, "--out", str(tmp_path), "--quiet", "--fail-on", level]) == expected
    err = capsys.readouterr().err
    assert "dragon-chat@dragon-lab (" in err  # the candidate, with the rules that tripped the gate


def test_matrix_puts_every_candidate_against_every_profile(capsys: pytest.CaptureFixture[str]) -> None:
    profiles = f"{MINI / 'profile.yaml'},general-enterprise"
    args = ["matrix", str(MINI / "vendors.yaml"), "--profiles", profiles, "--no-default-rules", "--rules", str(MINI / "rules"),
            "--directory", str(MINI / "orgs.yaml"), "--as-of", "2026-11-28"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "| profile | prohibited |" in out and "| `dragon-chat@dragon-lab` | P |" in out


def test_gate_does_not_trip_for_clean_candidates(tmp_path: Path) -> None:
    vendors = tmp_path / "one.yaml"
    text = (MINI / "vendors.yaml").read_text()
    vendors.write_text(text[: text.index("  - id: dragon-chat@dragon-lab")])
    assert main(["report", str(vendors), *MINI_ARGS, "--out", str(tmp_path / "o"), "--quiet", "--fail-on", "high"]) == 0


def test_exit_2_on_bad_input_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("candidates:\n  - id: x@y\n    modle: X\n")
    assert main(["report", str(bad), *MINI_ARGS, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:5: candidates[0].modle: unknown field 'modle'; did you mean 'model'?" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_exit_2_on_unknown_profile_and_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--profile", "us-hospitl", "--out", "/nonexistent/x"]) == 2
    assert "did you mean 'us-hospital'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["report", "--as-of", "2026-02-30"])
    assert exc.value.code == 2


def test_exit_3_on_internal_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "assess", boom)
    assert main(["report", str(MINI / "vendors.yaml"), *MINI_ARGS, "--out", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaboom" in err and "Traceback" not in err


def test_validate_ok_and_bad(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI / "vendors.yaml"), str(MINI / "profile.yaml"), "--no-default-rules", "--rules", str(MINI / "rules")]) == 2
    # The mini vendors name organisations that only the mini directory has.
    assert "unknown organization 'acme-ai'" in capsys.readouterr().err
    assert main(["validate", str(MINI / "profile.yaml"), str(MINI / "rules" / "test.yaml"), "--no-default-rules", "--rules", str(MINI / "rules")]) == 0


def test_rules_list_show_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--no-default-rules", "--rules", str(MINI / "rules")]
    assert main(["rules", *args]) == 0
    assert "TEST-SEC-BAA" in capsys.readouterr().out
    assert main(["rules", "--json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(r for r in data["rules"] if r["id"] == "TEST-WATCH-BILL")
    assert row["status"] == "proposed" and row["sources"][0]["url"].startswith("https://")
    assert set(row) >= {"id", "title", "dimension", "effect", "status", "severity", "effective_from", "effective_to", "sources"}
    assert main(["rules", "show", "TEST-SEC-BAA", *args]) == 0
    assert "effect: block" in capsys.readouterr().out
    assert main(["rules", "show", "TEST-SEC-BA", *args]) == 2
    assert "did you mean 'TEST-SEC-BAA'" in capsys.readouterr().err


def test_profiles_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    for preset in ("us-federal", "us-defense-contractor", "us-state-agency", "us-hospital", "us-bank", "eu-hospital", "eu-bank", "eu-public-sector", "general-enterprise", "startup"):
        assert preset in out
    assert main(["schema", "rules"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "RuleFile" and "Rule" in schema["$defs"]


def test_python_dash_m_runs(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "riskscore", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("riskscore ")


@pytest.mark.skipif(shutil.which("riskscore") is None, reason="console script not installed")
def test_installed_script_runs_default_report_from_elsewhere(tmp_path: Path) -> None:
    proc = subprocess.run(["riskscore", "report", "--as-of", "2026-11-28", "--quiet"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "riskscore-report").iterdir()) == ["assessment.json", "candidates.csv", "report.html", "report.md"]


def test_templates_override_by_file_name(tmp_path: Path) -> None:
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "report.md.j2").write_text("Custom: {{ a.summary.candidates }} candidates as of {{ a.as_of }}\n")
    out = tmp_path / "o"
    assert main(["report", str(MINI / "vendors.yaml"), *MINI_ARGS, "--out", str(out), "--templates", str(custom), "--quiet"]) == 0
    assert (out / "report.md").read_text() == "Custom: 6 candidates as of 2026-11-28\n"
    assert "<!doctype html>" in (out / "report.html").read_text()  # the bundled one still serves HTML


def test_user_rules_extend_the_bundled_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "dpa.yaml").write_text(
        "rules:\n"
        "  - id: ACME-NO-DPA\n"
        "    title: No signed data processing agreement\n"
        "    dimension: sector\n"
        "    effect: block\n"
        "    severity: high\n"
        "    when: {fact: candidate.contract.dpa, op: eq, value: false}\n"
        "    rationale: Our policy forbids any provider without a signed DPA, whatever the price.\n"
        '    message: "{{ candidate.id }}: DPA offered: {{ candidate.contract.dpa }}"\n'
        "    sources: [{title: Acme AI procurement policy, url: 'https://intranet.example.org/policy', date: 2026-11-01}]\n"
        "    effective_from: 2026-01-01\n"
    )
    assert main(["rules", "--json", "--rules", str(own)]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)["rules"]]
    assert "ACME-NO-DPA" in ids and "EXP-OFAC-SDN" in ids


def test_validate_a_folder_of_profiles_checks_each_as_a_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from riskscore.resources import bundled

    assert main(["validate", str(bundled("profiles"))]) == 0
    (tmp_path / "bad.yaml").write_text("id: p\nname: P\njurisdictions: [XX]\nvolume: {input_tokens: 1, output_tokens: 1}\n")
    assert main(["validate", str(tmp_path)]) == 2
    assert "bad.yaml:3" in capsys.readouterr().err
