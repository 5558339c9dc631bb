"""CI gate over real gateway configs. `read_routes(paths)` reads the routes an application calls (a
LiteLLM proxy config, or a list of OpenRouter slugs with provider pins); `check(routes, inputs, as_of)`
resolves each to the candidates it may reach, assesses them and decides the `--fail-on` gate;
`render(result, fmt)` writes it as text, JSON, SARIF 2.1.0 or JUnit XML."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import InputError, Problem
from ..importers.common import date_from_names
from ..importers.reading import read_json
from ..loader import Inputs
from ..models import VendorList
from ..screening.types import ScreeningSource
from .config import Route, read_routes
from .gate import (
    DEFAULT_FAIL_ON,
    LEVELS,
    UNRESOLVED_RULE,
    GateResult,
    RouteOutcome,
    run_gate,
)
from .junit import as_junit
from .resolve import PriceTable, Resolution, Resolver, model_key
from .sarif import as_sarif
from .text import as_json, as_text

__all__ = [
    "DEFAULT_FAIL_ON",
    "FORMATS",
    "LEVELS",
    "UNRESOLVED_RULE",
    "GateResult",
    "PriceTable",
    "Resolution",
    "Resolver",
    "Route",
    "RouteOutcome",
    "check",
    "load_price_table",
    "model_key",
    "read_routes",
    "render",
    "run_gate",
]

FORMATS = {"text": as_text, "json": as_json, "sarif": as_sarif, "junit": as_junit}


def load_price_table(path: Path) -> PriceTable:
    """A LiteLLM price table (model_prices_and_context_window.json); raise InputError on a bad file."""
    problems: list[Problem] = []
    raw = read_json(path, problems)
    if raw is not None and not isinstance(raw.data, dict):
        problems.append(Problem(raw.label, 1, 1, "", "expected a LiteLLM price table: a JSON object of model entries"))
    if problems or raw is None:
        raise InputError(problems)
    updated = raw.data.get("last_updated")
    day = None
    if isinstance(updated, str):
        try:
            day = date.fromisoformat(updated.strip()[:10])
        except ValueError:
            day = None
    return PriceTable(raw.data, raw.label, day or date_from_names([path.name]))


def check(
    routes: Sequence[Route],
    inputs: Inputs,
    as_of: date,
    prices: PriceTable | None = None,
    fail_on: Sequence[str] = DEFAULT_FAIL_ON,
    lists: Sequence[ScreeningSource] = (),
) -> GateResult:
    """Resolve every route (from `read_routes`), screen the parties reached and decide the gate."""
    from ..screening import screen_vendors

    resolver = Resolver(inputs.vendors, as_of, prices)
    resolutions = [resolver.resolve(r) for r in routes]
    reached = {o.candidate.id: o.candidate for res in resolutions for o in res.options}
    # Screening reads the bundled list files: it runs here, before the pure gate that takes its result.
    screening = screen_vendors(VendorList(organizations=inputs.vendors.organizations, candidates=list(reached.values())),
                               as_of, inputs.pack.lists, lists)
    return run_gate(resolutions, inputs.pack, inputs.vendors, inputs.profile, as_of, inputs.waivers, inputs.rates,
                    inputs.records, screening, fail_on)


def render(result: GateResult, fmt: str = "text") -> str:
    """The gate in one format: text, json, sarif or junit."""
    return FORMATS[fmt](result)
