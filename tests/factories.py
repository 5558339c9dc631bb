"""Small factories for models, so tests state only what matters to them."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml

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


def replicated_vendors(path: Path, size: int, seed: int = 3) -> Path:
    """A JSON vendor list of `size` candidates: the bundled ones repeated, ids made unique, prices moved a little."""
    from riskscore.resources import bundled

    data = yaml.safe_load((bundled("vendors") / "default.yaml").read_text(encoding="utf-8"))
    rnd = random.Random(seed)
    out: list[dict[str, Any]] = []
    k = 0
    while len(out) < size:
        for c in data["candidates"]:
            c = dict(c, id=f"{c['id']}-{k}")
            if c.get("price"):
                factor = round(rnd.uniform(0.7, 1.4), 3)
                c["price"] = dict(c["price"], **{key: round(c["price"][key] * factor, 4) for key in ("input", "output", "cached_input") if c["price"].get(key)})
            out.append(c)
        k += 1
    path.write_text(json.dumps({"candidates": out[:size]}, default=str), encoding="utf-8")  # JSON: no YAML aliases
    return path
