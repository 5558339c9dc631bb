"""Bad or hostile input never runs code, injects markup, or leaves a half-written report."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from riskscore import loader
from riskscore.cli import main
from riskscore.errors import InputError
from riskscore.loader import load_pack

MINI = Path(__file__).parent / "data" / "mini"
ARGS = [
    "--profile", str(MINI / "profile.yaml"), "--no-default-rules", "--rules", str(MINI / "rules"),
    "--directory", str(MINI / "orgs.yaml"), "--currency", str(MINI / "currency.yaml"), "--as-of", "2026-11-28", "--quiet",
]
HOSTILE = """candidates:
  - id: evil@acme-ai
    model: "<script>alert(1)</script>"
    developer: acme-ai
    operator: acme-ai
    route: first_party
    regions: [DE]
    notes: "=HYPERLINK(\\"http://x\\")"
    sources: [{title: "<b>bold</b>", url: "https://example.org/x", date: 2026-01-01}]
    as_of: 2026-01-01
  - id: formula@acme-ai
    model: "=cmd|' /C calc'!A0"
    developer: acme-ai
    operator: acme-ai
    route: first_party
    sources: [{title: Fixture, url: "https://example.org/x", date: 2026-01-01}]
    as_of: 2026-01-01
"""


def test_markup_in_inputs_is_escaped_and_formulas_are_neutralised(tmp_path: Path) -> None:
    vendors = tmp_path / "v.yaml"
    vendors.write_text(HOSTILE)
    assert main(["report", str(vendors), *ARGS, "--out", str(tmp_path / "o")]) == 0
    html = (tmp_path / "o" / "report.html").read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    markdown = (tmp_path / "o" / "report.md").read_text()
    assert "<script>" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    rows = list(csv.DictReader(io.StringIO((tmp_path / "o" / "candidates.csv").read_text())))
    assert {r["model"] for r in rows} == {"<script>alert(1)</script>", "'=cmd|' /C calc'!A0"}


def _rule_file(tmp_path: Path, message: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    quoted = "'" + message.replace("'", "''") + "'"  # YAML single-quoted scalar
    original = 'message: "{{ candidate.id }}: parties are on {{ parties.lists }}"'
    (folder / "test.yaml").write_text((MINI / "rules" / "test.yaml").read_text().replace(original, f"message: {quoted}"))
    (folder / "groups.yaml").write_text((MINI / "rules" / "groups.yaml").read_text())
    return folder


@pytest.mark.parametrize(
    "message,expected",
    [
        ("{{ candidate.id.__class__ }}", "unknown fact 'candidate.id.__class__'"),
        ("{{ ''.__class__.__mro__ }}", "message cannot be rendered: SecurityError"),
        ("{{ cycler.__init__.__globals__ }}", "unknown name 'cycler'"),
    ],
)
def test_unsafe_message_templates_are_rejected_at_load(tmp_path: Path, message: str, expected: str) -> None:
    folder = _rule_file(tmp_path, message)
    with pytest.raises(InputError) as exc:
        load_pack([folder])
    assert expected in str(exc.value)
    assert "rules[0].message" in str(exc.value)


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("candidates: []\n" + "# padding\n" * 50)
    problems = loader.validate_files([big], [MINI / "rules"], use_default_rules=False)
    assert f"{big}:1:1: file is larger than the limit of 100 bytes" in [str(p) for p in problems]


def test_failed_render_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from riskscore import render

    def broken(*args: object) -> str:
        raise RuntimeError("template exploded")

    monkeypatch.setitem(render.FORMATS, "md", ("report.md", broken))
    assert main(["report", str(MINI / "vendors.yaml"), *ARGS, "--directory", str(MINI / "orgs.yaml"), "--out", str(tmp_path / "o")]) == 3
    assert not (tmp_path / "o").exists()
