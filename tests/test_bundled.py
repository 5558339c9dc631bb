"""The bundled data: pack lint, directory, vendor list, presets, and the default run."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from riskscore import assess, load_inputs
from riskscore.loader import preset_names
from riskscore.models import Organization
from riskscore.resources import bundled
from riskscore.vocabulary import DIMENSIONS

PRESETS = {"us-federal", "us-defense-contractor", "us-state-agency", "us-hospital", "us-bank", "eu-hospital", "eu-bank", "eu-public-sector", "general-enterprise", "startup"}


def test_pack_lint(bundled_pack: Any) -> None:
    problems = []
    for r in bundled_pack.rules:
        if not all(s.url.startswith("http") and s.date for s in r.sources):
            problems.append(f"{r.id}: a source lacks an address or a date")
        if len(r.rationale.split()) < 12:
            problems.append(f"{r.id}: rationale too thin")
        if r.status != "proposed" and r.effective_from > date(2030, 1, 1):
            problems.append(f"{r.id}: implausible effective date")
    assert not problems, "\n".join(problems)
    ids = [r.id for r in bundled_pack.rules]
    assert len(ids) == len(set(ids))


def test_pack_covers_every_dimension_with_cited_rules(bundled_pack: Any) -> None:
    for dim in DIMENSIONS:
        assert sum(1 for r in bundled_pack.rules if r.dimension == dim) >= 3, dim


def test_directory_lists_and_parents_resolve(bundled_pack: Any, directory: dict[str, Organization]) -> None:
    for org in directory.values():
        assert org.parent is None or org.parent in directory, org.id
        for m in org.lists:
            assert m.list in bundled_pack.lists, f"{org.id}: {m.list}"


def test_bundled_vendor_list_is_broad_and_resolves() -> None:
    inputs = load_inputs()
    cands = inputs.vendors.candidates
    assert len(cands) >= 20
    assert len({c.route for c in cands}) >= 4
    models = " ".join(c.model.lower() for c in cands)
    for name in ("minimax", "kimi", "deepseek", "glm", "qwen", "opus", "gemini", "gpt"):
        assert name in models, name
    orgs = {o.id for o in inputs.vendors.organizations}
    for c in cands:
        assert c.developer in orgs and (c.operator in orgs or c.operator == "buyer")
        assert c.sources and c.as_of


def test_presets_are_the_ten_and_cite_sources() -> None:
    assert set(preset_names()) >= PRESETS
    for name in PRESETS:
        assert load_inputs(profile=name).profile.sources, name


def test_default_run_is_complete() -> None:
    inputs = load_inputs()
    a = assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 11, 28), inputs.waivers, inputs.rates, inputs.records)
    assert a.summary["candidates"] == len(inputs.vendors.candidates)
    assert {c.verdict for c in a.candidates} <= {"prohibited", "high", "medium", "low"}
    assert all(c.rank is None for c in a.candidates if c.verdict == "prohibited")


def test_non_commercial_reference_data_is_not_shipped() -> None:
    # The DoD 1260H dataset is CC BY-NC: it may inform the directory's citations but is never copied in.
    root = Path(bundled("vendors")).parent
    shipped = [p for folder in ("vendors", "rules", "profiles") for p in (root / folder).rglob("*") if p.is_file()]
    assert shipped and not [p for p in shipped if p.suffix == ".csv" or "1260h" in p.name.lower()]


def test_every_knock_out_rests_on_an_official_text_or_says_it_could_not(bundled_pack: Any) -> None:
    weak = [
        r.id for r in bundled_pack.rules
        if r.effect == "block" and not any(s.quality == "primary" for s in r.sources)
        and not (r.confidence == "unverified" and r.status_note)
    ]
    assert not weak, f"knock-outs without a primary source and without an unverified status note: {weak}"


def test_every_knock_out_and_review_names_the_evidence_that_decides_it(bundled_pack: Any) -> None:
    missing = [r.id for r in bundled_pack.rules if r.effect in ("block", "review") and not r.evidence]
    assert not missing
