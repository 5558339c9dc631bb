"""Headless Chromium as a PDF printer: one short-lived browser with a fresh profile, no network use."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: A browser that starts nothing in the background and keeps nothing between runs.
FLAGS = (
    "--headless",
    "--no-sandbox",  # runs as root in containers and CI, where the sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
)
#: CSS @page margin boxes (running header, page numbers) are printed from this version on.
MARGIN_BOXES_FROM = 131
TIMEOUT = 180


def find_chromium() -> str | None:
    """The browser to use: RISKSCORE_CHROMIUM if set, else the first Chromium or Chrome on PATH."""
    override = os.environ.get("RISKSCORE_CHROMIUM")
    if override:
        return override if Path(override).is_file() else shutil.which(override)
    return next((found for found in map(shutil.which, NAMES) if found), None)


@lru_cache(maxsize=4)
def major_version(exe: str) -> int:
    """The browser's major version, 0 if it cannot tell."""
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    m = re.search(r"(\d+)\.\d+\.\d+", out)
    return int(m.group(1)) if m else 0


def browser_command(exe: str, profile: Path, *extra: str) -> list[str]:
    """The command line of a headless run with a fresh profile folder."""
    return [exe, *FLAGS, f"--user-data-dir={profile}", *extra]


def print_with_chromium(html: str) -> bytes:
    """Print a page to PDF with its own @page size, header and page numbers.

    Chromium before 131 ignores @page margin boxes; there its own header and footer are kept, which
    show the page title (buyer and as-of date) and page numbers."""
    exe = find_chromium()
    if exe is None:
        raise RuntimeError("no Chromium found")
    with tempfile.TemporaryDirectory(prefix="riskscore-pdf-") as tmp:
        page, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        header = ["--no-pdf-header-footer"] if major_version(exe) >= MARGIN_BOXES_FROM else []
        cmd = browser_command(exe, Path(tmp) / "profile", *header, f"--print-to-pdf={out}", page.as_uri())
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"no PDF after {TIMEOUT} s") from None
        except OSError as exc:
            raise RuntimeError(str(exc)) from None
        if not out.is_file() or out.stat().st_size == 0:
            last = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
            raise RuntimeError(last)
        return out.read_bytes()
