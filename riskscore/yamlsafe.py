"""Safe YAML parsing that keeps the node tree, so any field path can be mapped to line:col."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Files above this size are refused before parsing.
MAX_BYTES = 8 * 1024 * 1024
#: Upper bound on nodes visited when following aliases (stops "billion laughs").
MAX_NODE_VISITS = 2_000_000
#: Upper bound on alias uses in one document.
MAX_ALIASES = 1_000


class YamlProblem(Exception):
    """A parse-level problem with its 1-based line and column."""

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


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


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
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", 1, 1) from None
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
