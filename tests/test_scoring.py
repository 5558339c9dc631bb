"""Scoring: bounds, monotonicity, order independence, and the two stages."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from riskscore.assess import assess
from riskscore.assessment import Finding, Scores
from riskscore.models import Weights
from riskscore.pack import Pack
from riskscore.render import render_json
from riskscore.scoring import combine, pareto_front, price_risk, rule_risk, weighted

from .factories import candidate, org, profile, rule

DIMS = ["price", "data_residency", "export_control", "sector"]


def finding(dimension: str, points: float, status: str = "fail", effect: str = "risk") -> Finding:
    return Finding(
        rule_id="TEST-X", title="t", status=status, effect=effect, dimension=dimension, severity="high", points=points,  # type: ignore[arg-type]
        message="m", rule_status="in_force", effective_from=date(2025, 1, 1), effective_to=None, note=None, waiver=None, sources=[],
    )


findings_st = st.lists(st.tuples(st.sampled_from(DIMS), st.floats(0, 100)), max_size=30)
weights_st = st.tuples(*[st.floats(0, 10)] * 4).filter(lambda w: sum(w) > 0)


@given(findings_st, st.floats(0, 100), weights_st)
def test_scores_stay_within_bounds(items: list[tuple[str, float]], cost_part: float, w: tuple[float, ...]) -> None:
    scores = combine(cost_part, rule_risk([finding(d, p) for d, p in items]))
    weights = Weights(price=w[0], data_residency=w[1], export_control=w[2], sector=w[3])
    assert all(0 <= getattr(scores, d) <= 100 for d in DIMS)
    assert 0 <= weighted(scores, weights) <= 100


@given(findings_st, st.sampled_from(DIMS), st.floats(0, 100), weights_st)
def test_adding_a_failing_finding_never_lowers_risk(items: list[tuple[str, float]], dim: str, pts: float, w: tuple[float, ...]) -> None:
    weights = Weights(price=w[0], data_residency=w[1], export_control=w[2], sector=w[3])
    before = [finding(d, p) for d, p in items]
    after = before + [finding(dim, pts)]
    s0, s1 = combine(10, rule_risk(before)), combine(10, rule_risk(after))
    assert all(getattr(s1, d) >= getattr(s0, d) for d in DIMS)
    assert weighted(s1, weights) >= weighted(s0, weights)


@given(findings_st)
def test_finding_order_does_not_change_scores(items: list[tuple[str, float]]) -> None:
    fs = [finding(d, p) for d, p in items]
    shuffled = fs[:]
    random.Random(1).shuffle(shuffled)
    assert rule_risk(fs) == rule_risk(shuffled)


@given(st.floats(0, 1e7), st.floats(0, 1e7), st.one_of(st.none(), st.floats(1, 1e6)))
def test_price_risk_bounded_and_monotone_in_cost(a: float, b: float, budget: float | None) -> None:
    low, high = sorted((a, b))
    assert 0 <= price_risk(low, budget) <= price_risk(high, budget) <= 100  # dearer never scores as less risky


def test_price_risk_is_the_share_of_the_budget() -> None:
    assert price_risk(None, 1000) == 50.0  # an unknown cost is not a cheap one
    assert price_risk(250, 1000) == 25.0
    assert price_risk(5000, 1000) == 100.0
    assert price_risk(250, None) == 0.0  # no budget: price risk only from price rules


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=25))
def test_pareto_front_matches_the_definition(points: dict[str, tuple[int, int]]) -> None:
    brute = {
        cid for cid, (c, r) in points.items()
        if not any(oc <= c and orr <= r and (oc < c or orr < r) for oid, (oc, orr) in points.items() if oid != cid)
    }
    assert pareto_front(points) == brute  # type: ignore[arg-type]


def test_pareto_front() -> None:
    front = pareto_front({"a": (1, 50), "b": (2, 10), "c": (3, 10), "d": (1, 60), "e": (5, 0)})
    assert front == {"a", "b", "e"}


@settings(max_examples=25, deadline=None)
@given(st.randoms())
def test_assessment_is_independent_of_input_order(rnd: random.Random) -> None:
    orgs = [org("lab", "US"), org("far", "CN"), org("host", "DE")]
    cands = [
        candidate("a@lab", price={"input": 1, "output": 2}),
        candidate("b@far", developer="far", operator="far", price={"input": 0.1, "output": 0.2}),
        candidate("c@host", operator="host", route="inference_host", price={"input": 0.5, "output": 1}),
        candidate("d@buyer", developer="far", operator="buyer", route="self_hosted"),
    ]
    rules = [rule("TEST-A-ONE"), rule("TEST-A-TWO", effect="block", dimension="sector", when={"fact": "developer.country", "op": "eq", "value": "CN"})]

    def run(o: list, c: list, r: list) -> str:  # type: ignore[type-arg]
        from riskscore.models import VendorList

        pack = Pack(rules=tuple(r), groups={}, group_models={}, lists={}, origins={}, sha256="x")
        return render_json(assess(pack, VendorList(organizations=o, candidates=c), profile(budget_usd=5), date(2026, 11, 28)))

    baseline = run(orgs, cands, rules)
    o2, c2, r2 = orgs[:], cands[:], rules[:]
    rnd.shuffle(o2), rnd.shuffle(c2), rnd.shuffle(r2)
    assert run(o2, c2, r2) == baseline


def test_knock_out_is_prohibited_whatever_the_weights() -> None:
    from riskscore.models import VendorList

    block = rule("TEST-B-ONE", effect="block", severity="low")
    pack = Pack(rules=(block,), groups={}, group_models={}, lists={}, origins={}, sha256="x")
    vl = VendorList(organizations=[org("far", "CN")], candidates=[candidate("x@far", developer="far", operator="far", price={"input": 0.01, "output": 0.01})])
    result = assess(pack, vl, profile(weights={"price": 100, "data_residency": 0, "export_control": 0, "sector": 0}), date(2026, 11, 28))
    only = result.candidates[0]
    assert only.verdict == "prohibited" and only.rank is None and only.blocked_by == ["TEST-B-ONE"]


def test_undecided_knock_out_is_high_and_not_admissible() -> None:
    from riskscore.models import VendorList

    block = rule("TEST-B-ONE", effect="block")
    pack = Pack(rules=(block,), groups={}, group_models={}, lists={}, origins={}, sha256="x")
    vl = VendorList(
        organizations=[org("nowhere", None), org("lab", "US")],
        candidates=[
            candidate("x@nowhere", developer="nowhere", operator="nowhere", price={"input": 0.01, "output": 0.01}),
            candidate("y@lab", price={"input": 100, "output": 100}),
        ],
    )
    result = assess(pack, vl, profile(weights={"price": 10}), date(2026, 11, 28))
    undecided, clean = (next(c for c in result.candidates if c.id == i) for i in ("x@nowhere", "y@lab"))
    assert undecided.verdict == "high" and not undecided.admissible and undecided.review_required
    assert undecided.review_reasons == ["TEST-B-ONE"] and [i.kind for i in undecided.open_items] == ["knockout"]
    assert undecided.open_items[0].ask == "nowhere"
    assert undecided.scores.export_control == 25.0
    # However cheap, an inadmissible candidate ranks after every admissible one and is off the frontier.
    assert clean.rank == 1 and undecided.rank == 2 and not undecided.pareto


def test_scores_model_has_the_four_dimensions() -> None:
    import dataclasses

    assert [f.name for f in dataclasses.fields(Scores)] == DIMS


def test_one_grave_dimension_is_not_averaged_away() -> None:
    from riskscore.models import Thresholds
    from riskscore.scoring import confirmed_worst, verdict

    t = Thresholds(high=50, medium=25, dimension=75)
    grave = [finding("data_residency", 50), finding("data_residency", 50)]
    assert confirmed_worst(grave) == 100
    assert verdict(False, False, 20.0, confirmed_worst(grave), t) == "high"
    unknowns = [finding("data_residency", 50, status="unknown")] * 4
    assert verdict(False, False, 20.0, confirmed_worst(unknowns), t) == "low"  # gaps ask for review, not this floor
    pricey = [finding("price", 100)]
    assert verdict(False, False, 20.0, confirmed_worst(pricey), t) == "low"  # price alone never lifts the verdict
    assert verdict(False, True, 0.0, 0.0, t) == "high"  # an undecided knock-out is not admissible


def test_price_never_moves_a_verdict() -> None:
    from riskscore.models import VendorList

    pack = Pack(rules=(rule("TEST-A-ONE", severity="low"),), groups={}, group_models={}, lists={}, origins={}, sha256="x")
    vl = VendorList(organizations=[org("lab", "US")], candidates=[candidate("x@lab", price={"input": 1000, "output": 1000})])
    cheap = assess(pack, vl, profile(budget_usd=1e9), date(2026, 11, 28)).candidates[0]
    dear = assess(pack, vl, profile(budget_usd=1, weights={"price": 100}), date(2026, 11, 28)).candidates[0]
    assert cheap.verdict == dear.verdict == "low"
    assert dear.scores.price == 100 and dear.overall > cheap.overall
