"""Region names to processing countries, through the bundled table cloud_regions.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..yamlsafe import parse_yaml

TABLE = Path(__file__).with_name("cloud_regions.yaml")


@dataclass(frozen=True)
class Placement:
    """Where an endpoint processes: pinned countries, global (the operator's footprint), or unknown."""

    countries: tuple[str, ...] | None = None
    global_endpoint: bool = False
    #: How the region name was read, for the candidate's notes; empty when there was no region.
    note: str = ""
    #: Sources of the table rows used (dicts shaped like a Source).
    sources: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class RegionTable:
    """The parsed table: region ids per cloud, geographies, global scope names and host clouds."""

    clouds: dict[str, dict[str, str]]
    geographies: dict[tuple[str, str], tuple[tuple[str, ...], str, tuple[dict[str, Any], ...]]]
    global_scopes: frozenset[str]
    hosts: dict[str, str]
    sources: tuple[dict[str, Any], ...]

    def place(self, region: str | None, operator: str, cloud: str | None = None) -> Placement:
        """Read a region name given for an endpoint of `operator` (whose cloud is looked up unless given)."""
        name = (region or "").strip().lower()
        if not name:
            return Placement()
        if name in self.global_scopes:
            return Placement(global_endpoint=True, note=f"region '{region}': global, so processed anywhere in the operator's footprint")
        cloud = cloud or self.hosts.get(operator)
        if cloud is not None:
            geo = self.geographies.get((cloud, name))
            if geo is not None:
                countries, note, sources = geo
                extra = f" ({note})" if note else ""
                return Placement(countries, note=f"region '{region}': {cloud} geography '{name}' = {', '.join(countries)}{extra}", sources=sources)
            country = self.clouds.get(cloud, {}).get(name)
            if country is not None:
                return Placement((country,), note=f"region '{region}' = {country} ({cloud} region table)", sources=self.sources[:1])
        # A region id that means one country in every cloud that has it (us-east-1, europe-west1, swedencentral).
        found = {(c, regions[name]) for c, regions in self.clouds.items() if name in regions}
        named = {country for _, country in found}
        if len(named) == 1:
            (country,) = named
            clouds = ", ".join(sorted(c for c, _ in found))
            return Placement((country,), note=f"region '{region}' = {country} (region table: {clouds})", sources=self.sources[:1])
        why = "names different countries in different clouds" if named else "is not in the region table"
        return Placement(note=f"region '{region}' {why}, so the processing country is left unknown")


@lru_cache(maxsize=1)
def region_table() -> RegionTable:
    """The bundled region table, parsed once."""
    data = parse_yaml(TABLE.read_text(encoding="utf-8")).data
    clouds = {c: {str(k).lower(): str(v) for k, v in spec["regions"].items()} for c, spec in data["clouds"].items()}
    for sup in data.get("supplements", []):
        clouds.setdefault(sup["cloud"], {}).update({str(k).lower(): str(v) for k, v in sup["regions"].items()})
    eu = tuple(sorted(data["eu_member_states"]))
    geographies = {}
    for geo in data["geographies"]:
        countries = eu if geo["countries"] == "eu_member_states" else tuple(sorted(geo["countries"]))
        geographies[(geo["cloud"], geo["scope"])] = (countries, geo.get("note", ""), tuple(geo["sources"]))
    return RegionTable(
        clouds=clouds,
        geographies=geographies,
        global_scopes=frozenset(data["global_scopes"]),
        hosts=dict(data["hosts"]),
        sources=tuple(data["sources"]),
    )
