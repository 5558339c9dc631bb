"""report.html in a real headless Chromium: offline, no console errors, every key section on screen at
1400 and 800 px, and short when printed to PDF on A4 and US Letter.

These tests need Chromium (Debian: apt-get install chromium; .ci/run installs it where it can) and,
for page counts, pdfinfo and pdftotext (poppler-utils); without them they skip and say why."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from riskscore.cli import main
from riskscore.pdf import html_to_pdf
from riskscore.pdf.chromium import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (Debian: apt-get install chromium)")

SECTIONS = ("answer", "routes", "cost", "chart", "ranking", "appendix", "evidence", "rules", "method", "provenance")
BOARD_PAGES, TOTAL_PAGES = 8, 20


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default run and the us-bank run of the bundled list, as of a fixed day."""
    out = {}
    for profile in ("general-enterprise", "us-bank"):
        folder = tmp_path_factory.mktemp(profile)
        assert main(["report", "--profile", profile, "--as-of", "2026-11-28", "--out", str(folder), "--quiet", "--format", "html,csv"]) == 0
        out[profile] = folder
    return out


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from .browser import Browser

    with Browser(1400) as b:
        yield b


@pytest.mark.parametrize("profile", ["general-enterprise", "us-bank"])
@pytest.mark.parametrize("width", [1400, 800])
def test_page_is_offline_error_free_and_shows_every_section(browser, reports: dict[str, Path], profile: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page = reports[profile] / "report.html"
    browser.set_width(width)
    browser.open(page)
    assert browser.console_errors() == []
    assert all(url == page.resolve().as_uri() or url.startswith("data:") for url in browser.requests())
    boxes = browser.evaluate(
        "Object.fromEntries(%s.map(id => { const e = document.getElementById(id); if (!e) return [id, null];"
        " const r = e.getBoundingClientRect(); return [id, [r.width, r.height, r.left, r.right]]; }))" % list(SECTIONS)
    )
    for name in SECTIONS:
        assert boxes[name] is not None, name
        w, h, left, right = boxes[name]
        assert w > 0 and h > 0 and left >= 0 and right <= width + 0.5, (name, boxes[name])
    # Nothing spills sideways: a wide table scrolls inside its own box, the page does not.
    assert browser.evaluate("document.documentElement.scrollWidth") <= width
    ranking = browser.evaluate(
        "(() => { const t = document.querySelector('#ranking table'); const box = t.parentElement;"
        " return [box.className, box.getBoundingClientRect().right, t.getBoundingClientRect().width, box.clientWidth]; })()"
    )
    assert ranking[0] == "scroll" and ranking[1] <= width


def test_appendix_is_collapsed_on_screen_and_links_open_it(browser, reports: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    browser.set_width(1400)
    browser.open(reports["general-enterprise"] / "report.html")
    counts = browser.evaluate("[document.querySelectorAll('details.cand').length, document.querySelectorAll('details.cand[open]').length]")
    rows = sum(1 for _ in (reports["general-enterprise"] / "candidates.csv").open()) - 1
    assert counts == [rows, 0]
    # A link from the ranking to a candidate opens its collapsed detail (fragment navigation reveals it).
    target = browser.evaluate("document.querySelector('#ranking a[href^=\"#c-\"]').getAttribute('href')")
    browser.evaluate(f"location.hash = '{target}'")
    assert browser.evaluate(f"document.querySelector('{target}').closest('details').open") is True


def test_chart_markers_do_not_overlap_as_drawn(browser, reports: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    browser.set_width(1400)
    browser.open(reports["us-bank"] / "report.html")
    centres = browser.evaluate(
        "[...document.querySelectorAll('#chart path.mk')].map(p => { const b = p.getBBox(); return [b.x + b.width / 2, b.y + b.height / 2, Math.max(b.width, b.height)]; })"
    )
    rows = sum(1 for _ in (reports["us-bank"] / "candidates.csv").open()) - 1
    assert len(centres) == rows
    for i, (x1, y1, s1) in enumerate(centres):
        for x2, y2, s2 in centres[i + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= min(s1, s2) * 0.99, "two markers overlap"


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


@pytest.mark.skipif(not (shutil.which("pdfinfo") and shutil.which("pdftotext")), reason="poppler-utils (pdfinfo, pdftotext) is not installed")
@pytest.mark.parametrize("profile", ["general-enterprise", "us-bank"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_printed_report_is_short(reports: dict[str, Path], tmp_path: Path, profile: str, paper: str) -> None:
    out = tmp_path / "o"
    assert main(["report", "--profile", profile, "--as-of", "2026-11-28", "--out", str(out), "--quiet", "--format", "html", "--paper", paper]) == 0
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(html_to_pdf((out / "report.html").read_text(encoding="utf-8"), prefer="chromium"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert ("(A4)" if paper == "a4" else "(letter)") in next(line for line in info.splitlines() if line.startswith("Page size:"))
    texts = _pages_text(pdf)
    board = next(i for i, t in enumerate(texts) if "Appendix: the evidence" in t)  # pages before the appendix
    assert board <= BOARD_PAGES and pages <= TOTAL_PAGES, (board, pages)
    assert "The answer" in texts[0] and "What changes soon" in texts[0]  # the answer is on page 1
    assert f"Page 1 of {pages}" in texts[0] and "as of 2026-11-28" in texts[0]  # page numbers and running header
