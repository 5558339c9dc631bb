"""Load-time checks of rules: fact paths, operator/value types, vocabularies and message templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Any, Iterator, get_args

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from .codes import country_codes, suggest
from .facts import CATALOGUE, STATIC_VOCABULARIES, nest
from .messages import MESSAGE_ROOTS, plain_parts, render_message, sandbox
from .models import AllOf, AnyOf, NotOf, Predicate, Rule
from .operators import OPERATORS
from .vocabulary import Certification, DataClass, Sector

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class PackNames:
    """The names a rule may refer to: jurisdiction groups and restricted lists of the pack."""

    groups: frozenset[str]
    lists: frozenset[str]

    def vocabulary(self, name: str) -> frozenset[str]:
        """The allowed values of a named vocabulary."""
        table: dict[str, frozenset[str]] = {
            "country": country_codes(),
            "group": self.groups,
            "list": self.lists,
            "certification": frozenset(get_args(Certification)),
            "sector": frozenset(get_args(Sector)),
            "data_class": frozenset(get_args(DataClass)),
        }
        table.update({k: frozenset(v) for k, v in STATIC_VOCABULARIES.items()})
        return table[name]


def _fact_problem(path: str) -> str | None:
    if path in CATALOGUE:
        return None
    return f"unknown fact '{path}'" + suggest(path, CATALOGUE)


def _is_type(value: Any, fact_type: str) -> bool:
    if fact_type == "str":
        return isinstance(value, str)
    if fact_type == "bool":
        return isinstance(value, bool)
    if fact_type == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if fact_type == "date":
        if isinstance(value, date):
            return True
        try:
            date.fromisoformat(str(value))
            return True
        except ValueError:
            return False
    return False


def _check_predicate(pred: Predicate, loc: Loc, names: PackNames) -> Iterator[tuple[Loc, str]]:
    problem = _fact_problem(pred.fact)
    if problem:
        yield loc + ("fact",), problem
        return
    spec = CATALOGUE[pred.fact]
    op = OPERATORS[pred.op]
    if spec.type not in op.fact_types:
        yield loc + ("op",), f"operator '{pred.op}' does not apply to '{pred.fact}' (a {spec.type}); it takes {', '.join(sorted(op.fact_types))}"
        return
    if pred.other is not None:
        problem = _fact_problem(pred.other)
        if problem:
            yield loc + ("other",), problem
            return
        other = CATALOGUE[pred.other]
        wanted = "list" if op.operand == "list" else spec.type
        if other.type != wanted:
            yield loc + ("other",), f"'{pred.other}' is a {other.type}; operator '{pred.op}' on '{pred.fact}' needs a {wanted}"
        return
    if pred.group is not None:
        if op.operand != "list":
            yield loc + ("group",), f"operator '{pred.op}' does not take a group"
        elif pred.group not in names.groups:
            yield loc + ("group",), f"unknown group '{pred.group}'" + suggest(pred.group, names.groups)
        return
    if op.operand in ("bool", "pattern"):
        return  # checked by the model
    value = pred.value
    item_type = "str" if spec.type == "list" else spec.type
    if op.operand == "list":
        if not isinstance(value, list) or not value:
            yield loc + ("value",), f"operator '{pred.op}' needs a non-empty list as 'value' (or a 'group')"
            return
        items = value
    else:
        if isinstance(value, list):
            yield loc + ("value",), f"operator '{pred.op}' needs a single {item_type} as 'value', not a list"
            return
        items = [value]
    for i, item in enumerate(items):
        item_loc = loc + (("value", i) if op.operand == "list" else ("value",))
        if not _is_type(item, item_type):
            yield item_loc, f"'{item}' is not a {item_type}, as '{pred.fact}' needs"
        elif spec.vocabulary and item_type == "str":
            allowed = names.vocabulary(spec.vocabulary)
            if item not in allowed:
                yield item_loc, f"'{item}' is not a known {spec.vocabulary.replace('_', ' ')}" + suggest(item, allowed)


def check_condition(cond: Any, loc: Loc, names: PackNames) -> Iterator[tuple[Loc, str]]:
    """Every problem in a condition tree, with the location of each."""
    if isinstance(cond, Predicate):
        yield from _check_predicate(cond, loc, names)
    elif isinstance(cond, AllOf):
        for i, sub in enumerate(cond.all):
            yield from check_condition(sub, loc + ("all", i), names)
    elif isinstance(cond, AnyOf):
        for i, sub in enumerate(cond.any):
            yield from check_condition(sub, loc + ("any", i), names)
    elif isinstance(cond, NotOf):
        yield from check_condition(cond.not_, loc + ("not",), names)


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return None if base is None else f"{base}.{node.attr}"
    return None


@lru_cache(maxsize=1)
def _fact_prefixes() -> frozenset[str]:
    return frozenset(p.rsplit(".", i)[0] for p in CATALOGUE for i in range(p.count(".") + 1))


def _message_paths(template: str) -> Iterator[str] | None:
    """Dotted names a template reads, or None on a syntax error (reported separately)."""
    plain = plain_parts(template)
    if plain is not None:
        return iter(plain[1::2])  # a plain template needs no parse
    try:
        ast = sandbox().parse(template)
    except TemplateSyntaxError:
        return None
    return (
        path
        for node in ast.find_all((nodes.Getattr, nodes.Name))
        if (path := _dotted(node)) is not None and not (isinstance(node, nodes.Name) and node.ctx != "load")
    )


def check_message(template: str) -> Iterator[str]:
    """Problems in a message template: syntax, and names that are not facts."""
    paths = _message_paths(template)
    if paths is None:
        try:
            sandbox().parse(template)
        except TemplateSyntaxError as exc:
            yield f"template syntax error: {exc.message}"
        return
    prefixes = _fact_prefixes()
    bad = False
    for path in paths:
        root = path.split(".")[0]
        if root not in MESSAGE_ROOTS:
            yield f"unknown name '{root}' in message" + suggest(root, MESSAGE_ROOTS)
        elif root != "rule" and path not in prefixes:
            yield f"unknown fact '{path}' in message" + suggest(path, CATALOGUE)
        else:
            continue
        bad = True
    if not bad and plain_parts(template) is None:
        # Render once with every fact unknown: the sandbox rejects unsafe access here, not mid-report.
        # (A plain template only substitutes known facts, so it needs no trial.)
        sample = nest({path: None for path in CATALOGUE})
        try:
            render_message(template, {**sample, "rule": {"id": "X-1", "title": "title"}})
        except Exception as exc:  # any failure of an untrusted template is a load error
            yield f"message cannot be rendered: {type(exc).__name__}: {exc}"


def check_rule(rule: Rule, loc: Loc, names: PackNames) -> Iterator[tuple[Loc, str]]:
    """Every load-time problem of one rule."""
    yield from check_condition(rule.when, loc + ("when",), names)
    for message in dict.fromkeys(check_message(rule.message)):
        yield loc + ("message",), message
