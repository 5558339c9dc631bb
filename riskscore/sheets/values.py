"""Cell values to field values, and for a cell written another way, a message that says what to type.

The rule for numbers: a number cell holds a plain number with `.` as the decimal point (`0.26`,
`1234.5`, `2e-6`), or a number typed as a number in a workbook. Currency signs, thousands
separators and decimal commas are refused with the plain number to type, because their reading
depends on the writer's locale (`1,234` is 1234 in the US and 1.234 in Germany) and a price read
wrongly by a factor of 1000 would be worse than an error. Dates are YYYY-MM-DD or a workbook date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from .table import CellValue

_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_CURRENCY = re.compile(r"^(?:US\$|\$|€|£|USD|EUR|GBP)\s*|\s*(?:US\$|\$|€|£|USD|EUR|GBP)$", re.IGNORECASE)
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
#: Day 0 of Excel's date serial numbers (with its 1900 leap-year quirk already absorbed).
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y")


class Refused(Exception):
    """A cell written in a way riskscore does not guess at; the message says what to type."""


def as_text(value: CellValue) -> str:
    """A cell as text: workbook numbers without a spurious `.0`, dates as YYYY-MM-DD."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _readings(body: str) -> tuple[list[str], str]:
    """Plain numbers a locale-formatted number may mean, and why it needs rewriting."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", body):  # 1,234: US thousands or a German decimal comma
        return [body.replace(",", ""), body.replace(",", ".")] if body.count(",") == 1 else [body.replace(",", "")], "no thousands separators, '.' as the decimal point"
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", body):
        return [body.replace(",", "")], "no thousands separators"
    if re.fullmatch(r"\d+,\d+", body):
        return [body.replace(",", ".")], "'.' is the decimal point"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", body):
        return [body.replace(".", "").replace(",", ".")], "no thousands separators, '.' as the decimal point"
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?", body):
        return [re.sub(r"[ \u00a0\u202f']", "", body).replace(",", ".")], "no thousands separators"
    if _PLAIN.fullmatch(body):
        return [body], ""
    return [], ""


def as_number(value: CellValue, integer: bool = False) -> Any:
    """A number cell as a number; raise Refused for a number written in a locale's style, and return
    anything else unchanged for the model to report."""
    if isinstance(value, (bool, date, time)):
        raise Refused(f"'{as_text(value)}' is not a number")
    if isinstance(value, (int, float)):
        return int(value) if integer and float(value).is_integer() else value
    text = str(value).strip()
    if _PLAIN.fullmatch(text):
        number = float(text)
        return int(number) if integer and number.is_integer() else number
    if integer and (days := re.fullmatch(r"(\d+)\s*days?", text, re.IGNORECASE)):
        raise Refused(f"'{text}' is not a number: write {days.group(1)} (the unit is days)")
    body = _CURRENCY.sub("", text).strip()
    readings, why = _readings(body)
    if body != text and readings:
        why = "no currency sign: the currency goes in price.currency" + (f"; {why}" if why else "")
    if readings:
        raise Refused(f"'{text}' is not a plain number: write {' or '.join(readings)} ({why})")
    return text


def as_bool(value: CellValue) -> Any:
    """A true/false cell as a boolean (also yes/no, y/n, 1/0, a workbook TRUE/FALSE)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = as_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Refused(f"'{as_text(value)}' is not true or false: write true or false (or leave the cell empty when it is not known)")


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def date_readings(text: str) -> list[str]:
    """The ISO dates a date written another way may mean: one, two when day and month could be
    swapped (`05/06/2026`), none when it is not a date."""
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?", text):
        found = _ymd(int(m[1]), int(m[2]), int(m[3]))
        return [found] if found else []
    if m := re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})", text):
        a, sep, b, y = int(m[1]), m[2], int(m[3]), int(m[4])
        year = y + 2000 if y < 100 else y
        # Dotted dates are day-first wherever they are written; slashes go either way.
        options = [_ymd(year, b, a)] if sep == "." else [_ymd(year, a, b), _ymd(year, b, a)]
        return list(dict.fromkeys(o for o in options if o))
    for fmt in _DATE_FORMATS:
        try:
            return [datetime.strptime(text, fmt).date().isoformat()]
        except ValueError:
            continue
    return []


def as_date(value: CellValue) -> Any:
    """A date cell as YYYY-MM-DD; raise Refused, with the ISO date it may mean, for any other form."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        guess = (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat() if 1 <= value < 2_958_466 else None
        raise Refused(f"'{as_text(value)}' is a number, not a date: format the cell as a date or type YYYY-MM-DD" + (f" ({guess}?)" if guess else ""))
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    readings = date_readings(text)
    if readings:
        raise Refused(f"'{text}' is not an ISO date: use YYYY-MM-DD ({' or '.join(readings)}?)")
    return text


def as_list(value: CellValue) -> list[str]:
    """A list cell (`US;DE`, `US, DE`, or one item per line) as its items."""
    return [v.strip() for v in re.split(r"[;,\n]", as_text(value)) if v.strip()]
