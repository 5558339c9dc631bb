"""Print the time to check vendor sheets of N rows (CSV as Excel saves it, and XLSX) with `validate_files`.

Usage: python benchmarks/sheets_bench.py [--rows 5000] [--repeat 3]
The sheets are written to a temporary folder; figures are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from pathlib import Path

from riskscore.loader import validate_files

HEADER = ["id", "model", "developer", "operator", "route", "regions", "price.input", "price.output", "contract.dpa",
          "certifications", "source.title", "source.url", "source.date", "as_of"]


def _rows(n: int) -> list[list[str]]:
    return [[f"m{i}@openai", f"Model {i}", "openai", "openai", "first_party", "US;IE", "1.25", "10", "true",
             "soc2_type2;iso27001", "Price page", "https://example.org/p", "2026-01-01", "2026-01-01"] for i in range(n)]


def _write(folder: Path, n: int) -> tuple[Path, Path]:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([HEADER, *_rows(n)])
    sheet = folder / "vendors.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())
    import openpyxl

    book = openpyxl.Workbook()
    for row in [HEADER, *_rows(n)]:
        book.active.append(row)
    workbook = folder / "vendors.xlsx"
    book.save(workbook)
    return sheet, workbook


def main() -> None:
    """Time `validate_files` on each sheet and print one line per format."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for path in _write(Path(tmp), args.rows):
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                problems = validate_files([path], use_default_rules=False)
                best = min(best, time.perf_counter() - start)
            assert not problems, problems[:3]
            print(f"{path.suffix[1:]:>4}: {args.rows:,} rows checked in {best:.2f} s")


if __name__ == "__main__":
    main()
