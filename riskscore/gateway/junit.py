"""JUnit XML: one testsuite per config file, one testcase per route, a failure naming the rules that tripped.

The shape is the one CI parsers read (Jenkins, GitLab, Azure DevOps, GitHub test reporters): a
`testsuites` root with `tests`/`failures`/`errors`/`skipped` counts, `testsuite` elements with the same
counts, and `testcase` elements with `classname`, `name`, `file`, `line` and `time`, holding a
`failure` (message and type attributes, details as text) or a `skipped`. A route that is not fully
resolved but does not trip the gate is `skipped`, so it stays visible. No timestamps: same inputs,
same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .gate import GateResult, RouteOutcome
from .text import route_lines


def _case(parent: ET.Element, o: RouteOutcome) -> str:
    """Add the testcase of a route; return its state (passed, failed, skipped)."""
    route = o.resolution.route
    case = ET.SubElement(parent, "testcase", {
        "classname": route.file,
        "name": f"{route.name} ({route.target})",
        "file": route.file,
        "line": str(route.line),
        "time": "0",
    })
    details = "\n".join(route_lines(o))
    if o.tripped:
        failure = ET.SubElement(case, "failure", {"message": f"{o.verdict}: {', '.join(o.rules)}", "type": o.tripped[0]})
        failure.text = details
        return "failed"
    if o.unresolved:
        ET.SubElement(case, "skipped", {"message": f"not fully resolved: {'; '.join(o.unresolved)}"})
        return "skipped"
    out = ET.SubElement(case, "system-out")
    out.text = details
    return "passed"


def _counts(element: ET.Element, states: list[str]) -> None:
    element.set("tests", str(len(states)))
    element.set("failures", str(states.count("failed")))
    element.set("errors", "0")
    element.set("skipped", str(states.count("skipped")))
    element.set("time", "0")


def as_junit(result: GateResult) -> str:
    """The JUnit XML report of the gate."""
    a = result.assessment
    root = ET.Element("testsuites", {"name": "riskscore check"})
    every: list[str] = []
    for file in result.files:
        suite = ET.SubElement(root, "testsuite", {"name": f"riskscore check {file}"})
        props = ET.SubElement(suite, "properties")
        for name, value in (("profile", a.profile.id), ("as_of", a.as_of.isoformat()), ("fail_on", ",".join(result.fail_on)),
                            ("rule_pack_sha256", a.provenance.rule_pack_sha256)):
            ET.SubElement(props, "property", {"name": name, "value": value})
        states = [_case(suite, o) for o in result.outcomes if o.resolution.route.file == file]
        _counts(suite, states)
        every.extend(states)
    _counts(root, every)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
