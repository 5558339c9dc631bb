"""CSV files as spreadsheets save them: BOMs, Windows-1252, `;` or tab delimiters, CRLF, trailing empty columns."""

from __future__ import annotations

import codecs
import csv
import io
import re

from ..errors import Problem
from .table import MAX_TITLE_ROWS, CellValue, Table, add_row, header_index, read_header

#: Delimiters a spreadsheet writes: `,` (US/UK Excel), `;` (Excel where `,` is the decimal mark), tab.
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
#: A valid multi-byte UTF-8 sequence: in a file that is not UTF-8 it means two encodings are mixed.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SAVE_AS = "save the sheet again as 'CSV UTF-8'"


def _where(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in bytes) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def decode(raw: bytes, label: str) -> tuple[str, str] | Problem:
    """The text of a CSV file and its encoding ('' for UTF-8), or the problem that stops reading it.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; a file that is not UTF-8 is
    read as Windows-1252 (what Excel's plain 'CSV' writes in Western locales), unless it has a byte
    Windows-1252 does not define or also holds UTF-8 sequences, which means mixed encodings."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), ""
            except UnicodeDecodeError as exc:
                offset = exc.start + len(bom)
                line, col = _where(raw, offset)
                name = codec[:6].upper()
                return Problem(label, line, col, "", f"byte 0x{raw[offset]:02X} at offset {offset} (line {line}) is not {name} although the file starts with a {name} byte-order mark; {_SAVE_AS}")
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    line, col = _where(raw, first_bad)
    byte = f"byte 0x{raw[first_bad]:02X} at offset {first_bad} (line {line})"
    if UTF8_SEQUENCE.search(raw):
        return Problem(label, line, col, "", f"{byte} is not UTF-8, but the file also holds UTF-8 text: it mixes two encodings; {_SAVE_AS}")
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line, col = _where(raw, exc.start)
        return Problem(label, line, col, "", f"byte 0x{raw[exc.start]:02X} at offset {exc.start} (line {line}) is neither UTF-8 nor Windows-1252 text; {_SAVE_AS}")


def sniff(lines: list[str], known: frozenset[str] = frozenset()) -> str:
    """The delimiter of a sheet, read from its header: the first line (of the first few) that,
    split on `,` `;` or tab, names a `known` column; else whichever of them the first non-empty line
    holds most outside quotes (ties in that order); `,` if none."""
    for line in lines[:MAX_TITLE_ROWS + 1]:
        for d in DELIMITERS:
            if any(cell.strip().strip('"').strip().casefold() in known for cell in line.split(d)):
                return d
    first = next((line for line in lines if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", first)
    best = max(DELIMITERS, key=outside.count)  # ties keep the order of DELIMITERS
    return best if outside.count(best) else ","


def _quote_field(line_text: str, delimiter: str) -> int:
    """The 1-based field number of the quote left open at the end of `line_text`."""
    fields, quoted = 1, False
    for ch in line_text:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            fields += 1
    return fields


def _records(text: str, lines: list[str], delimiter: str, skip: int, label: str, out: list[Problem]) -> list[tuple[int, list[str]]]:
    """Every record the csv reader can read, with the line it starts on; a line it cannot read is reported."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = []
    line_done = 0  # physical lines consumed so far
    while True:
        start = line_done + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message or "newline inside string" in message:
                opened = lines[start - 1] if start - 1 < len(lines) else ""
                out.append(Problem(label, start, _quote_field(opened, delimiter), "", "unterminated quote: the quoted cell that starts here has no closing '\"' (everything after it was read as one cell)"))
                break
            if "field larger than field limit" in message:  # the csv module's own bound, 131,072 characters
                message = f"a cell is longer than the limit of {csv.field_size_limit():,} characters"
            elif "expected after" in message:
                message = f"a '\"' inside a quoted cell must be doubled (\"\"), or the cell must end at the quote ({_DELIMITER_NAMES[delimiter]} expected after it)"
            out.append(Problem(label, reader.line_num, 1, "", f"cannot read this line: {message}"))
            line_done = reader.line_num
            continue
        line_done = reader.line_num
        if start > skip:
            records.append((start, fields))
    return records


def read_csv(raw: bytes, label: str, digest: str, out: list[Problem], known: frozenset[str] = frozenset()) -> Table | None:
    """Read CSV bytes into a Table, its header the first row naming a `known` column (else the first
    row); every problem found goes to `out`."""
    decoded = decode(raw, label)
    if isinstance(decoded, Problem):
        out.append(decoded)
        return None
    text, encoding = decoded
    # The same line splitting as the csv reader's, so line numbers agree.
    lines = [line.rstrip("\r\n") for line in io.StringIO(text, newline="").readlines()]
    skip = 0
    # Excel reads (and some exports write) a first line `sep=;` naming the delimiter.
    if lines and re.fullmatch(r"sep=.", lines[0].strip()):
        delimiter, skip = lines[0].strip()[4], 1
    else:
        delimiter = sniff(lines, known)
    records = _records(text, lines, delimiter, skip, label, out)
    first = header_index([list(fields) for _, fields in records], known)
    if first is None:
        out.append(Problem(label, 1, 1, "", "empty CSV file: expected a header row naming the columns"))
        return None
    table = Table(label, digest, encoding=encoding, header_row=records[first][0])
    width = read_header(table, list(records[first][1]), out)
    for start, fields in records[first + 1:]:
        cells: list[tuple[CellValue | None, int, int]] = []
        row = start
        for i, value in enumerate(fields):
            cells.append((value, row, i + 1))
            row += value.count("\n")  # a quoted cell with line breaks moves the next cell down
        add_row(table, start, cells, width, out, ragged=True)
    return table
