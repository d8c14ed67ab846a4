"""Hard rules: language, reporting lines (across sides, through outsiders, with cycles), exclusions."""

from __future__ import annotations

import time

import numpy as np
import pytest

from revmentor_plugin.matching import Candidate, match, score_matrix
from revmentor_plugin.matching.features import reporting_intervals


def person(pid, manager=None, languages=("en",), capacity=1, **kw) -> Candidate:
    return Candidate(id=pid, manager=manager, languages=frozenset(languages), capacity=capacity, **kw)


def feasible(mentors, mentees, **kw) -> dict[tuple[str, str], bool]:
    _, ok = score_matrix(mentors, mentees, **kw)
    return {(m.id, e.id): bool(ok[i, j]) for i, m in enumerate(mentors) for j, e in enumerate(mentees)}


def test_language_must_be_shared_and_empty_sets_share_nothing():
    got = feasible(
        [person("m1", languages=["en", "fr"]), person("m2", languages=[])],
        [person("e1", languages=["fr"]), person("e2", languages=["de"]), person("e3", languages=[])],
    )
    assert got == {
        ("m1", "e1"): True,
        ("m1", "e2"): False,
        ("m1", "e3"): False,
        ("m2", "e1"): False,
        ("m2", "e2"): False,
        ("m2", "e3"): False,
    }


def test_a_person_on_both_sides_is_never_paired_with_themself():
    got = feasible([person("p"), person("m")], [person("p"), person("e")])
    assert not got[("p", "p")]
    assert got[("p", "e")]
    assert got[("m", "p")]


def test_reporting_line_is_followed_across_sides():
    # e_boss (a mentee) manages m_lead (a mentor), who manages e_junior (a mentee), who manages m_intern.
    mentors = [person("m_lead", manager="e_boss"), person("m_intern", manager="e_junior"), person("m_other")]
    mentees = [person("e_boss"), person("e_junior", manager="m_lead"), person("e_other", manager="m_other")]
    got = feasible(mentors, mentees)
    assert not got[("m_lead", "e_boss")]
    assert not got[("m_lead", "e_junior")]
    assert not got[("m_intern", "e_junior")]
    assert not got[("m_intern", "e_boss")]  # grand-grand-manager, through both sides
    assert not got[("m_other", "e_other")]
    assert got[("m_other", "e_boss")]
    assert got[("m_lead", "e_other")]
    assert got[("m_intern", "e_other")]


def test_chains_through_people_not_taking_part_end_there():
    mentors = [person("m1", manager="outsider")]
    mentees = [person("e1", manager="outsider"), person("e2", manager="m1")]
    got = feasible(mentors, mentees)
    assert got[("m1", "e1")]  # siblings under someone absent are not in one line
    assert not got[("m1", "e2")]


def test_manager_cycles_do_not_hang_and_block_everyone_on_and_below_them():
    mentors = [person("a", manager="b"), person("c", manager="a"), person("self", manager="self")]
    mentees = [person("b", manager="a"), person("d"), person("x", manager="self")]
    got = feasible(mentors, mentees)
    assert not got[("a", "b")]
    assert not got[("c", "b")]  # c hangs below the a<->b cycle
    assert got[("a", "d")]
    assert got[("self", "d")]
    assert not got[("self", "x")]


def test_reporting_intervals_nest_like_the_hierarchy():
    parent = [-1, 0, 0, 4, 3, 3, -1, 6]  # 3 and 4 manage each other, 5 reports to 3
    tin, tout = reporting_intervals(parent)

    def contains(a, b):
        return tin[a] <= tin[b] < tout[a]

    assert contains(0, 1)
    assert contains(0, 2)
    assert contains(6, 7)
    assert contains(3, 4)
    assert contains(4, 3)
    assert contains(3, 5)
    assert contains(4, 5)
    assert not contains(1, 2)
    assert not contains(5, 3)
    assert not contains(0, 3)
    assert not contains(6, 0)
    assert not contains(7, 6)


def test_deep_hierarchy_is_linear_and_needs_no_recursion():
    n = 20_000
    parent = [i - 1 for i in range(n)]
    start = time.perf_counter()
    tin, tout = reporting_intervals(parent)
    assert time.perf_counter() - start < 2.0
    assert tin[0] == 0
    assert tout[0] == n
    assert tin[-1] == n - 1


def test_forbidden_pairs_are_never_matched():
    mentors = [person("m1", capacity=2), person("m2")]
    mentees = [person("e1"), person("e2")]
    result = match(mentors, mentees, forbidden=[("m1", "e1"), ("m1", "e2"), ("unknown", "e1")])
    assert [m for m, _, _, _ in result.pairs] == ["m2"]
    assert result.unmatched_mentors == {"m1": "No compatible mentee"}


@pytest.mark.parametrize("capacity", [0, -1])
def test_mentors_without_capacity_are_never_matched(capacity):
    result = match([person("m", capacity=capacity)], [person("e")])
    assert result.pairs == []
    _, ok = score_matrix([person("m", capacity=capacity)], [person("e")])
    assert not ok.any()


def test_capacity_is_respected_and_used():
    mentors = [person("m", capacity=2)]
    result = match(mentors, [person(f"e{i}") for i in range(3)])
    assert len(result.pairs) == 2
    assert len(result.unmatched_mentees) == 1


def test_duplicate_ids_within_a_side_are_rejected():
    with pytest.raises(ValueError, match="duplicate mentor id"):
        match([person("m"), person("m")], [person("e")])
    with pytest.raises(ValueError, match="duplicate mentee id"):
        match([person("m")], [person("e"), person("e")])


def test_integer_ids_work():
    result = match([person(1)], [person(2), person(3, manager=1)])
    assert [(m, e) for m, e, _, _ in result.pairs] == [(1, 2)]


def test_reporting_lines_at_scale_are_fast():
    rng = np.random.default_rng(0)
    n = 6_000
    people = [person(f"p{i}", manager=(f"p{rng.integers(0, i)}" if i else None)) for i in range(n)]
    start = time.perf_counter()
    _, ok = score_matrix(people[: n // 2], people[n // 2 :])
    assert time.perf_counter() - start < 10
    managers = {p.id: p.manager for p in people}
    for j in rng.integers(0, n // 2, 20):
        mentee = people[n // 2 + j]
        chain, node = set(), mentee.manager
        while node is not None:
            chain.add(node)
            node = managers[node]
        for i in rng.integers(0, n // 2, 50):
            mentor = people[i]
            in_line = mentor.id in chain or mentee.id in _chain(mentor.id, managers)
            assert ok[i, j] == (not in_line)


def _chain(pid, managers):
    seen, node = set(), managers[pid]
    while node is not None:
        seen.add(node)
        node = managers[node]
    return seen
