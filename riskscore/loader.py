"""The only module that reads files: vendor lists, sheets, profiles, rule packs, waivers and currency tables."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .codes import suggest
from .documents import FILE_KINDS, Collector, Doc, detect_kind, validate_doc, validate_items
from .errors import Problem
from .locations import Loc
from .models import (
    CurrencyFile,
    CurrencyRate,
    GroupFile,
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
from .sheets import COLUMNS as CSV_COLUMNS, SHEET_SUFFIXES, read_table, vendor_sheet
from .vendorfiles import load_vendors
from .jsonsafe import parse_json
from .yamlsafe import MAX_BYTES, MAX_JSON_BYTES, FileProblem, YamlProblem, file_kind_problem, locate, locate_key, parse_yaml, read_limited

__all__ = [
    "CSV_COLUMNS", "Collector", "Doc", "Inputs", "detect_kind", "load_inputs", "load_pack", "load_profile",
    "parse_file", "preset_names", "profile_path", "validate_files",
]

M = TypeVar("M", bound=BaseModel)


def label_of(path: Path) -> str:
    """How messages name a file: its bundled name, else the path as given."""
    return bundled_label(path) or str(path)


def _read_text(path: Path, out: Collector) -> tuple[str, str] | None:
    label = label_of(path)
    try:  # the kind (a regular file, not a FIFO or a device) and the size are checked before reading
        raw = read_limited(path, MAX_JSON_BYTES if path.suffix.lower() == ".json" else MAX_BYTES)
    except FileProblem as exc:
        out.problems.append(Problem(label, 1, 1, "", exc.message))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.problems.append(Problem(label, 1, 1, "", f"file is not UTF-8 text (byte {exc.start})"))
        return None
    return text, hashlib.sha256(raw).hexdigest()


def _parse_sheet(path: Path, out: Collector, sheet: str | None) -> Doc | None:
    label = label_of(path)
    table, problems = read_table(path, label, sheet, CSV_COLUMNS)
    out.problems.extend(problems)
    if table is None:
        return None
    mapped = vendor_sheet(table)
    out.problems.extend(mapped.problems)
    return Doc(label, {"candidates": mapped.candidates}, mapped.locator, table.sha256, "vendors", table.sheet, frozenset(mapped.replaced))


def parse_file(path: Path, out: Collector, sheet: str | None = None) -> Doc | None:
    """Parse a YAML, JSON, CSV or XLSX file into a Doc (`sheet`: the workbook sheet to read, else the
    first), or record why it could not be parsed."""
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES or suffix in (".xls", ".ods", ".numbers"):
        return _parse_sheet(path, out, sheet)
    read = _read_text(path, out)
    if read is None:
        return None
    text, digest = read
    label = label_of(path)
    if suffix == ".json":
        try:
            parsed_json = parse_json(text)  # its located node tree is built only if a problem needs it
        except YamlProblem as exc:
            out.problems.append(Problem(label, exc.line, exc.col, "", exc.message))
            return None
        return Doc(label, parsed_json.data, parsed_json.locator, digest)
    if suffix not in (".yaml", ".yml"):
        out.problems.append(Problem(label, 1, 1, "", f"unsupported file type '{suffix}' (use .yaml, .yml, .json, .csv or .xlsx)"))
        return None
    try:
        parsed = parse_yaml(text)
    except YamlProblem as exc:
        out.problems.append(Problem(label, exc.line, exc.col, "", exc.message))
        return None
    root = parsed.root
    return Doc(label, parsed.data, lambda loc, key: (locate_key if key else locate)(root, loc), digest)


def _yaml_files(directory: Path) -> list[Path]:
    # Not only regular files: a FIFO or a link to a device named *.yaml is reported, not skipped.
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and not p.is_dir())


# ---------------------------------------------------------------- rule packs


def _validate_rules(doc: Doc, out: Collector) -> list[tuple[Rule, Doc, Loc]]:
    """Validate each rule on its own, so one bad rule does not hide the problems of the others."""
    if isinstance(doc.data, dict) and doc.data.get("rules") == []:
        out.problems.append(doc.problem(("rules",), "a rule file needs at least one rule"))
    return [(rule, doc, loc) for rule, loc in validate_items(doc, "rules", Rule, RuleFile, out)]


def _load_pack(dirs: list[Path], out: Collector) -> Pack | None:
    rule_entries: list[tuple[Rule, Doc, Loc]] = []
    group_files: list[tuple[GroupFile, Doc]] = []
    digests: list[str] = []
    for directory in dirs:
        files = _yaml_files(directory) if directory.is_dir() else [directory]
        if directory.is_dir() and not files:
            out.problems.append(Problem(label_of(directory), 1, 1, "", "no rule files (*.yaml) in this folder"))
        for path in files:
            doc = parse_file(path, out)
            if doc is None:
                continue
            digests.append(f"{doc.label}:{doc.sha256}")
            kind = detect_kind(doc)
            if kind == "groups":
                gf = validate_doc(doc, GroupFile, out)
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


def _load_vendor_files(paths: list[Path], directory: list[Path], pack: Pack | None, rates: dict[str, CurrencyRate] | None, out: Collector, sheet: str | None) -> VendorList:
    from .importers import detect_catalogue, import_docs  # OpenRouter / LiteLLM files are imported on the fly

    catalogues = [p for p in paths if file_kind_problem(p) is None and detect_catalogue(p)]  # never open a FIFO
    paths = [p for p in paths if p not in catalogues]
    docs = [(is_directory, doc) for is_directory, path in [(True, p) for p in directory] + [(False, p) for p in paths] if (doc := parse_file(path, out, sheet)) is not None]
    return load_vendors(docs + import_docs(catalogues, docs, out), pack, rates, out)


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
    return validate_doc(doc, model, out)


def _load_profile(name_or_path: str, out: Collector) -> Profile | None:
    path = profile_path(name_or_path)
    if not path.exists() and path.parent == bundled("profiles"):
        out.problems.append(Problem(name_or_path, 1, 1, "", f"no such profile preset or file" + suggest(name_or_path, preset_names())))
        return None
    return _load_model(path, Profile, "profile", out)


def _load_waivers(path: Path, pack: Pack | None, out: Collector) -> list[Waiver]:
    """A waiver register, checked against the pack. A waiver that selects no candidate is not an error
    here: one register serves many runs, and the assessment lists it as a warning."""
    doc = parse_file(path, out)
    if doc is None:
        return []
    out.records.append(InputRecord(doc.label, doc.sha256, "waivers"))
    items = validate_items(doc, "waivers", Waiver, WaiverFile, out)
    rules = {r.id: r for r in pack.rules} if pack is not None else {}
    for w, (_, i) in items:
        line, col = doc.where(("waivers", i))
        w._where = f"{doc.label}:{line}:{col}"
        rule = rules.get(w.rule)
        # A rule that failed validation is reported where it is, not again here.
        if pack is not None and rule is None and w.rule not in out.failed_ids.get("rules", ()):
            out.problems.append(doc.problem(("waivers", i, "rule"), f"unknown rule '{w.rule}'" + suggest(w.rule, pack.origins)))
        if rule is not None and rule.effect == "block" and not w.overrides_block:
            out.problems.append(doc.problem(
                ("waivers", i, "rule"),
                f"'{w.rule}' is a knock-out (effect: block): waiving it needs 'overrides_block: true', and the report shows the override",
            ))
    return [w for w, _ in items]


def _rule_dirs(use_default_rules: bool, rule_dirs: list[Path] | None) -> list[Path]:
    """The rule folders and files of a run, each read once: one given twice, or inside a folder
    already read (the bundled pack named again), would define every rule twice."""
    dirs: list[Path] = []
    for path in ([bundled("rules")] if use_default_rules else []) + list(rule_dirs or []):
        resolved = path.resolve()
        if not any(d.resolve() == resolved or d.resolve() in resolved.parents for d in dirs):
            dirs.append(path)
    return dirs


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
    sheet: str | None = None,
) -> Inputs:
    """Load and cross-check every input; raise InputError listing every problem in every file.

    `sheet` names the sheet to read in XLSX vendor lists (default: the first)."""
    out = Collector()
    dirs = _rule_dirs(use_default_rules, rule_dirs)
    if not dirs:
        out.problems.append(Problem("<rules>", 1, 1, "", "no rules: give --rules DIR or keep the bundled pack"))
    pack = _load_pack(dirs, out) if dirs else None
    cur = _load_model(currency_path or bundled("vendors") / "currency.yaml", CurrencyFile, "currency", out)
    rates = {r.currency: r for r in cur.rates} if cur else {}
    paths = list(vendor_paths) if vendor_paths else [bundled("vendors") / "default.yaml"]
    directory = [bundled("vendors") / "organizations.yaml"] if directory_paths is None else list(directory_paths)
    vendors = _load_vendor_files(paths, directory, pack, rates if cur else None, out, sheet)
    prof = _load_profile(profile, out)
    waivers = _load_waivers(waivers_path, pack, out) if waivers_path else []
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


def validate_files(
    paths: list[Path],
    rule_dirs: list[Path] | None = None,
    use_default_rules: bool = True,
    sheet: str | None = None,
    directory_paths: list[Path] | None = None,
    currency_path: Path | None = None,
) -> list[Problem]:
    """Check files of any kind (detected from their content) and return every problem found.

    Each file is checked as `report` uses it, so the two agree: rule files and folders extend the pack
    (as `--rules` does) that waivers and vendor lists are checked against; vendor lists are checked with
    the organisation directory and the currency table (`directory_paths`; `currency_path`, else a
    currency file among `paths`; else the bundled ones)."""
    out = Collector()
    dirs = _rule_dirs(use_default_rules, rule_dirs)
    expanded: list[Path] = []
    for path in paths:
        if not path.is_dir():
            expanded.append(path)
            continue
        # A folder of rule files extends the pack; other files in it (profiles, vendor lists) are checked one by one.
        files = _yaml_files(path)
        kinds = {f: detect_kind(d) if (d := parse_file(f, Collector())) is not None else None for f in files}
        if any(k in ("rules", "groups") for k in kinds.values()) or not files:
            dirs = _rule_dirs(False, [*dirs, path])
        expanded.extend(f for f, k in kinds.items() if k not in ("rules", "groups"))
    from .importers import detect_catalogue, import_docs  # OpenRouter / LiteLLM files are imported, then checked

    catalogues = [p for p in expanded if file_kind_problem(p) is None and detect_catalogue(p)]  # never open a FIFO
    docs: list[tuple[Path, Doc, str | None]] = []
    for path in (p for p in expanded if p not in catalogues):
        probe = Collector()
        doc = parse_file(path, probe, sheet)
        if doc is None:
            out.problems.extend(probe.problems)
            continue
        kind = detect_kind(doc)
        if kind == "vendors":
            out.problems.extend(probe.problems)  # a sheet's cell problems, found while parsing
        if kind in ("rules", "groups"):
            dirs = _rule_dirs(False, [*dirs, path])  # a pack file is checked together with the pack it extends
            continue
        docs.append((path, doc, kind))
    pack = _load_pack(dirs, out) if dirs else None
    listed_tables = [p for p, _, k in docs if k == "currency"]
    given_tables = [currency_path] if currency_path else listed_tables
    for table in listed_tables if currency_path else []:
        _load_model(table, CurrencyFile, "currency", out)  # still checked, as `report --currency` would read it
    rates: dict[str, CurrencyRate] | None = {}
    for table in given_tables or [bundled("vendors") / "currency.yaml"]:
        cur = _load_model(table, CurrencyFile, "currency", out)
        if cur is None or rates is None:
            rates = None  # a broken table: its own problems are reported, prices are not checked against it
        else:
            rates.update({r.currency: r for r in cur.rates})
    vendor_docs: list[tuple[bool, Doc]] = []
    for path, doc, kind in docs:
        if kind == "vendors":
            vendor_docs.append((False, doc))
        elif kind == "profile":
            _load_profile(str(path), out)
        elif kind == "waivers":
            _load_waivers(path, pack, out)
        elif kind != "currency":
            keys = ", ".join(k for ks in FILE_KINDS.values() for k in ks)
            out.problems.append(doc.problem((), f"cannot tell what kind of file this is (expected one of the top-level keys: {keys})"))
    if vendor_docs or catalogues:
        directory = [bundled("vendors") / "organizations.yaml"] if directory_paths is None else list(directory_paths)
        vendor_docs = [(True, d) for p in directory if (d := parse_file(p, out)) is not None] + vendor_docs
        load_vendors(vendor_docs + import_docs(catalogues, vendor_docs, out), pack, rates, out)
    return sorted(set(out.problems))
