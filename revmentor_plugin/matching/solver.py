"""Assignment solvers: maximise the total score with mentees used once and mentors up to capacity.

Two exact-enough engines, chosen by cohort size:

* `solve_dense` - the reference: scipy's `linear_sum_assignment` on the full score matrix with
  every mentor repeated once per unit of capacity. Infeasible pairs score 0 and are dropped
  afterwards; since every feasible pair scores > 0 this is the exact optimum. Memory and time grow
  with mentees x total capacity, so it is used for small cohorts only.

* `solve_auction` - for the sparse candidate graph of large cohorts, a vectorised forward auction
  (Bertsekas) for the b-matching, where mentor capacity is a group of "slots" and each mentee may
  stay unmatched at value 0. scipy's sparse `min_weight_full_bipartite_matching` and HiGHS were
  measured at 8-60 s on 20,000 mentees, far over budget; the auction needs a few seconds. Mentees
  bid in parallel numpy rounds (a sequential pure-Python loop takes over once few bidders remain,
  as numpy's per-call overhead would dominate). Epsilon-scaling keeps price wars short; at the
  start of each phase prices are lowered by a few previous epsilons, and at the end empty slots
  that still carry a price bid in reverse (lowering their price, possibly pulling a mentee over),
  which is what makes the asymmetric problem - more slots than takers, and an "unmatched" option -
  come out right. The result satisfies epsilon-complementary slackness, and the prices give a dual
  bound: `upper_bound` bounds the optimum on the candidate graph, so the reported gap is a proof,
  not an estimate. Bids see scores raised by a tiny pseudo-random amount so that mentees facing
  equal scores spread over mentors instead of all bidding for the first one.

`greedy` is the comparison baseline: repeatedly take the best remaining edge.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["Assignment", "greedy", "solve_auction", "solve_dense"]

_SEQUENTIAL_BELOW = 16
_TIE_BREAK = 1e-3
"""Bids use scores raised by at most this share of epsilon, pseudo-randomly per pair, so that
mentees facing equal scores do not all bid for the same lowest-numbered mentor; the bound stays
valid because the perturbation only raises scores."""
_TIE_SEED = 20_260_115
_FIRST_EPS = 0.1
_EPS_DIVISOR = 5.0
_PRICE_DROP = 5.0


@dataclass(frozen=True)
class Assignment:
    """Mentor index per mentee (-1: unmatched) and an upper bound of the optimal total.

    For the auction, `mentor_price` (cheapest slot price per mentor) and `price_total` (sum of all
    slot prices) are the dual solution: for any set of pairs, ``price_total`` plus, per mentee,
    ``max(0, max(score - mentor_price))`` bounds the optimum. The benchmark uses this to certify
    the result against all pairs, not only the candidate graph.
    """

    mentor_of: np.ndarray
    upper_bound: float
    mentor_price: np.ndarray | None = None
    price_total: float = 0.0


def solve_dense(scores: np.ndarray, feasible: np.ndarray, capacity: np.ndarray) -> Assignment:
    """Exact optimum for a dense (n_mentees, n_mentors) problem; `capacity` per mentor."""
    n_e, n_m = scores.shape
    mentor_of = np.full(n_e, -1, dtype=np.int64)
    slots = np.repeat(np.arange(n_m), np.maximum(capacity, 0))
    if n_e == 0 or len(slots) == 0:
        return Assignment(mentor_of, 0.0)
    value = np.where(feasible, scores, 0.0)[:, slots]
    rows, cols = linear_sum_assignment(value, maximize=True)
    mentors = slots[cols]
    ok = feasible[rows, mentors]
    mentor_of[rows[ok]] = mentors[ok]
    total = float(scores[rows[ok], mentors[ok]].sum())
    return Assignment(mentor_of, total)


def greedy(indptr: np.ndarray, mentor: np.ndarray, score: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Greedy b-matching on a CSR candidate graph (rows = mentees); mentor index per mentee.

    Always takes the globally best remaining edge; implemented with a heap of each mentee's best
    edge to a mentor that still has room, so the work is near-linear in the edges looked at.
    """
    n_e = len(indptr) - 1
    order = np.lexsort((-score, np.repeat(np.arange(n_e), np.diff(indptr))))
    sorted_mentor = mentor[order].tolist()
    sorted_score = score[order].tolist()
    left = np.maximum(capacity, 0).tolist()
    bounds = indptr.tolist()
    mentor_of = [-1] * n_e
    heap = [(-sorted_score[bounds[j]], j, bounds[j]) for j in range(n_e) if bounds[j] < bounds[j + 1]]
    heapq.heapify(heap)
    while heap:
        _, j, position = heapq.heappop(heap)
        m = sorted_mentor[position]
        if left[m] > 0:
            mentor_of[j] = m
            left[m] -= 1
            continue
        end = bounds[j + 1]
        position += 1
        while position < end and left[sorted_mentor[position]] <= 0:
            position += 1
        if position < end:
            heapq.heappush(heap, (-sorted_score[position], j, position))
    return np.asarray(mentor_of, dtype=np.int64)


def solve_auction(
    indptr: np.ndarray,
    mentor: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    rel_eps: float = 1e-3,
) -> Assignment:
    """Near-optimal b-matching on a CSR candidate graph (rows = mentees, scores > 0).

    The final epsilon is `rel_eps` times the mean best score of a mentee, so the total is within
    about n_mentees * epsilon of the graph optimum; `upper_bound` certifies the actual gap.
    """
    n_e = len(indptr) - 1
    capacity = np.maximum(capacity, 0).astype(np.int64)
    usable = capacity[mentor] > 0
    if not usable.all():
        rows = np.repeat(np.arange(n_e), np.diff(indptr))[usable]
        mentor, score = mentor[usable], score[usable]
        indptr = np.zeros(n_e + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_e), out=indptr[1:])
    degree = np.diff(indptr)
    if n_e == 0 or len(score) == 0 or capacity.sum() == 0:
        return Assignment(np.full(n_e, -1, dtype=np.int64), 0.0)
    has_edges = degree > 0
    best_scores = np.maximum.reduceat(score, indptr[:-1][has_edges])
    eps_final = max(rel_eps * float(best_scores.mean()), 1e-9)
    eps = max(_FIRST_EPS * float(best_scores.max()), eps_final)

    rng = np.random.default_rng(_TIE_SEED)
    rotation = rng.random(n_e)[np.repeat(np.arange(n_e), degree)] + rng.random(len(capacity))[mentor]
    bidding_score = score + (rotation % 1.0) * (_TIE_BREAK * eps_final)
    state = _AuctionState(indptr, mentor, bidding_score, capacity)
    previous = 0.0
    while True:
        state.start_phase(lower_by=_PRICE_DROP * previous)
        state.run(eps, reverse=eps <= eps_final)
        if eps <= eps_final:
            break
        previous = eps
        eps = max(eps / _EPS_DIVISOR, eps_final)
    mentor_price = np.where(capacity > 0, state.price[np.minimum(state.first, len(state.price) - 1)], 0.0)
    return Assignment(state.mentor_of(), state.dual_bound(), mentor_price, float(state.price.sum()))


class _AuctionState:
    """Prices and holders of mentor slots (a mentor's slots sorted by price), and per mentee the
    mentor held, the score of that edge and the price paid (so its profit is value - price)."""

    def __init__(
        self, indptr: np.ndarray, mentor: np.ndarray, score: np.ndarray, capacity: np.ndarray
    ) -> None:
        self.indptr, self.mentor, self.score, self.capacity = indptr, mentor, score, capacity
        self.degree = np.diff(indptr)
        n_e, n_m = len(indptr) - 1, len(capacity)
        self.slot_ptr = np.zeros(n_m + 1, dtype=np.int64)
        np.cumsum(capacity, out=self.slot_ptr[1:])
        self.first = self.slot_ptr[:-1].copy()
        self.has_second = capacity >= 2
        self.second = np.where(self.has_second, self.first + 1, 0)
        self.slot_mentor = np.repeat(np.arange(n_m), capacity)
        self.price = np.zeros(int(self.slot_ptr[-1]))
        self.holder = np.full(int(self.slot_ptr[-1]), -1, dtype=np.int64)
        self.held_mentor = np.full(n_e, -1, dtype=np.int64)
        self.held_value = np.zeros(n_e)
        self.held_price = np.zeros(n_e)
        self._lists: tuple[list[int], list[float], list[int], list[int], list[float]] | None = None

    def start_phase(self, lower_by: float) -> None:
        if lower_by:
            np.maximum(self.price - lower_by, 0.0, out=self.price)
        self.holder[:] = -1
        self.held_mentor[:] = -1
        order = np.lexsort((self.price, self.slot_mentor))
        self.price = self.price[order]

    def run(self, eps: float, reverse: bool) -> None:
        free = np.flatnonzero(self.degree > 0)
        while len(free) >= _SEQUENTIAL_BELOW:
            free = self._jacobi_round(free, eps)
        self._sequential(free.tolist(), eps, reverse)

    def _jacobi_round(self, free: np.ndarray, eps: float) -> np.ndarray:
        price, holder, first = self.price, self.holder, self.first
        lens = self.degree[free]
        seg = np.zeros(len(free) + 1, dtype=np.int64)
        np.cumsum(lens, out=seg[1:])
        total = int(seg[-1])
        edges = np.arange(total) + np.repeat(self.indptr[free] - seg[:-1], lens)
        cols = self.mentor[edges]
        values = self.score[edges]
        net = values - price[first[cols]]
        v1 = np.maximum.reduceat(net, seg[:-1])
        at_best = np.where(net == np.repeat(v1, lens), np.arange(total), total)
        best = np.minimum.reduceat(at_best, seg[:-1])
        net[best] = -np.inf
        v2 = np.maximum.reduceat(net, seg[:-1])
        target_mentor = cols[best]
        target_value = values[best]
        same_mentor = np.where(
            self.has_second[target_mentor],
            target_value - price[self.second[target_mentor]],
            -np.inf,
        )
        np.maximum(v2, same_mentor, out=v2)
        np.maximum(v2, 0.0, out=v2)
        bidding = v1 > 0
        bidders = free[bidding]
        target_mentor = target_mentor[bidding]
        target_value = target_value[bidding]
        bid = (target_value - v2[bidding]) + eps

        order = np.lexsort((-bid, target_mentor))
        bidders, target_mentor, bid = bidders[order], target_mentor[order], bid[order]
        target_value = target_value[order]
        rank = np.arange(len(bidders)) - np.searchsorted(target_mentor, target_mentor)
        won = rank < self.capacity[target_mentor]
        slot = first[target_mentor] + np.where(won, rank, 0)
        current = price[slot]
        won &= bid >= current + np.where(rank == 0, 0.0, eps)
        won &= bid > current
        winners = np.flatnonzero(won)
        slots = slot[winners]
        displaced = holder[slots]
        displaced = displaced[displaced >= 0]
        self.held_mentor[displaced] = -1
        new_holders = bidders[winners]
        holder[slots] = new_holders
        price[slots] = bid[winners]
        self.held_mentor[new_holders] = target_mentor[winners]
        self.held_value[new_holders] = target_value[winners]
        self.held_price[new_holders] = bid[winners]
        touched = np.unique(target_mentor[winners])
        if len(touched):
            caps = self.capacity[touched]
            starts = np.concatenate([[0], np.cumsum(caps)[:-1]])
            idx = np.repeat(first[touched] - starts, caps) + np.arange(int(caps.sum()))
            resort = np.lexsort((price[idx], self.slot_mentor[idx]))
            price[idx] = price[idx[resort]]
            holder[idx] = holder[idx[resort]]
        return np.concatenate([bidders[~won], displaced])

    def _sequential(self, free: list[int], eps: float, reverse: bool) -> None:
        """Finish the phase one bid at a time, then let over-priced empty slots bid in reverse.

        Reverse bids (Bertsekas' reverse auction for asymmetric problems) lower the price of a
        slot nobody holds, possibly attracting the mentee who gains most from it. Without them a
        slot priced high in an earlier phase could stay empty while mentees who want it stay
        unmatched; with them every empty slot ends at price 0, the condition for the dual bound
        to be within n * epsilon of the total.
        """
        if self._lists is None:
            order = np.argsort(self.mentor, kind="stable")
            mentee_of_edge = np.repeat(np.arange(len(self.degree)), self.degree)
            self._lists = (
                self.mentor.tolist(),
                self.score.tolist(),
                np.searchsorted(self.mentor[order], np.arange(len(self.capacity) + 1)).tolist(),
                mentee_of_edge[order].tolist(),
                self.score[order].tolist(),
            )
        cols, values, in_ptr, in_mentee, in_value = self._lists
        bounds = self.indptr.tolist()
        first = self.first.tolist()
        capacity = self.capacity.tolist()
        price = self.price.tolist()
        holder = self.holder.tolist()
        held_mentor = self.held_mentor.tolist()
        held_value = self.held_value.tolist()
        held_price = self.held_price.tolist()
        inf = float("inf")

        def settle(m: int) -> None:
            position, end = first[m], first[m] + capacity[m]
            pairs = sorted(zip(price[position:end], holder[position:end], strict=True))
            for offset, (p, h) in enumerate(pairs):
                price[position + offset], holder[position + offset] = p, h

        reverse_budget = 50 * len(price) + 1000
        while True:
            while free:
                j = free.pop()
                v1 = v2 = -inf
                best = -1
                best_value = 0.0
                for position in range(bounds[j], bounds[j + 1]):
                    m = cols[position]
                    net = values[position] - price[first[m]]
                    if net > v1:
                        v2, v1, best, best_value = v1, net, m, values[position]
                    elif net > v2:
                        v2 = net
                if v1 <= 0:
                    continue
                start = first[best]
                if capacity[best] >= 2:
                    v2 = max(v2, best_value - price[start + 1])
                bid = best_value - max(v2, 0.0) + eps
                displaced = holder[start]
                if displaced >= 0:
                    held_mentor[displaced] = -1
                    free.append(displaced)
                price[start], holder[start] = bid, j
                held_mentor[j], held_value[j], held_price[j] = best, best_value, bid
                settle(best)

            if not reverse:
                break
            pending = [
                m
                for m in range(len(capacity))
                if capacity[m] and _has_idle_priced_slot(m, first, capacity, holder, price)
            ]
            if not pending or reverse_budget <= 0:
                break
            while pending and reverse_budget > 0:
                m = pending.pop()
                reverse_budget -= 1
                start, end = first[m], first[m] + capacity[m]
                slot = next((k for k in range(start, end) if holder[k] < 0 and price[k] > 0), -1)
                if slot < 0:
                    continue
                b1 = b2 = -inf
                chosen = -1
                chosen_value = 0.0
                for position in range(in_ptr[m], in_ptr[m + 1]):
                    j = in_mentee[position]
                    profit = held_value[j] - held_price[j] if held_mentor[j] >= 0 else 0.0
                    gain = in_value[position] - profit
                    if gain > b1:
                        b2, b1, chosen, chosen_value = b1, gain, j, in_value[position]
                    elif gain > b2:
                        b2 = gain
                if b1 - eps <= 0:
                    price[slot] = 0.0
                    settle(m)
                    continue
                new_price = max(0.0, b2 - eps)
                old = held_mentor[chosen]
                if old >= 0:
                    for k in range(first[old], first[old] + capacity[old]):
                        if holder[k] == chosen:
                            holder[k] = -1
                            break
                    if old != m:
                        pending.append(old)
                price[slot], holder[slot] = new_price, chosen
                held_mentor[chosen], held_value[chosen], held_price[chosen] = m, chosen_value, new_price
                settle(m)
                if old >= 0:
                    settle(old)
                if _has_idle_priced_slot(m, first, capacity, holder, price):
                    pending.append(m)
            if not free:
                break

        self.price = np.asarray(price, dtype=np.float64)
        self.holder = np.asarray(holder, dtype=np.int64)
        self.held_mentor = np.asarray(held_mentor, dtype=np.int64)
        self.held_value = np.asarray(held_value, dtype=np.float64)
        self.held_price = np.asarray(held_price, dtype=np.float64)

    def mentor_of(self) -> np.ndarray:
        result = np.full(len(self.indptr) - 1, -1, dtype=np.int64)
        held = self.holder >= 0
        result[self.holder[held]] = self.slot_mentor[held]
        return result

    def dual_bound(self) -> float:
        """Dual objective sum(max(0, best net value of each mentee)) + sum(slot prices)."""
        net = self.score - self.price[self.first[self.mentor]]
        has_edges = self.degree > 0
        profit = np.zeros(len(self.degree))
        profit[has_edges] = np.maximum.reduceat(net, self.indptr[:-1][has_edges])
        return float(np.maximum(profit, 0.0).sum() + self.price.sum())


def _has_idle_priced_slot(
    m: int, first: list[int], capacity: list[int], holder: list[int], price: list[float]
) -> bool:
    return any(holder[k] < 0 and price[k] > 0 for k in range(first[m], first[m] + capacity[m]))
