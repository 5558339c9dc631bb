"""Print the HTML report to PDF: WeasyPrint when the `pdf` extra is installed, else headless Chromium.

Both read the page size, running header and page numbers from the report's own `@page` rules, so
the PDF is the HTML report as printed, on A4 or US Letter."""

from __future__ import annotations

import os
import re
from datetime import date

from .chromium import find_chromium, print_with_chromium


class PdfUnavailable(Exception):
    """Neither WeasyPrint nor a Chromium browser is installed (or the one found failed)."""


INSTALL_HINT = (
    "--format pdf needs WeasyPrint or Chromium: pip install 'riskscore[pdf]', or install Chromium "
    "(Debian/Ubuntu: apt-get install chromium), or set RISKSCORE_CHROMIUM to the browser's path"
)


def engine(prefer: str | None = None) -> str | None:
    """'weasyprint' or 'chromium', whichever is available first (or `prefer`, if available), else None."""
    if prefer == "chromium" and find_chromium():
        return "chromium"
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except (ImportError, OSError):  # OSError: the Python package is there but its Pango library is not
        pass
    else:
        return "weasyprint"
    return "chromium" if find_chromium() else None


def html_to_pdf(html: str, created: date | None = None, prefer: str | None = None) -> bytes:
    """The PDF of a self-contained HTML page; the same page and date give the same bytes."""
    which = engine(prefer or os.environ.get("RISKSCORE_PDF_ENGINE"))
    if which == "weasyprint":
        from weasyprint import HTML  # type: ignore[import-untyped]

        return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
    if which == "chromium":
        try:
            return stamp_dates(print_with_chromium(html), created)
        except RuntimeError as exc:
            raise PdfUnavailable(f"Chromium could not print the report: {exc}") from None
    raise PdfUnavailable(INSTALL_HINT)


DATE_FIELD = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")


def stamp_dates(pdf: bytes, created: date | None) -> bytes:
    """Replace the print time in the PDF's metadata by the assessment date, keeping every byte offset."""
    day = (created or date(2000, 1, 1)).strftime("%Y%m%d").encode()

    def fixed(m: re.Match[bytes]) -> bytes:
        tail = b"+00'00'" if len(m.group(3)) == 7 else m.group(3)
        return b"/" + m.group(1) + b" (D:" + day + b"000000" + tail + b")"

    return DATE_FIELD.sub(fixed, pdf)
