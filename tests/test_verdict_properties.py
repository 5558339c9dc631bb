"""Properties of the verdict on the bundled data: it belongs to the candidate alone, and missing facts never help."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskscore.assess import assess
from riskscore.assessment import ScoredCandidate
from riskscore.loader import load_inputs, preset_names
from riskscore.models import Candidate, Organization, VendorList

AS_OF = date(2026, 11, 28)
ORDER = {"low": 0, "medium": 1, "high": 2, "prohibited": 3}
PRESETS = preset_names()
CANDIDATE_FACTS = (
    "regions", "storage_regions", "certifications", "certifications_complete", "open_weights", "licence", "price",
    "contract.dpa", "contract.baa", "contract.sccs",
    "data_policy.retention_days", "data_policy.trains_on_customer_data", "data_policy.zero_retention_available",
)
ORG_FACTS = ("country", "parent", "parent_share", "lists", "dpf_certified", "eu_establishment", "establishments", "footprint")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=None)
def bundled(preset: str) -> Any:
    return load_inputs(None, preset)


@lru_cache(maxsize=None)
def full_run(preset: str) -> dict[str, ScoredCandidate]:
    inputs = bundled(preset)
    return {c.id: c for c in assess(inputs.pack, inputs.vendors, inputs.profile, AS_OF).candidates}


def run(preset: str, candidates: list[Candidate], organizations: list[Organization] | None = None) -> dict[str, ScoredCandidate]:
    inputs = bundled(preset)
    vendors = VendorList(organizations=organizations or list(inputs.vendors.organizations), candidates=candidates)
    return {c.id: c for c in assess(inputs.pack, vendors, inputs.profile, AS_OF).candidates}


@SETTINGS
@given(st.sampled_from(PRESETS), st.data())
def test_other_candidates_never_change_a_verdict_or_its_scores(preset: str, data: st.DataObject) -> None:
    everyone = list(bundled(preset).vendors.candidates)
    kept = data.draw(st.lists(st.sampled_from(everyone), min_size=1, max_size=12, unique_by=lambda c: c.id))
    factor = data.draw(st.floats(0.01, 100))
    # The others change too: their prices are scaled, so the cheapest and dearest move.
    changed = [kept[0]] + [c.model_copy(update={"price": c.price.model_copy(update={
        k: (v * factor if v is not None else None) for k, v in (("input", c.price.input), ("output", c.price.output))
    })}) for c in kept[1:]]
    alone, full = run(preset, changed)[kept[0].id], full_run(preset)[kept[0].id]
    assert (alone.verdict, alone.admissible, alone.scores, alone.compliance_risk) == (full.verdict, full.admissible, full.scores, full.compliance_risk)


def _unknown_candidate(c: Candidate, fact: str) -> Candidate:
    if fact == "regions":
        return c.model_copy(update={"regions": None, "global_endpoint": False})
    if fact == "certifications_complete":
        return c.model_copy(update={"certifications_complete": False})
    if fact == "price":
        return c.model_copy(update={"price": c.price.model_copy(update={"input": None, "output": None, "cached_input": None})})
    if "." in fact:
        part, field = fact.split(".")
        return c.model_copy(update={part: getattr(c, part).model_copy(update={field: None})})
    return c.model_copy(update={fact: None})


def _unknown_org(o: Organization, fact: str) -> Organization:
    if fact in ("country", "parent", "lists"):
        return o.model_copy(update={"unverified": sorted(set(o.unverified) | {fact})})
    return o.model_copy(update={fact: None})


def _check_never_better(before: ScoredCandidate, after: ScoredCandidate) -> None:
    status = {f.rule_id: f.status for f in before.findings}
    for f in after.findings:
        if f.dimension == "price":
            continue  # price rules rank, they do not decide (an unknown price is PRICE-UNKNOWN's finding, not this one's)
        # Kleene monotonicity: losing a fact can leave a compliance rule undecided, never newly passed.
        assert f.status != "pass" or status[f.rule_id] == "pass", f"{f.rule_id}: {status[f.rule_id]} -> pass"
    # An inadmissible candidate never becomes admissible for lack of a fact...
    assert before.admissible or not after.admissible
    lost = {f.rule_id for f in before.findings if f.status == "fail"} - {f.rule_id for f in after.findings if f.status == "fail"}
    if not lost:
        # ...and when the known value decided no failure, the verdict never improves.
        assert ORDER[after.verdict] >= ORDER[before.verdict]
        assert after.compliance_risk >= before.compliance_risk


@SETTINGS
@given(st.sampled_from(PRESETS), st.data(), st.sampled_from(CANDIDATE_FACTS))
def test_an_unknown_candidate_fact_never_improves_a_verdict(preset: str, data: st.DataObject, fact: str) -> None:
    cand = data.draw(st.sampled_from(list(bundled(preset).vendors.candidates)))
    before = full_run(preset)[cand.id]
    after = run(preset, [_unknown_candidate(cand, fact)])[cand.id]
    _check_never_better(before, after)


@SETTINGS
@given(st.sampled_from(PRESETS), st.data(), st.sampled_from(ORG_FACTS), st.sampled_from(("developer", "operator", "broker")))
def test_an_unverified_directory_fact_never_improves_a_verdict(preset: str, data: st.DataObject, fact: str, role: str) -> None:
    inputs = bundled(preset)
    cand = data.draw(st.sampled_from(list(inputs.vendors.candidates)))
    target = getattr(cand, role)
    orgs = list(inputs.vendors.organizations)
    if target is None or target not in {o.id for o in orgs}:
        return
    changed = [_unknown_org(o, fact) if o.id == target else o for o in orgs]
    before = full_run(preset)[cand.id]
    after = run(preset, [cand], changed)[cand.id]
    _check_never_better(before, after)
