"""Stream the compact record to a text file: the small sections laid out for reading, then one line per
candidate, written in batches so memory does not grow with the size of the text. Same assessment, same bytes."""

from __future__ import annotations

import json
from typing import Any, Callable, TextIO

from ..assessment import SCHEMA, Assessment
from . import build

#: Lines of the small sections are kept within this width when their values allow it.
WIDTH = 100
#: Candidates rendered together before a write: fewer calls, little memory.
BATCH = 256

# Without `indent` the encoder is the C one: the pure-Python encoder of `indent=2` was the slow part of /1.
dumps: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=build.leaf).encode
#: A candidate is one line without spaces: candidates are most of a large record.
dumps_line: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=build.leaf).encode


def layout(value: Any, indent: int, start: int) -> str:
    """JSON text of `value`, whose first line starts at column `start` and whose members indent from
    `indent`: one line when it fits in WIDTH, else one member per line; a long list of plain values
    fills its lines instead."""
    flat = dumps(value)
    if start + len(flat) <= WIDTH or not value or not isinstance(value, (dict, list)):
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        members = []
        for key, item in value.items():
            head = f"{pad}{dumps(key)}: "
            members.append(head + layout(item, indent + 2, len(head)))
    elif all(not isinstance(v, (dict, list)) for v in value):
        members, line = [], ""
        for text in map(dumps, value):
            if line and len(pad) + len(line) + len(text) + 2 > WIDTH:
                members.append(pad + line)
                line = ""
            line = f"{line} {text}" if line else text
            line += ","
        members.append(pad + line)
        return "[\n" + "\n".join(members)[:-1] + "\n" + " " * indent + "]"
    else:
        members = [pad + layout(item, indent + 2, len(pad)) for item in value]
    close = "}" if isinstance(value, dict) else "]"
    return ("{" if close == "}" else "[") + "\n" + ",\n".join(members) + "\n" + " " * indent + close


def write_record(assessment: Assessment, out: TextIO) -> None:
    """Write the record of an assessment (schema riskscore.assessment/2) to a text file, candidate by candidate."""
    small = {
        "schema": SCHEMA,
        "as_of": assessment.as_of.isoformat(),
        "profile": build.plain(assessment.profile),
        "provenance": build.provenance(assessment),
        "summary": assessment.summary,
        "rules": build.rules(assessment),
        "parties": build.parties(assessment),
        "rules_not_in_force": build.plain(assessment.rules_not_in_force),
        "waivers": build.plain(assessment.waivers),
        "evidence_requests": build.evidence_requests(assessment),
        "method": build.plain(assessment.method),
        "warnings": build.plain(assessment.warnings),
    }
    out.write("{\n")
    last = len(build.SECTIONS) - 1
    for n, name in enumerate(build.SECTIONS):
        comma = "," if n < last else ""
        if name != "candidates":
            head = f'  "{name}": '
            out.write(head + layout(small[name], 2, len(head)) + comma + "\n")
            continue
        candidates = assessment.candidates
        if not candidates:
            out.write(f'  "candidates": []{comma}\n')
            continue
        out.write('  "candidates": [\n')
        for i in range(0, len(candidates), BATCH):
            texts = ["    " + dumps_line(build.candidate(c)) for c in candidates[i:i + BATCH]]
            out.write(",\n".join(texts) + ("\n" if i + BATCH >= len(candidates) else ",\n"))
        out.write(f"  ]{comma}\n")
    out.write("}\n")
