"""Facts stated once on an organisation, filled into its candidates at load time (the engine stays pure).

Who inherits from whom: a candidate takes the terms of the party the buyer deals with for it. On a
first-party, cloud-platform or inference-host route that is the operator: its first matching
`services` entry, then its `defaults`. On an aggregator route the buyer's contract is with the
aggregator, so only `contract` comes from the broker; certifications and data policy depend on the
host as well and stay on the candidate. A self-hosted route inherits nothing. A fact the candidate
states wins; a fact nobody states stays unknown. Each inherited fact keeps its source: the
organisation's sources are added to the candidate's with a note naming the fields they back.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from collections.abc import Mapping
from typing import Any

from .models import Candidate, Contract, DataPolicy, Organization, Service, Source, Terms

#: Term groups that pass from the aggregator (broker) to a candidate routed through it.
BROKER_TERMS = ("contract",)


def terms_for(cand: Candidate, orgs: Mapping[str, Organization]) -> tuple[Organization | None, list[Terms], tuple[str, ...]]:
    """The organisation a candidate inherits from, its applicable terms (most specific first) and the
    term groups it may pass on."""
    if cand.route == "self_hosted":
        return None, [], ()
    groups: tuple[str, ...] = ("certifications", "contract", "data_policy")
    if cand.route == "aggregator":
        org, groups = orgs.get(cand.broker or ""), BROKER_TERMS
    else:
        org = orgs.get(cand.operator)
    if org is None:
        return None, [], ()
    service = next((s for s in org.services if any(fnmatchcase(cand.id, p) for p in s.match)), None)
    layers: list[Terms] = [service] if service is not None else []
    return org, layers + ([org.defaults] if org.defaults else []), groups


def _fill(current: Contract | DataPolicy, layers: list[Terms], group: str, used: dict[int, list[str]]) -> Contract | DataPolicy:
    update: dict[str, Any] = {}
    for name in type(current).model_fields:
        if getattr(current, name) is not None:
            continue
        for i, layer in enumerate(layers):
            value = getattr(getattr(layer, group), name)
            if value is not None:
                update[name] = value
                used.setdefault(i, []).append(f"{group}.{name}")
                break
    return current.model_copy(update=update) if update else current


def _label(org: Organization, layer: Terms) -> str:
    where = f"service '{layer.name}' of " if isinstance(layer, Service) else ""
    return f"{where}organisation '{org.id}'"


def inherit(cand: Candidate, orgs: Mapping[str, Organization]) -> Candidate:
    """The candidate with the facts it leaves unknown filled in from its organisation's terms."""
    org, layers, groups = terms_for(cand, orgs)
    if org is None or not layers:
        return cand
    used: dict[int, list[str]] = {}
    update: dict[str, Any] = {}
    if "certifications" in groups and cand.certifications is None:
        for i, layer in enumerate(layers):
            if layer.certifications is not None:
                update["certifications"] = layer.certifications
                used.setdefault(i, []).append("certifications")
                # Completeness describes the list: it comes with it, unless the candidate says otherwise.
                if "certifications_complete" not in cand.model_fields_set and layer.certifications_complete is not None:
                    update["certifications_complete"] = layer.certifications_complete
                break
    for group in ("contract", "data_policy"):
        if group in groups:
            filled = _fill(getattr(cand, group), layers, group, used)
            if filled is not getattr(cand, group):
                update[group] = filled
    if not update:
        return cand
    sources = list(cand.sources)
    for i, fields in sorted(used.items()):
        note = f"inherited from {_label(org, layers[i])}: {', '.join(fields)}"
        for src in layers[i].sources:
            tagged: Source = src.model_copy(update={"note": note + (f" ({src.note})" if src.note else "")})
            if tagged not in sources:
                sources.append(tagged)
    update["sources"] = sources
    return cand.model_copy(update=update)
