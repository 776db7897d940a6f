#!/usr/bin/env python3
"""Seeds to the first failure of every planted bug, per search variant (docs/scenarios.md).

For each scenario and planted bug (from `dst list`) and each variant (a name and the sweep
options it adds), sweeps seeds 1..N once and splits them into R disjoint ranges of N/R seeds:
in each range, the first failing seed's position (1 = the range's first seed), or none. Prints
a Markdown table: per variant, the median and p90 of those positions over the R ranges (">S"
when a range of S seeds had no failure) and the fraction of seeds that failed.

    scripts/strategy-table.py [--seeds N] [--ranges R] [--only SCENARIO[,SCENARIO]]
                              [--variant NAME=OPTIONS ...] [--jar dst.jar] [--threads T]

Default variants: default (swarm, random), aimed (--faults aimed), pct (--strategy pct). A
variant whose options start with "explore" (guided=explore) runs `dst explore` instead, once per
range, with guide seed 1..R and a budget of N/R runs: its cell is the run of the first failure.
Counts are deterministic (a seed and its options decide a run); only the time taken is not.
"""
import argparse
import json
import shlex
import subprocess
import sys
import time


def planted_bugs(jar):
    out = subprocess.run(["java", "-jar", jar, "list"], check=True, capture_output=True, text=True).stdout
    bugs, scenario = [], None
    for line in out.splitlines():
        if line and not line.startswith(" "):
            scenario = line.split()[0]
        elif line.strip().startswith("--bug "):
            bugs.append((scenario, line.split()[1]))
    return bugs


def failing_seeds(jar, scenario, bug, options, seeds, threads):
    cmd = ["java", "-jar", jar, "sweep", scenario, "--bug", bug, "--seeds", str(seeds), "--json", "--shrink", "0",
           "--no-recheck", "--threads", str(threads)] + shlex.split(options)
    started = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    summary = json.loads(p.stdout)
    return [int(s, 16) for s in summary["failingSeeds"]], time.time() - started


def explore_positions(jar, scenario, bug, options, seeds, ranges, threads):
    size = seeds // ranges
    positions, started = [], time.time()
    for guide in range(1, ranges + 1):
        cmd = ["java", "-jar", jar, "explore", scenario, "--bug", bug, "--runs", str(size), "--seed", str(guide), "--json",
               "--no-shrink", "--out", f"/tmp/strategy-table-{scenario}-{bug}-{guide}.repro", "--threads", str(threads)] \
            + shlex.split(options)[1:]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
        r = json.loads(p.stdout.strip().splitlines()[-1])
        positions.append(r["run"] if r["result"] == "fail" else None)
    return positions, size, time.time() - started


def first_positions(failing, seeds, ranges):
    size = seeds // ranges
    failing = sorted(failing)
    positions = []
    for r in range(ranges):
        lo, hi = r * size + 1, (r + 1) * size
        hits = [s for s in failing if lo <= s <= hi]
        positions.append(hits[0] - lo + 1 if hits else None)
    return positions, size


def quantile(positions, q, size):
    ordered = sorted(positions, key=lambda p: float("inf") if p is None else p)
    p = ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return f">{size}" if p is None else str(p)


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--seeds", type=int, default=1000)
    a.add_argument("--ranges", type=int, default=10)
    a.add_argument("--only", default="")
    a.add_argument("--bugs", default="", help="only these bugs (names, comma-separated)")
    a.add_argument("--variant", action="append", default=[])
    a.add_argument("--jar", default="dst-examples/target/dst.jar")
    a.add_argument("--threads", type=int, default=2)
    args = a.parse_args()
    variants = [v.split("=", 1) for v in args.variant] or [["default", ""], ["aimed", "--faults aimed"], ["pct", "--strategy pct"]]
    only = set(filter(None, args.only.split(",")))
    rows = []
    print(f"seeds 1..{args.seeds} in {args.ranges} ranges of {args.seeds // args.ranges}; cells: median / p90 position of"
          " the first failing seed in a range, then the fraction of seeds failing", file=sys.stderr)
    header = "| scenario | bug | " + " | ".join(name for name, _ in variants) + " |"
    rows.append(header)
    rows.append("|---|---|" + "---:|" * len(variants))
    for scenario, bug in planted_bugs(args.jar):
        if only and scenario not in only:
            continue
        if args.bugs and bug not in args.bugs.split(","):
            continue
        cells = []
        for name, options in variants:
            if options.startswith("explore"):
                positions, size, seconds = explore_positions(args.jar, scenario, bug, options, args.seeds, args.ranges, args.threads)
                found = sum(p is not None for p in positions)
                cells.append(f"{quantile(positions, 0.5, size)} / {quantile(positions, 0.9, size)}, {found} of {args.ranges}")
                print(f"{scenario} {bug} {name}: found in {found} of {args.ranges} searches, {seconds:.0f} s", file=sys.stderr)
                continue
            failing, seconds = failing_seeds(args.jar, scenario, bug, options, args.seeds, args.threads)
            positions, size = first_positions(failing, args.seeds, args.ranges)
            cells.append(f"{quantile(positions, 0.5, size)} / {quantile(positions, 0.9, size)}, {len(failing) / args.seeds:.1%}")
            print(f"{scenario} {bug} {name}: {len(failing)} failing, {seconds:.0f} s", file=sys.stderr)
        rows.append(f"| {scenario} | `{bug}` | " + " | ".join(cells) + " |")
        print(rows[-1], file=sys.stderr)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
