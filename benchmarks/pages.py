"""Print the printed length of the report: pages in all, and pages before the appendix (the board part).

Usage: python benchmarks/pages.py [--engine chromium|weasyprint] [--paper a4,letter] [--keep DIR]
Runs the bundled list for general-enterprise and us-bank, and a 300-candidate list made by repeating
the bundled candidates with unique ids and moved prices, all as of 2026-11-28. Needs Chromium or
WeasyPrint, and pdfinfo/pdftotext (poppler-utils).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, for tests.factories

from riskscore.cli import main  # noqa: E402
from riskscore.pdf import html_to_pdf  # noqa: E402
from tests.factories import replicated_vendors  # noqa: E402

TARGETS = {"board": 8, "total": 20}  # for the default run and us-bank


def count(pdf: Path) -> tuple[int, int]:
    """Pages in all, and pages before the one where the appendix starts."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    board = next((i for i, text in enumerate(pages) if "Appendix: the evidence" in text), len(pages))
    return len(pages), board


def main_(argv: list[str] | None = None) -> int:
    """Render, print and count; one line per run and paper."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["chromium", "weasyprint"], default="chromium")
    parser.add_argument("--paper", default="a4,letter")
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runs = {
            "general-enterprise (45)": ["--profile", "general-enterprise"],
            "us-bank (45)": ["--profile", "us-bank"],
            "general-enterprise (300)": [str(replicated_vendors(work / "v300.json", 300)), "--profile", "general-enterprise"],
        }
        print(f"{'run':28} {'paper':7} {'pages':>5} {'board':>5}")
        for name, extra in runs.items():
            for paper in args.paper.split(","):
                out = work / f"{len(list(work.iterdir()))}"
                assert main(["report", *extra, "--as-of", "2026-11-28", "--out", str(out), "--quiet", "--format", "html", "--paper", paper]) == 0
                pdf = (args.keep or out) / f"{name.split()[0]}-{name.split('(')[1][:-1]}-{paper}.pdf"
                pdf.parent.mkdir(parents=True, exist_ok=True)
                pdf.write_bytes(html_to_pdf((out / "report.html").read_text(encoding="utf-8"), prefer=args.engine))
                total, board = count(pdf)
                print(f"{name:28} {paper:7} {total:5d} {board:5d}")
    print(f"targets for the 45-candidate runs: board part <= {TARGETS['board']} pages, whole report <= {TARGETS['total']}")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
