"""The closed table of condition operators. Each returns True, False or None (unknown)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

Truth = bool | None


@dataclass(frozen=True)
class OperatorSpec:
    """One operator: what it does, which fact types it takes, and what its operand must be."""

    name: str
    doc: str
    fact_types: frozenset[str]
    operand: str  # "scalar", "list", "bool" (exists) or "pattern"
    apply: Callable[[Any, Any], bool]


@lru_cache(maxsize=512)
def _glob(pattern: str) -> Any:
    import re

    return re.compile(fnmatch.translate(pattern.lower()))


def _matches(fact: Any, pattern: str) -> bool:
    values = fact if isinstance(fact, list) else [fact]
    rx = _glob(pattern)
    return any(rx.match(str(v).lower()) is not None for v in values)


class AtLeast(tuple):  # type: ignore[type-arg]
    """A list fact known to hold these items and perhaps more (e.g. certifications a source lists).

    Presence of an item is known; absence is not, so tests that need absence come out unknown."""


def partial(op: str, fact: AtLeast, operand: Any) -> Truth:
    """Three-valued answer of a list operator on an open-ended list."""
    items = set(fact)
    wanted = set(operand) if isinstance(operand, (list, tuple, set, frozenset)) else {operand}
    if op == "intersects":
        return True if items & wanted else None
    if op == "subset_of":
        return False if items - wanted else None
    if op == "matches":
        return True if _matches(list(fact), operand) else None
    if op == "exists":
        return True
    return None


_SCALARS = frozenset({"str", "bool", "number", "date"})
_ORDERED = frozenset({"number", "date"})

OPERATORS: dict[str, OperatorSpec] = {
    spec.name: spec
    for spec in (
        OperatorSpec("eq", "The fact equals the value.", _SCALARS, "scalar", lambda f, v: f == v),
        OperatorSpec("ne", "The fact differs from the value.", _SCALARS, "scalar", lambda f, v: f != v),
        OperatorSpec("in", "The fact is one of the listed values (or a member of the named group).", frozenset({"str", "number"}), "list", lambda f, v: f in v),
        OperatorSpec("not_in", "The fact is none of the listed values (nor a member of the named group).", frozenset({"str", "number"}), "list", lambda f, v: f not in v),
        OperatorSpec("intersects", "The fact (a list) shares at least one item with the values.", frozenset({"list"}), "list", lambda f, v: not v.isdisjoint(f)),
        OperatorSpec("subset_of", "Every item of the fact (a list) is among the values; an empty list is a subset.", frozenset({"list"}), "list", lambda f, v: v.issuperset(f)),
        OperatorSpec("gt", "The fact is greater than the value.", _ORDERED, "scalar", lambda f, v: f > v),
        OperatorSpec("ge", "The fact is greater than or equal to the value.", _ORDERED, "scalar", lambda f, v: f >= v),
        OperatorSpec("lt", "The fact is less than the value.", _ORDERED, "scalar", lambda f, v: f < v),
        OperatorSpec("le", "The fact is less than or equal to the value.", _ORDERED, "scalar", lambda f, v: f <= v),
        OperatorSpec("exists", "The fact is known (value: true, the default) or unknown (value: false). Never unknown itself.", frozenset({"str", "bool", "number", "date", "list"}), "bool", lambda f, v: (f is not None) == v),
        OperatorSpec("matches", "The fact (or any item of a list fact) matches a case-insensitive shell-style pattern such as 'deepseek*'. Patterns are globs, not regular expressions, so matching time is bounded.", frozenset({"str", "list"}), "pattern", _matches),
    )
}


def apply_operator(op: str, fact: Any, operand: Any) -> Truth:
    """Apply an operator with three-valued logic: an unknown fact or operand gives None."""
    spec = OPERATORS[op]
    if op == "exists":
        return spec.apply(fact, True if operand is None else operand)
    if fact is None or operand is None:
        return None
    if spec.operand == "list":
        operand = frozenset(operand)  # list operands are sets: the table's functions rely on it
    if isinstance(fact, AtLeast):
        return partial(op, fact, operand)
    return spec.apply(fact, operand)
