"""Print wall time and peak memory of the default report and of scoring synthetic candidate sets.

Usage: python benchmarks/bench.py [--sizes 1000,10000,100000] [--repeat 3]
Each scenario runs in a fresh subprocess so its peak RSS is its own; figures are the best of
--repeat runs (100k runs once).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

SCENARIO = r"""
import json, random, resource, sys, time
from datetime import date
t0 = time.perf_counter()
from riskscore import assess, load_inputs
from riskscore.models import Candidate, VendorList
inputs = load_inputs()
n = int(sys.argv[1])
rnd = random.Random(42)
orgs = [o.id for o in inputs.vendors.organizations]
routes = ["first_party", "cloud_platform", "inference_host", "aggregator", "self_hosted"]
countries = ["US", "DE", "FR", "SG", "CN", "JP", "GB", "IE", None]
cands = []
for i in range(n):
    route = rnd.choice(routes)
    region = rnd.choice(countries)
    cands.append(Candidate.model_validate({
        "id": f"synthetic-{i}@x", "model": f"Model {i % 97}", "developer": rnd.choice(orgs),
        "operator": "buyer" if route == "self_hosted" else rnd.choice(orgs),
        "broker": "openrouter" if route == "aggregator" else None, "route": route,
        "regions": None if region is None or route == "self_hosted" else [region],
        "open_weights": rnd.choice([True, False, None]),
        "price": {"input": round(rnd.uniform(0.05, 15), 2), "output": round(rnd.uniform(0.1, 75), 2), "as_of": "2026-10-01"},
        "contract": {"dpa": rnd.choice([True, False, None]), "baa": rnd.choice([True, False, None])},
        "sources": [{"title": "Synthetic", "url": "https://example.org/s", "date": "2026-10-01"}], "as_of": "2026-10-01",
    }))
vendors = VendorList(organizations=inputs.vendors.organizations, candidates=cands)
t1 = time.perf_counter()
result = assess(inputs.pack, vendors, inputs.profile, date(2026, 11, 28), (), inputs.rates, inputs.records)
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"setup_s": t1 - t0, "assess_s": t2 - t1, "peak_mb": peak, "rules": len(inputs.pack.rules),
                  "findings": sum(len(c.findings) for c in result.candidates)}))
"""


def run_default_report() -> tuple[float, float]:
    """Wall time and peak RSS of `riskscore report` with no arguments, in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "riskscore", "report", "--quiet", "--as-of", "2026-11-28"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def run_scenario(n: int) -> dict[str, float]:
    """Setup and scoring time and peak RSS for n synthetic candidates against the bundled pack."""
    out = subprocess.run([sys.executable, "-c", SCENARIO, str(n)], check=True, capture_output=True, text=True, env={**os.environ})
    return json.loads(out.stdout)


def main() -> None:
    """Run the scenarios and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    walls = [run_default_report() for _ in range(args.repeat)]
    best = min(walls)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpu")
    print(f"default report (riskscore report, all four formats): wall {best[0]:.2f} s (best of {args.repeat}), peak RSS {best[1]:.0f} MB")
    print(f"{'candidates':>10}  {'rules':>5}  {'findings':>9}  {'score s':>8}  {'setup s':>8}  {'peak MB':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        # Best of the repeats for each size: the figure least disturbed by other work on the machine.
        r = min((run_scenario(n) for _ in range(args.repeat if n <= 10_000 else 1)), key=lambda x: x["assess_s"])
        print(f"{n:>10}  {r['rules']:>5}  {r['findings']:>9}  {r['assess_s']:>8.2f}  {r['setup_s']:>8.2f}  {r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
