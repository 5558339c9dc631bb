"""Golden reports from fixed fixtures; byte-identical whatever the order of input rows."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from riskscore.cli import main
from riskscore.yamlsafe import parse_yaml

MINI = Path(__file__).parent / "data" / "mini"
GOLDEN = Path(__file__).parent / "golden"
FILES = ("report.md", "report.html", "candidates.csv", "assessment.json")


def run_mini(out: Path, vendors: Path) -> int:
    return main([
        "report", str(vendors), "--profile", "profile.yaml", "--no-default-rules", "--rules", "rules",
        "--directory", "orgs.yaml", "--currency", "currency.yaml", "--waivers", "waivers.yaml",
        "--as-of", "2026-11-28", "--out", str(out), "--quiet",
    ])


@pytest.fixture(scope="module")
def mini_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini")
    cwd = os.getcwd()
    os.chdir(MINI)  # relative input paths keep the provenance machine-independent
    try:
        assert run_mini(out, Path("vendors.yaml")) == 0
    finally:
        os.chdir(cwd)
    return out


@pytest.mark.parametrize("name", FILES)
def test_report_matches_golden(mini_report: Path, name: str) -> None:
    produced = (mini_report / name).read_text(encoding="utf-8")
    golden = GOLDEN / f"mini.{name}"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_shuffled_input_rows_give_identical_bytes(mini_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import yaml

    work = tmp_path / "mini"
    shutil.copytree(MINI, work)
    data = parse_yaml((MINI / "vendors.yaml").read_text()).data
    random.Random(7).shuffle(data["candidates"])
    (work / "vendors.yaml").write_text(yaml.safe_dump(data, sort_keys=True))
    monkeypatch.chdir(work)
    out = tmp_path / "out"
    assert run_mini(out, Path("vendors.yaml")) == 0
    for name in FILES:
        # Only the provenance line of the reordered file (its hash) may differ.
        produced = [line for line in (out / name).read_text().splitlines() if "vendors.yaml" not in line and "sha256" not in line]
        expected = [line for line in (mini_report / name).read_text().splitlines() if "vendors.yaml" not in line and "sha256" not in line]
        assert produced == expected, name


def test_html_is_self_contained_and_escaped(mini_report: Path) -> None:
    html = (mini_report / "report.html").read_text()
    # No scripts and no external resources: the file opens offline and prints as it is.
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert 'src="' not in html and "url(" not in html
