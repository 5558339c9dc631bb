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


def test_every_fact_is_documented() -> None:
    for path in CATALOGUE:
        root, rest = path.split(".", 1)
        shown = f"{{developer,operator,broker}}.{rest}" if root in ("developer", "operator", "broker") else path
        assert f"`{shown}`" in README, path
