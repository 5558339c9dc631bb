"""What-if: weight ranges of the first place (checked against a brute-force oracle) and fixes found by re-scoring."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscore import assess
from riskscore.assessment import Assessment, ScoredCandidate, Scores
from riskscore.cli import main
from riskscore.loader import Inputs, load_inputs
from riskscore.models import VendorList
from riskscore.screening import screen_vendors
from riskscore.vocabulary import DIMENSIONS
from riskscore.whatif import WhatIf, render, sensitivity, what_if

DAY = date(2026, 11, 28)


def run(profile: str, vendors: VendorList | None = None) -> tuple[Inputs, Assessment, WhatIf]:
    inputs = load_inputs(profile=profile)
    vendors = vendors or inputs.vendors
    screening = screen_vendors(vendors, DAY, inputs.pack.lists)
    base = assess(inputs.pack, vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, (), screening)
    return inputs, base, what_if(inputs.pack, vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, screening, base)


@pytest.fixture(scope="module")
def general() -> tuple[Inputs, Assessment, WhatIf]:
    return run("general-enterprise")


@pytest.fixture(scope="module")
def hospital() -> tuple[Inputs, Assessment, WhatIf]:
    return run("us-hospital")


def exact_top(cands: Sequence[ScoredCandidate], weights: dict[str, Fraction]) -> str:
    """The first admissible candidate on the unrounded weighted mean (the oracle; ties by cost, then id)."""
    total = sum(weights.values())
    score = lambda c: sum(Fraction(repr(getattr(c.scores, d))) * weights[d] for d in DIMENSIONS) / total
    cost = lambda c: c.monthly_cost_usd if c.monthly_cost_usd is not None else float("inf")
    return min((c for c in cands if c.admissible), key=lambda c: (score(c), cost(c), c.id)).id


def check_ranges(a: Assessment) -> None:
    """Every reported range holds against the oracle: inside it the top stays first, just past it the named candidate leads."""
    result = sensitivity(a)
    base = {d: Fraction(repr(getattr(a.profile.weights, d))) for d in DIMENSIONS}
    assert result.top == exact_top(a.candidates, base)
    tiny = Fraction(1, 10**9)
    for r in result.ranges:
        def top(t: Fraction, weight: str = r.weight) -> str:
            return exact_top(a.candidates, {**base, weight: t})

        low, value = Fraction(repr(r.low)), base[r.weight]
        high = Fraction(repr(r.high)) if r.high is not None else None
        inside = [value] + [low + (value - low) * k / 4 for k in (1, 2, 3)]
        inside += [value + ((high - value) * k / 4 if high is not None else value * k + k) for k in (1, 2, 3)]
        margin = Fraction(1, 10**4)  # the ends are rounded to 4 decimals: stay clear of them
        for t in inside:
            if (t > 0 or sum(base.values()) - value > 0) and (low == 0 or t - low > margin) and (high is None or high - t > margin):
                assert top(t) == result.top, (r, t)
        # The reported ends are rounded to 4 decimals: step past them by more than the rounding, less than any other crossing.
        if r.above is not None and high is not None:
            assert top(high + Fraction(1, 10**4)) == r.above or top(high + tiny) == r.above, r
        if r.below is not None:
            assert top(low - Fraction(1, 10**4)) == r.below or top(low - tiny) == r.below, r


# ---------------------------------------------------------------- weights


def test_weight_ranges_of_the_bundled_list(general: tuple[Inputs, Assessment, WhatIf]) -> None:
    _, base, result = general
    assert result.weights.top == next(c.id for c in base.candidates if c.admissible) == "minimax-m2.5@inceptron"
    check_ranges(base)
    smallest = result.weights.smallest
    assert smallest is not None and smallest.takes_over != result.weights.top
    moved = {d: Fraction(repr(getattr(base.profile.weights, d))) for d in DIMENSIONS}
    step = Fraction(1, 10**4) * (1 if smallest.to > smallest.value else -1)
    moved[smallest.weight] = Fraction(repr(smallest.to)) + step
    assert exact_top(base.candidates, moved) == smallest.takes_over


def test_weight_ranges_agree_with_a_real_rerun(hospital: tuple[Inputs, Assessment, WhatIf]) -> None:
    inputs, _, result = hospital
    price = next(r for r in result.weights.ranges if r.weight == "price")
    assert price.high is not None and price.above is not None
    # Re-run the real assessment with the price weight a little past the boundary: the named candidate ranks first.
    profile = inputs.profile.model_copy(update={"weights": inputs.profile.weights.model_copy(update={"price": price.high * 1.05})})
    rerun = assess(inputs.pack, inputs.vendors, profile, DAY, inputs.waivers, inputs.rates, (), screen_vendors(inputs.vendors, DAY, inputs.pack.lists))
    assert next(c.id for c in rerun.candidates if c.admissible) == price.above


@settings(max_examples=60, deadline=None)
@given(
    scores=st.lists(st.tuples(*[st.integers(0, 1000)] * 4, st.one_of(st.none(), st.integers(1, 5000))), min_size=2, max_size=6),
    weights=st.tuples(*[st.integers(0, 50)] * 4).filter(lambda w: sum(w) > 0),
)
def test_weight_ranges_hold_for_any_scores(general: tuple[Inputs, Assessment, WhatIf], scores: list[tuple[Any, ...]], weights: tuple[int, ...]) -> None:
    _, base, _ = general
    template = base.candidates[0]
    cands = [
        replace(template, id=f"c{i}", admissible=True, monthly_cost_usd=cost,
                scores=Scores(*(v / 10 for v in s)))
        for i, (*s, cost) in enumerate(scores)
    ]
    profile = replace(base.profile, weights=Scores(*(w / 10 for w in weights)))
    check_ranges(replace(base, candidates=cands, profile=profile))


def test_no_admissible_candidate(general: tuple[Inputs, Assessment, WhatIf]) -> None:
    _, base, _ = general
    result = sensitivity(replace(base, candidates=[replace(c, admissible=False) for c in base.candidates]))
    assert result.top is None and result.ranges == [] and result.note


# ---------------------------------------------------------------- fixes


def test_deepseek_api_is_out_and_deepinfra_is_the_cheapest_fix(general: tuple[Inputs, Assessment, WhatIf]) -> None:
    _, base, result = general
    fix = next(f for f in result.fixes if f.candidate == "deepseek-v3.2@deepseek")
    assert fix.verdict == "prohibited" and "RES-DSP-COVERED-PERSON" in fix.reasons
    best = fix.options[0]
    listed = {c.id: c for c in base.candidates}
    assert best.candidate == "deepseek-v3.2@deepinfra" and best.listed and best.conditions == []
    assert (best.verdict, best.monthly_cost_usd) == (listed[best.candidate].verdict, listed[best.candidate].monthly_cost_usd)
    assert best.cost_change_usd == round(best.monthly_cost_usd - fix.monthly_cost_usd, 2)  # type: ignore[operator]
    assert fix.summary.startswith("DeepSeek V3.2 is out on Hangzhou DeepSeek Artificial Intelligence (first party, CN)")
    assert "on Deep Infra, Inc. (inference host) it is medium at $148 a month" in fix.summary
    costs = [o.monthly_cost_usd for o in fix.options if o.monthly_cost_usd is not None]
    assert costs == sorted(costs)  # cheapest first; unknown costs (self-hosting) last
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())
    assert f"*\"{fix.summary}\"*" in readme  # the README quotes the summary as the tool writes it


def test_only_prohibited_and_high_candidates_get_fixes(hospital: tuple[Inputs, Assessment, WhatIf]) -> None:
    _, base, result = hospital
    assert {f.candidate for f in result.fixes} == {c.id for c in base.candidates if c.verdict in ("prohibited", "high")}
    verdicts = {c.id: c for c in base.candidates}
    for fix in result.fixes:
        for option in fix.options:
            assert option.verdict != "prohibited"
            if option.listed:  # a listed route as it is: exactly its own scored verdict, no condition
                assert option.conditions == [] and option.verdict == verdicts[option.candidate].verdict


def test_invented_facts_are_conditions_and_rescoring_confirms_them(hospital: tuple[Inputs, Assessment, WhatIf]) -> None:
    inputs, _, result = hospital
    fix = next(f for f in result.fixes if f.candidate == "deepseek-v3.2@deepinfra")
    assert fix.verdict == "high" and not fix.admissible
    best = fix.options[0]
    assert not best.listed and best.candidate == "deepseek-v3.2@deepinfra"
    assert any("business associate agreement (BAA)" in c for c in best.conditions)
    assert any("processing stays in US" in c for c in best.conditions)
    assert "on the same route it is low at $119 a month, on condition of" in fix.summary
    assert "Without conditions:" in fix.summary  # the fact-only way is named too
    # The variant the option describes, scored by the pure assess, is admissible; the listed offer is not.
    cand = next(c for c in inputs.vendors.candidates if c.id == best.candidate)
    variant = cand.model_copy(update={"regions": ["US"], "contract": cand.contract.model_copy(update={"baa": True})})
    scored = assess(inputs.pack, VendorList(organizations=inputs.vendors.organizations, candidates=[variant]), inputs.profile, DAY,
                    inputs.waivers, inputs.rates, (), screen_vendors(inputs.vendors, DAY, inputs.pack.lists)).candidates[0]
    assert scored.admissible and scored.verdict == best.verdict


def test_attestation_names_the_rule_that_needs_it() -> None:
    _, _, result = run("us-federal")
    fix = next(f for f in result.fixes if f.candidate == "claude-opus-4.6@amazon-bedrock")
    assert fix.reasons == ["SEC-FEDRAMP"]
    conditions = [c for o in fix.options for c in o.conditions]
    assert any("fedramp_moderate attestation" in c and "for SEC-FEDRAMP" in c for c in conditions)


def test_self_hosting_open_weights_when_the_list_has_no_such_route() -> None:
    inputs = load_inputs(profile="us-hospital")
    vendors = VendorList(organizations=inputs.vendors.organizations, candidates=[c for c in inputs.vendors.candidates if c.route != "self_hosted"])
    _, _, result = run("us-hospital", vendors)
    fix = next(f for f in result.fixes if f.candidate == "deepseek-v3.2@deepseek")
    hosted = next(o for o in fix.options if o.candidate == "deepseek-v3.2@buyer")
    assert not hosted.listed and hosted.monthly_cost_usd is None and hosted.verdict == "low"
    assert hosted.conditions[0].startswith("your own deployment of the open weights")


def test_same_inputs_same_bytes_whatever_the_row_order(general: tuple[Inputs, Assessment, WhatIf]) -> None:
    inputs, _, result = general
    shuffled = list(inputs.vendors.candidates)
    random.Random(7).shuffle(shuffled)
    vendors = VendorList(organizations=inputs.vendors.organizations, candidates=shuffled)
    _, _, again = run("general-enterprise", vendors)
    assert render(again, "json") == render(result, "json")
    assert render(again, "text") == render(result, "text")


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["whatif", "--profile", "general-enterprise", "--as-of", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    assert "minimax-m2.5@inceptron ranks first" in out and "Smallest change: price weight" in out
    assert "- deepseek-v3.2@deepseek: DeepSeek V3.2 is out on" in out
    assert main(["whatif", "--profile", "general-enterprise", "--as-of", "2026-11-28", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "riskscore.whatif/1" and doc["as_of"] == "2026-11-28"
    assert {r["weight"] for r in doc["weights"]["ranges"]} == set(DIMENSIONS)
    assert all("summary" in f and "options" in f for f in doc["fixes"])
