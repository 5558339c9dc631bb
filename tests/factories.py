"""Small factories for models, so tests state only what matters to them."""

from __future__ import annotations

from typing import Any

from riskscore.models import Candidate, Organization, Profile, Rule

SOURCE = {"title": "Fixture source", "url": "https://example.org/source", "date": "2026-01-01"}


def org(id: str = "lab", country: str | None = "US", **kw: Any) -> Organization:
    """An organisation with a fixture source."""
    return Organization.model_validate({"id": id, "name": id.title(), "country": country, "sources": [SOURCE], "as_of": "2026-01-01", **kw})


def candidate(id: str = "m@lab", developer: str = "lab", operator: str = "lab", route: str = "first_party", **kw: Any) -> Candidate:
    """A candidate with a fixture source."""
    return Candidate.model_validate(
        {"id": id, "model": "M", "developer": developer, "operator": operator, "route": route, "sources": [SOURCE], "as_of": "2026-01-01", **kw}
    )


def profile(**kw: Any) -> Profile:
    """A US general profile unless told otherwise."""
    base: dict[str, Any] = {
        "id": "p",
        "name": "P",
        "jurisdictions": ["US"],
        "volume": {"input_tokens": 1_000_000, "output_tokens": 1_000_000},
    }
    return Profile.model_validate({**base, **kw})


def rule(id: str = "TEST-R-ONE", when: Any = None, **kw: Any) -> Rule:
    """A risk rule on export control unless told otherwise."""
    base: dict[str, Any] = {
        "id": id,
        "title": "Fixture rule title",
        "dimension": "export_control",
        "effect": "risk",
        "severity": "high",
        "when": when or {"fact": "operator.country", "op": "eq", "value": "CN"},
        "rationale": "A fixture rationale of sufficient length.",
        "message": "{{ candidate.id }} is operated from {{ operator.country }}",
        "sources": [SOURCE],
        "effective_from": "2025-01-01",
    }
    return Rule.model_validate({**base, **kw})
