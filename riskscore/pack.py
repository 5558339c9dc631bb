"""The loaded rule pack and the provenance records of inputs (data only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .models import Group, RestrictedList, Rule


@dataclass(frozen=True)
class RuleOrigin:
    """Where a rule was defined."""

    file: str
    line: int


@dataclass(frozen=True)
class InputRecord:
    """One input file: its label, content hash and kind."""

    path: str
    sha256: str
    kind: str


@dataclass(frozen=True)
class Pack:
    """Rules plus the named jurisdiction groups and restricted lists they refer to."""

    rules: tuple[Rule, ...]
    groups: Mapping[str, frozenset[str]]
    group_models: Mapping[str, Group]
    lists: Mapping[str, RestrictedList]
    origins: Mapping[str, RuleOrigin]
    sha256: str
