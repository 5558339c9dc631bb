"""The fact catalogue (every path a rule may read) and the builder of one candidate's facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Sequence

from .models import Candidate, Organization, Profile
from .operators import AtLeast
from .screening.facts import SCREENING_FACTS, party_screening_facts
from .screening.types import Hit
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
        FactSpec(f"{r}.parent_share", "number", f"Percent of the {r} held by its direct parent."),
        FactSpec(f"{r}.establishments", "list", f"Countries where the {r} itself has an establishment (subsidiary or branch).", "country"),
        FactSpec(f"{r}.footprint", "list", f"Countries where the {r} documents it may run inference or store data.", "country"),
        FactSpec(f"{r}.unverified", "list", f"Directory facts of the {r} or a parent that no source confirms (treated as unknown)."),
        FactSpec(f"{r}.screening_hits", "list", f"Lists with a screening hit (score 90 or more) on the name or an alias of the {r} or any parent; unknown when screening did not run.", "list"),
        FactSpec(f"{r}.screening_unconfirmed", "list", f"Lists of `{r}.screening_hits` that the directory does not record for the {r} or any parent: possible matches a human must clear.", "list"),
        FactSpec(f"{r}.screening_matches", "list", f"The hits on the {r} or any parent, one text each: list and its date, screened name, matched entry, score."),
    ]


CATALOGUE: dict[str, FactSpec] = {
    s.path: s
    for s in [
        FactSpec("candidate.id", "str", "Candidate id."),
        FactSpec("candidate.model", "str", "Model name."),
        FactSpec("candidate.route", "str", "Route kind.", "route"),
        FactSpec("candidate.regions", "list", "Countries where inference is processed, as stated by the vendor (pinned regions).", "country"),
        FactSpec("candidate.global_endpoint", "bool", "Whether the endpoint is documented as processing anywhere in the operator's footprint."),
        FactSpec("candidate.retired_on", "date", "Date the operator withdrew the offering."),
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
        FactSpec("parties.screening_hits", "list", "Lists with a screening hit on any party or parent; unknown when screening did not run.", "list"),
        FactSpec("parties.screening_unconfirmed", "list", "Lists with a screening hit on a party that the directory does not record for that party or its parents.", "list"),
        FactSpec("parties.screening_matches", "list", "The screening hits on every party and parent, one text each."),
        FactSpec("control.ids", "list", "Ids of the operator, the broker and their parents: who holds the buyer's data."),
        FactSpec("control.countries", "list", "Countries of the operator, the broker and their parents; unknown if any is unknown.", "country"),
        FactSpec("control.groups", "list", "Jurisdiction groups of the operator, broker and parents.", "group"),
        FactSpec("control.lists", "list", "Restricted lists the operator, broker or a parent is on, as of the assessment date.", "list"),
        FactSpec("derived.monthly_cost_usd", "number", "Projected monthly cost in USD at the profile's volume."),
        FactSpec("derived.over_budget", "bool", "Whether the monthly cost exceeds the profile's budget."),
        FactSpec("derived.budget_share", "number", "Monthly cost as a share of the budget (1.0 = the whole budget)."),
        FactSpec("derived.price_age_days", "number", "Days between the price date and the assessment date."),
        FactSpec("derived.price_stale", "bool", "Whether the price is older than the profile's freshness limit."),
        FactSpec("derived.processing_regions", "list", "Possible processing countries: the pinned regions; else the operator's footprint; for self-hosting, the buyer's allowed regions or its home country.", "country"),
        FactSpec("derived.processing_basis", "str", "Where the processing countries come from: pinned, footprint or self_hosted."),
        FactSpec("derived.retired", "bool", "Whether the offering was withdrawn on or before the assessment date."),
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
        "monthly_cost_usd", "over_budget", "budget_share", "price_age_days", "price_stale",
    )},
    **{f"derived.{k}": "candidate.regions" for k in (
        "processing_regions", "region_groups", "regions_outside_allowed", "outside_allowed_regions",
    )},
}
#: Meanings of gap names that are not themselves catalogue facts.
GAP_MEANINGS: dict[str, str] = {
    "candidate.price": "List prices per million input and output tokens.",
    "candidate.regions": "Processing regions of the endpoint (pinned regions, or the operator's documented processing footprint).",
    "candidate.certifications": "Certifications and attestations covering this service (reports or certificates naming it).",
}

#: Fixed vocabularies for value checks (the country, group and list vocabularies come from the pack).
STATIC_VOCABULARIES: dict[str, tuple[str, ...]] = {"route": ROUTE_KINDS}


@dataclass(frozen=True)
class Derived:
    """Cost facts worked out before rules run (they depend on the candidate and the profile only)."""

    monthly_cost_usd: float | None


def _chain(org_id: str | None, orgs: Mapping[str, Organization]) -> tuple[list[Organization], bool]:
    """The organisation and its parents, and whether the chain is closed (every parent link verified)."""
    chain: list[Organization] = []
    seen: set[str] = set()
    while org_id is not None and org_id in orgs and org_id not in seen:
        seen.add(org_id)
        org = orgs[org_id]
        chain.append(org)
        if "parent" in org.unverified:
            # An unverified parent link opens the chain: who controls the organisation is unknown.
            return chain, False
        org_id = org.parent
    return chain, True


def _country_of(org: Organization) -> str | None:
    return None if "country" in org.unverified else org.country


def _groups_of(countries: list[str] | None, groups: Mapping[str, frozenset[str]]) -> list[str] | None:
    if countries is None:
        return None
    found = sorted(g for g, members in groups.items() if members & set(countries))
    return AtLeast(found) if isinstance(countries, AtLeast) else found


def _open(items: list[str], closed: bool) -> list[str] | AtLeast:
    """A list fact that is complete when `closed`, else known to hold at least these items."""
    return sorted(items) if closed else AtLeast(sorted(items))


def _union(values: list[Any]) -> Any:
    """Union of list facts: unknown if any is unknown, open-ended if any is open-ended."""
    if any(v is None for v in values):
        return None
    items = sorted({item for v in values for item in v or []})
    return AtLeast(items) if any(isinstance(v, AtLeast) for v in values) else items


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
    facts.update({f"{role}.{k}": [] for k in ("chain", "countries", "groups", "lists", "own_lists", "unverified", *SCREENING_FACTS)})
    return facts


def party_facts(
    role: str,
    org_id: str | None,
    orgs: Mapping[str, Organization],
    groups: Mapping[str, frozenset[str]],
    profile: Profile,
    as_of: date,
    screening: Mapping[str, Sequence[Hit]] | None = None,
) -> dict[str, Any]:
    """Facts of one party (developer, operator or broker) and its ownership chain; `screening` holds the
    hits on each screened organisation's own names (None: screening did not run)."""
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
            f"{p}.parent_share": None,
            f"{p}.establishments": own,
            f"{p}.footprint": own,
            f"{p}.unverified": [],
            **{f"{p}.{k}": [] for k in SCREENING_FACTS},
        }
    chain, closed = _chain(org_id, orgs)
    org, top = chain[0], chain[-1]
    known = sorted({c for o in chain if (c := _country_of(o))})
    # Countries are unknown when one is; when only the chain beyond a link is unverified, they are open-ended.
    countries: Any = None if any(_country_of(o) is None for o in chain) else _open(known, closed)
    lists_open = closed and not any("lists" in o.unverified for o in chain)
    own_lists = sorted({m.list for m in org.lists if m.active_on(as_of)})
    listed = sorted({m.list for o in chain for m in o.lists if m.active_on(as_of)})
    return {
        f"{p}.id": org.id,
        f"{p}.name": org.name,
        f"{p}.country": _country_of(org),
        f"{p}.chain": _open([o.id for o in chain], closed),
        f"{p}.countries": countries,
        f"{p}.groups": _groups_of(_open(known, closed and countries is not None), groups),
        f"{p}.lists": _open(sorted({m.list for o in chain for m in o.lists if m.active_on(as_of)}), lists_open),
        f"{p}.own_lists": own_lists if "lists" not in org.unverified else AtLeast(own_lists),
        f"{p}.dpf_certified": None if "dpf_certified" in org.unverified else org.dpf_certified,
        f"{p}.eu_establishment": None if "eu_establishment" in org.unverified else org.eu_establishment,
        f"{p}.ultimate_parent": top.id if closed else None,
        f"{p}.ultimate_parent_country": _country_of(top) if closed else None,
        f"{p}.parent_share": None if "parent_share" in org.unverified else org.parent_share,
        f"{p}.establishments": None if org.establishments is None or "establishments" in org.unverified else list(org.establishments),
        f"{p}.footprint": None if org.footprint is None or "footprint" in org.unverified else list(org.footprint.countries),
        f"{p}.unverified": sorted({f"{o.id}.{k}" for o in chain for k in o.unverified}),
        **party_screening_facts(p, chain, closed, listed, screening),
    }


def _certifications(c: Candidate) -> list[str] | AtLeast | None:
    """The certifications fact: a full list only when the vendor list says it is complete."""
    if c.certifications is None:
        return None
    items: list[str] = sorted(c.certifications)
    return items if c.certifications_complete else AtLeast(items)


def processing_regions(c: Candidate, footprint: list[str] | None, profile: Profile) -> tuple[list[str] | None, str | None]:
    """Possible processing countries and their basis: pinned regions; self-hosting at the buyer's;
    else (a global or unpinned endpoint) the operator's documented footprint; else unknown."""
    if c.regions is not None:
        return list(c.regions), "pinned"
    if c.route == "self_hosted":
        home = buyer_home_country(profile)
        allowed = profile.allowed_regions
        regions = list(allowed) if allowed else ([home] if home else None)
        return regions, "self_hosted" if regions is not None else None
    if footprint is not None:
        return sorted(footprint), "footprint"
    return None, None


def candidate_facts(
    candidate: Candidate,
    orgs: Mapping[str, Organization],
    groups: Mapping[str, frozenset[str]],
    profile: Profile,
    derived: Derived,
    as_of: date,
    shared: dict[tuple[str, str | None], dict[str, Any]] | None = None,
    screening: Mapping[str, Sequence[Hit]] | None = None,
) -> dict[str, Any]:
    """Every catalogue fact for one candidate, as a flat mapping of path to value (None = unknown).

    `shared` caches, across the candidates of one run, the facts that do not depend on the
    candidate itself: each party's, each party combination's and the profile's. `screening` holds
    the screening hits by organisation id; without it the screening facts are unknown."""
    c = candidate
    facts: dict[str, Any] = {
        "candidate.id": c.id,
        "candidate.model": c.model,
        "candidate.route": c.route,
        "candidate.regions": c.regions,
        "candidate.global_endpoint": c.global_endpoint,
        "candidate.retired_on": c.retired_on,
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
            facts.update(party_facts(role, org_id, orgs, groups, profile, as_of, screening))
            continue
        key = (role, org_id)
        if key not in shared:
            shared[key] = party_facts(role, org_id, orgs, groups, profile, as_of, screening)
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
        for k in SCREENING_FACTS:
            joined[f"parties.{k}"] = _union([facts[f"{r}.{k}"] for r in PARTY_ROLES])
        if shared is not None:
            shared[joined_key] = joined
    facts.update(joined)

    allowed = profile.allowed_regions
    regions, basis = processing_regions(c, facts["operator.footprint"], profile)
    outside = None if regions is None or allowed is None else sorted(set(regions) - set(allowed))
    cost = derived.monthly_cost_usd
    price_date = c.price.as_of or c.as_of
    age = (as_of - price_date).days if c.price.input is not None else None
    facts.update(
        {
            "derived.monthly_cost_usd": cost,
            "derived.over_budget": None if cost is None or profile.budget_usd is None else cost > profile.budget_usd,
            "derived.budget_share": None if cost is None or profile.budget_usd is None else cost / profile.budget_usd,
            "derived.price_age_days": age,
            "derived.price_stale": None if age is None else age > profile.price_max_age_days,
            "derived.processing_regions": regions,
            "derived.processing_basis": basis,
            # No retirement date on record means none is known: the offering is treated as available.
            "derived.retired": c.retired_on is not None and c.retired_on <= as_of,
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
