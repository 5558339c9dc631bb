"""The only module that reads files: vendor lists, profiles, rule packs, waivers and currency tables."""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ValidationError

from .codes import suggest
from .errors import InputError, Problem
from .facts import BUYER_OPERATOR
from .locations import Loc, dotted, problems_from_validation
from .models import (
    Candidate,
    CurrencyFile,
    CurrencyRate,
    GroupFile,
    Organization,
    Profile,
    Rule,
    RuleFile,
    VendorList,
    Waiver,
    WaiverFile,
)
from .pack import InputRecord, Pack, RuleOrigin
from .resources import bundled, bundled_label
from .rulecheck import PackNames, check_rule
from .yamlsafe import MAX_BYTES, YamlProblem, locate, locate_key, parse_yaml

M = TypeVar("M", bound=BaseModel)

#: CSV columns of the flat vendor sheet: one row per candidate, dotted names map to fields.
CSV_COLUMNS: dict[str, str] = {
    "id": "str",
    "model": "str",
    "developer": "str",
    "operator": "str",
    "broker": "str",
    "route": "str",
    "regions": "list",
    "storage_regions": "list",
    "open_weights": "bool",
    "licence": "str",
    "price.input": "number",
    "price.output": "number",
    "price.cached_input": "number",
    "price.currency": "str",
    "price.promotional": "bool",
    "price.preview": "bool",
    "price.as_of": "str",
    "data_policy.retention_days": "int",
    "data_policy.trains_on_customer_data": "bool",
    "data_policy.zero_retention_available": "bool",
    "contract.dpa": "bool",
    "contract.baa": "bool",
    "contract.sccs": "bool",
    "certifications": "list",
    "certifications_complete": "bool",
    "source.title": "str",
    "source.url": "str",
    "source.date": "str",
    "as_of": "str",
    "notes": "str",
}


@dataclass
class Doc:
    """A parsed input file: its data, a label for messages and a way to locate a field path."""

    label: str
    data: Any
    locator: Callable[[Loc, bool], tuple[int, int]]
    sha256: str
    kind: str = ""

    def where(self, loc: Loc, at_key: bool = False) -> tuple[int, int]:
        """Line and column of a field path."""
        return self.locator(loc, at_key)

    def problem(self, loc: Loc, message: str, at_key: bool = False) -> Problem:
        """A located problem in this file."""
        line, col = self.where(loc, at_key)
        return Problem(self.label, line, col, dotted(loc), message)


@dataclass
class Collector:
    """Gathers every problem across every file, so the user sees them all at once."""

    problems: list[Problem] = field(default_factory=list)
    records: list[InputRecord] = field(default_factory=list)

    def raise_if_any(self) -> None:
        """Raise InputError holding every problem, if there are any."""
        if self.problems:
            raise InputError(self.problems)


def _label(path: Path) -> str:
    return bundled_label(path) or str(path)


def _read_text(path: Path, out: Collector) -> tuple[str, str] | None:
    label = _label(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            out.problems.append(Problem(label, 1, 1, "", f"file is larger than the limit of {MAX_BYTES:,} bytes"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        out.problems.append(Problem(label, 1, 1, "", f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.problems.append(Problem(label, 1, 1, "", f"file is not UTF-8 text (byte {exc.start})"))
        return None
    return text, hashlib.sha256(raw).hexdigest()


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def parse_file(path: Path, out: Collector) -> Doc | None:
    """Parse a YAML, JSON or CSV file into a Doc, or record why it could not be parsed."""
    read = _read_text(path, out)
    if read is None:
        return None
    text, digest = read
    label = _label(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _parse_csv(text, label, digest, out)
    if suffix == ".json":
        try:
            data = json.loads(text, object_pairs_hook=_json_pairs)
        except json.JSONDecodeError as exc:
            out.problems.append(Problem(label, exc.lineno, exc.colno, "", f"invalid JSON: {exc.msg}"))
            return None
        except ValueError as exc:
            out.problems.append(Problem(label, 1, 1, "", f"invalid JSON: {exc}"))
            return None
        try:
            root = parse_yaml(text).root  # JSON is YAML: reuse its node tree for locations
        except YamlProblem:
            root = None
        return Doc(label, data, lambda loc, key: (locate_key if key else locate)(root, loc), digest)
    if suffix not in (".yaml", ".yml"):
        out.problems.append(Problem(label, 1, 1, "", f"unsupported file type '{suffix}' (use .yaml, .yml, .json or .csv)"))
        return None
    try:
        parsed = parse_yaml(text)
    except YamlProblem as exc:
        out.problems.append(Problem(label, exc.line, exc.col, "", exc.message))
        return None
    root = parsed.root
    return Doc(label, parsed.data, lambda loc, key: (locate_key if key else locate)(root, loc), digest)


def _csv_cell(raw: str, kind: str) -> Any:
    value = raw.strip()
    if value == "":
        return None
    if kind == "list":
        return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]
    if kind == "bool":
        lowered = value.lower()
        if lowered in ("true", "yes", "y", "1"):
            return True
        if lowered in ("false", "no", "n", "0"):
            return False
        return value  # pydantic reports it
    if kind in ("number", "int"):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if kind == "int" and number.is_integer() else number
    return value


def _parse_csv(text: str, label: str, digest: str, out: Collector) -> Doc | None:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        out.problems.append(Problem(label, 1, 1, "", "empty CSV file"))
        return None
    header = [h.strip() for h in rows[0]]
    bad = False
    for i, name in enumerate(header):
        if name not in CSV_COLUMNS:
            out.problems.append(Problem(label, 1, i + 1, name, f"unknown column '{name}'" + suggest(name, CSV_COLUMNS)))
            bad = True
    if bad:
        return None
    candidates = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        record: dict[str, Any] = {}
        for name, raw in zip(header, row):
            value = _csv_cell(raw, CSV_COLUMNS[name])
            if value is None:
                continue
            if name.startswith("source."):
                record.setdefault("sources", [{}])[0][name.split(".", 1)[1]] = value
            elif "." in name:
                group, key = name.split(".", 1)
                record.setdefault(group, {})[key] = value
            else:
                record[name] = value
        candidates.append(record)
    # Line numbers of data rows, skipping blank lines as above.
    lines = [n + 1 for n, row in enumerate(rows) if n > 0 and any(c.strip() for c in row)]
    columns = {name: i + 1 for i, name in enumerate(header)}

    def locator(loc: Loc, at_key: bool) -> tuple[int, int]:
        if len(loc) >= 2 and loc[0] == "candidates" and isinstance(loc[1], int) and loc[1] < len(lines):
            rest = [str(s) for s in loc[2:] if not isinstance(s, int)]
            column = ".".join(rest[:2]) if rest[:1] != ["sources"] else "source." + (rest[1] if len(rest) > 1 else "url")
            return lines[loc[1]], columns.get(column, columns.get(rest[0], 1) if rest else 1)
        return 1, 1

    return Doc(label, {"candidates": candidates}, locator, digest, kind="vendors")


def _validate(doc: Doc, model: type[M], out: Collector) -> M | None:
    if not isinstance(doc.data, dict):
        out.problems.append(doc.problem((), f"expected a mapping at the top of the file, found {type(doc.data).__name__}"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        out.problems.extend(problems_from_validation(exc, model, doc.label, doc.locator))
        return None


FILE_KINDS: dict[str, tuple[str, ...]] = {
    "rules": ("rules",),
    "groups": ("groups", "lists"),
    "vendors": ("candidates", "organizations"),
    "waivers": ("waivers",),
    "currency": ("rates",),
    "profile": ("volume", "jurisdictions"),
}


def detect_kind(doc: Doc) -> str | None:
    """Guess what kind of file a document is from its top-level keys."""
    if doc.kind:
        return doc.kind
    if not isinstance(doc.data, dict):
        return None
    for kind, keys in FILE_KINDS.items():
        if any(k in doc.data for k in keys):
            return kind
    return None


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file())


# ---------------------------------------------------------------- rule packs


def _validate_items(doc: Doc, key: str, model: type[M], container: type[BaseModel], out: Collector, allow_keys: tuple[str, ...] = ()) -> list[tuple[M, Loc]]:
    """Validate each item of the list under `key` on its own, so one bad item does not hide the others."""
    data = doc.data
    extra = set(data) - {key, *allow_keys} if isinstance(data, dict) else set()
    items = data.get(key, []) if isinstance(data, dict) else None
    if not isinstance(items, list) or extra:
        _validate(doc, container, out)  # reports the file-level shape problem
        return []
    entries = []
    for i, item in enumerate(items):
        try:
            entries.append((model.model_validate(item), (key, i)))
        except ValidationError as exc:
            out.problems.extend(problems_from_validation(exc, model, doc.label, doc.locator, (key, i)))
    return entries


def _validate_rules(doc: Doc, out: Collector) -> list[tuple[Rule, Doc, Loc]]:
    """Validate each rule on its own, so one bad rule does not hide the problems of the others."""
    if isinstance(doc.data, dict) and doc.data.get("rules") == []:
        out.problems.append(doc.problem(("rules",), "a rule file needs at least one rule"))
    return [(rule, doc, loc) for rule, loc in _validate_items(doc, "rules", Rule, RuleFile, out)]


def _load_pack(dirs: list[Path], out: Collector) -> Pack | None:
    rule_entries: list[tuple[Rule, Doc, Loc]] = []
    group_files: list[tuple[GroupFile, Doc]] = []
    digests: list[str] = []
    for directory in dirs:
        files = _yaml_files(directory) if directory.is_dir() else [directory]
        if directory.is_dir() and not files:
            out.problems.append(Problem(_label(directory), 1, 1, "", "no rule files (*.yaml) in this folder"))
        for path in files:
            doc = parse_file(path, out)
            if doc is None:
                continue
            digests.append(f"{doc.label}:{doc.sha256}")
            kind = detect_kind(doc)
            if kind == "groups":
                gf = _validate(doc, GroupFile, out)
                if gf:
                    group_files.append((gf, doc))
            elif kind == "rules":
                rule_entries.extend(_validate_rules(doc, out))
            else:
                out.problems.append(doc.problem((), "not a rule file: expected a top-level 'rules' (or 'groups'/'lists') key"))
            out.records.append(InputRecord(doc.label, doc.sha256, "rules"))
    groups: dict[str, frozenset[str]] = {}
    group_models = {}
    lists = {}
    for gf, doc in group_files:
        for i, g in enumerate(gf.groups):
            if g.id in groups:
                out.problems.append(doc.problem(("groups", i, "id"), f"duplicate group id '{g.id}'"))
            groups[g.id] = frozenset(g.members)
            group_models[g.id] = g
        for i, lst in enumerate(gf.lists):
            if lst.id in lists:
                out.problems.append(doc.problem(("lists", i, "id"), f"duplicate list id '{lst.id}'"))
            lists[lst.id] = lst
    names = PackNames(frozenset(groups), frozenset(lists))
    seen: dict[str, Problem] = {}
    origins: dict[str, RuleOrigin] = {}
    for rule, doc, loc in rule_entries:
        for sub_loc, message in check_rule(rule, loc, names):
            out.problems.append(doc.problem(sub_loc, message))
        if rule.id in seen:
            first = seen[rule.id]
            out.problems.append(doc.problem(loc + ("id",), f"duplicate rule id '{rule.id}' (first defined at {first.file}:{first.line})"))
        else:
            seen[rule.id] = doc.problem(loc + ("id",), "")
            line, _ = doc.where(loc + ("id",))
            origins[rule.id] = RuleOrigin(doc.label, line)
    rules = tuple(sorted((r for r, _, _ in rule_entries), key=lambda r: r.id))
    return Pack(
        rules=rules,
        groups=groups,
        group_models=group_models,
        lists=lists,
        origins=origins,
        sha256=hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest(),
    )


# ---------------------------------------------------------------- vendors


@dataclass
class _Tracked:
    """An input object with the file and path it came from, for cross-file errors."""

    doc: Doc
    loc: Loc


def _load_vendors(
    paths: list[Path],
    directory_paths: list[Path],
    pack: Pack | None,
    rates: dict[str, CurrencyRate] | None,
    out: Collector,
) -> VendorList | None:
    orgs: dict[str, Organization] = {}
    org_where: dict[str, _Tracked] = {}
    directory_ids: set[str] = set()
    user_org_ids: set[str] = set()
    candidates: dict[str, Candidate] = {}
    cand_where: dict[str, _Tracked] = {}
    for is_directory, path in [(True, p) for p in directory_paths] + [(False, p) for p in paths]:
        doc = parse_file(path, out)
        if doc is None:
            continue
        out.records.append(InputRecord(doc.label, doc.sha256, "directory" if is_directory else "vendors"))
        kind = detect_kind(doc)
        if kind not in ("vendors", None):
            out.problems.append(doc.problem((), f"expected a vendor list ('organizations' / 'candidates'), found a {kind} file"))
            continue
        org_items = _validate_items(doc, "organizations", Organization, VendorList, out, ("candidates",))
        cand_items = _validate_items(doc, "candidates", Candidate, VendorList, out, ("organizations",))
        for org, (_, i) in org_items:
            if org.id in orgs and org.id not in directory_ids:
                first = org_where[org.id]
                line, _ = first.doc.where(first.loc)
                out.problems.append(doc.problem(("organizations", i, "id"), f"duplicate organization id '{org.id}' (first defined at {first.doc.label}:{line})"))
                continue
            # A user's vendor file may replace a directory entry of the same id.
            directory_ids.discard(org.id)
            if is_directory:
                directory_ids.add(org.id)
            orgs[org.id] = org
            org_where[org.id] = _Tracked(doc, ("organizations", i))
            if not is_directory:
                user_org_ids.add(org.id)
        for cand, (_, i) in cand_items:
            if cand.id in candidates:
                first = cand_where[cand.id]
                line, _ = first.doc.where(first.loc)
                out.problems.append(doc.problem(("candidates", i, "id"), f"duplicate candidate id '{cand.id}' (first defined at {first.doc.label}:{line})"))
                continue
            candidates[cand.id] = cand
            cand_where[cand.id] = _Tracked(doc, ("candidates", i))
    for org_id, org in orgs.items():
        where = org_where[org_id]
        if org.parent is not None and org.parent not in orgs:
            out.problems.append(where.doc.problem(where.loc + ("parent",), f"unknown organization '{org.parent}'" + suggest(org.parent, orgs)))
        # The bundled directory is checked against the bundled pack by the test suite.
        if pack is not None and org_id in user_org_ids:
            for j, m in enumerate(org.lists):
                if m.list not in pack.lists:
                    out.problems.append(where.doc.problem(where.loc + ("lists", j, "list"), f"unknown list '{m.list}'" + suggest(m.list, pack.lists)))
        seen = {org_id}
        parent = org.parent
        while parent in orgs:
            if parent in seen:
                out.problems.append(where.doc.problem(where.loc + ("parent",), f"ownership cycle through '{parent}'"))
                break
            seen.add(parent)
            parent = orgs[parent].parent
    for cand_id, cand in candidates.items():
        where = cand_where[cand_id]
        for role in ("developer", "operator", "broker"):
            ref = getattr(cand, role)
            if ref is None or ref in orgs or (role == "operator" and ref == BUYER_OPERATOR):
                continue
            hint = " ('buyer' is only valid as operator of a self-hosted route)" if ref == BUYER_OPERATOR else suggest(ref, orgs)
            out.problems.append(where.doc.problem(where.loc + (role,), f"unknown organization '{ref}'" + hint))
        currency = cand.price.currency
        if rates is not None and currency != "USD" and currency not in rates:
            known = ", ".join(sorted(rates)) or "none"
            out.problems.append(where.doc.problem(where.loc + ("price", "currency"), f"no rate for '{currency}' in the currency table (it has: {known})"))
        if cand.route == "self_hosted" and cand.operator != BUYER_OPERATOR:
            out.problems.append(where.doc.problem(where.loc + ("operator",), f"a self_hosted route is operated by '{BUYER_OPERATOR}' (the buyer's own infrastructure)"))
    return VendorList(
        organizations=sorted(orgs.values(), key=lambda o: o.id),
        candidates=sorted(candidates.values(), key=lambda c: c.id),
    )


# ---------------------------------------------------------------- profiles, waivers, currency


def profile_path(name_or_path: str) -> Path:
    """A preset name ('us-hospital') or a file path, as a path."""
    candidate = Path(name_or_path)
    if candidate.suffix.lower() in (".yaml", ".yml", ".json") or candidate.exists():
        return candidate
    return bundled("profiles") / f"{name_or_path}.yaml"


def preset_names() -> list[str]:
    """Names of the bundled profile presets."""
    return sorted(p.stem for p in bundled("profiles").glob("*.yaml"))


def _load_model(path: Path, model: type[M], kind: str, out: Collector) -> M | None:
    doc = parse_file(path, out)
    if doc is None:
        return None
    out.records.append(InputRecord(doc.label, doc.sha256, kind))
    return _validate(doc, model, out)


def _load_profile(name_or_path: str, out: Collector) -> Profile | None:
    path = profile_path(name_or_path)
    if not path.exists() and path.parent == bundled("profiles"):
        out.problems.append(Problem(name_or_path, 1, 1, "", f"no such profile preset or file" + suggest(name_or_path, preset_names())))
        return None
    return _load_model(path, Profile, "profile", out)


def _load_waivers(path: Path, pack: Pack | None, vendors: VendorList | None, out: Collector) -> list[Waiver]:
    doc = parse_file(path, out)
    if doc is None:
        return []
    out.records.append(InputRecord(doc.label, doc.sha256, "waivers"))
    items = _validate_items(doc, "waivers", Waiver, WaiverFile, out)
    ids = [c.id for c in vendors.candidates] if vendors else []
    for w, (_, i) in items:
        if pack is not None and w.rule not in pack.origins:
            out.problems.append(doc.problem(("waivers", i, "rule"), f"unknown rule '{w.rule}'" + suggest(w.rule, pack.origins)))
        if vendors is not None:
            for j, pattern in enumerate(w.candidates):
                if not any(fnmatch.fnmatchcase(cid, pattern) for cid in ids):
                    out.problems.append(doc.problem(("waivers", i, "candidates", j), f"'{pattern}' matches no candidate" + suggest(pattern, ids)))
    return [w for w, _ in items]


@dataclass(frozen=True)
class Inputs:
    """Everything a report needs, loaded and validated."""

    pack: Pack
    vendors: VendorList
    profile: Profile
    waivers: tuple[Waiver, ...]
    rates: dict[str, CurrencyRate]
    records: tuple[InputRecord, ...]


def load_inputs(
    vendor_paths: list[Path] | None = None,
    profile: str = "general-enterprise",
    rule_dirs: list[Path] | None = None,
    use_default_rules: bool = True,
    waivers_path: Path | None = None,
    currency_path: Path | None = None,
    directory_paths: list[Path] | None = None,
) -> Inputs:
    """Load and cross-check every input; raise InputError listing every problem in every file."""
    out = Collector()
    dirs = ([bundled("rules")] if use_default_rules else []) + list(rule_dirs or [])
    if not dirs:
        out.problems.append(Problem("<rules>", 1, 1, "", "no rules: give --rules DIR or keep the bundled pack"))
    pack = _load_pack(dirs, out) if dirs else None
    cur = _load_model(currency_path or bundled("vendors") / "currency.yaml", CurrencyFile, "currency", out)
    rates = {r.currency: r for r in cur.rates} if cur else {}
    paths = list(vendor_paths) if vendor_paths else [bundled("vendors") / "default.yaml"]
    directory = [bundled("vendors") / "organizations.yaml"] if directory_paths is None else list(directory_paths)
    vendors = _load_vendors(paths, directory, pack, rates if cur else None, out)
    prof = _load_profile(profile, out)
    waivers = _load_waivers(waivers_path, pack, vendors, out) if waivers_path else []
    out.raise_if_any()
    assert pack is not None and vendors is not None and prof is not None
    return Inputs(pack, vendors, prof, tuple(waivers), rates, tuple(out.records))


def load_profile(name_or_path: str) -> Profile:
    """Load a preset by name or a profile file; raise InputError on any problem."""
    out = Collector()
    profile = _load_profile(name_or_path, out)
    out.raise_if_any()
    assert profile is not None
    return profile


def load_pack(dirs: list[Path]) -> Pack:
    """Load rule files and groups from folders or files; raise InputError on any problem."""
    out = Collector()
    pack = _load_pack(dirs, out)
    out.raise_if_any()
    assert pack is not None
    return pack


def validate_files(paths: list[Path], rule_dirs: list[Path] | None = None, use_default_rules: bool = True) -> list[Problem]:
    """Check files of any kind (detected from their content) and return every problem found."""
    out = Collector()
    dirs = ([bundled("rules")] if use_default_rules else []) + list(rule_dirs or [])
    pack = _load_pack(dirs, out) if dirs else None
    vendor_paths: list[Path] = []
    expanded: list[Path] = []
    for path in paths:
        if not path.is_dir():
            expanded.append(path)
            continue
        # A folder of rule files is checked as one pack; other files in it (profiles, vendor lists) one by one.
        files = _yaml_files(path)
        kinds = {f: detect_kind(d) if (d := parse_file(f, Collector())) is not None else None for f in files}
        if any(k in ("rules", "groups") for k in kinds.values()) or not files:
            _load_pack([path], out)
        expanded.extend(f for f, k in kinds.items() if k not in ("rules", "groups"))
    for path in expanded:
        probe = Collector()
        doc = parse_file(path, probe)
        if doc is None:
            out.problems.extend(probe.problems)
            continue
        kind = detect_kind(doc)
        if kind == "vendors":
            vendor_paths.append(path)
        elif kind in ("rules", "groups"):
            resolved = path.resolve()
            already = any(d.resolve() == resolved or d.resolve() in resolved.parents for d in dirs)
            if not already:  # a pack file is checked together with the pack it extends
                _load_pack(dirs + [path], out)
        elif kind == "profile":
            _load_profile(str(path), out)
        elif kind == "waivers":
            _load_waivers(path, pack, None, out)
        elif kind == "currency":
            _load_model(path, CurrencyFile, "currency", out)
        else:
            keys = ", ".join(k for ks in FILE_KINDS.values() for k in ks)
            out.problems.append(doc.problem((), f"cannot tell what kind of file this is (expected one of the top-level keys: {keys})"))
    if vendor_paths:
        _load_vendors(vendor_paths, [bundled("vendors") / "organizations.yaml"], pack, None, out)
    return sorted(set(out.problems))
