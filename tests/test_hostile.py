"""Hostile and malformed input: special files, limits, numbers that could overflow, escapes in messages.
Each gives one located line per problem and exit 2, never a hang, a crash or exit 3."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscore import loader
from riskscore.cli import main
from riskscore.errors import Problem, printable
from riskscore.jsonsafe import parse_json
from riskscore.yamlsafe import MAX_DEPTH, YamlProblem, parse_yaml

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
ARGS = [
    "--profile", str(MINI / "profile.yaml"), "--no-default-rules", "--rules", str(MINI / "rules"),
    "--directory", str(MINI / "orgs.yaml"), "--currency", str(MINI / "currency.yaml"), "--as-of", "2026-11-28", "--quiet",
]
VALIDATE = ["--no-default-rules", "--rules", str(MINI / "rules"), "--directory", str(MINI / "orgs.yaml")]
CANDIDATE = """candidates:
  - id: acme-large@acme-ai
    model: Acme Large
    developer: acme-ai
    operator: acme-ai
    route: first_party
    regions: [US]
    price: {{input: {input}, output: {output}}}
    sources: [{{title: Fixture, url: "https://example.org/x", date: 2026-10-01}}]
    as_of: 2026-10-01
"""


def _err_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


# ---------------------------------------------------------------- special files


def _special_files(tmp_path: Path) -> list[Path]:
    """A FIFO and a link to /dev/zero, under each input name a user could give them."""
    files = []
    if hasattr(os, "mkfifo"):
        for suffix in (".yaml", ".json", ".csv"):
            fifo = tmp_path / f"fifo{suffix}"
            os.mkfifo(fifo)
            files.append(fifo)
    if Path("/dev/zero").exists():
        for suffix in (".yaml", ".json", ".csv"):
            link = tmp_path / f"zero{suffix}"
            link.symlink_to("/dev/zero")
            files.append(link)
    if not files:
        pytest.skip("no mkfifo and no /dev/zero on this platform")
    return files


def test_fifo_and_device_are_refused_by_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _special_files(tmp_path)
    assert main(["validate", *map(str, files), *VALIDATE]) == 2
    lines = _err_lines(capsys)
    for path in files:
        kind = "a named pipe (FIFO)" if path.name.startswith("fifo") else "a character device"
        assert f"{path}:1:1: {kind}, not a regular file: give the path of a file" in lines


def test_fifo_and_device_are_refused_by_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _special_files(tmp_path)
    for path in files:
        assert main(["report", str(path), *ARGS, "--out", str(tmp_path / "out")]) == 2
        assert _err_lines(capsys)[0].startswith(f"{path}:1:1: ")
    assert not (tmp_path / "out").exists()


def test_fifo_in_a_rules_folder_is_reported_not_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no mkfifo on this platform")
    rules = tmp_path / "rules"
    rules.mkdir()
    os.mkfifo(rules / "pipe.yaml")
    assert main(["report", str(MINI / "vendors.yaml"), *ARGS, "--rules", str(rules), "--out", str(tmp_path / "o")]) == 2
    assert f"{rules / 'pipe.yaml'}:1:1: a named pipe (FIFO), not a regular file: give the path of a file" in _err_lines(capsys)


def test_folder_given_as_a_vendor_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "vendors.yaml"
    folder.mkdir()
    assert main(["report", str(folder), *ARGS, "--out", str(tmp_path / "o")]) == 2
    assert _err_lines(capsys)[0] == f"{folder}:1:1: a folder, not a regular file: give the path of a file"


def test_json_has_its_own_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from riskscore.documents import Collector

    monkeypatch.setattr(loader, "MAX_BYTES", 100)  # the YAML limit does not apply to JSON
    small = tmp_path / "v.json"
    small.write_text(json.dumps({"candidates": []}, indent=40))
    out = Collector()
    assert loader.parse_file(small, out) is not None and out.problems == []
    monkeypatch.setattr(loader, "MAX_JSON_BYTES", 20)
    assert loader.parse_file(small, out) is None
    assert [str(p) for p in out.problems] == [f"{small}:1:1: file is larger than the limit of 20 bytes"]


def test_xlsx_that_unzips_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from riskscore.sheets import xlsxfile

    book = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<x/>" * 1000)
    monkeypatch.setattr(xlsxfile, "MAX_UNZIPPED", 1000)
    assert main(["validate", str(book), *VALIDATE]) == 2
    assert _err_lines(capsys) == [f"{book}:1:1: the workbook unzips to 4,000 bytes, over the limit of 1,000"]


# ---------------------------------------------------------------- numbers that feed arithmetic


def test_huge_price_is_refused_where_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendors = tmp_path / "v.yaml"
    vendors.write_text(CANDIDATE.format(input="1.0e+308", output="3.0"))
    assert main(["report", str(vendors), *ARGS, "--out", str(tmp_path / "o")]) == 2
    lines = _err_lines(capsys)
    assert lines[0] == f"{vendors}:8:20: candidates[0].price.input: a price above 1,000,000 per million tokens is over the limit (a typo?)"
    assert not (tmp_path / "o").exists()


def test_numbers_at_their_limits_give_finite_reports(tmp_path: Path) -> None:
    """Every bound at once (price, volume, budget, weights): all four reports are written, and no
    Infinity, NaN or inf reaches them."""
    vendors = tmp_path / "v.yaml"
    vendors.write_text(CANDIDATE.format(input="1000000", output="1000000"))
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "id: limits\nname: Limits\njurisdictions: [US]\n"
        "volume: {input_tokens: 1.0e+15, output_tokens: 1.0e+15}\nbudget_usd: 0.01\n"
        "weights: {price: 1000, data_residency: 0.000001, export_control: 0, sector: 0}\n"
    )
    args = [a if a != str(MINI / "profile.yaml") else str(profile) for a in ARGS]
    out = tmp_path / "o"
    assert main(["report", str(vendors), *args, "--out", str(out), "--format", "html,md,json,csv"]) == 0
    record = json.loads((out / "assessment.json").read_text(), parse_constant=lambda c: pytest.fail(f"{c} in assessment.json"))

    def numbers(value: Any) -> list[float]:
        if isinstance(value, dict):
            return [n for v in value.values() for n in numbers(v)]
        if isinstance(value, list):
            return [n for v in value for n in numbers(v)]
        return [value] if isinstance(value, float) else []

    assert all(math.isfinite(n) for n in numbers(record))
    cells = [c.strip().lower() for row in csv.reader((out / "candidates.csv").open()) for c in row]
    assert not {"inf", "-inf", "nan", "infinity"} & set(cells)
    for name in ("report.md", "report.html"):
        assert "Infinity" not in (out / name).read_text() and "NaN" not in (out / name).read_text()


# ---------------------------------------------------------------- parsers' limits


def test_json_nested_5000_deep(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"candidates":\n  ' + "[" * 5000 + "]" * 5000 + "}")
    assert main(["validate", str(deep), *VALIDATE]) == 2
    assert _err_lines(capsys) == [f"{deep}:2:{3 + MAX_DEPTH - 1}: invalid JSON: nested deeper than the limit of {MAX_DEPTH} levels"]


def test_yaml_nested_50000_deep_does_not_crash_the_c_parser(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("candidates: " + "[" * 50_000 + "]" * 50_000 + "\n")  # crashed libyaml's composer (SIGSEGV)
    assert main(["validate", str(deep), *VALIDATE]) == 2
    # The column is where the nesting passes the limit: ours (64), or the scanner's own in newer PyYAML releases.
    [line] = _err_lines(capsys)
    assert line.startswith(f"{deep}:1:") and line.endswith(f": nested deeper than the limit of {MAX_DEPTH} levels")


def test_nesting_up_to_the_limit_is_read() -> None:
    inner = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert parse_json('{"a": ' + inner + "}").data["a"] is not None
    assert parse_yaml("a: " + inner).data["a"] is not None
    with pytest.raises(YamlProblem):
        parse_json('{"a": [' + inner + "]}")
    with pytest.raises(YamlProblem):
        parse_yaml("a: [" + inner + "]")


def test_csv_cell_over_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "long.csv"
    sheet.write_text('id,model\nx@y,"' + "x" * 140_000 + '"\n')
    assert main(["validate", str(sheet), *VALIDATE]) == 2
    assert f"{sheet}:2:1: cannot read this line: a cell is longer than the limit of 131,072 characters" in _err_lines(capsys)


def test_string_over_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendors = tmp_path / "v.json"
    vendors.write_text(json.dumps({"candidates": [{"id": "a@b", "notes": "x" * 140_000}]}, indent=1))
    assert main(["validate", str(vendors), *VALIDATE]) == 2
    assert f"{vendors}:5:13: candidates[0].notes: String should have at most 131072 characters" in _err_lines(capsys)


@pytest.mark.parametrize(
    "text,where,message",
    [
        ('{\n  "a": 1,\n  "a": 2\n}', (3, 3), "duplicate key 'a' (first defined at 2:3)"),
        ('{\n  "a": "x\\udc00"\n}', (2, 8), "lone surrogate \\udc00 in a string (not a Unicode character)"),
        ('{\n  "a": [1,\n    ' + "7" * 5000 + "]\n}", (3, 5), "a number of 5,000 digits is over the limit of 4,300"),
        ('{"a":\n -Infinity}', (2, 2), "-Infinity is not a JSON number"),
        ('{"a": 2e400}', (1, 7), "number 2e400 is out of range"),
        ('{"a": "x\x00"}', (1, 9), "control character U+0000 in a string (write it as an escape such as \\n)"),
    ],
)
def test_json_problems_are_located(text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_json(text)
    assert (exc.value.line, exc.value.col, exc.value.message) == (*where, "invalid JSON: " + message)


def test_paired_surrogates_and_escaped_backslashes_are_fine() -> None:
    assert parse_json('{"a": "\\ud83d\\ude00", "b": "\\\\ud800"}').data == {"a": "\U0001f600", "b": "\\ud800"}


def test_nul_byte_in_yaml_is_one_located_line() -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_yaml("a: 1\nb: 'x\x00'\n")
    assert (exc.value.line, exc.value.col) == (2, 6) and "\n" not in exc.value.message


_KEYS = st.text("abcdefgh_", min_size=1, max_size=6)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text("abc xyz-é\"\\\\/\t", max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=30,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found += _paths(child, path + (key,))
    return found


@settings(max_examples=200, deadline=None)
@given(_JSON, st.sampled_from([None, 0, 2]), st.booleans())
def test_json_locations_agree_with_the_yaml_tree(value: Any, indent: int | None, ascii_only: bool) -> None:
    """The JSON node tree locates every field path where the YAML node tree of the same text does."""
    text = json.dumps({"root": value}, indent=indent, ensure_ascii=ascii_only)
    from_json, from_yaml = parse_json(text), parse_yaml(text)
    for path in _paths(from_json.data):
        assert from_json.locator(path, False) == from_yaml.locator(path, False), path
        assert from_json.locator(path, True) == from_yaml.locator(path, True), path


def _run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process: a reader that blocks on a FIFO fails the test instead of hanging the suite."""
    try:
        return subprocess.run([sys.executable, "-m", "riskscore", *args], cwd=cwd, capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"riskscore {' '.join(args)} blocked on a FIFO instead of refusing it")


@pytest.mark.parametrize("command", [
    pytest.param(lambda f: ["import", "openrouter", str(f("models.json")), str(f("endpoints.csv"))], id="import openrouter"),
    pytest.param(lambda f: ["check", str(f("config.yaml"))], id="check"),
    pytest.param(lambda f: ["diff", str(f("old.json")), str(f("new.json"))], id="diff"),
    pytest.param(lambda f: ["screen", "Acme", "--list", str(f("consolidated.csv"))], id="screen --list"),
])
def test_fifo_is_refused_by_other_commands(command: Any, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no mkfifo on this platform")
    fifos: list[Path] = []

    def fifo(name: str) -> Path:
        path = tmp_path / name
        os.mkfifo(path)
        fifos.append(path)
        return path

    done = _run_cli(command(fifo), tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    first = f"{fifos[0]}:1:1: a named pipe (FIFO), not a regular file: give the path of a file"
    assert first in lines, done.stderr
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- messages


def test_escapes_and_bidi_controls_are_printed_escaped() -> None:
    line = str(Problem("f\x1b.yaml", 1, 2, "a\u202e", "unknown 'x\x1b[2J\u2066\u0085\ud800\n'"))
    assert line == "f\\x1b.yaml:1:2: a\\u202e: unknown 'x\\x1b[2J\\u2066\\x85\\ud800\\x0a'"
    assert printable("Zürich 東京 ok") == "Zürich 東京 ok"


def test_overlong_message_is_cut() -> None:
    line = str(Problem("f.yaml", 1, 1, "", "unknown 'x" + "x" * 5000 + "'"))
    assert len(line) < 2100 and line.endswith("(3,011 more characters)")


# ---------------------------------------------------------------- validate agrees with report


def test_validate_folder_using_a_bundled_group_agrees_with_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's `validate ... our-rules/` example: a user rule naming a bundled group."""
    ours = tmp_path / "our-rules"
    ours.mkdir()
    (ours / "eu.yaml").write_text(
        "rules:\n  - id: OUR-EU-ONLY\n    title: Processing in the EU only\n    dimension: data_residency\n"
        "    effect: block\n    severity: high\n"
        "    when: {not: {fact: candidate.regions, op: subset_of, group: eu_member_states}}\n"
        "    rationale: Our policy keeps processing within the member states of the EU.\n"
        "    message: Processing may happen outside the EU.\n"
        "    sources: [{title: Internal policy, url: 'https://example.org/policy', date: 2026-01-01}]\n"
        "    effective_from: 2026-01-01\n"
    )
    for folder in (str(ours), str(ours) + "/"):
        assert main(["validate", folder]) == 0
    assert main(["report", "--rules", str(ours), "--out", str(tmp_path / "o"), "--quiet", "--format", "json"]) == 0
    capsys.readouterr()


def test_validating_bundled_rule_files_finds_no_duplicates(capsys: pytest.CaptureFixture[str]) -> None:
    from riskscore.resources import bundled

    rules = bundled("rules")
    assert main(["validate", str(rules / "price.yaml"), str(rules / "groups.yaml"), str(rules)]) == 0
    assert "duplicate" not in capsys.readouterr().err


def test_warning_and_usage_error_lines_are_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        'waivers:\n  - rule: TEST-RES-REGION\n    candidates: ["nobody@nowhere"]\n    reason: A test\n'
        '    approver: "CFO\\e[2J office\\u202e"\n    expires: 2099-12-31\n', encoding="utf-8")
    loud = [a for a in ARGS if a != "--quiet"]  # warnings are printed unless --quiet
    assert main(["report", str(MINI / "vendors.yaml"), *loud, "--waivers", str(waivers), "--out", str(tmp_path / "o")]) == 0
    warnings = [line for line in _err_lines(capsys) if "warning:" in line]
    assert warnings and "approved by CFO\\x1b[2J office\\u202e)" in warnings[0]
    assert main(["rules", "show", "NO-SUCH\x1b[2J\u202e"]) == 2
    assert _err_lines(capsys) == ["riskscore: error: no rule 'NO-SUCH\\x1b[2J\\u202e'"]
