"""SARIF 2.1.0: one result per offending route, at its config line, with the rule that tripped as ruleId.

Code-scanning tools (GitHub, GitLab, Azure DevOps) show a result at `locations[0]` and the rule's
`help` and `helpUri` beside it, so every rule that any result names is described in
`tool.driver.rules` with its rationale, the evidence that decides it and its sources."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..models import Rule
from .gate import UNRESOLVED_RULE, GateResult, RouteOutcome

SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
#: Levels whose trip is an error (the route may not be used); the others are warnings.
ERROR_LEVELS = ("prohibited", "inadmissible", "unknown")
UNRESOLVED_HELP = (
    "The route could not be resolved to a known candidate: its provider, model developer, operator or "
    "OpenRouter host is not in riskscore's tables or the organisation directory, or OpenRouter may fall back "
    "to hosts the config does not name. An unknown route is never assumed safe. Pin the provider (OpenRouter "
    "'only', or 'order' with allow_fallbacks: false), or add the organisation and the offer to your vendor list."
)


def artifact_uri(label: str) -> str:
    """A config path as a SARIF artifact URI: relative paths stay relative (forward slashes), absolute ones become file URIs."""
    path = PurePath(label)
    if path.is_absolute():
        return Path(label).as_uri()
    return quote(path.as_posix())


def _descriptor(rule: Rule) -> dict[str, Any]:
    sources = "\n".join(f"- {s.title} ({s.date.isoformat()}): {s.url}" for s in rule.sources)
    sources_md = "\n".join(f"- [{s.title}]({s.url}) ({s.date.isoformat()})" for s in rule.sources)
    evidence = f"\n\nWhat decides it: {rule.evidence}" if rule.evidence else ""
    text = f"{rule.rationale}{evidence}\n\nSources:\n{sources}"
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": text, "markdown": f"**{rule.title}**\n\n{rule.rationale}{evidence}\n\nSources:\n\n{sources_md}"},
        "helpUri": rule.sources[0].url,
        "defaultConfiguration": {"level": "error" if rule.effect == "block" else "warning"},
        "properties": {
            "tags": sorted({rule.dimension, rule.effect, *rule.tags}),
            "effect": rule.effect,
            "dimension": rule.dimension,
            "severity": rule.severity,
            "effective_from": rule.effective_from.isoformat(),
        },
    }


def _unresolved_descriptor() -> dict[str, Any]:
    return {
        "id": UNRESOLVED_RULE,
        "name": "GatewayUnresolvedRoute",
        "shortDescription": {"text": "Gateway route that resolves to no known candidate"},
        "fullDescription": {"text": UNRESOLVED_HELP},
        "help": {"text": UNRESOLVED_HELP, "markdown": UNRESOLVED_HELP},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["gateway", "unknown"]},
    }


def _message(o: RouteOutcome) -> str:
    route = o.resolution.route
    parts = [f"Route '{route.name}' ({route.target}) trips the gate ({', '.join(o.tripped)}): verdict {o.verdict}."]
    for r in o.reached:
        s = r.scored
        named = [f"{f.rule_id}: {f.message}" for f in s.findings if f.rule_id in o.rules and f.status != "pass"]
        if named:
            parts.append(f"{s.id}: " + " ".join(named))
    parts.extend(f"Unknown: {reason}." for reason in o.unresolved if "unknown" in o.tripped)
    return " ".join(parts)


def as_sarif(result: GateResult) -> str:
    """The SARIF log of the gate: deterministic (sorted rules, results in config order)."""
    used = sorted({rule for o in result.tripped for rule in o.rules})
    descriptors = [_unresolved_descriptor() if rid == UNRESOLVED_RULE else _descriptor(result.rules[rid]) for rid in used]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    for o in result.tripped:
        route = o.resolution.route
        first = o.rules[0]
        fingerprint = hashlib.sha256(f"{route.file}\0{route.name}\0{route.target}".encode()).hexdigest()[:32]
        results.append({
            "ruleId": first,
            "ruleIndex": index[first],
            "level": "error" if set(o.tripped) & set(ERROR_LEVELS) else "warning",
            "message": {"text": _message(o)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(route.file)},
                "region": {"startLine": route.line, "startColumn": route.col},
            }}],
            "partialFingerprints": {"riskscoreRoute/v1": fingerprint},
            "properties": {
                "route": route.name,
                "target": route.target,
                "verdict": o.verdict,
                "levels": list(o.tripped),
                "rules": list(o.rules),
                "candidates": [r.scored.id for r in o.reached],
            },
        })
    a = result.assessment
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "riskscore", "version": __version__, "semanticVersion": __version__, "rules": descriptors}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"profile": a.profile.id, "as_of": a.as_of.isoformat(), "fail_on": list(result.fail_on),
                           "rule_pack_sha256": a.provenance.rule_pack_sha256},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
