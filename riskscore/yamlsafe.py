"""Safe YAML parsing that keeps the node tree, so any field path can be mapped to line:col; the limits
every input file is held to (README "Limits"), and reading a file within them."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: YAML, CSV and XLSX files (and any other input but JSON) above this size are refused before they are read.
MAX_BYTES = 8 * 1024 * 1024
#: JSON files above this size are refused: JSON is parsed by the fast C parser, so it may be larger.
MAX_JSON_BYTES = 256 * 1024 * 1024
#: Nesting of mappings and lists: a vendor list needs 5 levels, a rule condition 2 per `all`/`any`/`not`;
#: deeper input is refused before it can exhaust the parsers' recursion (or crash the C YAML composer).
MAX_DEPTH = 64
#: Digits of an integer: Python refuses to convert more (sys.get_int_max_str_digits).
MAX_INT_DIGITS = 4300
#: Upper bound on nodes visited when following aliases (stops "billion laughs").
MAX_NODE_VISITS = 2_000_000
#: Upper bound on alias uses in one document.
MAX_ALIASES = 1_000

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileProblem(Exception):
    """A file that cannot be read as input: missing, not a regular file, or over the size limit."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"{kind}, not a regular file: give the path of a file"


def file_kind_problem(path: Path) -> str | None:
    """Why `path` cannot be read as an input file (missing, a folder, a FIFO, a device), or None.
    Only `stat`s the path, so it never blocks on a FIFO nor reads a device."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    return _not_regular(mode)


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, at most `max_bytes` of them; raise FileProblem otherwise.
    The kind and size are checked on the open file before reading: a FIFO is opened without
    blocking and refused, `/dev/zero` (or a link to it) is refused instead of read forever."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise FileProblem("a folder, not a regular file: give the path of a file") from None
    except OSError as exc:
        raise FileProblem(f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        problem = _not_regular(info.st_mode)
        if problem:
            raise FileProblem(problem)
        too_big = f"file is larger than the limit of {max_bytes:,} bytes"
        if info.st_size > max_bytes:
            raise FileProblem(too_big)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FileProblem(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # the file grew after it was checked
        raise FileProblem(too_big)
    return data


class YamlProblem(Exception):
    """A parse-level problem (YAML or JSON) with its 1-based line and column."""

    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


@dataclass(frozen=True)
class Parsed:
    """A parsed document: plain data plus the node tree it came from."""

    data: Any
    root: Node | None

    def locate(self, path: tuple[Any, ...]) -> tuple[int, int]:
        """The line and column of the deepest node on `path` that exists."""
        return locate(self.root, path)

    def locator(self, path: tuple[Any, ...], at_key: bool = False) -> tuple[int, int]:
        """Line and column of a field path, or of its key when `at_key` (a Doc's locator)."""
        return (locate_key if at_key else locate)(self.root, path)


# The C parser (libyaml) is about ten times faster; the pure-Python one is the fallback.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps dates as strings so pydantic parses and reports them."""


# Dates stay strings: pydantic validates them and a wrong date gets a located error.
# Booleans are only true/false (YAML 1.2): country code NO (Norway) must not become False.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mark(node: Any) -> tuple[int, int]:  # a Node or an Event
    return node.start_mark.line + 1, node.start_mark.column + 1


def _construct_int(loader: _Loader, node: ScalarNode) -> int:
    # Python refuses to convert more digits (ValueError): report it where it is instead.
    if len(node.value) > MAX_INT_DIGITS:
        raise YamlProblem(f"a number of {len(node.value):,} digits is over the limit of {MAX_INT_DIGITS:,}", *_mark(node))
    return int(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _check_depth(text: str) -> None:
    """Reject nesting deeper than MAX_DEPTH from the event stream, before the (recursive, and in
    libyaml's case unguarded) composer builds the node tree."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(f"nested deeper than the limit of {MAX_DEPTH} levels", *_mark(event))
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _reader_problem(text: str, exc: yaml.reader.ReaderError) -> YamlProblem:
    """A character the YAML reader refuses (NUL, other control characters), on one line, at its place."""
    position = exc.position
    if _BaseLoader is not yaml.SafeLoader:  # libyaml counts bytes, the Python reader characters
        position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace"))
    before = text[:position]
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return YamlProblem(f"invalid YAML: character U+{code:04X}: {exc.reason}", *_line_col(before))


def _line_col(before: str) -> tuple[int, int]:
    """1-based line and column of the character after `before`."""
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def _check_tree(root: Node) -> None:
    """Reject duplicate keys, non-scalar keys and alias bombs."""
    visits = 0
    aliases = 0
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        visits += 1
        if visits > MAX_NODE_VISITS:
            raise YamlProblem("document expands to too many nodes (alias bomb?)", *_mark(root))
        if id(node) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlProblem(f"more than {MAX_ALIASES} aliases", *_mark(node))
        seen.add(id(node))
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem("mapping keys must be plain scalars", *_mark(key_node))
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem("merge keys ('<<') are not supported", *_mark(key_node))
                if key_node.value in keys:
                    first = _mark(keys[key_node.value])[0]
                    raise YamlProblem(f"duplicate key '{key_node.value}' (first defined on line {first})", *_mark(key_node))
                keys[key_node.value] = key_node
                stack.append(value_node)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def parse_yaml(text: str) -> Parsed:
    """Parse one YAML document safely; raise YamlProblem with a location on any fault."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(f"file is larger than the limit of {MAX_BYTES:,} bytes", 1, 1)
    try:
        _check_depth(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(text, exc) from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem or ""):
            # Newer PyYAML scanners stop deep flow nesting themselves, before the events reach the check.
            mark = exc.problem_mark
            raise YamlProblem(f"nested deeper than the limit of {MAX_DEPTH} levels", *((mark.line + 1, mark.column + 1) if mark else (1, 1))) from None
    except yaml.YAMLError:
        pass  # reported, with its place, by the parse below
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Parsed(None, None)
        _check_tree(root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(f"invalid YAML: {exc.problem or exc.context}", line, col) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(text, exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("invalid YAML: " + " ".join(str(exc).split()), 1, 1) from None
    finally:
        loader.dispose()
    return Parsed(data, root)


def locate(root: Node | None, path: tuple[Any, ...]) -> tuple[int, int]:
    """Walk `path` (keys and indexes) down the node tree; return the deepest node's line:col."""
    if root is None:
        return 1, 1
    node = root
    for step in path:
        nxt: Node | None = None
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(step):
                    nxt = value_node
                    break
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            nxt = node.value[step]
        if nxt is None:
            break
        node = nxt
    return _mark(node)


def locate_key(root: Node | None, path: tuple[Any, ...]) -> tuple[int, int]:
    """Like `locate`, but point at the key of the last step (for unknown keys)."""
    if root is None or not path:
        return locate(root, path)
    parent_path, last = path[:-1], path[-1]
    node = root
    for step in parent_path:
        found = None
        if isinstance(node, MappingNode):
            found = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            found = node.value[step]
        if found is None:
            return _mark(node)
        node = found
    if isinstance(node, MappingNode):
        for key_node, _ in node.value:
            if key_node.value == str(last):
                return _mark(key_node)
    return _mark(node)

