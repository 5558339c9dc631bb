"""The fact catalogue (every path a rule may read) and the builder of one candidate's facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from .models import Candidate, Organization, Profile
from .operators import AtLeast
from .vocabulary import ROUTE_KINDS

#: Operator id meaning "the buyer's own infrastructure" (self-hosted open weights).
BUYER_OPERATOR = "buyer"
PARTY_ROLES = ("developer", "operator", "broker")


@dataclass(frozen=True)
class FactSpec:
    """A fact a rule can read: its path, type, meaning and, where closed, its vocabulary."""

    path: str
    type: str  # str | bool | number | date | list
    doc: str
    vocabulary: str | None = None  # name of a closed set that values must come from


def _party_specs(role: str) -> list[FactSpec]:
    r = role
    return [
        FactSpec(f"{r}.id", "str", f"Directory id of the {r}."),
        FactSpec(f"{r}.name", "str", f"Legal name of the {r}."),
        FactSpec(f"{r}.country", "str", f"Country (ISO alpha-2) of the {r} itself.", "country"),
        FactSpec(f"{r}.chain", "list", f"Ids of the {r} and every parent up its ownership chain."),
        FactSpec(f"{r}.countries", "list", f"Countries of the {r} and of every parent; unknown if any is unknown.", "country"),
        FactSpec(f"{r}.groups", "list", f"Jurisdiction groups that any country of the {r}'s chain belongs to.", "group"),
        FactSpec(f"{r}.lists", "list", f"Restricted lists the {r} or any parent is on, as of the assessment date.", "list"),
        FactSpec(f"{r}.own_lists", "list", f"Restricted lists the {r} itself is on, as of the assessment date.", "list"),
        FactSpec(f"{r}.dpf_certified", "bool", f"Whether the {r} is certified under the EU-US Data Privacy Framework."),
        FactSpec(f"{r}.eu_establishment", "bool", f"Whether the {r} has an establishment or authorised representative in the EU."),
        FactSpec(f"{r}.ultimate_parent", "str", f"Id of the top of the {r}'s ownership chain."),
        FactSpec(f"{r}.ultimate_parent_country", "str", f"Country of the top of the {r}'s ownership chain.", "country"),
    ]


CATALOGUE: dict[str, FactSpec] = {
    s.path: s
    for s in [
        FactSpec("candidate.id", "str", "Candidate id."),
        FactSpec("candidate.model", "str", "Model name."),
        FactSpec("candidate.route", "str", "Route kind.", "route"),
        FactSpec("candidate.regions", "list", "Countries where inference is processed, as stated by the vendor.", "country"),
        FactSpec("candidate.storage_regions", "list", "Countries where prompts or outputs are stored at rest.", "country"),
        FactSpec("candidate.open_weights", "bool", "Whether the model's weights are published."),
        FactSpec("candidate.licence", "str", "Licence of the open weights."),
        FactSpec("candidate.certifications", "list", "Certifications and attestations of the offering; unless `certifications_complete`, an item not listed is unknown, not absent.", "certification"),
        FactSpec("candidate.price.input", "number", "List price per million input tokens, in the price currency."),
        FactSpec("candidate.price.output", "number", "List price per million output tokens, in the price currency."),
        FactSpec("candidate.price.cached_input", "number", "List price per million cached input tokens."),
        FactSpec("candidate.price.currency", "str", "ISO 4217 currency of the price."),
        FactSpec("candidate.price.promotional", "bool", "Whether the price is a promotion."),
        FactSpec("candidate.price.preview", "bool", "Whether the model is a preview with preview pricing."),
        FactSpec("candidate.price.as_of", "date", "Date of the price fact."),
        FactSpec("candidate.data_policy.retention_days", "number", "Days the operator retains prompts and outputs."),
        FactSpec("candidate.data_policy.trains_on_customer_data", "bool", "Whether the operator trains on customer data by default."),
        FactSpec("candidate.data_policy.zero_retention_available", "bool", "Whether a zero-retention option is offered."),
        FactSpec("candidate.contract.dpa", "bool", "Whether a data processing agreement is offered."),
        FactSpec("candidate.contract.baa", "bool", "Whether a HIPAA business associate agreement is offered for this route."),
        FactSpec("candidate.contract.sccs", "bool", "Whether EU standard contractual clauses are offered."),
        FactSpec("candidate.as_of", "date", "Date the candidate's facts were read."),
        *[spec for role in PARTY_ROLES for spec in _party_specs(role)],
        FactSpec("parties.ids", "list", "Ids of developer, operator, broker and all their parents."),
        FactSpec("parties.countries", "list", "Countries of every party and parent; unknown if any is unknown.", "country"),
        FactSpec("parties.groups", "list", "Jurisdiction groups of every known party country.", "group"),
        FactSpec("parties.lists", "list", "Restricted lists any party or parent is on, as of the assessment date.", "list"),
        FactSpec("control.ids", "list", "Ids of the operator, the broker and their parents: who holds the buyer's data."),
        FactSpec("control.countries", "list", "Countries of the operator, the broker and their parents; unknown if any is unknown.", "country"),
        FactSpec("control.groups", "list", "Jurisdiction groups of the operator, broker and parents.", "group"),
        FactSpec("control.lists", "list", "Restricted lists the operator, broker or a parent is on, as of the assessment date.", "list"),
        FactSpec("derived.monthly_cost_usd", "number", "Projected monthly cost in USD at the profile's volume."),
        FactSpec("derived.cost_rank", "number", "Rank of the monthly cost among all candidates with a known cost (1 = cheapest)."),
        FactSpec("derived.cost_ratio_to_cheapest", "number", "Monthly cost divided by the cheapest known monthly cost."),
        FactSpec("derived.over_budget", "bool", "Whether the monthly cost exceeds the profile's budget."),
        FactSpec("derived.budget_share", "number", "Monthly cost as a share of the budget (1.0 = the whole budget)."),
        FactSpec("derived.price_age_days", "number", "Days between the price date and the assessment date."),
        FactSpec("derived.price_stale", "bool", "Whether the price is older than the profile's freshness limit."),
        FactSpec("derived.processing_regions", "list", "Processing countries; for self-hosting, the buyer's allowed regions or its home country.", "country"),
        FactSpec("derived.region_groups", "list", "Jurisdiction groups that any processing country belongs to.", "group"),
        FactSpec("derived.regions_outside_allowed", "list", "Processing countries outside the profile's allowed regions.", "country"),
        FactSpec("derived.outside_allowed_regions", "bool", "Whether any processing country is outside the allowed regions."),
        FactSpec("profile.id", "str", "Profile id."),
        FactSpec("profile.jurisdictions", "list", "Jurisdictions of the buyer."),
        FactSpec("profile.countries", "list", "Countries of the buyer (subdivisions mapped to their country).", "country"),
        FactSpec("profile.groups", "list", "Jurisdiction groups of the buyer's countries.", "group"),
        FactSpec("profile.sectors", "list", "Sectors of the buyer.", "sector"),
        FactSpec("profile.data_classes", "list", "Classes of data the buyer sends.", "data_class"),
        FactSpec("profile.allowed_regions", "list", "Countries the buyer allows processing in.", "country"),
        FactSpec("profile.budget_usd", "number", "Monthly budget in USD."),
    ]
}

#: The vendor-list input behind each derived fact, so a data gap names what to ask the vendor for.
INPUT_OF: dict[str, str] = {
    **{f"derived.{k}": "candidate.price" for k in (
        "monthly_cost_usd", "cost_rank", "cost_ratio_to_cheapest", "over_budget", "budget_share", "price_age_days", "price_stale",
    )},
    **{f"derived.{k}": "candidate.regions" for k in (
        "processing_regions", "region_groups", "regions_outside_allowed", "outside_allowed_regions",
    )},
}
#: Meanings of gap names that are not themselves catalogue facts.
GAP_MEANINGS: dict[str, str] = {"candidate.price": "List prices per million input and output tokens."}

#: Fixed vocabularies for value checks (the country, group and list vocabularies come from the pack).
STATIC_VOCABULARIES: dict[str, tuple[str, ...]] = {"route": ROUTE_KINDS}


@dataclass(frozen=True)
class Derived:
    """Cost facts worked out before rules run (they depend on the whole candidate set)."""

    monthly_cost_usd: float | None
    cost_rank: int | None
    cost_ratio_to_cheapest: float | None


def _chain(org_id: str | None, orgs: Mapping[str, Organization]) -> list[Organization]:
    chain: list[Organization] = []
    seen: set[str] = set()
    while org_id is not None and org_id in orgs and org_id not in seen:
        seen.add(org_id)
        org = orgs[org_id]
        chain.append(org)
        org_id = org.parent
    return chain


def _groups_of(countries: list[str] | None, groups: Mapping[str, frozenset[str]]) -> list[str] | None:
    if countries is None:
        return None
    return sorted(g for g, members in groups.items() if members & set(countries))


def _union(values: list[list[str] | None]) -> list[str] | None:
    if any(v is None for v in values):
        return None
    return sorted({item for v in values for item in v or []})


def buyer_home_country(profile: Profile) -> str | None:
    """The buyer's first ISO country, from jurisdictions such as 'US' or 'US-TX'."""
    for code in profile.jurisdictions:
        if code != "EU":
            return code.split("-")[0]
    return None


def profile_countries(profile: Profile) -> list[str]:
    """The ISO countries named by the profile's jurisdictions."""
    return sorted({code.split("-")[0] for code in profile.jurisdictions if code != "EU"})


def _absent_party(role: str) -> dict[str, Any]:
    """Facts of a party that does not exist (e.g. no broker): lists known to be empty, the rest unknown."""
    facts: dict[str, Any] = {s.path: None for s in _party_specs(role)}
    facts.update({f"{role}.{k}": [] for k in ("chain", "countries", "groups", "lists", "own_lists")})
    return facts


def party_facts(
    role: str,
    org_id: str | None,
    orgs: Mapping[str, Organization],
    groups: Mapping[str, frozenset[str]],
    profile: Profile,
    as_of: date,
) -> dict[str, Any]:
    """Facts of one party (developer, operator or broker) and its ownership chain."""
    p = role
    if org_id is None:
        return _absent_party(role)
    if org_id == BUYER_OPERATOR:
        home = buyer_home_country(profile)
        own = [home] if home else []
        return {
            f"{p}.id": BUYER_OPERATOR,
            f"{p}.name": "The buyer's own infrastructure",
            f"{p}.country": home,
            f"{p}.chain": [BUYER_OPERATOR],
            f"{p}.countries": own,
            f"{p}.groups": _groups_of(own, groups),
            f"{p}.lists": [],
            f"{p}.own_lists": [],
            f"{p}.dpf_certified": None,
            f"{p}.eu_establishment": None,
            f"{p}.ultimate_parent": BUYER_OPERATOR,
            f"{p}.ultimate_parent_country": home,
        }
    chain = _chain(org_id, orgs)
    org, top = chain[0], chain[-1]
    known = sorted({o.country for o in chain if o.country})
    countries: list[str] | None = None if any(o.country is None for o in chain) else known
    return {
        f"{p}.id": org.id,
        f"{p}.name": org.name,
        f"{p}.country": org.country,
        f"{p}.chain": [o.id for o in chain],
        f"{p}.countries": countries,
        f"{p}.groups": _groups_of(known, groups),
        f"{p}.lists": sorted({m.list for o in chain for m in o.lists if m.active_on(as_of)}),
        f"{p}.own_lists": sorted({m.list for m in org.lists if m.active_on(as_of)}),
        f"{p}.dpf_certified": org.dpf_certified,
        f"{p}.eu_establishment": org.eu_establishment,
        f"{p}.ultimate_parent": top.id,
        f"{p}.ultimate_parent_country": top.country,
    }


def _certifications(c: Candidate) -> list[str] | AtLeast | None:
    """The certifications fact: a full list only when the vendor list says it is complete."""
    if c.certifications is None:
        return None
    items: list[str] = sorted(c.certifications)
    return items if c.certifications_complete else AtLeast(items)


def candidate_facts(
    candidate: Candidate,
    orgs: Mapping[str, Organization],
    groups: Mapping[str, frozenset[str]],
    profile: Profile,
    derived: Derived,
    as_of: date,
    shared: dict[tuple[str, str | None], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Every catalogue fact for one candidate, as a flat mapping of path to value (None = unknown).

    `shared` caches, across the candidates of one run, the facts that do not depend on the
    candidate itself: each party's, each party combination's and the profile's."""
    c = candidate
    facts: dict[str, Any] = {
        "candidate.id": c.id,
        "candidate.model": c.model,
        "candidate.route": c.route,
        "candidate.regions": c.regions,
        "candidate.storage_regions": c.storage_regions,
        "candidate.open_weights": c.open_weights,
        "candidate.licence": c.licence,
        "candidate.certifications": _certifications(c),
        "candidate.price.input": c.price.input,
        "candidate.price.output": c.price.output,
        "candidate.price.cached_input": c.price.cached_input,
        "candidate.price.currency": c.price.currency,
        "candidate.price.promotional": c.price.promotional,
        "candidate.price.preview": c.price.preview,
        "candidate.price.as_of": c.price.as_of,
        "candidate.data_policy.retention_days": c.data_policy.retention_days,
        "candidate.data_policy.trains_on_customer_data": c.data_policy.trains_on_customer_data,
        "candidate.data_policy.zero_retention_available": c.data_policy.zero_retention_available,
        "candidate.contract.dpa": c.contract.dpa,
        "candidate.contract.baa": c.contract.baa,
        "candidate.contract.sccs": c.contract.sccs,
        "candidate.as_of": c.as_of,
    }
    for role, org_id in (("developer", c.developer), ("operator", c.operator), ("broker", c.broker)):
        if shared is None:
            facts.update(party_facts(role, org_id, orgs, groups, profile, as_of))
            continue
        key = (role, org_id)
        if key not in shared:
            shared[key] = party_facts(role, org_id, orgs, groups, profile, as_of)
        # Party facts depend only on the organisation, the profile and the date: shared across candidates.
        facts.update(shared[key])
    joined_key = ("joined", f"{c.developer}|{c.operator}|{c.broker}")
    joined = shared.get(joined_key) if shared is not None else None
    if joined is None:
        joined = {}
        for prefix, roles in (("parties", PARTY_ROLES), ("control", ("operator", "broker"))):
            joined[f"{prefix}.countries"] = _union([facts[f"{r}.countries"] for r in roles])
            joined[f"{prefix}.groups"] = _union([facts[f"{r}.groups"] for r in roles])
            joined[f"{prefix}.lists"] = _union([facts[f"{r}.lists"] for r in roles])
            joined[f"{prefix}.ids"] = _union([facts[f"{r}.chain"] for r in roles])
        if shared is not None:
            shared[joined_key] = joined
    facts.update(joined)

    allowed = profile.allowed_regions
    regions = c.regions
    if regions is None and c.route == "self_hosted":
        home = buyer_home_country(profile)
        regions = list(allowed) if allowed else ([home] if home else None)
    outside = None if regions is None or allowed is None else sorted(set(regions) - set(allowed))
    cost = derived.monthly_cost_usd
    price_date = c.price.as_of or c.as_of
    age = (as_of - price_date).days if c.price.input is not None else None
    facts.update(
        {
            "derived.monthly_cost_usd": cost,
            "derived.cost_rank": derived.cost_rank,
            "derived.cost_ratio_to_cheapest": derived.cost_ratio_to_cheapest,
            "derived.over_budget": None if cost is None or profile.budget_usd is None else cost > profile.budget_usd,
            "derived.budget_share": None if cost is None or profile.budget_usd is None else cost / profile.budget_usd,
            "derived.price_age_days": age,
            "derived.price_stale": None if age is None else age > profile.price_max_age_days,
            "derived.processing_regions": regions,
            "derived.region_groups": _groups_of(regions, groups),
            "derived.regions_outside_allowed": [] if allowed is None and regions is not None else outside,
            "derived.outside_allowed_regions": (False if allowed is None else (None if outside is None else bool(outside))),
        }
    )
    if shared is not None and ("profile", None) in shared:
        facts.update(shared[("profile", None)])
        return facts
    countries = profile_countries(profile)
    profile_facts = {
            "profile.id": profile.id,
            "profile.jurisdictions": sorted(profile.jurisdictions),
            "profile.countries": countries,
            "profile.groups": _groups_of(countries, groups) or [],
            "profile.sectors": sorted(profile.sectors),
            "profile.data_classes": sorted(profile.data_classes),
            "profile.allowed_regions": list(allowed) if allowed is not None else None,
            "profile.budget_usd": profile.budget_usd,
    }
    if shared is not None:
        shared[("profile", None)] = profile_facts
    facts.update(profile_facts)
    return facts


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Turn {'a.b': 1} into {'a': {'b': 1}} for message templates."""
    out: dict[str, Any] = {}
    for path, value in flat.items():
        node = out
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out
