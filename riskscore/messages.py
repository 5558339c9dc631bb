"""Rule message templates, rendered in a Jinja2 sandbox because rule files are untrusted."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Mapping

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .operators import AtLeast

#: Top-level names a message may use.
MESSAGE_ROOTS = ("candidate", "developer", "operator", "broker", "parties", "control", "derived", "profile", "rule")


def _show(value: Any) -> Any:
    """Format a fact for a sentence: unknown, lists joined, numbers trimmed."""
    if type(value) is str:
        return value
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, AtLeast):
        return (", ".join(str(_show(v)) for v in value) + " (as far as known)") if value else "none known"
    if isinstance(value, list):
        return ", ".join(str(_show(v)) for v in value) if value else "none"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


@lru_cache(maxsize=1)
def sandbox() -> ImmutableSandboxedEnvironment:
    """The shared sandboxed environment for messages (no autoescape: output is escaped where rendered)."""
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, finalize=_show, autoescape=False)


@lru_cache(maxsize=4096)
def _compiled(template: str) -> Any:
    return sandbox().from_string(template)


_PLAIN = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z_0-9]+)+)\s*\}\}")


@lru_cache(maxsize=4096)
def plain_parts(template: str) -> tuple[str, ...] | None:
    """Split a template that only substitutes facts ('{{ a.b }}') into text and paths, else None.

    Such templates (nearly all) are filled in directly, which is many times faster than Jinja and
    gives the same text; anything else (filters, conditions) goes through the sandbox."""
    parts = _PLAIN.split(template)
    if any(marker in part for part in parts[::2] for marker in ("{{", "{%", "{#")):
        return None
    return tuple(parts)


def bind_constants(template: str, constants: Mapping[str, Any]) -> tuple[str, ...] | None:
    """Plain-template parts with the given constant paths (such as 'rule.id') filled in already."""
    parts = plain_parts(template)
    if parts is None:
        return None
    bound = list(parts)
    for i in range(1, len(bound), 2):
        if bound[i] in constants:
            bound[i - 1] = bound[i - 1] + str(_show(constants[bound[i]])) + bound[i + 1]
            bound[i], bound[i + 1] = "", ""
    # Re-split so odd positions hold fact paths only.
    text_and_paths: list[str] = []
    for i, part in enumerate(bound):
        if i % 2 == 0:
            if text_and_paths and len(text_and_paths) % 2 == 1:
                text_and_paths[-1] += part
            else:
                text_and_paths.append(part)
        elif part:
            text_and_paths.append(part)
    return tuple(text_and_paths)


def render_parts(parts: tuple[str, ...], flat: Mapping[str, Any]) -> str:
    """Fill plain-template parts from flat facts."""
    out = list(parts)
    for i in range(1, len(out), 2):
        out[i] = str(_show(flat[out[i]]))
    return " ".join("".join(out).split())


def render_message(template: str, context: Mapping[str, Any]) -> str:
    """Render a message template in the sandbox against nested facts (plain templates use `render_parts`)."""
    return " ".join(_compiled(template).render(**context).split())
