"""Benchmark of the matching engine: ``python -m benchmarks.matching [--sizes 1000,5000] [--seed 0]``.

Each size runs in a fresh subprocess so that its peak memory is its own: the "peak MB" column is
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` read right after ``match()`` returns, i.e. the whole
process (interpreter, numpy, the generated cohort and the run), before any checking work.
Mentors are half the mentees, capacities 1-3, profiles from `benchmarks.matching.cohort`.

Columns: seconds of ``match()`` (end to end: encoding, candidates, solving, explanations, reasons,
greedy baseline); matched mentees; total score; the exact optimum from dense
``linear_sum_assignment`` with capacity-repeated mentor rows (only up to ``--exact-limit``
mentees); an upper bound of the true optimum over *all* pairs built from the auction's prices
(dual feasible by construction, so "gap" is proven, not estimated); and the greedy baseline
computed by ``match()`` on the same candidate pairs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

import numpy as np

COLUMNS = [
    ("mentees", 8),
    ("mentors", 8),
    ("path", 6),
    ("seconds", 8),
    ("peak_mb", 8),
    ("matched", 8),
    ("total", 11),
    ("optimum", 11),
    ("bound", 11),
    ("gap_pct", 8),
    ("greedy", 11),
    ("vs_greedy", 9),
]


def _global_bound(mentors: list, mentees: list) -> float:
    """Dual upper bound over all pairs from the auction's prices (scans every pair once)."""
    from revmentor_plugin.matching import Weights
    from revmentor_plugin.matching.engine import _csr
    from revmentor_plugin.matching.features import encode
    from revmentor_plugin.matching.scoring import block_rows, score_block, score_pairs
    from revmentor_plugin.matching.screen import candidate_graph
    from revmentor_plugin.matching.solver import solve_auction

    cohort = encode(mentors, mentees, Weights())
    graph = candidate_graph(cohort)
    block = score_pairs(cohort, graph.mentee, graph.mentor)
    e, m = graph.mentee[block.feasible], graph.mentor[block.feasible]
    capacity = np.maximum(cohort.mentors.capacity, 0)
    solution = solve_auction(_csr(e, m, len(mentees)), m, block.scores[block.feasible], capacity)
    price = solution.mentor_price if solution.mentor_price is not None else np.zeros(len(mentors))
    profit = 0.0
    for rows in block_rows(len(mentees), len(mentors)):
        b = score_block(cohort, rows)
        net = np.where(b.feasible, b.scores - price[None, :], 0.0)
        profit += float(np.maximum(net.max(axis=1, initial=0.0), 0.0).sum())
    return profit + solution.price_total


def _exact(mentors: list, mentees: list) -> float:
    from scipy.optimize import linear_sum_assignment

    from revmentor_plugin.matching import score_matrix

    scores, feasible = score_matrix(mentors, mentees)
    rows = np.repeat(np.arange(len(mentors)), [max(c.capacity, 0) for c in mentors])
    value = np.where(feasible, scores, 0.0)[rows]
    r, c = linear_sum_assignment(value, maximize=True)
    return float(value[r, c].sum())


def worker(size: int, seed: int, exact_limit: int) -> dict[str, Any]:
    from benchmarks.matching.cohort import generate_cohort
    from revmentor_plugin.matching import match

    mentors, mentees = generate_cohort(size, seed=seed)
    start = time.perf_counter()
    result = match(mentors, mentees)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = result.stats
    row: dict[str, Any] = {
        "mentees": len(mentees),
        "mentors": len(mentors),
        "capacity": sum(c.capacity for c in mentors),
        "path": "exact" if stats.exact else "graph",
        "seconds": seconds,
        "peak_mb": peak_mb,
        "matched": stats.matched,
        "total": stats.total_score,
        "greedy": stats.greedy_total,
        "optimum": None,
        "bound": None,
    }
    if size <= exact_limit:
        start = time.perf_counter()
        row["optimum"] = _exact(mentors, mentees)
        row["optimum_seconds"] = time.perf_counter() - start
    if not stats.exact:
        row["bound"] = _global_bound(mentors, mentees)
    return row


def _cells(row: dict[str, Any]) -> dict[str, str]:
    total = float(row["total"])
    reference = row["optimum"] if row["optimum"] is not None else row["bound"]
    return {
        "mentees": str(row["mentees"]),
        "mentors": str(row["mentors"]),
        "path": str(row["path"]),
        "seconds": f"{row['seconds']:.2f}",
        "peak_mb": f"{row['peak_mb']:.0f}",
        "matched": str(row["matched"]),
        "total": f"{total:.1f}",
        "optimum": "-" if row["optimum"] is None else f"{row['optimum']:.1f}",
        "bound": "-" if row["bound"] is None else f"{row['bound']:.1f}",
        "gap_pct": "-" if reference is None else f"{(float(reference) - total) / float(reference) * 100:.3f}",
        "greedy": f"{row['greedy']:.1f}",
        "vs_greedy": f"+{(total / float(row['greedy']) - 1) * 100:.1f}%",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.matching", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated mentee counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--exact-limit", type=int, default=5000, help="largest size solved densely for reference"
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.seed, args.exact_limit)))
        return 0

    print(" ".join(f"{name:>{width}}" for name, width in COLUMNS))
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        completed = subprocess.run(
            [
                sys.executable,
                *("-m", "benchmarks.matching", "--worker", str(size)),
                *("--seed", str(args.seed), "--exact-limit", str(args.exact_limit)),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            print(completed.stderr, file=sys.stderr)
            return completed.returncode
        row = json.loads(completed.stdout.strip().splitlines()[-1])
        cells = _cells(row)
        print(" ".join(f"{cells[name]:>{width}}" for name, width in COLUMNS), flush=True)
    print(
        "\nseconds/peak_mb: match() only, fresh process per size, peak = ru_maxrss of the whole process."
        "\noptimum: dense linear_sum_assignment; bound: dual bound over all pairs from auction prices;"
        "\ngap_pct: (optimum or bound - total) / (optimum or bound); greedy: same candidate pairs."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
