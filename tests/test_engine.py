"""The engine: three-valued conditions, scope, effective windows, status and waivers."""

from __future__ import annotations

from datetime import date

import pytest

from riskscore.engine import evaluate_condition, evaluate_rule
from riskscore.facts import Derived, candidate_facts, nest
from riskscore.models import Waiver
from riskscore.operators import OPERATORS, apply_operator

from .factories import candidate, org, profile, rule

GROUPS = {"concern": frozenset({"CN", "HK"})}
AS_OF = date(2026, 11, 28)
NO_COST = Derived(None)


def facts_for(cand=None, orgs=None, prof=None, as_of=AS_OF, groups=GROUPS):  # type: ignore[no-untyped-def]
    orgs = orgs or [org("lab", "US")]
    return candidate_facts(cand or candidate(), {o.id: o for o in orgs}, groups, prof or profile(), NO_COST, as_of)


def run(r, cand=None, orgs=None, prof=None, waivers=(), as_of=AS_OF):  # type: ignore[no-untyped-def]
    facts = facts_for(cand, orgs, prof, as_of)
    return evaluate_rule(r, facts, nest(facts), GROUPS, prof or profile(), list(waivers), as_of)


@pytest.mark.parametrize(
    "op,fact,operand,expected",
    [
        ("eq", "CN", "CN", True), ("eq", "US", "CN", False), ("eq", None, "CN", None),
        ("ne", "US", "CN", True), ("in", "CN", ["CN", "RU"], True), ("in", "US", ["CN"], False),
        ("not_in", "US", ["CN"], True), ("intersects", ["US", "CN"], ["CN"], True),
        ("intersects", [], ["CN"], False), ("subset_of", ["US"], ["US", "DE"], True),
        ("subset_of", ["US", "CN"], ["US"], False), ("subset_of", [], ["US"], True),
        ("gt", 5, 3, True), ("ge", 3, 3, True), ("lt", 3, 3, False), ("le", 3, 3, True),
        ("exists", None, None, False), ("exists", "x", None, True), ("exists", None, False, True),
        ("matches", "DeepSeek-V3", "deepseek*", True), ("matches", ["a", "qwen-3"], "qwen*", True),
        ("matches", "glm", "deepseek*", False), ("intersects", None, ["CN"], None), ("gt", 5, None, None),
    ],
)
def test_operator_truth_table(op: str, fact: object, operand: object, expected: bool | None) -> None:
    assert apply_operator(op, fact, operand) is expected


def test_operator_table_is_closed_and_documented() -> None:
    assert sorted(OPERATORS) == sorted(["eq", "ne", "in", "not_in", "intersects", "subset_of", "gt", "ge", "lt", "le", "exists", "matches"])
    assert all(spec.doc.endswith(".") for spec in OPERATORS.values())


def test_kleene_logic_unknown_does_not_become_pass() -> None:
    facts = {"operator.country": None, "candidate.route": "first_party"}
    unknown = {"fact": "operator.country", "op": "eq", "value": "CN"}
    true = {"fact": "candidate.route", "op": "eq", "value": "first_party"}
    false = {"fact": "candidate.route", "op": "eq", "value": "self_hosted"}
    cond = lambda c: rule(when=c).when  # noqa: E731
    assert evaluate_condition(cond({"all": [unknown, true]}), facts, GROUPS) is None
    assert evaluate_condition(cond({"all": [unknown, false]}), facts, GROUPS) is False
    assert evaluate_condition(cond({"any": [unknown, true]}), facts, GROUPS) is True
    assert evaluate_condition(cond({"any": [unknown, false]}), facts, GROUPS) is None
    assert evaluate_condition(cond({"not": unknown}), facts, GROUPS) is None


def test_fail_pass_unknown_by_fact() -> None:
    r = rule()
    assert run(r, orgs=[org("lab", "CN")]).status == "fail"
    assert run(r, orgs=[org("lab", "US")]).status == "pass"
    assert run(r, orgs=[org("lab", None)]).status == "unknown"


def test_parent_chain_is_followed_for_groups_and_lists() -> None:
    orgs = [org("parent", "CN"), org("lab", "SG", parent="parent")]
    r = rule(when={"fact": "operator.countries", "op": "intersects", "group": "concern"})
    finding = run(r, orgs=orgs)
    assert finding.status == "fail"
    assert "lab" in finding.message


def test_unknown_country_in_chain_makes_countries_unknown() -> None:
    orgs = [org("parent", None), org("lab", "SG", parent="parent")]
    r = rule(when={"fact": "operator.countries", "op": "intersects", "group": "concern"})
    assert run(r, orgs=orgs).status == "unknown"


def test_list_membership_respects_dates() -> None:
    membership = {"list": "us_entity_list", "entry": "Lab", "added": "2025-01-16", "removed": "2026-01-01", "sources": [{"title": "Fixture", "url": "https://example.org/l", "date": "2026-01-01"}]}
    orgs = [org("lab", "CN", lists=[membership])]
    r = rule(when={"fact": "parties.lists", "op": "intersects", "value": ["us_entity_list"]})
    assert run(r, orgs=orgs, as_of=date(2025, 6, 1)).status == "fail"
    assert run(r, orgs=orgs).status == "pass"  # removed before the assessment date


def test_out_of_scope_is_not_applicable() -> None:
    r = rule(scope={"sectors": ["healthcare"]})
    assert run(r, orgs=[org("lab", "CN")]) is None
    assert run(r, orgs=[org("lab", "CN")], prof=profile(sectors=["healthcare"])).status == "fail"


def test_subdivision_jurisdiction_matches_country_scope_and_itself() -> None:
    r = rule(scope={"jurisdictions": ["US-TX"]})
    assert run(r, orgs=[org("lab", "CN")]) is None
    assert run(r, orgs=[org("lab", "CN")], prof=profile(jurisdictions=["US", "US-TX"])).status == "fail"
    assert run(rule(scope={"jurisdictions": ["US"]}), orgs=[org("lab", "CN")], prof=profile(jurisdictions=["US-TX"])).status == "fail"


def test_effective_window() -> None:
    r = rule(effective_from="2027-01-01", effect="block")
    upcoming = run(r, orgs=[org("lab", "CN")])
    assert (upcoming.status, upcoming.effect) == ("fail", "watch")
    assert "2027-01-01" in upcoming.note
    assert run(rule(effective_from="2020-01-01", effective_to="2025-12-31"), orgs=[org("lab", "CN")]) is None


def test_proposed_rule_only_watches_and_a_challenge_alone_does_not_weaken_a_rule() -> None:
    assert run(rule(status="proposed", effect="block"), orgs=[org("lab", "CN")]).effect == "watch"
    contested = run(rule(status="contested", effect="block", status_note="appeal pending"), orgs=[org("lab", "CN")])
    assert contested.effect == "block" and contested.points == 50
    assert contested.note == "in force while challenged in court: appeal pending"


def test_a_stay_suspends_a_rule_only_for_the_buyers_it_covers_and_while_it_lasts() -> None:
    stay = {
        "title": "Preliminary injunction (example)",
        "effective_from": "2026-03-26",
        "effective_to": "2026-12-31",
        "scope": {"sectors": ["federal_government"]},
        "sources": [{"title": "Order", "url": "https://example.org/order", "date": "2026-03-26"}],
    }
    stayed = rule(status="contested", effect="block", stays=[stay])
    covered = run(stayed, orgs=[org("lab", "CN")], prof=profile(sectors=["federal_government"]))
    assert covered.effect == "review" and covered.points == 0 and "Preliminary injunction" in covered.note
    assert run(stayed, orgs=[org("lab", "CN")], prof=profile(sectors=["defense_contractor"])).effect == "block"
    lapsed = run(stayed, orgs=[org("lab", "CN")], prof=profile(sectors=["federal_government"]), as_of=date(2027, 1, 1))
    assert lapsed.effect == "block"


def test_points_fail_full_unknown_half_review_none() -> None:
    assert run(rule(), orgs=[org("lab", "CN")]).points == 50
    assert run(rule(), orgs=[org("lab", None)]).points == 25
    assert run(rule(points=7), orgs=[org("lab", "CN")]).points == 7
    assert run(rule(effect="review"), orgs=[org("lab", "CN")]).points == 0


def test_waiver_applies_until_expiry() -> None:
    w = Waiver(rule="TEST-R-ONE", candidates=["m@*"], reason="Accepted risk", approver="CISO", expires=date(2026, 12, 31))
    waived = run(rule(), orgs=[org("lab", "CN")], waivers=[w])
    assert waived.status == "waived" and waived.points == 0 and "CISO" in waived.waiver
    assert run(rule(), orgs=[org("lab", "CN")], waivers=[w], as_of=date(2027, 1, 1)).status == "fail"
    other = Waiver(rule="TEST-R-TWO", candidates=["*"], reason="Other rule", approver="CISO", expires=date(2027, 1, 1))
    assert run(rule(), orgs=[org("lab", "CN")], waivers=[other]).status == "fail"


def test_self_hosted_processing_regions_follow_the_buyer() -> None:
    cand = candidate(id="m@buyer", operator="buyer", route="self_hosted")
    facts = facts_for(cand, prof=profile(allowed_regions=["DE", "FR"]))
    assert facts["derived.processing_regions"] == ["DE", "FR"]
    assert facts["operator.countries"] == ["US"]
    assert facts["derived.outside_allowed_regions"] is False


def test_absent_broker_has_known_empty_lists() -> None:
    facts = facts_for()
    assert facts["broker.lists"] == [] and facts["broker.id"] is None
    assert facts["parties.lists"] == []


def test_message_renders_unknown_and_lists() -> None:
    r = rule(message="{{ candidate.id }} in {{ candidate.regions }}; DPA {{ candidate.contract.dpa }}")
    assert run(r, cand=candidate(regions=["US", "DE"]), orgs=[org("lab", "CN")]).message == "m@lab in DE, US; DPA unknown"


def test_partial_certification_lists_prove_presence_not_absence() -> None:
    from riskscore.operators import AtLeast

    listed = AtLeast(["iso27001", "soc2_type2"])
    assert apply_operator("intersects", listed, ["iso27001"]) is True
    assert apply_operator("intersects", listed, ["c5"]) is None
    assert apply_operator("subset_of", listed, ["iso27001"]) is False
    assert apply_operator("subset_of", listed, ["iso27001", "soc2_type2", "c5"]) is None
    assert apply_operator("exists", listed, None) is True
    needs_c5 = rule(when={"not": {"fact": "candidate.certifications", "op": "intersects", "value": ["c5"]}})
    assert run(needs_c5, cand=candidate(certifications=["iso27001"])).status == "unknown"
    assert run(needs_c5, cand=candidate(certifications=["iso27001"], certifications_complete=True)).status == "fail"
    assert run(needs_c5, cand=candidate(certifications=["c5"])).status == "pass"
    message = rule(message="{{ candidate.certifications }}")
    assert run(message, cand=candidate(certifications=["iso27001"]), orgs=[org("lab", "CN")]).message == "iso27001 (as far as known)"


def test_an_eu_member_state_buyer_is_in_eu_scope() -> None:
    groups = {**GROUPS, "eu_member_states": frozenset({"DE", "FR"})}
    r = rule(scope={"jurisdictions": ["EU"]})
    facts = facts_for(orgs=[org("lab", "CN")], prof=profile(jurisdictions=["DE"]))
    german = profile(jurisdictions=["DE"])
    assert evaluate_rule(r, facts, nest(facts), groups, german, [], AS_OF).status == "fail"  # type: ignore[union-attr]
    assert evaluate_rule(r, facts, nest(facts), groups, profile(jurisdictions=["CH"]), [], AS_OF) is None


def test_unknown_findings_name_the_missing_inputs() -> None:
    needs_regions = rule(when={"fact": "derived.outside_allowed_regions", "op": "eq", "value": True})
    finding = run(needs_regions, prof=profile(allowed_regions=["US"]))
    assert finding.status == "unknown" and finding.missing_facts == ("candidate.regions",)
    assert run(rule(), orgs=[org("lab", None)]).missing_facts == ("operator.country",)
    assert run(rule(), orgs=[org("lab", "CN")]).missing_facts == ()


FOOTPRINT = {"countries": ["US", "IE", "JP"], "sources": [{"title": "Regions page", "url": "https://example.org/regions", "date": "2026-11-01"}]}


def test_a_global_endpoint_may_process_anywhere_in_the_operators_footprint() -> None:
    orgs = [org("lab", "US", footprint=FOOTPRINT)]
    facts = facts_for(candidate(global_endpoint=True), orgs, profile(allowed_regions=["US"]), AS_OF)
    assert facts["derived.processing_regions"] == ["IE", "JP", "US"] and facts["derived.processing_basis"] == "footprint"
    assert facts["derived.outside_allowed_regions"] is True  # a known fail, not an unknown
    china = rule(when={"fact": "derived.processing_regions", "op": "intersects", "value": ["CN"]})
    assert run(china, cand=candidate(global_endpoint=True), orgs=orgs).status == "pass"
    pinned = facts_for(candidate(regions=["US"]), orgs, profile(), AS_OF)
    assert pinned["derived.processing_regions"] == ["US"] and pinned["derived.processing_basis"] == "pinned"
    unknown = facts_for(candidate(), [org("lab", "US")], profile(), AS_OF)
    assert unknown["derived.processing_regions"] is None and unknown["derived.processing_basis"] is None


def test_a_global_endpoint_cannot_also_be_pinned() -> None:
    with pytest.raises(ValueError, match="global endpoint is not pinned"):
        candidate(global_endpoint=True, regions=["US"])


def test_unverified_directory_facts_are_unknown_to_rules() -> None:
    concern = rule(when={"fact": "control.groups", "op": "intersects", "value": ["cn_group"]})
    groups = {"cn_group": frozenset({"CN"})}

    def status(*orgs: object) -> str:
        facts = facts_for(candidate(operator="host", route="inference_host"), [org("lab", "US"), *orgs], profile(), AS_OF, groups)
        return evaluate_rule(concern, facts, nest(facts), groups, profile(), [], AS_OF).status  # type: ignore[union-attr]

    assert status(org("host", "SG")) == "pass"
    assert status(org("host", "SG", unverified=["country"])) == "unknown"  # an unverified country clears nothing
    assert status(org("host", "SG", parent="owner"), org("owner", "CN")) == "fail"
    # An unverified parent opens the chain: what is known still counts, the rest is unknown.
    assert status(org("host", "SG", parent="owner", unverified=["parent"]), org("owner", "SG")) == "unknown"
    assert status(org("host", "CN", parent="owner", unverified=["parent"]), org("owner", "SG")) == "fail"
