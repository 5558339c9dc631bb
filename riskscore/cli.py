"""Command line: parses arguments, calls the library, prints, and maps outcomes to exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from pydantic import BaseModel

from . import __version__
from .assess import assess
from .assessment import Assessment
from .errors import InputError, Problem, printable
from .gateway.gate import DEFAULT_FAIL_ON as GATE_DEFAULT, LEVELS as GATE_LEVELS
from .matrix import matrix_markdown
from .loader import load_inputs, load_pack, load_profile, preset_names, validate_files
from .models import Profile, Rule, RuleFile, VendorList, WaiverFile
from .pack import RuleOrigin
from .output import Content, write_outputs
from .record import json_schema, write_record
from .render import DEFAULT_FORMATS, FORMATS, PAPERS, render_report
from .resources import bundled
from .screening.types import ScreeningSource
from .view import ROUTE_LABELS, money

T = TypeVar("T")
EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_ON = {
    "prohibited": ("prohibited",),
    "high": ("prohibited", "high"),
    "medium": ("prohibited", "high", "medium"),
    "review": (),  # any candidate with an open human decision or evidence request
}
SCHEMAS: dict[str, type[BaseModel]] = {"vendors": VendorList, "profile": Profile, "rules": RuleFile, "waivers": WaiverFile}


class UsageError(Exception):
    """A bad command-line value (exit 2)."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _formats(text: str) -> list[str]:
    names = [f.strip() for f in text.split(",") if f.strip()]
    bad = [f for f in names if f not in FORMATS]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or '(none)'}; choose from {','.join(FORMATS)}")
    return sorted(set(names), key=list(FORMATS).index)


def _pack_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", type=Path, default=[], metavar="DIR", help="add rule files from DIR (repeatable)")
    p.add_argument("--no-default-rules", action="store_true", help="use only the rules given with --rules")


def _run_options(p: argparse.ArgumentParser, profile: bool = True, currency: bool = False) -> None:
    """The options of a command that assesses: buyer profile, waivers, currency table, directory, date."""
    if profile:
        p.add_argument("--profile", default="general-enterprise", help="preset name or profile file (default: general-enterprise)")
    p.add_argument("--waivers", type=Path, help="waiver file")
    if currency:
        p.add_argument("--currency", type=Path, help="currency table (default: the bundled one)")
    p.add_argument("--directory", action="append", type=Path, metavar="FILE", help="organisation directory to use instead of the bundled one (repeatable)")
    p.add_argument("--as-of", type=_date, help="assessment date, YYYY-MM-DD (default: the profile's as_of, else today)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(prog="riskscore", description="Score AI model API offerings on price, data residency, export-control exposure and sector rules.")
    parser.add_argument("--version", action="version", version=f"riskscore {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("report", help="assess candidates and write the report folder")
    rep.add_argument("vendors", nargs="*", type=Path, metavar="VENDOR_FILE", help="vendor lists (YAML, JSON or CSV); none means the bundled list")
    _run_options(rep, currency=True)
    rep.add_argument("--format", type=_formats, default=list(DEFAULT_FORMATS), help="comma-separated subset of html,md,json,csv,pdf (default: html,md,json,csv; pdf needs WeasyPrint or Chromium)")
    rep.add_argument("--paper", choices=PAPERS, default="a4", help="page size of the printed report and the PDF (default: a4)")
    rep.add_argument("--out", type=Path, default=Path("riskscore-report"), help="output folder (default: riskscore-report)")
    rep.add_argument("--fail-on", choices=list(FAIL_ON), help="exit 1 if any candidate's verdict is this bad or worse ('review': any candidate that needs review)")
    rep.add_argument("--templates", action="append", type=Path, default=[], metavar="DIR", help="template folder that overrides the bundled templates (repeatable)")
    rep.add_argument("--quiet", action="store_true", help="print only where the files are")
    rep.add_argument("--sheet", metavar="NAME", help="sheet to read in .xlsx vendor lists (default: the first)")
    rep.add_argument("--list", action="append", type=Path, default=[], metavar="FILE", help="also screen every party against this list: a trade.gov Consolidated Screening List CSV, or an OFAC sdn.csv with its alt.csv (repeatable)")
    _pack_options(rep)

    val = sub.add_parser("validate", help="check files of any kind; exit 2 listing every problem")
    val.add_argument("files", nargs="+", type=Path, metavar="FILE")
    val.add_argument("--sheet", metavar="NAME", help="sheet to read in .xlsx vendor lists (default: the first)")
    # The options of `report` that name files, so both read the same inputs the same way and agree.
    val.add_argument("--directory", action="append", type=Path, metavar="FILE", help="organisation directory to check vendor lists against instead of the bundled one (repeatable)")
    val.add_argument("--currency", type=Path, help="currency table to check prices against (default: a currency file among FILE, else the bundled one)")
    val.add_argument("--list", action="append", type=Path, default=[], metavar="FILE", help="screening list file, checked as `report --list` reads it (repeatable)")
    _pack_options(val)

    rules = sub.add_parser("rules", help="list the loaded rule pack")
    rules.add_argument("action", nargs="?", choices=["list", "show"], default="list")
    rules.add_argument("rule_id", nargs="?", metavar="ID")
    rules.add_argument("--json", action="store_true", help="print JSON")
    _pack_options(rules)

    prof = sub.add_parser("profiles", help="list the bundled buyer presets")
    prof.add_argument("--json", action="store_true", help="print JSON")

    mat = sub.add_parser("matrix", help="verdicts of every candidate for several buyer profiles, side by side (Markdown)")
    mat.add_argument("vendors", nargs="*", type=Path, metavar="VENDOR_FILE", help="vendor lists; none means the bundled list")
    mat.add_argument("--profiles", default="all", help="comma-separated presets or profile files (default: every preset)")
    mat.add_argument("--as-of", type=_date, help="assessment date, YYYY-MM-DD (default: today)")
    mat.add_argument("--directory", action="append", type=Path, metavar="FILE", help="organisation directory to use instead of the bundled one (repeatable)")
    _pack_options(mat)

    scr = sub.add_parser("screen", help="screen names, or every party of a vendor list, against restricted-party lists")
    scr.add_argument("names", nargs="*", metavar="NAME", help="names to screen; with no NAME and no --vendors, every party of the bundled list")
    scr.add_argument("--vendors", action="append", type=Path, metavar="FILE", help="screen every developer, operator and broker of this vendor list and their parents (repeatable)")
    scr.add_argument("--list", action="append", type=Path, default=[], metavar="FILE", help="also screen against this list: a trade.gov Consolidated Screening List CSV, or an OFAC sdn.csv with its alt.csv (repeatable)")
    scr.add_argument("--directory", action="append", type=Path, metavar="FILE", help="organisation directory to use instead of the bundled one (repeatable)")
    scr.add_argument("--as-of", type=_date, help="date of the directory's list entries, YYYY-MM-DD (default: today)")
    scr.add_argument("--hits-only", action="store_true", help="leave out possible matches (scores from 80 to 90)")
    scr.add_argument("--json", action="store_true", help="print JSON")

    imp = sub.add_parser("import", help="write a vendor list from a catalogue: OpenRouter (models JSON, endpoint CSV, provider JSON) or LiteLLM")
    imp.add_argument("catalogue", choices=["openrouter", "litellm"])
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="openrouter: MODELS.json [ENDPOINTS.csv] [PROVIDERS.json]; litellm: model_prices_and_context_window.json")
    imp.add_argument("-o", "--output", type=Path, metavar="FILE", help="vendor list to write: YAML, or JSON when FILE ends in .json (default: YAML on stdout)")
    imp.add_argument("--date", type=_date, help="snapshot date, YYYY-MM-DD, when the files do not give it")
    imp.add_argument("--directory", action="append", type=Path, metavar="FILE", help="organisation directory to resolve against instead of the bundled one (repeatable)")

    dif = sub.add_parser("diff", help="what changed between two assessment.json files, per candidate, and why")
    dif.add_argument("old", type=Path, metavar="OLD.json")
    dif.add_argument("new", type=Path, metavar="NEW.json")
    dif.add_argument("--format", choices=["text", "md", "json"], default="text", help="text (default), md (for a pull request) or json")
    dif.add_argument("--fail-on-worse", action="store_true", help="exit 1 if any candidate's verdict got worse (low < medium < high < prohibited; admissible -> not admissible counts)")

    chk = sub.add_parser("check", help="CI gate: check the routes of gateway configs; exit 1 when one trips --fail-on")
    chk.add_argument("configs", nargs="+", type=Path, metavar="CONFIG", help="LiteLLM proxy config.yaml, or a route list of OpenRouter slugs (YAML, or .txt)")
    chk.add_argument("--profile", default="general-enterprise", help="preset name or profile file (default: general-enterprise)")
    chk.add_argument("--fail-on", type=_gate_levels, default=list(GATE_DEFAULT), help=f"comma-separated levels of {','.join(GATE_LEVELS)} (default: {','.join(GATE_DEFAULT)})")
    chk.add_argument("--format", choices=["text", "json", "sarif", "junit"], default="text", help="text (default), json, sarif (SARIF 2.1.0) or junit (JUnit XML)")
    chk.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE (default: stdout)")
    chk.add_argument("--vendors", action="append", type=Path, metavar="FILE", help="vendor list the routes resolve to (repeatable; default: the bundled list)")
    chk.add_argument("--prices", type=Path, metavar="FILE", help="LiteLLM price table (model_prices_and_context_window.json) for routes not in the vendor list")
    _run_options(chk, profile=False)
    _pack_options(chk)

    wif = sub.add_parser("whatif", help="weight ranges of the first place, and the cheapest change that makes each prohibited or high candidate admissible")
    wif.add_argument("vendors", nargs="*", type=Path, metavar="VENDOR_FILE", help="vendor lists; none means the bundled list")
    _run_options(wif, currency=True)
    wif.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    wif.add_argument("--sheet", metavar="NAME", help="sheet to read in .xlsx vendor lists (default: the first)")
    _pack_options(wif)

    sch = sub.add_parser("schema", help="print the JSON Schema of an input kind (for editors) or of the assessment record")
    sch.add_argument("kind", choices=[*SCHEMAS, "assessment"])
    return parser


def _print_summary(assessment: Assessment, written: Sequence[Path], quiet: bool) -> None:
    if not quiet:
        rows = [("#", "candidate", "route", "verdict", "overall", "monthly cost")]
        for c in assessment.candidates:
            verdict = c.verdict + (" (review)" if c.review_required else "")
            rows.append((str(c.rank or "-"), c.id, ROUTE_LABELS[c.route], verdict, f"{c.overall:.1f}", money(c.monthly_cost_usd)))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for n, row in enumerate(rows):
            print("  ".join(cell.rjust(w) if i in (0, 4, 5) else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
            if n == 0:
                print("  ".join("-" * w for w in widths))
        s = assessment.summary
        print(
            f"\n{s['candidates']} candidates for profile '{assessment.profile.id}' as of {assessment.as_of}: "
            f"{s['prohibited']} prohibited, {s['high']} high, {s['medium']} medium, {s['low']} low; "
            f"{s['review_required']} need review."
        )
    for path in written:
        print(f"wrote {path}")


def gate(assessment: Assessment, level: str) -> list[str]:
    """Candidates that trip a --fail-on level, each with the rules that put it there."""
    out = []
    for c in assessment.candidates:
        if level == "review":
            hit, why = c.review_required, c.review_reasons
        else:
            hit = c.verdict in FAIL_ON[level]
            why = c.blocked_by or [i.rule_id for i in c.open_items if i.kind == "knockout"] or [
                f.rule_id for f in c.findings if f.status == "fail" and f.points > 0
            ]
        if hit:
            out.append(f"{c.id} ({', '.join(dict.fromkeys(why)) or c.verdict})")
    return out


def _with_lists(load: Callable[[], T], list_paths: Sequence[Path]) -> tuple[T, tuple[ScreeningSource, ...]]:
    """Inputs and user screening lists, with the problems of both reported in one pass."""
    from .screening import load_list_files

    problems: list[Problem] = []
    loaded, lists = None, ()
    try:
        loaded = load()
    except InputError as exc:
        problems.extend(exc.problems)
    try:
        lists = load_list_files(list_paths)
    except InputError as exc:
        problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return loaded, lists  # type: ignore[return-value]


def cmd_report(args: argparse.Namespace) -> int:
    """Run the assessment and write the report folder."""
    from .screening import screen_vendors

    inputs, lists = _with_lists(lambda: load_inputs(
        vendor_paths=args.vendors,
        profile=args.profile,
        rule_dirs=args.rules,
        use_default_rules=not args.no_default_rules,
        waivers_path=args.waivers,
        currency_path=args.currency,
        directory_paths=args.directory,
        sheet=args.sheet,
    ), args.list)
    as_of = args.as_of or inputs.profile.as_of or date.today()
    # Screening reads list files, so it runs here, before the pure assessment that takes its result.
    screening = screen_vendors(inputs.vendors, as_of, inputs.pack.lists, lists)
    assessment = assess(inputs.pack, inputs.vendors, inputs.profile, as_of, inputs.waivers, inputs.rates, inputs.records, screening)
    whatif = None
    if {"html", "md", "pdf"} & set(args.format):
        from .whatif import what_if

        # Computed here, from the same inputs, so that rendering stays a pure last stage.
        whatif = what_if(inputs.pack, inputs.vendors, inputs.profile, as_of, inputs.waivers, inputs.rates, screening, assessment)
    from .pdf import PdfUnavailable

    try:
        rendered: dict[str, Content] = dict(render_report(assessment, [f for f in args.format if f != "json"], args.templates, args.paper, whatif))
    except PdfUnavailable as exc:
        raise UsageError(str(exc)) from None
    try:
        if "json" in args.format:  # streamed to its file as it is rendered: never whole in memory
            rendered[FORMATS["json"][0]] = lambda out: write_record(assessment, out)
        written = write_outputs(rendered, args.out)
    except OSError as exc:
        raise UsageError(f"cannot write to {args.out}: {exc.strerror or exc}") from None
    _print_summary(assessment, written, args.quiet)
    if not args.quiet:
        for w in assessment.warnings:  # e.g. a waiver that selects no candidate of this run: listed, not fatal
            print(printable(f"{w.where + ': ' if w.where else ''}warning: {w.message}"), file=sys.stderr)  # may echo a file's text
    if args.fail_on:
        tripped = gate(assessment, args.fail_on)
        if tripped:
            print(f"--fail-on {args.fail_on}: {len(tripped)} candidate(s) tripped it: {'; '.join(tripped)}", file=sys.stderr)
            return EXIT_GATE
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate files and print every problem."""
    problems = validate_files(args.files, args.rules, not args.no_default_rules, args.sheet, args.directory, args.currency)
    if args.list:
        from .screening import load_list_files

        try:
            load_list_files(args.list)
        except InputError as exc:
            problems = sorted(set(problems) | set(exc.problems))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return EXIT_INPUT
    print(f"ok: {len(args.files)} file(s) valid")
    return EXIT_OK


def _rule_row(rule: Rule, origin: RuleOrigin) -> dict[str, object]:
    return {
        "id": rule.id,
        "title": rule.title,
        "dimension": rule.dimension,
        "effect": rule.effect,
        "severity": rule.severity,
        "status": rule.status,
        "confidence": rule.confidence,
        "effective_from": rule.effective_from.isoformat(),
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "defined_in": f"{origin.file}:{origin.line}",
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in rule.sources],
    }


def cmd_rules(args: argparse.Namespace) -> int:
    """List the rule pack, or show one rule."""
    dirs = ([] if args.no_default_rules else [bundled("rules")]) + args.rules
    if not dirs:
        raise UsageError("no rules: give --rules DIR or keep the bundled pack")
    pack = load_pack(dirs)
    if args.action == "show" or args.rule_id:
        rule = next((r for r in pack.rules if r.id == args.rule_id), None)
        if rule is None:
            from .codes import suggest

            raise UsageError(f"no rule '{args.rule_id}'" + suggest(str(args.rule_id), [r.id for r in pack.rules]))
        if args.json:
            print(json.dumps(rule.model_dump(mode="json", by_alias=True, exclude_none=True), indent=2, ensure_ascii=False))
        else:
            import yaml

            print(f"# defined in {pack.origins[rule.id].file}:{pack.origins[rule.id].line}")
            print(yaml.safe_dump(rule.model_dump(mode="python", by_alias=True, exclude_none=True), sort_keys=False, allow_unicode=True, width=100), end="")
        return EXIT_OK
    rows = [_rule_row(r, pack.origins[r.id]) for r in pack.rules]
    if args.json:
        print(json.dumps({"rule_pack_sha256": pack.sha256, "rules": rows}, indent=2, ensure_ascii=False))
        return EXIT_OK
    header = ("id", "dimension", "effect", "severity", "status", "from", "to")
    table = [header] + [
        (str(r["id"]), str(r["dimension"]), str(r["effect"]), str(r["severity"]), str(r["status"]), str(r["effective_from"]), str(r["effective_to"] or "-"))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"\n{len(rows)} rules")
    return EXIT_OK


def cmd_profiles(args: argparse.Namespace) -> int:
    """List the bundled presets."""
    profiles = [load_profile(name) for name in preset_names()]
    if args.json:
        print(json.dumps([p.model_dump(mode="json", exclude_none=True) for p in profiles], indent=2, ensure_ascii=False))
        return EXIT_OK
    for p in profiles:
        print(f"{p.id:24} {', '.join(p.jurisdictions):12} {', '.join(p.sectors):32} {p.name}")
    return EXIT_OK


def cmd_matrix(args: argparse.Namespace) -> int:
    """Print the candidate x profile verdict matrix."""
    from .screening import screen_vendors

    names = preset_names() if args.profiles == "all" else [p.strip() for p in args.profiles.split(",") if p.strip()]
    results = []
    screening = None
    for name in names:
        inputs = load_inputs(args.vendors, name, args.rules, not args.no_default_rules, directory_paths=args.directory)
        as_of = args.as_of or date.today()
        # The parties and the date are the same for every profile: screen once.
        screening = screening or screen_vendors(inputs.vendors, as_of, inputs.pack.lists)
        results.append(assess(inputs.pack, inputs.vendors, inputs.profile, as_of, inputs.waivers, inputs.rates, inputs.records, screening))
    print(matrix_markdown(results), end="")
    return EXIT_OK


def cmd_screen(args: argparse.Namespace) -> int:
    """Screen names or a vendor list's parties and print every match (exit 0 whatever is found)."""
    from .screening import bundled_sources, directory_sources, names_of, party_ids, recorded_lists, screen, screen_organizations
    from .screening.output import Screened, as_json, as_text

    parties = bool(args.vendors) or not args.names  # no names and no file: the bundled list's parties
    inputs, lists = _with_lists(lambda: load_inputs(vendor_paths=args.vendors, directory_paths=args.directory), args.list)
    as_of = args.as_of or date.today()
    orgs = {o.id: o for o in inputs.vendors.organizations}
    sources = directory_sources(orgs.values(), as_of, inputs.pack.lists) + bundled_sources() + lists
    keep = (lambda h: h.level == "hit") if args.hits_only else (lambda h: True)
    subjects = [Screened(n, (n,), tuple(filter(keep, hits))) for n, hits in zip(args.names, screen(args.names, sources))]
    if parties:
        found = screen_organizations(orgs, sources, party_ids(inputs.vendors))
        for org_id, hits in found.hits.items():
            recorded = recorded_lists(org_id, orgs, as_of)
            subjects.append(Screened(org_id, tuple(names_of(orgs[org_id])), tuple(filter(keep, hits)), org_id, recorded))
    print((as_json if args.json else as_text)(subjects, sources, as_of), end="")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import a catalogue and write the vendor list; the summary and data gaps go to stderr."""
    from .importers import dump_vendor_list, import_catalogue, load_directory

    data, stats = import_catalogue(args.catalogue, args.files, load_directory(args.directory), args.date)
    text = dump_vendor_list(data, "json" if args.output and args.output.suffix.lower() == ".json" else "yaml")
    if args.output is None:
        sys.stdout.write(text)
    else:
        partial = args.output.with_name(args.output.name + ".partial")
        try:  # written beside the target, then renamed: never a half-written vendor list
            partial.write_text(text, encoding="utf-8")
            partial.replace(args.output)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    for line in stats.summary() + ([f"wrote {args.output}"] if args.output else []):
        print(line, file=sys.stderr)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare two assessment records and print what changed and why."""
    from .diff import diff_files, render

    result = diff_files(args.old, args.new)
    sys.stdout.write(render(result, args.format))
    if args.fail_on_worse and result.worse:
        print(f"--fail-on-worse: {len(result.worse)} candidate(s) got worse: {', '.join(result.worse)}", file=sys.stderr)
        return EXIT_GATE
    return EXIT_OK


def _gate_levels(text: str) -> list[str]:
    levels = [p.strip() for p in text.split(",") if p.strip()]
    bad = [p for p in levels if p not in GATE_LEVELS]
    if bad or not levels:
        from .codes import suggest

        hint = suggest(bad[0], GATE_LEVELS) if bad else ""
        raise argparse.ArgumentTypeError(f"unknown level {', '.join(bad) or '(none)'}{hint}; choose from {','.join(GATE_LEVELS)}")
    return levels


def cmd_check(args: argparse.Namespace) -> int:
    """Gate the routes of gateway configs; the report goes to stdout or --output, the verdict to the exit code."""
    from .gateway import check, load_price_table, read_routes, render

    problems: list[Problem] = []
    routes, prices, inputs = [], None, None
    for step in ("routes", "prices", "inputs"):  # every problem of every file in one pass
        try:
            if step == "routes":
                routes = read_routes(args.configs)
            elif step == "prices" and args.prices:
                prices = load_price_table(args.prices)
            elif step == "inputs":
                inputs = load_inputs(vendor_paths=args.vendors, profile=args.profile, rule_dirs=args.rules, use_default_rules=not args.no_default_rules,
                                     waivers_path=args.waivers, directory_paths=args.directory)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems or inputs is None:
        raise InputError(problems)
    result = check(routes, inputs, args.as_of or inputs.profile.as_of or date.today(), prices, args.fail_on)
    text = render(result, args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        partial = args.output.with_name(args.output.name + ".partial")
        try:  # written beside the target, then renamed: never a half-written report
            partial.write_text(text, encoding="utf-8")
            partial.replace(args.output)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if result.tripped:
        if args.format != "text" or args.output is not None:
            named = "; ".join(f"{o.resolution.route.where} {o.resolution.route.name} ({', '.join(o.rules)})" for o in result.tripped)
            print(f"--fail-on {','.join(result.fail_on)}: {len(result.tripped)} route(s) tripped it: {named}", file=sys.stderr)
        return EXIT_GATE
    return EXIT_OK


def cmd_whatif(args: argparse.Namespace) -> int:
    """Print the weight ranges of the first place and the cheapest fix of each prohibited or high candidate."""
    from .screening import screen_vendors
    from .whatif import render as render_whatif
    from .whatif import what_if

    inputs = load_inputs(vendor_paths=args.vendors, profile=args.profile, rule_dirs=args.rules, use_default_rules=not args.no_default_rules,
                         waivers_path=args.waivers, currency_path=args.currency, directory_paths=args.directory, sheet=args.sheet)
    as_of = args.as_of or inputs.profile.as_of or date.today()
    screening = screen_vendors(inputs.vendors, as_of, inputs.pack.lists)
    result = what_if(inputs.pack, inputs.vendors, inputs.profile, as_of, inputs.waivers, inputs.rates, screening)
    sys.stdout.write(render_whatif(result, args.format))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print a JSON Schema."""
    schema = json_schema() if args.kind == "assessment" else SCHEMAS[args.kind].model_json_schema(by_alias=True)
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


COMMANDS = {
    "report": cmd_report,
    "validate": cmd_validate,
    "rules": cmd_rules,
    "profiles": cmd_profiles,
    "matrix": cmd_matrix,
    "screen": cmd_screen,
    "import": cmd_import,
    "diff": cmd_diff,
    "check": cmd_check,
    "whatif": cmd_whatif,
    "schema": cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: returns the exit code (0 done, 1 gate tripped, 2 bad input, 3 internal error)."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return EXIT_INPUT
    except UsageError as exc:
        print(printable(f"riskscore: error: {exc}"), file=sys.stderr)  # may echo a path or a value given
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one place an unexpected error becomes exit 3 without a traceback
        print(f"riskscore: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("Please report this with the command you ran.", file=sys.stderr)
        return EXIT_INTERNAL
