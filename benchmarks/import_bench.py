"""Print the time to import the full OpenRouter snapshot and score it (target: under 5 s), and the
time to import the full LiteLLM price table.

Usage: python benchmarks/import_bench.py [--data DIR] [--repeat 3]
DIR holds the snapshots (default: $RISKSCORE_SNAPSHOTS, else ../shared/data beside the repository).
Each figure is the best of --repeat runs in this process, after one warm-up import of the modules.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

OPENROUTER = ("openrouter_api_v1_models_2026-08-08.json", "openrouter_endpoints_2026-08-08.csv", "openrouter_providers_2026-08-08.json")
LITELLM = "litellm_model_prices_and_context_window.json"


def main() -> int:
    """Run the benchmark and print one line per figure."""
    default = os.environ.get("RISKSCORE_SNAPSHOTS") or str(Path(__file__).resolve().parents[2] / "shared" / "data")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(default), help="folder of the snapshots")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = [args.data / name for name in OPENROUTER]
    missing = [str(p) for p in files + [args.data / LITELLM] if not p.is_file()]
    if missing:
        print(f"missing snapshot files: {', '.join(missing)}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    from riskscore import assess, load_inputs
    from riskscore.importers import import_catalogue, load_directory
    from riskscore.models import VendorList

    print(f"python modules loaded in {time.perf_counter() - t0:.2f} s")
    base = load_inputs()  # the bundled pack, profile and directory, loaded once
    directory = load_directory()
    best: dict[str, float] = {}

    def timed(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, seconds), seconds)

    for _ in range(args.repeat):
        start = time.perf_counter()
        data, stats = import_catalogue("openrouter", files, directory)
        imported = time.perf_counter()
        vendors = VendorList.model_validate({"organizations": [*directory, *data["organizations"]], "candidates": data["candidates"]})
        validated = time.perf_counter()
        result = assess(base.pack, vendors, base.profile, date(2026, 11, 28), (), base.rates)
        scored = time.perf_counter()
        timed("openrouter import", imported - start)
        timed("openrouter import + validate + score", scored - start)
        timed("score only", scored - validated)

        start = time.perf_counter()
        inputs = load_inputs(vendor_paths=files)  # what `riskscore report MODELS ENDPOINTS PROVIDERS` loads
        assess(inputs.pack, inputs.vendors, inputs.profile, date(2026, 11, 28), inputs.waivers, inputs.rates, inputs.records)
        timed("report path: load_inputs(catalogue files) + score", time.perf_counter() - start)

        start = time.perf_counter()
        _, litellm_stats = import_catalogue("litellm", [args.data / LITELLM], directory)
        timed("litellm import", time.perf_counter() - start)

    print(f"openrouter: {stats.entries} endpoint rows -> {stats.candidates} candidates, {len(result.candidates)} scored")
    print(f"litellm: {litellm_stats.entries} entries -> {litellm_stats.candidates} candidates")
    for name, seconds in best.items():
        print(f"{name:52} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
