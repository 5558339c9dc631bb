"""The README stays true: quickstart commands, operators and facts are documented."""

from __future__ import annotations

import re
from pathlib import Path

from riskscore.facts import CATALOGUE
from riskscore.operators import OPERATORS

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def test_quickstart_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    section = README.split("## Quickstart", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(pip install .+)$", section, flags=re.M)
    assert commands == ['pip install . && riskscore report', 'pip install ".[test]" && python -m pytest']
    ci = (ROOT / ".ci" / "run").read_text()
    assert '".[test]"' in ci and "-m pytest" in ci


def test_every_operator_is_documented() -> None:
    for name in OPERATORS:
        assert f"| `{name}` |" in README, name


def test_every_fact_is_documented_as_the_catalogue_describes_it() -> None:
    for path, spec in CATALOGUE.items():
        root, rest = path.split(".", 1)
        if root in ("developer", "operator", "broker"):
            assert f"| `{{developer,operator,broker}}.{rest}` | {spec.type} |" in README, path
        else:
            assert f"| `{path}` | {spec.type} | {spec.doc} |" in README, path


def test_pack_summary_in_readme_matches_the_pack(bundled_pack: object) -> None:
    rules = bundled_pack.rules  # type: ignore[attr-defined]
    count = {d: sum(1 for r in rules if r.dimension == d) for d in ("export_control", "data_residency", "sector", "price")}
    effects = {e: sum(1 for r in rules if r.effect == e) for e in ("block", "risk", "review", "watch")}
    expected = (
        f"{len(rules)} rules (export control {count['export_control']}, data residency {count['data_residency']}, "
        f"sector {count['sector']}, price {count['price']}; {effects['block']} knock-outs, {effects['risk']} risk,\n"
        f"{effects['review']} review, {effects['watch']} watch)"
    )
    assert expected in README


def test_verdict_matrix_in_docs_and_readme_is_current(capsys: object) -> None:
    from riskscore.cli import main

    assert main(["matrix", "--as-of", "2026-11-28"]) == 0
    produced = capsys.readouterr().out  # type: ignore[attr-defined]
    doc = (ROOT / "docs" / "verdict-matrix.md").read_text()
    assert produced in doc, "regenerate docs/verdict-matrix.md with `riskscore matrix --as-of 2026-11-28`"
    counts = produced.split("\n\n")[0]
    assert counts in README, "copy the counts table of `riskscore matrix --as-of 2026-11-28` into the README"
