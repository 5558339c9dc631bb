"""Print how long screening 10,000 names against the bundled lists (the full OFAC SDN snapshot) takes.

Usage: python benchmarks/screen_bench.py [--names 10000] [--repeat 3]
Names are made up deterministically: a fifth are SDN entries with a typo, a reordering or a legal form
added (they should match), the rest invented company names (they mostly should not). Figures are the
best of --repeat runs; loading the lists and their index (once per process) is timed separately, with the
prebuilt SDN part and afresh.
"""

from __future__ import annotations

import argparse
import random
import time

SYLLABLES = "ka lo mi ne tra vex zu pra dor fin qua sel bri tor mon gal vek ryn sto lum har pex dai nox".split()
WORDS = ["Technology", "AI", "Labs", "Group", "Holdings", "Systems", "Cloud", "Data", "Trading", "Energy", "Bio", "Robotics"]
FORMS = ["Inc.", "Ltd.", "LLC", "GmbH", "Co., Ltd.", "Pte. Ltd.", "S.A.", "Corp.", ""]


def made_up(rnd: random.Random, sdn: list[str], n: int) -> list[str]:
    """n names: perturbed SDN entries and invented company names."""
    out = []
    for i in range(n):
        if i % 5 == 0:
            words = rnd.choice(sdn).split()
            change = rnd.randrange(3)
            if change == 0 and len(words[0]) > 4:
                j = rnd.randrange(1, len(words[0]) - 1)
                words[0] = words[0][:j] + words[0][j + 1 :]  # a dropped letter
            elif change == 1:
                rnd.shuffle(words)
            out.append(" ".join(words).title() + " " + rnd.choice(FORMS))
        else:
            word = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()
            out.append(f"{word} {rnd.choice(WORDS)} {rnd.choice(FORMS)}".strip())
    return out


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from riskscore.screening import bundled_sources, screen
    from riskscore.screening.index import build_index
    from riskscore.screening.prebuilt import index_for

    t0 = time.perf_counter()
    sources = bundled_sources()
    t1 = time.perf_counter()
    build_index(sources)
    t2 = time.perf_counter()
    index_for(sources)  # what screen() uses: the prebuilt SDN part, cached for the process
    t3 = time.perf_counter()
    sdn = next(s for s in sources if s.id == "ofac_sdn")
    names = made_up(random.Random(7), [e.name for e in sdn.entries], args.names)
    few = made_up(random.Random(8), [e.name for e in sdn.entries], 100)  # about a vendor list's parties
    timings = {}
    results = []
    for label, batch in (("few", few), ("many", names)):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            results = screen(batch, sources)
            best = min(best, time.perf_counter() - start)
        timings[label] = best
    hits = sum(1 for r in results if any(h.level == "hit" for h in r))
    possible = sum(1 for r in results if r and all(h.level == "possible" for h in r))
    print(f"lists: {', '.join(f'{s.id} {s.date} ({len(s.entries)} entries)' for s in sources)}")
    print(f"load lists: {t1 - t0:.3f} s; index them afresh (build_index): {t2 - t1:.3f} s; with the prebuilt part (index_for): {t3 - t2:.3f} s")
    print(f"screen {len(few):,} names one by one (no numpy): {timings['few']:.3f} s (best of {args.repeat})")
    print(f"screen {len(names):,} names against {sum(len(s.entries) for s in sources):,} entries: {timings['many']:.2f} s (best of {args.repeat})")
    print(f"names with a hit: {hits:,}; with only possible matches: {possible:,}")

if __name__ == "__main__":
    main()
