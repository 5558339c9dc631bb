"""Screening organisations: each one's legal name and aliases, and the hits on them, per organisation."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping, Sequence

from ..models import Organization, RestrictedList, VendorList
from .match import rank, screen
from .sources import bundled_sources, directory_sources
from .types import Hit, Screening, ScreeningSource


def with_parents(ids: Iterable[str], orgs: Mapping[str, Organization]) -> list[str]:
    """The organisations and every parent up their ownership chains, sorted."""
    out: set[str] = set()
    for org_id in ids:
        while org_id in orgs and org_id not in out:
            out.add(org_id)
            org_id = orgs[org_id].parent  # type: ignore[assignment]
    return sorted(out)


def recorded_lists(org_id: str, orgs: Mapping[str, Organization], as_of: date) -> frozenset[str]:
    """The lists the directory records, in force on the date, for the organisation or any parent."""
    return frozenset(m.list for o in with_parents([org_id], orgs) for m in orgs[o].lists if m.active_on(as_of))


def names_of(org: Organization) -> list[str]:
    """The names an organisation is screened under: its legal name, then its aliases."""
    return list(dict.fromkeys([org.name, *org.aliases]))


def screen_organizations(
    orgs: Mapping[str, Organization], sources: Sequence[ScreeningSource], ids: Iterable[str] | None = None
) -> Screening:
    """Screen the organisations (every one when `ids` is None, else those and their parents) under all their
    names; for each, its best match per list entry, hits first."""
    chosen = with_parents(orgs if ids is None else ids, orgs)
    queries = [(org_id, name) for org_id in chosen for name in names_of(orgs[org_id])]
    found = screen([name for _, name in queries], sources)
    best: dict[str, dict[tuple[str, str, str], Hit]] = {org_id: {} for org_id in chosen}
    for (org_id, _), hits in zip(queries, found):
        for hit in hits:
            slot = (hit.list, hit.entry, hit.ref or "")
            kept = best[org_id].get(slot)
            if kept is None or rank(hit) < rank(kept):
                best[org_id][slot] = hit
    return Screening(
        sources=tuple(sources),
        hits={org_id: tuple(sorted(b.values(), key=rank)) for org_id, b in best.items()},
    )


def party_ids(vendors: VendorList) -> list[str]:
    """Every developer, operator and broker of the vendor list's candidates, with their parents."""
    orgs = {o.id: o for o in vendors.organizations}
    return with_parents({p for c in vendors.candidates for p in (c.developer, c.operator, c.broker) if p in orgs}, orgs)


def screen_vendors(
    vendors: VendorList,
    as_of: date,
    lists: Mapping[str, RestrictedList] | None = None,
    extra: Sequence[ScreeningSource] = (),
) -> Screening:
    """Screen every party of a vendor list (and parents) against the directory's entries in force on the
    date, the bundled lists and any `extra` lists: the `screening` input of an assessment."""
    orgs = {o.id: o for o in vendors.organizations}
    sources = directory_sources(orgs.values(), as_of, lists) + bundled_sources() + tuple(extra)
    return screen_organizations(orgs, sources, party_ids(vendors))
