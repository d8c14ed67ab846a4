"""Candidate generation for large cohorts: the few mentors worth considering for each mentee.

A cohort of 20,000 mentees and 10,000 mentors has 200 million pairs: too many for an exact
assignment solver, but few enough to score once, approximately and in blocks. This module scores
every pair with a float32 screening kernel built for speed (two small matrix products, two table
look-ups for the categorical criteria, interval tests for reporting lines), then keeps

* the `top_k` best feasible mentors of every mentee, and
* the `mentor_k` best feasible mentees of every mentor that few mentees rank highly, so that
  such mentors still get edges (without them, mentees whose favourite mentors fill up would stay
  unmatched, measured at ~0.3% of the total on 20,000 mentees).

The kept edges are then rescored exactly (float64, `scoring.score_pairs`), so the solver
optimises the true objective on this candidate graph; only the choice of edges is approximate.
Blocks are processed on a small thread pool: numpy and BLAS release the GIL.

Selecting the best entries of each row uses a sampled threshold rather than a full partial sort.
Results are combined in block order, so the graph does not depend on thread timing.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy import sparse

from .features import Cohort, Side
from .scoring import BASE_SCORE, block_rows

__all__ = ["CandidateGraph", "candidate_graph"]

_SCREEN_BLOCK = 1_500_000
_TIE_BREAK = 1e-4
"""Size of the pseudo-random offset added to screening scores. Without it, equal scores (common:
criteria are discrete) would make every mentee pick the same lowest-numbered mentors, and a cohort
of identical profiles would get a candidate graph of ~50 mentors. The offset is a multiplicative
hash of (mentee, mentor), so ties are broken independently per pair and the kept edges form a
random-like graph (a rotation-style tie-break was tried: its arcs overload locally)."""
_TIE_SEED = 20_260_115


@dataclass(frozen=True)
class CandidateGraph:
    """Candidate edges (mentee, mentor) without duplicates, sorted by mentee."""

    mentee: np.ndarray
    mentor: np.ndarray


def _codes(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer code per row for the distinct tuples of `columns`, and the distinct tuples."""
    stacked = np.stack(columns, axis=1)
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return inverse.reshape(-1).astype(np.intp), unique


def _language_sets(side: Side) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Code per row for its set of languages, and a one-hot matrix of the distinct sets."""
    lang = side.languages.tocsr()
    bounds = lang.indptr.tolist()
    keys = [tuple(sorted(lang.indices[a:b].tolist())) for a, b in pairwise(bounds)]
    distinct: dict[tuple[int, ...], int] = {}
    code = np.fromiter((distinct.setdefault(k, len(distinct)) for k in keys), np.intp, len(keys))
    rows = [r for k, r in distinct.items() for _ in k]
    cols = [c for k in distinct for c in k]
    matrix = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(distinct), lang.shape[1]))
    return code, matrix


class _Kernel:
    """Precomputed float32 operands of the screening score."""

    def __init__(self, cohort: Cohort) -> None:
        w = cohort.weights
        me, mr = cohort.mentees, cohort.mentors
        scale = np.divide(w.skills, me.n_skills, out=np.zeros(len(me)), where=me.n_skills > 0)
        self.sought = sparse.csr_matrix(sparse.diags(scale) @ me.skills, dtype=np.float32)
        self.offered_t = _dense_or_sparse(mr.skills.T)
        self.interests = sparse.csr_matrix(me.interests, dtype=np.float32)
        self.interests_t = _dense_or_sparse(mr.interests.T)
        self.w_interests = np.float32(w.interests)
        self.n_int_e = me.n_interests.astype(np.float32)
        self.n_int_m = mr.n_interests.astype(np.float32)

        lang_e, sets_e = _language_sets(me)
        lang_m, sets_m = _language_sets(mr)
        tz_e, tz_values_e = _codes(me.tz)
        tz_m, tz_values_m = _codes(mr.tz)
        gap = np.abs(tz_values_e[:, 0][:, None] - tz_values_m[:, 0][None, :]) % 24.0
        gap = np.minimum(gap, 24.0 - gap)
        tz_score = w.timezone * (1.0 - np.minimum(gap, 12.0) / 12.0)
        shares = (sets_e @ sets_m.T).toarray() > 0
        a_e, pairs_e = _codes(lang_e, tz_e)
        a_m, pairs_m = _codes(lang_m, tz_m)
        table_a = np.where(
            shares[pairs_e[:, 0][:, None], pairs_m[:, 0][None, :]],
            BASE_SCORE + tz_score[pairs_e[:, 1][:, None], pairs_m[:, 1][None, :]],
            -np.inf,
        ).astype(np.float32)
        self.table_a, self.code_a_e, self.code_a_m = table_a, a_e, a_m

        sen_e = np.nan_to_num(me.seniority, nan=np.inf)
        sen_m = np.nan_to_num(mr.seniority, nan=np.inf)
        b_e, pairs_be = _codes(me.department.astype(np.float64), sen_e)
        b_m, pairs_bm = _codes(mr.department.astype(np.float64), sen_m)
        de, se = pairs_be[:, 0][:, None], pairs_be[:, 1][:, None]
        dm, sm = pairs_bm[:, 0][None, :], pairs_bm[:, 1][None, :]
        unknown = np.isinf(se) | np.isinf(sm)
        table_b = w.department * ((de >= 0) & (dm >= 0) & (de != dm)) + w.seniority * np.where(
            unknown, 0.5, (sm < se).astype(np.float64)
        )
        self.table_b = table_b.astype(np.float32)
        self.code_b_e, self.code_b_m = b_e, b_m

        self.capacity_ok = mr.capacity > 0
        self.tin_e, self.tout_e = me.tin.astype(np.int32), me.tout.astype(np.int32)
        self.tin_m, self.tout_m = mr.tin.astype(np.int32), mr.tout.astype(np.int32)
        self.diversity = w.diversity if me.attributes.shape[1] else 0.0
        self.attr_e, self.attr_m = me.attributes, mr.attributes
        self.forbidden = cohort.forbidden
        rng = np.random.default_rng(_TIE_SEED)
        self.tie_e = rng.integers(0, 2**32, len(me), dtype=np.uint32)
        self.tie_m = rng.integers(0, 2**32, len(mr), dtype=np.uint32)

    def scores(self, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """Screening scores of mentees `rows` x mentors `cols` (default all), -inf if infeasible."""
        every = cols is None
        pick = slice(None) if every else cols

        def mentor_operand(operand: np.ndarray | sparse.csc_matrix) -> np.ndarray | sparse.csc_matrix:
            return operand if every else operand[:, cols]

        score = _product(self.sought[rows], mentor_operand(self.offered_t))
        if self.w_interests:
            inter = _product(self.interests[rows], mentor_operand(self.interests_t))
            union = self.n_int_e[rows][:, None] + self.n_int_m[pick][None, :]
            union -= inter
            np.maximum(union, 1.0, out=union)
            inter /= union
            inter *= self.w_interests
            score += inter
        score += self.table_a[self.code_a_e[rows]][:, self.code_a_m[pick]]
        score += self.table_b[self.code_b_e[rows]][:, self.code_b_m[pick]]
        if self.diversity:
            score += np.float32(self.diversity) * _diversity(self.attr_e[rows], self.attr_m[pick])
        tie = self.tie_e[rows][:, None] ^ self.tie_m[pick][None, :]
        tie *= np.uint32(0x9E3779B1)
        tie >>= np.uint32(8)
        score += tie.astype(np.float32) * np.float32(_TIE_BREAK / 2**24)
        score[:, ~self.capacity_ok[pick]] = -np.inf
        tin_m, tout_m = self.tin_m[pick], self.tout_m[pick]
        te, toe = self.tin_e[rows][:, None], self.tout_e[rows][:, None]
        line = (tin_m <= te) & (te < tout_m)
        line |= (te <= tin_m) & (tin_m < toe)
        score[line] = -np.inf
        forbidden = self.forbidden[rows] if every else self.forbidden[rows][:, cols]
        if forbidden.nnz:
            r, c = forbidden.nonzero()
            score[r, c] = -np.inf
        return score


def _dense_or_sparse(matrix: sparse.spmatrix) -> np.ndarray | sparse.csc_matrix:
    """Mentor-side operand: dense when it fits in ~80 MB (sparse @ dense is ~10x faster)."""
    if matrix.shape[0] * matrix.shape[1] <= 20_000_000:
        return np.ascontiguousarray(matrix.toarray(), dtype=np.float32)
    return sparse.csc_matrix(matrix, dtype=np.float32)


def _product(left: sparse.csr_matrix, right: np.ndarray | sparse.csc_matrix) -> np.ndarray:
    if isinstance(right, np.ndarray):
        return np.asarray(left @ right, dtype=np.float32)
    return np.asarray((left @ right).toarray(), dtype=np.float32)


def _diversity(attr_e: np.ndarray, attr_m: np.ndarray) -> np.ndarray:
    shared = np.zeros((len(attr_e), len(attr_m)), dtype=np.float32)
    differ = np.zeros_like(shared)
    for key in range(attr_e.shape[1]):
        ae, am = attr_e[:, key][:, None], attr_m[:, key][None, :]
        known = (ae >= 0) & (am >= 0)
        shared += known
        differ += known & (ae != am)
    return np.divide(differ, shared, out=np.zeros_like(shared), where=shared > 0)


def _row_top(score: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of the k best finite entries of each row (ties broken by column).

    A full per-row selection costs ~25 ns per entry; instead a threshold is estimated from a
    strided sample of columns, entries above it are collected with one comparison, and only the
    rows whose threshold was too strict fall back to a full selection.
    """
    n_rows, n_cols = score.shape
    if n_cols <= 8 * k:
        threshold = np.full(n_rows, _FINITE_MIN, dtype=np.float32)
    else:
        stride = n_cols // (8 * k)
        sample = score[:, ::stride]
        rank = min(sample.shape[1], 2 * k // stride + 2)
        threshold = np.partition(sample, sample.shape[1] - rank, axis=1)[:, sample.shape[1] - rank]
        np.maximum(threshold, _FINITE_MIN, out=threshold)
    rows, cols = np.nonzero(score >= threshold[:, None])
    found = np.bincount(rows, minlength=n_rows)
    redo = np.flatnonzero((found < k) & (threshold > _FINITE_MIN))
    if len(redo):
        part = score[redo]
        top = np.argpartition(part, n_cols - k, axis=1)[:, n_cols - k :]
        keep = np.isfinite(np.take_along_axis(part, top, axis=1))
        again = ~np.isin(rows, redo)
        rows = np.concatenate([rows[again], np.broadcast_to(redo[:, None], top.shape)[keep]])
        cols = np.concatenate([cols[again], top[keep]])
    values = score[rows, cols]
    order = np.lexsort((cols, -values, rows))
    rows, cols = rows[order], cols[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < k
    return rows[keep], cols[keep]


_FINITE_MIN = np.float32(-3.0e38)


def _column_top(score: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of the k best finite entries of each column."""
    n_rows = score.shape[0]
    k = min(k, n_rows)
    top = np.argpartition(score, n_rows - k, axis=0)[n_rows - k :]
    keep = np.isfinite(np.take_along_axis(score, top, axis=0))
    return top[keep], np.broadcast_to(np.arange(score.shape[1])[None, :], top.shape)[keep]


def candidate_graph(
    cohort: Cohort, top_k: int = 50, mentor_k: int = 10, workers: int | None = None
) -> CandidateGraph:
    """Scan all pairs in blocks and keep the best `top_k` per mentee and `mentor_k` per mentor.

    The per-mentor lists are only computed for mentors that fewer than `mentor_k` mentees rank
    among their best (usually a few percent), in a second scan restricted to those columns.
    """
    n_e, n_m = len(cohort.mentees), len(cohort.mentors)
    empty = np.zeros(0, dtype=np.int64)
    if n_e == 0 or n_m == 0:
        return CandidateGraph(empty, empty)
    kernel = _Kernel(cohort)
    k_row = max(1, min(top_k, n_m))
    workers = workers or min(4, os.cpu_count() or 1)

    def scan(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r, c = _row_top(kernel.scores(rows), k_row)
        return rows[r], c

    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = list(pool.map(scan, block_rows(n_e, n_m, _SCREEN_BLOCK)))
        edge_e = [e for e, _ in found]
        edge_m = [m for _, m in found]
        in_degree = np.bincount(np.concatenate(edge_m), minlength=n_m)
        sparse_cols = np.flatnonzero((in_degree < mentor_k) & kernel.capacity_ok)
        if len(sparse_cols):

            def scan_columns(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
                score = kernel.scores(rows, sparse_cols)
                r, c = _column_top(score, mentor_k)
                return rows[r], sparse_cols[c], score[r, c]

            parts = list(pool.map(scan_columns, block_rows(n_e, len(sparse_cols), _SCREEN_BLOCK)))
            rows = np.concatenate([p[0] for p in parts])
            cols = np.concatenate([p[1] for p in parts])
            values = np.concatenate([p[2] for p in parts])
            order = np.lexsort((rows, -values, cols))
            rows, cols = rows[order], cols[order]
            keep = np.arange(len(cols)) - np.searchsorted(cols, cols) < mentor_k
            edge_e.append(rows[keep])
            edge_m.append(cols[keep])

    key = np.unique(np.concatenate(edge_e).astype(np.int64) * n_m + np.concatenate(edge_m))
    return CandidateGraph(key // n_m, key % n_m)
