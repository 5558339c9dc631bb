"""Safe JSON parsing: the fast C parser for the data, and a node tree (built only for a file that needs
an error located) mapping any field path to line:col, with the limits of README "Limits"."""

from __future__ import annotations

import gc
import json
import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated, not in the stubs
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yamlsafe import MAX_DEPTH, MAX_INT_DIGITS, YamlProblem, locate, locate_key

__all__ = ["JsonParsed", "parse_json"]


_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
#: An escaped UTF-16 surrogate without its pair (a pair is an emoji written by an ASCII-only encoder);
#: a hit is checked exactly, as `\\ud800` (an escaped backslash) also matches.
_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")  # located by _json_tree
    return result


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")  # located by _json_tree
    return value


def _constant(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")  # located by _json_tree


@dataclass
class JsonParsed:
    """A parsed JSON document whose node tree (for error locations) is built only when first needed."""

    data: Any
    text: str
    _root: Node | None = field(default=None, repr=False)

    @property
    def root(self) -> Node | None:
        """The located node tree, built on first use (a valid file never needs it)."""
        if self._root is None and self.text:
            text, self.text = self.text, ""
            self._root = _built_tree(text)
        return self._root

    def locator(self, path: tuple[Any, ...], at_key: bool = False) -> tuple[int, int]:
        """Line and column of a field path, or of its key when `at_key` (a Doc's locator)."""
        try:
            root = self.root
        except YamlProblem:  # parse_json has checked the text already: never expected, and never fatal
            root = None
        return (locate_key if at_key else locate)(root, path)


def parse_json(text: str) -> JsonParsed:
    """Parse a JSON document with the fast C parser; raise YamlProblem with a line and column on any
    fault, including those the parser reports without a place (a duplicate key, an integer too long
    to convert, a number out of range, NaN, nesting beyond MAX_DEPTH, a lone surrogate escape)."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_float=_finite, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise _decode_problem(text, exc) from None
    except (ValueError, RecursionError) as exc:
        _built_tree(text)  # raises the located problem
        raise YamlProblem(f"invalid JSON: {exc}", 1, 1) from None
    parsed = JsonParsed(data, text)
    # `in` first: a C substring search, much faster than the regular expression on a large file.
    if _too_deep(data) or (("\\ud" in text or "\\uD" in text) and _SURROGATE_ESCAPE.search(text)):
        parsed.root  # noqa: B018 -- builds the tree, which raises the located problem if there is one
    return parsed


def _decode_problem(text: str, exc: json.JSONDecodeError) -> YamlProblem:
    message = exc.msg.removesuffix(" at")
    if message.startswith("Invalid control character") and exc.pos < len(text):
        message = f"control character U+{ord(text[exc.pos]):04X} in a string (write it as an escape such as \\n)"
    return YamlProblem(f"invalid JSON: {message}", exc.lineno, exc.colno)


def _too_deep(data: Any) -> bool:
    """Whether parsed JSON nests deeper than MAX_DEPTH (the C parser only stops near the recursion
    limit). Level by level, testing exact types: about a fifth of json.loads' own time."""
    level = [data]
    for _ in range(MAX_DEPTH):
        below: list[Any] = []
        add = below.append
        for node in level:
            for child in node.values() if type(node) is dict else node if type(node) is list else ():
                if type(child) is dict or type(child) is list:
                    add(child)
        if not below:
            return False
        level = below
    return True


class _Mark:
    """A position as the YAML locators read it (0-based `line` and `column`), worked out only when read."""

    __slots__ = ("index", "starts")

    def __init__(self, index: int, starts: _LineStarts):
        self.index, self.starts = index, starts

    @property
    def line(self) -> int:
        """0-based line."""
        return bisect_right(self.starts.get(), self.index) - 1

    @property
    def column(self) -> int:
        """0-based column, in characters."""
        return self.index - self.starts.get()[self.line]


class _LineStarts:
    """The offset of every line's first character, listed on first use."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None

    def get(self) -> list[int]:
        """Offsets of line starts, ascending."""
        if self.starts is None:
            self.starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return self.starts

    def problem(self, index: int, message: str) -> YamlProblem:
        """A problem at a character offset."""
        mark = _Mark(index, self)
        return YamlProblem(f"invalid JSON: {message}", mark.line + 1, mark.column + 1)


def _string(text: str, raw: str, at: int, lines: _LineStarts) -> str:
    """The value of the string token `raw` (without quotes) at offset `at`; lone surrogates refused."""
    if "\\" not in raw:
        return raw
    try:
        value = scanstring(text, at + 1)[0]
    except json.JSONDecodeError as exc:
        raise _decode_problem(text, exc) from None
    lone = _LONE_SURROGATE.search(value)
    if lone:
        raise lines.problem(at, f"lone surrogate \\u{ord(lone.group()):04x} in a string (not a Unicode character)")
    return value


def _check_number(token: str, at: int, lines: _LineStarts) -> None:
    """Refuse what json.loads cannot hold: NaN and Infinity, an overlong integer, a float out of range."""
    if token.lstrip("-") in ("NaN", "Infinity"):
        raise lines.problem(at, f"{token} is not a JSON number")
    if not _NUMBER.fullmatch(token):
        raise lines.problem(at, f"expected a value, found '{token[:20]}'")
    digits = len(token.lstrip("-"))
    if token.isdigit() or (token[0] == "-" and token[1:].isdigit()):
        if digits > MAX_INT_DIGITS:
            raise lines.problem(at, f"a number of {digits:,} digits is over the limit of {MAX_INT_DIGITS:,}")
    elif not math.isfinite(float(token)):
        raise lines.problem(at, f"number {token[:20]}{'...' if len(token) > 20 else ''} is out of range")


#: One JSON token: 1 a string's content, 2 a word (true, NaN, -Infinity), 3 a number, 4 punctuation,
#: 5 anything else but whitespace.
_TOKEN = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"|(-?[A-Za-z]+)|(-?[0-9][-+.eE0-9]*)|([{}\[\],:])|([^ \t\n\r])', re.DOTALL)
_END = re.compile("$")


def _json_tree(text: str) -> Node | None:
    """A YAML-style node tree of a JSON text, so the YAML locators map field paths to line:col. Built
    without recursion; raises YamlProblem at the first problem json.loads reports without a place (a
    duplicate key, nesting over MAX_DEPTH, a number it cannot hold, a lone surrogate). Syntax is
    checked loosely: json.loads has already accepted the text up to that problem."""
    lines = _LineStarts(text)
    root: Node | None = None
    stack: list[tuple[Node, dict[str, int] | None]] = []  # open containers; a mapping's keys -> offset
    key: ScalarNode | None = None
    expect = "value"
    mark: Any  # a _Mark, read by the YAML locators as a yaml Mark
    tokens = _TOKEN.finditer(text)
    for m in _with_end(tokens, text):
        kind = m.lastindex or 0
        token = m.group(kind) if kind else ""
        at = m.start()
        if expect == "value" or (expect == "first value" and token != "]"):
            mark = _Mark(at, lines)
            node: Node
            if kind == 4 and token in "{[":
                node = MappingNode(_MAP, [], mark, mark) if token == "{" else SequenceNode(_SEQ, [], mark, mark)
            elif kind == 1:
                node = ScalarNode(_STR, _string(text, token, at, lines), mark, mark)
            elif kind in (2, 3) and token in ("true", "false", "null"):
                node = ScalarNode("", token, mark, mark)
            elif kind in (2, 3):
                _check_number(token, at, lines)
                node = ScalarNode("", token, mark, mark)
            else:
                raise lines.problem(at, "expected a value")
            if not stack:
                root = node
            elif stack[-1][1] is not None:
                stack[-1][0].value.append((key, node))
            else:
                stack[-1][0].value.append(node)
            expect = "after"
            if kind == 4:
                stack.append((node, {} if token == "{" else None))
                if len(stack) > MAX_DEPTH:
                    raise lines.problem(at, f"nested deeper than the limit of {MAX_DEPTH} levels")
                expect = "first key" if token == "{" else "first value"
        elif expect in ("key", "first key") and not (expect == "first key" and token == "}"):
            if kind != 1:
                raise lines.problem(at, "expected a key in double quotes")
            name = _string(text, token, at, lines)
            keys = stack[-1][1]
            assert keys is not None
            if name in keys:
                first = _Mark(keys[name], lines)
                raise lines.problem(at, f"duplicate key '{name}' (first defined at {first.line + 1}:{first.column + 1})")
            keys[name] = at
            mark = _Mark(at, lines)
            key = ScalarNode(_STR, name, mark, mark)
            expect = "colon"
        elif expect == "colon":
            if token != ":":
                raise lines.problem(at, "expected ':' after the key")
            expect = "value"
        elif not stack:
            if kind:
                raise lines.problem(at, "extra data after the document")
            return root
        elif token == ("}" if stack[-1][1] is not None else "]"):
            stack.pop()
            expect = "after"
        elif token == "," and expect == "after":
            expect = "key" if stack[-1][1] is not None else "value"
        else:
            closer = "}" if stack[-1][1] is not None else "]"
            raise lines.problem(at, f"expected ',' or '{closer}'")
    return root


def _built_tree(text: str) -> Node | None:
    """_json_tree with the cyclic garbage collector paused: the tree has no cycles, and collector
    passes over millions of new nodes took two thirds of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _json_tree(text)
    finally:
        if enabled:
            gc.enable()


def _with_end(tokens: Iterator[re.Match[str]], text: str) -> Iterator[re.Match[str]]:
    """The tokens, then an empty match at the end of the text (kind 0)."""
    yield from tokens
    yield _END.search(text)  # type: ignore[misc]
