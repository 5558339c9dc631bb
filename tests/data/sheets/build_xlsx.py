"""Rebuild the XLSX fixtures (run from the repository root): python tests/data/sheets/build_xlsx.py"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
BAD = HERE.parent / "bad"
HEADER = ["id", "model", "developer", "operator", "route", "regions", "price.input", "price.output",
          "contract.dpa", "contract.baa", "source.title", "source.url", "source.date", "as_of"]


def vendors() -> None:
    """A good workbook: the vendor list on its first sheet, a second list on sheet 'EU', typed cells."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Vendors"
    first.append(HEADER)
    first.append(["gpt@openai", "GPT", "openai", "openai", "first_party", "US", 1.25, 10, True, "no",
                  "Fixture", "https://example.org/x", datetime(2026, 1, 1), datetime(2026, 1, 1)])
    first.append([None] * len(HEADER))  # a blank row between rows is skipped
    first.append(["claude@anthropic", "Claude", "anthropic", "anthropic", "first_party", "US;IE", 3, 15, "yes", False,
                  "Fixture", "https://example.org/y", "2026-01-01", "2026-01-01"])
    eu = book.create_sheet("EU")
    eu.append(HEADER)
    eu.append(["mistral@mistral", "Mistral", "mistral", "mistral", "first_party", "FR", 2, 6, True, None,
               "Fixture", "https://example.org/z", datetime(2026, 1, 1), datetime(2026, 1, 1)])
    book.save(HERE / "vendors.xlsx")


def bad_cells() -> None:
    """Cells a workbook holds in ways riskscore does not guess at, each with what to type."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Vendors"
    sheet.append(HEADER + ["Model"])
    sheet.append(["gpt@openai", "GPT", "Deep Infra, Inc.", "openai", "first_party", "United States", True, "$0.26",
                  "Yes", 2, "Fixture", "https://example.org/x", datetime(2026, 1, 1), 46354, "GPT again"])
    sheet.append(["o1@openai", "o1", "openai", "openai", "first_party", "US", 1, 2, None, None,
                  "Fixture", "https://example.org/x", "11/28/2026", datetime(2026, 1, 1)])
    sheet.cell(row=3, column=20, value="stray")
    book.save(BAD / "sheet_cells.xlsx")
    empty = openpyxl.Workbook()
    empty.active.title = "Sheet1"
    empty.save(BAD / "sheet_empty.xlsx")


if __name__ == "__main__":
    vendors()
    bad_cells()
