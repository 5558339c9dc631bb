"""Time the whole `riskscore report --format json` process on large vendor lists, as a user runs it.

Usage: python benchmarks/bench_process.py [--data DIR] [--sizes 1000,10000,100000] [--files 8]
                                          [--work DIR] [--quiet-report] [--phases N] [--profile N]
                                          [--timeout 900]

DIR holds the OpenRouter snapshots (default: $RISKSCORE_SNAPSHOTS, else ../shared/data beside the
repository); without them the benchmark says so and stops (exit 0). The snapshots are imported with
`python -m riskscore import openrouter` (about 1,200 candidates), then replicated with unique ids
(`r<copy>.<id>`) into --files JSON vendor lists per size, each under the loader's input size limit.
For each size it prints, side by side and measured in this one run:
  report_s   wall time of the `riskscore report FILES --format json` subprocess (start-up included)
  rss_mb     peak RSS of that subprocess (os.wait4)
  B/cand     bytes of assessment.json per candidate
  parse_s    json.loads of the same files + pydantic validation of their rows (VendorList), in a
             fresh subprocess, imports excluded
  ratio      report_s / parse_s
Targets (issue 10): ratio <= 4 at 100k, rss_mb <= 1024, B/cand <= 3072.
--phases N times load, screen, assess and the record's write in one process, with the peak RSS after
each; --profile N runs the report of size N once more under cProfile and prints where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPENROUTER = ("openrouter_api_v1_models_2026-08-08.json", "openrouter_endpoints_2026-08-08.csv", "openrouter_providers_2026-08-08.json")
AS_OF = "2026-11-28"
ROOT = Path(__file__).resolve().parents[1]

PARSE = r"""
import json, sys, time
from riskscore.models import VendorList
start = time.perf_counter()
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        VendorList.model_validate(json.loads(handle.read()))
print(time.perf_counter() - start)
"""

# The phases of one report in one process (what the report command does, timed step by step).
PHASES = r"""
import resource, sys, time
from datetime import date
from pathlib import Path
from riskscore import assess, load_inputs
from riskscore.record import write_record
from riskscore.screening import screen_vendors
def mark(name, start):
    now = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {name:<14} {now - start:7.2f} s   peak RSS so far {rss:6.0f} MB")
    return now
day = date.fromisoformat(sys.argv[1])
t = time.perf_counter()
inputs = load_inputs(vendor_paths=[Path(p) for p in sys.argv[3:]])
t = mark("load", t)
screening = screen_vendors(inputs.vendors, day, inputs.pack.lists)
t = mark("screen", t)
a = assess(inputs.pack, inputs.vendors, inputs.profile, day, inputs.waivers, inputs.rates, inputs.records, screening)
t = mark("assess", t)
with open(sys.argv[2], "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
    write_record(a, out)
mark("write record", t)
"""


def run(cmd: list[str], timeout: float, stdout: int | None = subprocess.DEVNULL) -> tuple[int, float, float]:
    """Run a command; return its exit code, wall seconds and peak RSS in MB (None-safe on timeout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return -9, time.perf_counter() - start, usage.ru_maxrss / 1024
        time.sleep(0.02)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        print(f"  {' '.join(cmd[:4])} ... exited {proc.returncode}: {err.strip()[-500:]}", file=sys.stderr)
    if proc.stderr:
        proc.stderr.close()
    return proc.returncode, wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def input_limit() -> int:
    """The loader's size limit for a JSON input file."""
    from riskscore import yamlsafe

    return int(getattr(yamlsafe, "MAX_JSON_BYTES", yamlsafe.MAX_BYTES))


def build_lists(imported: dict, n: int, files: int, folder: Path) -> list[Path]:
    """`n` candidates replicated from the imported list with unique ids, split into `files` JSON files."""
    base = imported["candidates"]
    rows = []
    for i in range(n):
        copy, row = divmod(i, len(base))
        cand = dict(base[row])
        if copy:
            cand["id"] = f"r{copy}.{cand['id']}"
        rows.append(cand)
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-n // files)
    limit = input_limit()
    paths = []
    for k in range(files):
        part = rows[k * per:(k + 1) * per]
        if not part:
            break
        doc = {"organizations": imported["organizations"] if k == 0 else [], "candidates": part}
        path = folder / f"vendors-{k + 1:02d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        if path.stat().st_size > limit:
            raise SystemExit(f"{path.name} is {path.stat().st_size:,} bytes, over the input limit of {limit:,}: use more --files")
        paths.append(path)
    return paths


def main() -> int:
    """Import, build the lists, run and print one row per size."""
    default = os.environ.get("RISKSCORE_SNAPSHOTS") or str(ROOT.parent / "shared" / "data")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(default), help="folder of the OpenRouter snapshots")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated candidate counts")
    parser.add_argument("--files", type=int, default=8, help="vendor files per size (default 8)")
    parser.add_argument("--work", type=Path, help="folder for the lists and reports (default: a temporary folder)")
    parser.add_argument("--quiet-report", action="store_true", help="pass --quiet to the report (default: its summary table goes to /dev/null)")
    parser.add_argument("--phases", type=int, metavar="N", help="also time the phases of the report of N candidates (load, screen, assess, write)")
    parser.add_argument("--profile", type=int, metavar="N", help="also profile the report of N candidates with cProfile")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a report run is stopped (default 900)")
    args = parser.parse_args()
    snapshots = [args.data / name for name in OPENROUTER]
    missing = [p.name for p in snapshots if not p.is_file()]
    if missing:
        print(f"skipped: OpenRouter snapshot files not found in {args.data} ({', '.join(missing)}); give --data DIR")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="riskscore-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    imported_path = work / "openrouter.json"
    code, wall, _ = run([py, "-m", "riskscore", "import", "openrouter", *map(str, snapshots), "-o", str(imported_path)], args.timeout)
    if code != 0:
        return 1
    imported = json.loads(imported_path.read_text(encoding="utf-8"))
    print(f"imported {len(imported['candidates'])} candidates from the OpenRouter snapshot in {wall:.2f} s; work folder {work}")
    print(f"{'candidates':>10} {'files':>5} {'input_mb':>8} {'report_s':>8} {'rss_mb':>7} {'B/cand':>7} {'parse_s':>7} {'ratio':>6}")
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        folder = work / f"n{n}"
        lists = build_lists(imported, n, args.files, folder)
        size_mb = sum(p.stat().st_size for p in lists) / 1e6
        out = folder / "report"
        cmd = [py, "-m", "riskscore", "report", *map(str, lists), "--format", "json", "--as-of", AS_OF, "--out", str(out)]
        code, wall, rss = run(cmd + (["--quiet"] if args.quiet_report else []), args.timeout)
        record = out / "assessment.json"
        per = record.stat().st_size / n if code in (0, 1) and record.is_file() else float("nan")
        parsed = subprocess.run([py, "-c", PARSE, *map(str, lists)], capture_output=True, text=True, cwd=ROOT, check=True)
        parse_s = float(parsed.stdout.strip())
        shown = f"{wall:8.2f}" if code in (0, 1) else f"{'timeout' if code == -9 else 'failed':>8}"
        print(f"{n:>10} {len(lists):>5} {size_mb:>8.1f} {shown} {rss:>7.0f} {per:>7.0f} {parse_s:>7.2f} {wall / parse_s:>6.1f}", flush=True)
    if args.phases:
        lists = build_lists(imported, args.phases, args.files, work / f"n{args.phases}")
        print(f"\nphases of the report of {args.phases} candidates, in one process (imports excluded):", flush=True)
        subprocess.run([py, "-c", PHASES, AS_OF, str(work / f"n{args.phases}" / "phases.json"), *map(str, lists)], cwd=ROOT, check=True)
    if args.profile:
        folder = work / f"n{args.profile}"
        lists = build_lists(imported, args.profile, args.files, folder)
        stats = folder / "report.prof"
        cmd = [py, "-m", "cProfile", "-o", str(stats), "-m", "riskscore", "report", *map(str, lists), "--format", "json",
               "--as-of", AS_OF, "--out", str(folder / "report-profiled"), "--quiet"]
        run(cmd, args.timeout * 2)
        import pstats

        print(f"\ncProfile of the report of {args.profile} candidates (cumulative, top 25):")
        pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
