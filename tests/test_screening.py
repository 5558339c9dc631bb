"""Restricted-party screening: normalisation, matching on the real SDN snapshot, guards, lists, facts, CLI."""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from riskscore.assess import assess
from riskscore.cli import main
from riskscore.facts import CATALOGUE, Derived, candidate_facts
from riskscore.loader import load_inputs
from riskscore.models import Organization
from riskscore.screening import (
    HIT_SCORE,
    POSSIBLE_SCORE,
    Hit,
    ListEntry,
    ScreeningSource,
    bundled_sources,
    directory_sources,
    load_list_files,
    names_of,
    screen,
    screen_organizations,
    screen_vendors,
)
from riskscore.screening import prebuilt
from riskscore.screening.index import COMMON_WORD_ENTRIES, build_index
from riskscore.screening.match import MATRIX_FROM, screen_index
from riskscore.screening.normalize import key, variants
from riskscore.screening.prebuilt import REGENERATE, index_files, index_for, part_for, render
from riskscore.screening.types import NameEntries
from riskscore.errors import InputError

DATA = Path(__file__).parent / "data" / "screening"
DAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def sources(directory: dict[str, Organization], bundled_pack: Any) -> tuple[Any, ...]:
    """The directory's entries in force on DAY and the bundled lists."""
    return directory_sources(directory.values(), DAY, bundled_pack.lists) + bundled_sources()


def hits(name: str, sources: Any, level: str = "hit") -> list[Hit]:
    return [h for h in screen([name], sources)[0] if h.level == level]


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Beijing Zhipu Huazhang Technology Co., Ltd.", "BEIJING ZHIPU HUAZHANG TECHNOLOGY"),
        ("Zhірu AI", "Zhipu AI"),  # Cyrillic і and р inside a Latin word
        ("Zhi\u200bpu\u200d AI", "Zhipu AI"),  # zero-width characters
        ("Ｚｈｉｐｕ ＡＩ", "Zhipu AI"),  # full-width forms
        ("Müller GmbH", "MULLER"),
        ("PJSC Sovcomflot", "Sovcomflot, Joint Stock Company"),
        ("Obshchestvo s Ogranichennoi Otvetstvennostyu Example", "Example LLC"),
        ("Z.ai", "ZAI"),
        ("AT&T Inc.", "AT and T"),
        ("北京智谱华章科技有限公司", "北京智谱华章科技"),  # a CJK legal form
    ],
)
def test_names_that_differ_only_in_form_have_the_same_key(a: str, b: str) -> None:
    assert key(a) == key(b)


def test_generic_words_are_kept_apart_and_cyrillic_words_are_transliterated() -> None:
    k = key("Alibaba Cloud International Holdings Limited")
    assert k.tokens == ("ALIBABA",) and "CLOUD" in k.full and "LIMITED" not in k.full
    assert key("Газпром").full == "GAZPROM"  # a word wholly in Cyrillic is read, not unmasked
    assert key("AI Technology Group").tokens == ()


def test_a_bracket_is_an_alias_unless_it_is_only_a_place_or_a_legal_form() -> None:
    assert variants("Alibaba Group Holding Limited (Alibaba)") == ["Alibaba Group Holding Limited (Alibaba)", "Alibaba Group Holding Limited", "Alibaba"]
    assert variants("Moonshot AI (Beijing)") == ["Moonshot AI (Beijing)", "Moonshot AI"]


# ---------------------------------------------------------------- the real SDN snapshot


def test_bundled_sdn_snapshot_is_the_full_dated_list() -> None:
    sdn = next(s for s in bundled_sources() if s.id == "ofac_sdn")
    assert len(sdn.entries) == 38368 and sdn.date == date(2026, 3, 22) and sdn.kind == "bulk"
    names = {e.name for e in sdn.entries}
    assert {"ROSOBORONEXPORT JSC", "ISLAMIC REVOLUTIONARY GUARD CORPS", "MAHAN AIR", "JSC POSITIVE TECHNOLOGIES"} <= names


def test_bundled_lists_say_where_they_came_from_and_under_what_licence() -> None:
    import yaml

    meta = yaml.safe_load((Path(__file__).parent.parent / "riskscore" / "screening" / "data" / "sources.yaml").read_text())
    for d in meta["datasets"]:
        assert d["url"].startswith("https://") and d["licence"] and isinstance(d["date"], date), d["id"]
    assert "public domain" in meta["datasets"][0]["licence"]


@pytest.mark.parametrize(
    ("name", "entry"),
    [
        ("Islamic Revolutionary Guard Corps", "ISLAMIC REVOLUTIONARY GUARD CORPS"),
        ("Rosoboronexport OAO", "ROSOBORONEXPORT JSC"),
        ("Mahan Air Co., Ltd.", "MAHAN AIR"),
        ("PJSC Sovcomflot", "PAO SOVCOMFLOT"),
        ("Positive Technologies", "JSC POSITIVE TECHNOLOGIES"),
        ("Islamic Revolutionary Guards Corp", "ISLAMIC REVOLUTIONARY GUARDS CORPS"),  # spelling variant
        ("Rosoboroneksport", "ROSOBORONEKSPORT OAO"),
        ("Rosoboronexprot JSC", "ROSOBORONEXPORT JSC"),  # a typo
    ],
)
def test_known_sdn_entries_are_hits(name: str, entry: str, sources: Any) -> None:
    found = {(h.list, h.entry) for h in hits(name, sources)}
    assert ("ofac_sdn", entry) in found
    assert all(h.list_date == date(2026, 3, 22) for h in hits(name, sources) if h.list == "ofac_sdn")


@pytest.mark.parametrize(
    "name",
    ["OpenAI", "OpenAI, Inc.", "Anthropic PBC", "Microsoft", "Microsoft Corporation", "Google LLC", "Amazon Web Services, Inc.",
     "Mistral AI SAS", "Positive Thinking Labs", "Alpha Technologies", "New Energy Systems", "AI Technology Group Co., Ltd."],
)
def test_near_misses_and_big_vendors_are_no_sdn_hit(name: str, sources: Any) -> None:
    assert not [h for h in hits(name, sources) if h.list == "ofac_sdn"]


@pytest.mark.parametrize(("name", "entry"), [("Mara", "MARA"), ("Decart", "DECART OOD")])
def test_a_short_single_word_on_a_bulk_list_is_possible_at_most(name: str, entry: str, sources: Any) -> None:
    (only,) = [h for h in screen([name], sources)[0] if h.list == "ofac_sdn"]
    assert only.entry == entry and only.level == "possible" and "one short word" in only.why


def test_generic_or_common_words_alone_never_match(sources: Any) -> None:
    # ENERGY, BANK and TRADING are in dozens of SDN names; sharing them is no evidence.
    for name in ("Nesto Energy GmbH", "Example Bank", "Global AI Cloud Services"):
        assert screen([name], sources)[0] == [], name


# ---------------------------------------------------------------- the directory's entries


@pytest.mark.parametrize("name", ["Beijing Zhipu Huazhang Technology Co., Ltd.", "Zhipu AI", "Zhірu AI", "ZHIPU  ai", "Zhi\u200bpu AI"])
def test_zhipu_is_found_on_the_entity_list_in_every_spelling(name: str, sources: Any) -> None:
    found = [h for h in hits(name, sources) if h.list == "us_entity_list" and h.ref == "zhipu"]
    assert found and found[0].score == 100.0 and found[0].entry == "Beijing Zhipu Huazhang Technology Co., Ltd."


def test_directory_aliases_are_said_to_be_the_directorys(sources: Any) -> None:
    (h,) = [h for h in hits("Zhipu AI", sources) if h.list == "us_entity_list"]
    assert h.matched == "Zhipu AI" and "a name the directory records for zhipu" in h.why


def test_directory_entries_count_only_while_in_force(directory: dict[str, Organization], bundled_pack: Any) -> None:
    before = directory_sources(directory.values(), date(2024, 12, 31), bundled_pack.lists)
    assert not [h for h in screen(["Zhipu AI"], before)[0] if h.list == "us_entity_list"]


def test_compiled_entity_list_excerpt_finds_ai_firms_with_their_citation(sources: Any) -> None:
    for name in ("iFlytek", "SenseTime Group Inc.", "Megvii", "Sugon"):
        assert [h for h in hits(name, sources) if h.list == "us_entity_list"], name


# ---------------------------------------------------------------- organisations and aliases


def test_organisations_are_screened_under_their_aliases_and_parents_too(directory: dict[str, Organization]) -> None:
    vendors = load_inputs(vendor_paths=[DATA / "vendors.yaml"]).vendors
    orgs = {o.id: o for o in vendors.organizations}
    result = screen_organizations(orgs, bundled_sources(), ["example-ship-cloud"])
    assert set(result.hits) == {"example-ship-cloud", "example-ship-holding"}  # the parent comes along
    holding = result.hits["example-ship-holding"]
    assert holding and {h.query for h in holding} == {"PJSC Sovcomflot"}  # matched through its alias only


def test_output_is_the_same_whatever_the_order_of_names(sources: Any) -> None:
    names = ["Zhipu AI", "Mahan Air", "OpenAI", "Mara", "Rosoboronexport", "Positive Technologies", "Example Bank"]
    first = dict(zip(names, screen(names, sources)))
    shuffled = names[:]
    random.Random(3).shuffle(shuffled)
    again = dict(zip(shuffled, screen(shuffled, sources)))
    assert first == again
    for found in first.values():
        assert found == sorted(found, key=lambda h: (h.level != "hit", -h.score, h.list, h.entry, h.matched, h.ref or ""))
        assert all(POSSIBLE_SCORE <= h.score <= 100 and (h.level == "hit") == (h.score >= HIT_SCORE) or "possible at most" in h.why for h in found)


# ---------------------------------------------------------------- user list files


def test_consolidated_screening_list_csv_gives_one_list_per_source() -> None:
    lists = {s.id: s for s in load_list_files([DATA / "consolidated_2026-11-01.csv"])}
    assert set(lists) == {"us_entity_list", "ofac_sdn", "csl_dpl"}
    assert all(s.date == date(2026, 11, 1) for s in lists.values())  # dated by the file name
    assert [e.name for e in lists["ofac_sdn"].entries] == ["MAHAN AIR"]  # the individual is left out
    (found,) = [h for h in screen(["Example Photonics"], list(lists.values()))[0] if h.level == "hit"]
    assert found.entry == "Example Photonics Computing Co., Ltd." and found.matched == "Example Photonics"


def test_ofac_sdn_csv_with_alt_csv() -> None:
    (sdn,) = load_list_files([DATA / "sdn_2026-03-01.csv", DATA / "alt_2026-03-01.csv"])
    assert sdn.id == "ofac_sdn" and [(e.name, e.ref) for e in sdn.entries] == [("JSC SOVCOMFLOT", "9101")]
    (h,) = [h for h in screen(["Sovkomflot"], [sdn])[0]]
    assert h.matched == "SOVKOMFLOT PAO" and h.ref == "9101"


def test_bad_list_files_are_located_in_one_pass() -> None:
    with pytest.raises(InputError) as err:
        load_list_files([DATA / "not_a_list.csv", DATA / "consolidated_ragged.csv", DATA / "alt_2026-03-01.csv"])
    text = [str(p) for p in err.value.problems]
    assert any("not_a_list.csv:1:1: not a list file" in t for t in text)
    assert any("consolidated_ragged.csv:3:1: 5 cells where the header has 29" in t for t in text)
    assert any("alt_2026-03-01.csv:1:1: an alt.csv holds aliases only" in t for t in text)


# ---------------------------------------------------------------- facts and the assessment


def _facts(screening: Any) -> dict[str, Any]:
    inputs = load_inputs(vendor_paths=[DATA / "vendors.yaml"])
    orgs = {o.id: o for o in inputs.vendors.organizations}
    cand = next(c for c in inputs.vendors.candidates if c.id == "example-model@example-ship-cloud")
    hits_by_org = None if screening is None else screening.hits
    return candidate_facts(cand, orgs, inputs.pack.groups, inputs.profile, Derived(None), DAY, screening=hits_by_org)


def test_screening_facts_are_unknown_when_screening_did_not_run() -> None:
    facts = _facts(None)
    for path in ("operator.screening_hits", "operator.screening_unconfirmed", "parties.screening_hits", "parties.screening_unconfirmed"):
        assert facts[path] is None, path
    assert facts["broker.screening_hits"] == []  # no broker: nothing to screen


def test_screening_facts_carry_hits_of_the_party_and_its_parents() -> None:
    inputs = load_inputs(vendor_paths=[DATA / "vendors.yaml"])
    facts = _facts(screen_vendors(inputs.vendors, DAY, inputs.pack.lists))
    assert facts["operator.screening_hits"] == ["ofac_sdn"] and facts["operator.screening_unconfirmed"] == ["ofac_sdn"]
    assert facts["developer.screening_hits"] == [] and facts["parties.screening_unconfirmed"] == ["ofac_sdn"]
    assert any("'PJSC Sovcomflot' ~ 'PAO SOVCOMFLOT'" in m for m in facts["operator.screening_matches"])
    assert all(p in CATALOGUE for p in facts if "screening" in p)


def test_a_hit_the_directory_records_is_not_unconfirmed(directory: dict[str, Organization], bundled_pack: Any) -> None:
    inputs = load_inputs()
    screening = screen_vendors(inputs.vendors, DAY, inputs.pack.lists)
    orgs = {o.id: o for o in inputs.vendors.organizations}
    cand = next(c for c in inputs.vendors.candidates if c.operator == "z-ai")
    facts = candidate_facts(cand, orgs, inputs.pack.groups, inputs.profile, Derived(None), DAY, screening=screening.hits)
    assert "us_entity_list" in facts["operator.screening_hits"] and facts["operator.screening_unconfirmed"] == []


def test_assessment_reviews_an_unconfirmed_hit_and_dates_the_lists_in_provenance() -> None:
    inputs = load_inputs(vendor_paths=[DATA / "vendors.yaml"])
    screening = screen_vendors(inputs.vendors, DAY, inputs.pack.lists)
    a = assess(inputs.pack, inputs.vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, inputs.records, screening)
    ship = next(c for c in a.candidates if c.id == "example-model@example-ship-cloud")
    (finding,) = [f for f in ship.findings if f.rule_id == "EXP-SCREENING-HIT"]
    assert finding.status == "fail" and "PAO SOVCOMFLOT" in finding.message
    assert ship.verdict != "prohibited" and "EXP-SCREENING-HIT" in ship.review_reasons  # a review, not a knock-out
    lab = next(c for c in a.candidates if c.id == "example-model@example-lab")
    assert [f.status for f in lab.findings if f.rule_id == "EXP-SCREENING-HIT"] == ["pass"]
    screened = [s for s in a.provenance.screening_lists if "screened by name" in s.title]
    assert ("ofac_sdn", date(2026, 3, 22)) in {(s.id, s.source_date) for s in screened}
    # Without screening the rule stays open: evidence to collect, never a pass.
    blind = assess(inputs.pack, inputs.vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, inputs.records)
    lab = next(c for c in blind.candidates if c.id == "example-model@example-lab")
    assert [f.status for f in lab.findings if f.rule_id == "EXP-SCREENING-HIT"] == ["unknown"]


def test_bundled_list_has_no_unconfirmed_hit() -> None:
    inputs = load_inputs()
    screening = screen_vendors(inputs.vendors, DAY, inputs.pack.lists)
    a = assess(inputs.pack, inputs.vendors, inputs.profile, DAY, inputs.waivers, inputs.rates, inputs.records, screening)
    assert not [c.id for c in a.candidates for f in c.findings if f.rule_id == "EXP-SCREENING-HIT" and f.status != "pass"]


# ---------------------------------------------------------------- command line


def test_cli_screen_names_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "Zhipu AI", "OpenAI", "Mara", "--as-of", "2026-11-28", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "riskscore.screening/1" and doc["thresholds"] == {"hit": 90.0, "possible": 80.0}
    assert {"ofac_sdn": "2026-03-22"}.items() <= {s["id"]: s["date"] for s in doc["lists"] if s["origin"] == "dataset"}.items()
    zhipu, openai, mara = doc["results"]
    assert any(h["list"] == "us_entity_list" and h["level"] == "hit" for h in zhipu["hits"])
    assert openai["hits"] == [] and [h["level"] for h in mara["hits"]] == ["possible"]


def test_cli_screen_vendors_text_is_stable(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["screen", "--vendors", str(DATA / "vendors.yaml"), "--list", str(DATA / "consolidated_2026-11-01.csv"), "--as-of", "2026-11-28"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert main(argv) == 0
    assert capsys.readouterr().out == first
    assert "example-ship-holding (Example Ship Holding): " in first and "for 'PJSC Sovcomflot'" in first
    assert "example-lab (Example Model Lab, Inc.): no match" in first


def test_cli_screen_bad_list_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "Example", "--list", str(DATA / "not_a_list.csv")]) == 2
    assert "not_a_list.csv:1:1: not a list file" in capsys.readouterr().err


def test_cli_report_screens_with_a_user_list(tmp_path: Path) -> None:
    out = tmp_path / "r"
    code = main(["report", str(DATA / "vendors.yaml"), "--as-of", "2026-11-28", "--list", str(DATA / "sdn_2026-03-01.csv"),
                 "--format", "json", "--out", str(out), "--quiet"])
    assert code == 0
    a = json.loads((out / "assessment.json").read_text())
    assert ("ofac_sdn", "2026-03-01") in {(s["id"], s["source_date"]) for s in a["provenance"]["screening_lists"]}


# ---------------------------------------------------------------- the prebuilt index of the bundled SDN names


def test_prebuilt_sdn_index_is_current_and_used() -> None:
    files = index_files()
    assert set(files) == {"ofac_sdn"}
    for src in bundled_sources():
        if src.id not in files:
            continue
        shipped = gzip.decompress(files[src.id].read_bytes()).decode("utf-8")
        fresh = render(src)
        if shipped != fresh:  # not an assert: pytest would diff two 1.5 MB texts
            why = "the normaliser changed" if shipped.split("\n", 1)[0] != fresh.split("\n", 1)[0] else "its content differs"
            pytest.fail(f"{files[src.id].name} is stale ({why}): regenerate it with `{REGENERATE}`")
        assert part_for(src) is not None  # a run reads it rather than normalising every name again


def _altered(name: str, rnd: random.Random) -> str:
    """A list name as a vendor list might write it: a dropped letter, words reordered, a legal form, case."""
    words = name.split()
    change = rnd.randrange(4)
    if change == 0 and len(words[0]) > 4:
        j = rnd.randrange(1, len(words[0]) - 1)
        words[0] = words[0][:j] + words[0][j + 1 :]
    elif change == 1:
        rnd.shuffle(words)
    elif change == 2:
        words.append(rnd.choice(["Co., Ltd.", "GmbH", "LLC", "Technology Group", "(Beijing)"]))
    return " ".join(words).title()


@pytest.fixture(scope="module")
def both_indexes(sources: tuple[Any, ...]) -> tuple[Any, Any, tuple[Any, ...]]:
    """The same lists indexed with the prebuilt SDN part and afresh: the directory's entries, the bundled lists,
    a user CSL file, and a list that makes a word common only together with the SDN names."""
    part = part_for(next(s for s in bundled_sources() if s.id == "ofac_sdn"))
    assert part is not None
    word = min(w for w, c in part.counts().items() if c == COMMON_WORD_ENTRIES - 3)
    pushing = ScreeningSource("test_list", "Test list", "tests", DAY, "file:test", "curated",
                              tuple(ListEntry(f"{word} Example{chr(65 + i)}") for i in range(3)))
    lists = tuple(sources) + load_list_files([DATA / "consolidated_2026-11-01.csv"]) + (pushing,)
    pre, fresh = index_for(lists), build_index(lists)
    assert word not in part.common() and word in fresh.common  # common only with the test list's names
    return pre, fresh, lists


def test_prebuilt_index_equals_indexing_afresh(both_indexes: tuple[Any, Any, tuple[Any, ...]]) -> None:
    pre, fresh, _ = both_indexes
    assert pre.cores == fresh.cores and pre.common == fresh.common
    assert all(pre.names(i) == fresh.names(i) for i in range(len(fresh.cores)))


def test_prebuilt_index_gives_the_same_matches_as_indexing_afresh(
    both_indexes: tuple[Any, Any, tuple[Any, ...]], directory: dict[str, Organization]
) -> None:
    pre, fresh, lists = both_indexes
    rnd = random.Random(2026)
    sdn = [e.name for e in next(s for s in lists if s.id == "ofac_sdn").entries]
    syllables = "ka lo mi ne tra vex zu pra dor fin qua sel bri tor mon gal".split()
    invented = ["".join(rnd.choice(syllables) for _ in range(3)).title() + " AI Labs Inc." for _ in range(60)]
    names = rnd.sample(sdn, 120) + [_altered(n, rnd) for n in rnd.sample(sdn, 120)] + invented
    names += [n for o in directory.values() for n in names_of(o)]
    names += ["Zhірu AI", "Zhi\u200bpu AI", "北京智谱华章科技有限公司", "Mara", "Example Bank", "Example Photonics"]
    assert len({key(n).core for n in names}) >= MATRIX_FROM  # a batch this big is compared as a matrix
    together = screen_index(names, pre)
    assert together == screen_index(names, fresh)
    assert [screen_index([n], pre)[0] for n in names] == together  # one name: compared one by one
    assert sum(1 for found in together if any(h.level == "hit" for h in found)) > 200


def test_a_prebuilt_index_of_other_names_or_another_normaliser_is_not_used(tmp_path: Path) -> None:
    sdn = next(s for s in bundled_sources() if s.id == "ofac_sdn")
    shorter = dataclasses.replace(sdn, entries=NameEntries(sdn.entries.names[:-1] + ("EXAMPLE NEWLY LISTED TRADING",)))  # type: ignore[attr-defined]
    assert part_for(shorter) is None
    assert [h.entry for h in screen(["Example Newly Listed"], [shorter])[0]] == ["EXAMPLE NEWLY LISTED TRADING"]
    text = gzip.decompress(index_files()["ofac_sdn"].read_bytes()).decode("utf-8")
    header, rest = text.split("\n", 1)
    copy, other = tmp_path / "same.index.gz", tmp_path / "other.index.gz"
    copy.write_bytes(gzip.compress(text.encode()))
    doc = json.loads(header)
    other.write_bytes(gzip.compress((json.dumps({**doc, "fingerprint": "0" * 64}) + "\n" + rest).encode()))
    assert prebuilt._read(copy) is not None and prebuilt._read(other) is None
