"""Rule message templates, rendered in a Jinja2 sandbox because rule files are untrusted."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Mapping

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Top-level names a message may use.
MESSAGE_ROOTS = ("candidate", "developer", "operator", "broker", "parties", "control", "derived", "profile", "rule")


def _show(value: Any) -> Any:
    """Format a fact for a sentence: unknown, lists joined, numbers trimmed."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
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


def render_message(template: str, context: Mapping[str, Any]) -> str:
    """Render a message template against nested facts."""
    return " ".join(_compiled(template).render(**context).split())
