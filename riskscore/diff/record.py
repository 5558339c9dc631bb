"""The part of an assessment record (assessment.json) a diff reads, and its loader.

Reads both schemas: `riskscore.assessment/1` (every finding of every candidate in full) and the compact
`/2` (each rule and party once; per candidate the findings that are not `pass` and the ids of those
that are), which is expanded here into the shape of /1 so that the comparison reads one shape.
Lenient on purpose: a record written by an older release lacks the keys added since (per-candidate
`inputs`, `provenance.rule_index`, `waiver_ref`); the diff then says what it could not attribute."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, Problem
from ..locations import Loc, dotted, problems_from_validation
from ..vocabulary import Verdict
from ..yamlsafe import MAX_BYTES, FileProblem, YamlProblem, locate, locate_key, parse_yaml, read_limited

#: Records are machine-written and large runs make big ones: far more than an input file may hold.
MAX_RECORD_BYTES = 512 * 1024 * 1024
SCHEMA_PREFIX = "riskscore.assessment/"
SCHEMA_MAJOR = "2"
#: Record versions this release reads: the compact /2, and /1 of earlier releases.
READABLE = ("1", "2")


class _Record(BaseModel):
    # Keys this reader does not know are ignored: newer records only add keys.
    model_config = ConfigDict(extra="ignore", frozen=True)


class WaiverRefRecord(_Record):
    """A finding's waiver reference."""

    number: int
    state: str
    approver: str = ""
    expires: date | None = None
    overrides_block: bool = False


class FindingRecord(_Record):
    """One finding."""

    rule_id: str
    title: str = ""
    status: str
    effect: str
    dimension: str = ""
    severity: str = ""
    points: float = 0.0
    rule_status: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    note: str | None = None
    waiver: str | None = None
    waiver_ref: WaiverRefRecord | None = None


class PartyRecord(_Record):
    """A developer, operator or broker."""

    id: str
    name: str = ""
    country: str | None = None
    chain: list[str] = []
    lists: list[str] = []


class _CandidateFields(_Record):
    """What both record versions say of a candidate; they differ in how parties and passes are written."""

    id: str
    model: str = ""
    route: str = ""
    regions: list[str] | None = None
    verdict: Verdict
    admissible: bool = True
    review_required: bool = False
    overall: float = 0.0
    compliance_risk: float = 0.0
    scores: dict[str, float] = {}
    monthly_cost_usd: float | None = None
    rank: int | None = None
    findings: list[FindingRecord] = []
    inputs: dict[str, Any] | None = None  # None: written before inputs were recorded


class CandidateRecord(_CandidateFields):
    """One scored candidate (/1: parties in full, every finding)."""

    developer: PartyRecord
    operator: PartyRecord
    broker: PartyRecord | None = None
    not_applicable: list[str] = []


class ProfileRecord(_Record):
    """The profile summary."""

    id: str
    name: str = ""
    jurisdictions: list[str] = []
    sectors: list[str] = []
    data_classes: list[str] = []
    allowed_regions: list[str] | None = None
    input_tokens: float = 0.0
    output_tokens: float = 0.0
    cached_input_share: float = 0.0
    budget_usd: float | None = None
    weights: dict[str, float] = {}
    thresholds: dict[str, float] = {}
    price_max_age_days: int | None = None


class RuleDigestRecord(_Record):
    """A rule's content hash and the facts it reads."""

    id: str
    sha256: str
    reads: list[str] = []


class InputRecordEntry(_Record):
    """An input file of the run."""

    path: str
    kind: str
    sha256: str


class ScreeningListRecord(_Record):
    """A list screened, with the date of its copy."""

    id: str
    title: str = ""
    source_date: date | None = None


class ProvenanceRecord(_Record):
    """What produced the record."""

    version: str = ""
    rule_pack_sha256: str = ""
    rules: int = 0
    inputs: list[InputRecordEntry] = []
    screening_lists: list[ScreeningListRecord] = []
    currency_rates: list[str] = []
    rule_index: list[RuleDigestRecord] | None = None  # None: written before rules were indexed


class WindowRecord(_Record):
    """A rule not in force on the as-of date."""

    rule_id: str
    title: str = ""
    state: str
    effective_from: date | None = None
    effective_to: date | None = None


class WaiverUseRecord(_Record):
    """A waiver of the register and where it applied."""

    rule: str
    candidates: list[str] = []
    models: list[str] = []
    operators: list[str] = []
    routes: list[str] = []
    reason: str = ""
    approver: str = ""
    expires: date | None = None
    expired: bool = False
    applied_to: list[str] = []
    number: int = 0
    state: str | None = None
    not_applied_to: list[str] = []

    @property
    def key(self) -> tuple[Any, ...]:
        """What identifies a waiver across runs: its rule and selectors (not its line in the file)."""
        return (self.rule, tuple(self.candidates), tuple(self.models), tuple(self.operators), tuple(self.routes))


class AssessmentRecord(_Record):
    """The assessment record, as far as a diff reads it."""

    schema_: str = Field(alias="schema")
    as_of: date
    profile: ProfileRecord
    provenance: ProvenanceRecord
    candidates: list[CandidateRecord]
    rules_not_in_force: list[WindowRecord] = []
    waivers: list[WaiverUseRecord] = []


class SpanRecord(_Record):
    """A rule's window in a /2 record."""

    from_: date | None = Field(default=None, alias="from")
    to: date | None = None
    state: str = "in_force"


class RuleRecord(_Record):
    """A rule as a /2 record lists it once: as the run applied it, with its hash and the facts it reads."""

    id: str
    title: str = ""
    dimension: str = ""
    severity: str = ""
    effect: str = ""
    status: str = "in_force"
    window: SpanRecord = SpanRecord()
    applies: bool = True
    sha256: str
    reads: list[str] = []


class PartyEntry(PartyRecord):
    """An organisation as a /2 record lists it once, with the facts the rules read about it."""

    facts: dict[str, Any] = {}


class CompactCandidate(_CandidateFields):
    """A candidate of a /2 record: parties by id, findings that are not `pass`, passed rules by id."""

    developer: str
    operator: str
    broker: str | None = None
    passed: list[str] = []


class CompactRecord(_Record):
    """A /2 record, as far as a diff reads it (expanded by `expand` into an AssessmentRecord)."""

    schema_: str = Field(alias="schema")
    as_of: date
    profile: ProfileRecord
    provenance: ProvenanceRecord
    rules: list[RuleRecord]
    parties: list[PartyEntry] = []
    candidates: list[CompactCandidate]
    rules_not_in_force: list[WindowRecord] = []
    waivers: list[WaiverUseRecord] = []


def expand(record: CompactRecord, name: str, locator: Any) -> AssessmentRecord:
    """The /2 record in the shape of /1: rule attributes back on each finding, a shared `pass` finding
    per rule, parties and their facts back on each candidate. Raise InputError for ids it does not define."""
    rules = {r.id: r for r in record.rules}
    shown: dict[str, dict[str, Any]] = {
        r.id: {"title": r.title, "severity": r.severity, "rule_status": r.status, "effective_from": r.window.from_, "effective_to": r.window.to}
        for r in record.rules
    }
    passes = {r.id: FindingRecord(rule_id=r.id, status="pass", effect=r.effect, dimension=r.dimension, **shown[r.id]) for r in record.rules}
    parties = {p.id: p for p in record.parties}
    shown_party = {p.id: PartyRecord(id=p.id, name=p.name, country=p.country, chain=p.chain, lists=p.lists) for p in record.parties}
    not_applicable = [r.id for r in record.rules if not r.applies]
    problems: list[Problem] = []

    def unknown(loc: Loc, what: str, value: str) -> None:
        line, col = locator(loc, False)
        problems.append(Problem(name, line, col, dotted(loc), f"{what} '{value}' is not defined in '{'rules' if what == 'rule' else 'parties'}'"))

    candidates = []
    for n, c in enumerate(record.candidates):
        for role in ("developer", "operator", "broker"):
            pid = getattr(c, role)
            if pid is not None and pid not in parties:
                unknown(("candidates", n, role), "party", pid)
        findings = []
        for i, f in enumerate(c.findings):
            if f.rule_id not in rules:
                unknown(("candidates", n, "findings", i, "rule_id"), "rule", f.rule_id)
            else:
                findings.append(f.model_copy(update=shown[f.rule_id]))
        for i, rid in enumerate(c.passed):
            if rid not in rules:
                unknown(("candidates", n, "passed", i), "rule", rid)
            else:
                findings.append(passes[rid])
        if problems:
            continue
        inputs = None
        if c.inputs is not None:
            flat = {f"candidate.{k}": v for k, v in c.inputs.items()}
            for role in ("developer", "operator", "broker"):
                pid = getattr(c, role)
                if pid is not None:
                    flat.update((f"{role}.{k}", v) for k, v in parties[pid].facts.items())
            inputs = dict(sorted(flat.items()))
        candidates.append(CandidateRecord.model_validate({
            **c.model_dump(exclude={"developer", "operator", "broker", "findings", "passed", "inputs"}),
            "developer": shown_party[c.developer],
            "operator": shown_party[c.operator],
            "broker": shown_party[c.broker] if c.broker is not None else None,
            "findings": sorted(findings, key=lambda f: f.rule_id),
            "not_applicable": not_applicable,
            "inputs": inputs,
        }))
    if problems:
        raise InputError(problems)
    index = [RuleDigestRecord(id=r.id, sha256=r.sha256, reads=r.reads) for r in record.rules]
    return AssessmentRecord.model_validate({
        "schema": record.schema_,
        "as_of": record.as_of,
        "profile": record.profile,
        "provenance": record.provenance.model_copy(update={"rule_index": index}),
        "candidates": candidates,
        "rules_not_in_force": record.rules_not_in_force,
        "waivers": record.waivers,
    })


def _locator(text: str) -> Any:
    """A (path, at_key) -> (line, col) function; the node tree is built only if a problem needs it."""

    @lru_cache(maxsize=1)
    def root() -> Any:
        if len(text) > MAX_BYTES:
            return None  # too big to map to lines cheaply: problems point at the top, with their field path
        try:
            return parse_yaml(text).root  # JSON is YAML: its node tree has the lines
        except YamlProblem:
            return None

    return lambda loc, key: (locate_key if key else locate)(root(), loc)


def read_record(path: Path, label: str | None = None) -> AssessmentRecord:
    """Read an assessment.json; raise InputError with located problems if it is not one."""
    name = label or str(path)
    try:  # the kind (a regular file, not a FIFO or a device) and the size are checked before reading
        text = read_limited(path, MAX_RECORD_BYTES).decode("utf-8-sig")
    except FileProblem as exc:
        raise InputError([Problem(name, 1, 1, "", exc.message)]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, 1, 1, "", f"file is not UTF-8 text (byte {exc.start})")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(name, exc.lineno, exc.colno, "", f"invalid JSON: {exc.msg} (expected an assessment.json written by 'riskscore report')")]) from None
    locator = _locator(text)
    where: Loc = ("schema",)
    schema = data.get("schema") if isinstance(data, dict) else None
    if not isinstance(schema, str) or not schema.startswith(SCHEMA_PREFIX):
        line, col = locator(where if isinstance(data, dict) and "schema" in data else (), False)
        found = f"schema {schema!r}" if schema is not None else "no 'schema' key"
        raise InputError([Problem(name, line, col, "schema" if schema is not None else "", f"not a riskscore assessment record ({found}; expected '{SCHEMA_PREFIX}{SCHEMA_MAJOR}', the assessment.json of 'riskscore report')")])
    major = schema.removeprefix(SCHEMA_PREFIX)
    if major not in READABLE:
        line, col = locator(where, False)
        versions = " or ".join(f"'{SCHEMA_PREFIX}{v}'" for v in reversed(READABLE))
        raise InputError([Problem(name, line, col, "schema", f"record version '{schema}' is not readable by this release (it reads {versions})")])
    model: type[_Record] = AssessmentRecord if major == "1" else CompactRecord
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, model, name, locator)) from None
    return expand(record, name, locator) if isinstance(record, CompactRecord) else record  # type: ignore[return-value]
