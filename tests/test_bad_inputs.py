"""A corpus of bad inputs, each with the exact error lines `riskscore validate` must print."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from riskscore.cli import main

BAD = Path(__file__).parent / "data" / "bad"
CASES = sorted(p for p in BAD.iterdir() if p.suffix in (".yaml", ".json", ".csv", ".xlsx", ".xls"))


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_bad_input_gives_exact_errors(path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if path.suffix in (".xlsx", ".xls"):
        pytest.importorskip("openpyxl", reason="workbooks need the optional 'xlsx' extra")
    monkeypatch.chdir(BAD)
    code = main(["validate", path.name, "--no-default-rules", "--rules", "../mini/rules"])
    err = capsys.readouterr().err
    expected_file = path.with_name(path.name + ".expected.txt")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(err)
    assert code == 2
    assert err == expected_file.read_text()
    for line in err.splitlines():
        assert line.startswith(path.name + ":"), line  # every problem names the file and line
        assert "Traceback" not in line
