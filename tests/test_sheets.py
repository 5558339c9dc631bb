"""Spreadsheets as they are saved: CSV in every Excel flavour and XLSX read to the same candidates as
YAML, ambiguous sheets rejected at the cell, and messages that say what to type."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from riskscore.cli import main
from riskscore.codes import closest, country_for, suggest
from riskscore.errors import InputError, Problem
from riskscore.loader import load_inputs
from riskscore.sheets import column_for, read_table, xlsxfile
from riskscore.sheets.csvfile import UTF8_SEQUENCE, read_csv
from riskscore.sheets.values import Refused, as_date, as_number

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
BAD = DATA / "bad"
SHEETS = DATA / "sheets"

HEADER = ["id", "model", "developer", "operator", "route", "regions", "open_weights", "price.input", "price.output",
          "price.cached_input", "price.as_of", "data_policy.retention_days", "data_policy.trains_on_customer_data",
          "data_policy.zero_retention_available", "contract.dpa", "contract.baa", "certifications", "source.title",
          "source.url", "source.date", "as_of"]
ROW = ["acme-large@acme-ai", "Acme Large", "acme-ai", "acme-ai", "first_party", "US", "false", "3.0", "15.0", "0.3",
       "2026-10-01", "30", "false", "true", "true", "true", "soc2_type2;iso27001", "Fixture price page",
       "https://example.org/acme/pricing", "2026-10-01", "2026-10-01"]


def _load(*paths: Path, sheet: str | None = None) -> Any:
    return load_inputs(
        vendor_paths=list(paths), profile=str(MINI / "profile.yaml"), rule_dirs=[MINI / "rules"], use_default_rules=False,
        currency_path=MINI / "currency.yaml", directory_paths=[MINI / "orgs.yaml"], sheet=sheet,
    ).vendors.candidates


def _from_yaml() -> Any:
    return next(c for c in _load(MINI / "vendors.yaml") if c.id == "acme-large@acme-ai")


def _sheet(delimiter: str, header: list[str] = HEADER, row: list[str] = ROW) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, row])
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8-bom-crlf-semicolon", b"\xef\xbb\xbf" + _sheet(";").encode()),
        ("comma-lf", _sheet(",").replace("\r\n", "\n").encode()),
        ("tab-utf16", b"\xff\xfe" + _sheet("\t").encode("utf-16-le")),
        ("sep-line", ("sep=;\r\n" + _sheet(";")).encode()),
        ("trailing-empty-columns", _sheet(",").replace("\r\n", ",,,\r\n").encode()),
        ("blank-lines", _sheet(",").replace("\r\n", "\r\n\r\n", 1).encode() + b"\r\n,,\r\n"),
    ],
)
def test_csv_as_excel_saves_it_gives_the_yaml_candidate(tmp_path: Path, name: str, data: bytes) -> None:
    sheet = tmp_path / f"{name}.csv"
    sheet.write_bytes(data)
    (from_csv,) = _load(sheet)
    assert from_csv == _from_yaml()


def test_windows_1252_is_detected_and_read(tmp_path: Path) -> None:
    sheet = tmp_path / "ansi.csv"
    sheet.write_bytes(_sheet(";", HEADER + ["notes"], ROW + ["Café – déjà vu"]).encode("cp1252"))
    (cand,) = _load(sheet)
    assert cand.notes == "Café – déjà vu"
    table, problems = read_table(sheet, "ansi.csv")
    assert table is not None and table.encoding == "windows-1252" and problems == []


def test_headers_are_read_by_name_in_any_order_and_case(tmp_path: Path) -> None:
    order = list(reversed(range(len(HEADER))))
    sheet = tmp_path / "v.csv"
    sheet.write_text(_sheet(",", [HEADER[i].upper() for i in order], [ROW[i] for i in order]))
    (cand,) = _load(sheet)
    assert cand == _from_yaml()


def test_xlsx_first_sheet_or_the_named_one_with_typed_cells() -> None:
    first = load_inputs([SHEETS / "vendors.xlsx"], profile=str(MINI / "profile.yaml"), rule_dirs=[MINI / "rules"],
                        use_default_rules=False, currency_path=MINI / "currency.yaml").vendors.candidates
    by_id = {c.id: c for c in first}
    assert sorted(by_id) == ["claude@anthropic", "gpt@openai"]
    gpt = by_id["gpt@openai"]
    assert (gpt.price.input, gpt.price.output, gpt.contract.dpa, gpt.contract.baa) == (1.25, 10.0, True, False)
    assert str(gpt.as_of) == "2026-01-01" and str(gpt.sources[0].date) == "2026-01-01"
    assert by_id["claude@anthropic"].regions == ["IE", "US"]
    eu = load_inputs([SHEETS / "vendors.xlsx"], profile=str(MINI / "profile.yaml"), rule_dirs=[MINI / "rules"],
                     use_default_rules=False, currency_path=MINI / "currency.yaml", sheet="EU").vendors.candidates
    assert [c.id for c in eu] == ["mistral@mistral"]


def test_report_reads_the_named_sheet(tmp_path: Path) -> None:
    args = ["report", str(SHEETS / "vendors.xlsx"), "--sheet", "EU", "--no-default-rules", "--rules", str(MINI / "rules"),
            "--profile", str(MINI / "profile.yaml"), "--currency", str(MINI / "currency.yaml"), "--format", "json",
            "--out", str(tmp_path / "o"), "--quiet"]
    assert main(args) == 0
    assert "mistral@mistral" in (tmp_path / "o" / "assessment.json").read_text()


def test_unknown_sheet_is_named_with_the_sheets_there(capsys: pytest.CaptureFixture[str]) -> None:
    path = SHEETS / "vendors.xlsx"
    assert main(["validate", str(path), "--sheet", "eu", "--no-default-rules", "--rules", str(MINI / "rules")]) == 2
    assert capsys.readouterr().err == f"{path}:1:1: no sheet 'eu' in this workbook (it has: Vendors, EU); did you mean 'EU'?\n"


def test_missing_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxfile, "_openpyxl", lambda: None)
    table, problems = read_table(SHEETS / "vendors.xlsx", "v.xlsx")
    assert table is None
    assert [str(p) for p in problems] == [
        "v.xlsx:1:1: reading .xlsx files needs openpyxl: pip install 'riskscore[xlsx]' (or save the sheet as CSV UTF-8)"
    ]


def test_a_sheet_too_long_is_refused_at_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxfile, "MAX_ROWS", 2)
    _, problems = read_table(SHEETS / "vendors.xlsx", "v.xlsx")
    assert [str(p) for p in problems] == ["v.xlsx:Vendors!A3: the sheet has more than 2 rows; is it the right sheet?"]


def test_cell_references_quote_sheet_names_as_spreadsheets_do() -> None:
    assert str(Problem("v.xlsx", 7, 28, "candidates[0].id", "bad", "Vendor list")) == "v.xlsx:'Vendor list'!AB7: candidates[0].id: bad"
    assert str(Problem("v.xlsx", 7, 3, "", "bad", "Sheet1")) == "v.xlsx:Sheet1!C7: bad"


@pytest.mark.parametrize(
    "written, meant",
    [("USA", "US"), ("United States", "US"), ("united states of america", "US"), ("Deutschland", "DE"), ("Germnay", "DE"),
     ("UK", "GB"), ("Korea, Republic of", "KR"), ("Republic of Korea", "KR"), ("Türkiye", "TR"), ("us", "US"),
     ("XX", None), ("Mara", None), ("EU", None)],
)
def test_countries_as_people_write_them(written: str, meant: str | None) -> None:
    assert country_for(written) == meant


@pytest.mark.parametrize(
    "written, meant",
    [("SOC 2 Type II", "soc2_type2"), ("soc 2 type 1", "soc2_type1"), ("ISO/IEC 27001:2022", "iso27001"),
     ("FedRAMP High", "fedramp_high"), ("PCI DSS", "pci_dss"), ("SOC2", None), ("HITRUST CSF", None)],
)
def test_certifications_are_matched_after_folding_case_space_punctuation_and_roman_numerals(written: str, meant: str | None) -> None:
    from typing import get_args

    from riskscore.vocabulary import Certification

    assert closest(written, get_args(Certification)) == meant


@pytest.mark.parametrize(
    "header, meant",
    [("price_prompt", "price.input"), ("price_completion", "price.output"), ("price_cache_read", "price.cached_input"),
     ("Input price", "price.input"), ("price.ouput", "price.output"), ("dpa", "contract.dpa"), ("model_slug", None),
     ("provider_region", None), ("context_length", None)],
)
def test_unknown_columns_get_only_close_suggestions(header: str, meant: str | None) -> None:
    assert column_for(header) == meant


def test_suggestions_only_when_close() -> None:
    assert suggest("acme-holdings", ["tencent-holdings", "deepinfra"]) == ""
    assert suggest("modle", ["model", "models"]) == "; did you mean 'model'?"
    assert suggest("price_prompt", ["price.promotional", "price.preview"]) == ""


@pytest.mark.parametrize(
    "cell, message",
    [
        ("$0.26", "'$0.26' is not a plain number: write 0.26 (no currency sign: the currency goes in price.currency)"),
        ("0,26", "'0,26' is not a plain number: write 0.26 ('.' is the decimal point)"),
        ("1,234.5", "'1,234.5' is not a plain number: write 1234.5 (no thousands separators)"),
        ("1,234", "'1,234' is not a plain number: write 1234 or 1.234 (no thousands separators, '.' as the decimal point)"),
        ("1.234,5", "'1.234,5' is not a plain number: write 1234.5 (no thousands separators, '.' as the decimal point)"),
    ],
)
def test_numbers_in_a_locale_style_are_refused_with_what_to_type(cell: str, message: str) -> None:
    with pytest.raises(Refused) as exc:
        as_number(cell)
    assert str(exc.value) == message


def test_plain_numbers_are_read() -> None:
    assert [as_number(v) for v in ("0.26", "1234.5", "2e-6", 3, 0.5)] == [0.26, 1234.5, 2e-6, 3, 0.5]
    assert as_number("30", integer=True) == 30 and as_number("abc") == "abc"  # the model reports what is not a number


@pytest.mark.parametrize(
    "cell, reading",
    [("11/28/2026", "2026-11-28"), ("28/11/2026", "2026-11-28"), ("05/06/2026", "2026-05-06 or 2026-06-05"),
     ("28.11.2026", "2026-11-28"), ("2026/11/28", "2026-11-28"), ("28 Nov 2026", "2026-11-28"), ("2026-1-5", "2026-01-05")],
)
def test_dates_in_other_forms_are_refused_with_the_iso_date(cell: str, reading: str) -> None:
    with pytest.raises(Refused) as exc:
        as_date(cell)
    assert str(exc.value) == f"'{cell}' is not an ISO date: use YYYY-MM-DD ({reading}?)"


_CELL = st.text(st.characters(codec="cp1252", exclude_characters="\x00\r"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=5),
       delimiter=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_any_sheet_a_csv_writer_saves_reads_back_cell_for_cell(rows: list[list[str]], delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([["a", "b", "c"], *rows])
    data = buffer.getvalue().encode(encoding)
    # Windows-1252 bytes that also read as UTF-8 are read as UTF-8: detection cannot tell them apart.
    assume(encoding != "cp1252" or not UTF8_SEQUENCE.search(data))
    problems: list[Problem] = []
    table = read_csv(data, "t.csv", "", problems)
    assert table is not None and problems == []
    expected = [{k: v.strip() for k, v in zip("abc", row) if v.strip()} for row in rows if any(v.strip() for v in row)]
    assert [{k: c.value for k, c in r.cells.items()} for r in table.rows] == expected


def test_every_problem_of_every_file_in_one_pass(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "groups.yaml").write_text((MINI / "rules" / "groups.yaml").read_text())
    (rules / "test.yaml").write_text((MINI / "rules" / "test.yaml").read_text().replace("effect: risk\n", "effect: risky\n", 1))
    (tmp_path / "profile.yaml").write_text("id: p\nname: P\njurisdictions: [USA]\nvolume: {input_tokens: 1, output_tokens: 1}\n")
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n"
        "  - {rule: TEST-EXP-LIST, candidates: [broken@acme-ai], reason: Pilot only, approver: CISO, expires: 2027-01-01}\n"
        "  - {rule: TEST-NOPE, candidates: [nothing-*], reason: Pilot only, approver: CISO, expires: 2027-01-01}\n"
    )
    (tmp_path / "vendors.yaml").write_text(
        "candidates:\n"
        "  - {id: broken@acme-ai, model: M, developer: acme-ai, operator: no-such-host, route: first_partyy,"
        " sources: [{title: Fixture, url: 'https://example.org/x', date: 2026-01-01}], as_of: 2026-01-01}\n"
    )
    (tmp_path / "v.csv").write_text(_sheet(",", ["price_prompt" if h == "price.input" else h for h in HEADER],
                                           [v if v != "acme-ai" else "Acme AI Inc." for v in ROW]))
    with pytest.raises(InputError) as exc:
        load_inputs([tmp_path / "vendors.yaml", tmp_path / "v.csv", SHEETS.parent / "bad" / "sheet_cells.xlsx"],
                    profile=str(tmp_path / "profile.yaml"), rule_dirs=[rules], use_default_rules=False,
                    waivers_path=tmp_path / "waivers.yaml", currency_path=MINI / "currency.yaml", directory_paths=[MINI / "orgs.yaml"])
    lines = [str(p).replace(str(tmp_path) + "/", "").replace(str(BAD) + "/", "") for p in exc.value.problems]
    for expected in [
        "profile.yaml:3:16: jurisdictions: unknown jurisdiction 'USA' (use an ISO 3166-1 alpha-2 code, an ISO 3166-2 code such as 'US-TX', or 'EU'); did you mean 'US'?",
        "rules/test.yaml:5:13: rules[0].effect: 'risky' is not one of 'block', 'risk', 'review' or 'watch'; did you mean 'risk'?",
        "v.csv:1:8: price_prompt: unknown column 'price_prompt'; did you mean 'price.input'?",
        "v.csv:2:3: candidates[0].developer: unknown organization 'Acme AI Inc.'; did you mean the id 'acme-ai'?",
        "sheet_cells.xlsx:Vendors!G2: candidates[0].price.input: 'true' is not a number",
        "vendors.yaml:2:87: candidates[0].route: 'first_partyy' is not one of 'first_party', 'cloud_platform', 'inference_host', 'aggregator' or 'self_hosted'; did you mean 'first_party'?",
        "vendors.yaml:2:66: candidates[0].operator: unknown organization 'no-such-host'",
        "waivers.yaml:3:12: waivers[1].rule: unknown rule 'TEST-NOPE'",
    ]:
        assert expected in lines, "\n".join(lines)
    # What failed is reported where it is, not again where it is referred to.
    assert not [line for line in lines if "TEST-EXP-LIST" in line or "broken@acme-ai" in line]


def test_an_unknown_column_meaning_a_present_one_hides_none_of_its_problems(tmp_path: Path) -> None:
    sheet = tmp_path / "v.csv"
    sheet.write_text(_sheet(",", HEADER + ["price_prompt"], [v if v != "3.0" else "-1" for v in ROW] + ["1"]))
    with pytest.raises(InputError) as exc:
        _load(sheet)
    assert [str(p) for p in exc.value.problems] == [
        f"{sheet}:1:22: price_prompt: unknown column 'price_prompt'; did you mean 'price.input'?",
        f"{sheet}:2:8: candidates[0].price.input: a price must be a finite number >= 0",
    ]


def test_a_missing_column_is_reported_once_not_per_row(tmp_path: Path) -> None:
    keep = [i for i, h in enumerate(HEADER) if h != "as_of"]
    rows = [[HEADER[i] for i in keep]] + [[ROW[i].replace("acme-large@", f"m{n}@") for i in keep] for n in range(50)]
    sheet = tmp_path / "v.csv"
    sheet.write_text("\n".join(",".join(r) for r in rows) + "\n")
    with pytest.raises(InputError) as exc:
        _load(sheet)
    assert [str(p) for p in exc.value.problems] == [f"{sheet}:1:1: as_of: missing column 'as_of' (every row needs it)"]


def test_a_title_above_the_header_is_skipped(tmp_path: Path) -> None:
    sheet = tmp_path / "v.csv"
    sheet.write_text("Our AI vendors (Q3)\n\nsee the wiki for notes;;\n" + _sheet(";"))
    (cand,) = _load(sheet)
    assert cand == _from_yaml()
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Our AI vendors (Q3)"])
    book.active.append([])
    for row in (HEADER, ROW):
        book.active.append(row)
    book.save(tmp_path / "v.xlsx")
    (from_xlsx,) = _load(tmp_path / "v.xlsx")
    assert from_xlsx == _from_yaml()
    table, _ = read_table(tmp_path / "v.xlsx", "v.xlsx", known=HEADER)
    assert table is not None and table.header_row == 3 and table.rows[0].cells["id"].row == 4
