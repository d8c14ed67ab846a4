"""Synthetic but realistic cohorts for the matching benchmark and the scale tests.

Profiles follow what a company-wide reverse-mentoring programme looks like: a few popular skills
(Zipf-like), most people speaking English plus sometimes a local language, a handful of office
timezones, eight departments, juniors as mentors and seniors as mentees, and one management
forest spanning everyone (some managers do not take part). Generation is seeded and uses numpy
only, so sizes up to 30,000 people take well under a second.
"""

from __future__ import annotations

import numpy as np

from revmentor_plugin.matching import Candidate

__all__ = ["generate_cohort"]

SKILLS = [f"skill-{i:02d}" for i in range(40)]
INTERESTS = [f"interest-{i:02d}" for i in range(30)]
LANGUAGES = ["en", "fr", "de", "es", "pt", "ja"]
TIMEZONES = [
    "America/Los_Angeles",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
]
DEPARTMENTS = [
    "Engineering",
    "Finance",
    "Sales",
    "Marketing",
    "Operations",
    "Legal",
    "HR",
    "Support",
]


def _zipf(n: int, exponent: float = 1.0) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _picks(rng: np.random.Generator, vocabulary: list[str], p: np.ndarray, k: int) -> frozenset[str]:
    chosen = rng.choice(len(vocabulary), size=min(k, len(vocabulary)), replace=False, p=p)
    return frozenset(vocabulary[i] for i in chosen)


def generate_cohort(
    n_mentees: int, n_mentors: int | None = None, seed: int = 0
) -> tuple[list[Candidate], list[Candidate]]:
    """Return (mentors, mentees); mentors default to half the mentees, capacities 1-3."""
    rng = np.random.default_rng(seed)
    n_mentors = n_mentees // 2 if n_mentors is None else n_mentors
    n_people = n_mentors + n_mentees
    skill_p = _zipf(len(SKILLS), 0.8)
    interest_p = _zipf(len(INTERESTS), 0.6)
    language_p = np.array([0.0, 0.3, 0.25, 0.25, 0.1, 0.1])

    seniority = np.concatenate([rng.integers(1, 5, n_mentors), rng.integers(3, 9, n_mentees)])
    order = np.argsort(-seniority + rng.random(n_people) * 0.5, kind="stable")
    rank = np.empty(n_people, dtype=np.int64)
    rank[order] = np.arange(n_people)
    people_ids = [f"r{i}" if i < n_mentors else f"e{i - n_mentors}" for i in range(n_people)]
    managers: list[str | None] = []
    for i in range(n_people):
        r = rank[i]
        if r < 5 or rng.random() < 0.02:
            managers.append(None if r < 5 else f"outside-{rng.integers(0, 50)}")
        else:
            boss_rank = int(rng.integers(max(0, r // 6 - 3), max(1, r // 3)))
            managers.append(people_ids[int(order[boss_rank])])

    def person(i: int, mentor: bool) -> Candidate:
        langs = {"en"} if rng.random() < 0.9 else set()
        if rng.random() < 0.35 or not langs:
            langs.add(LANGUAGES[int(rng.choice(len(LANGUAGES), p=language_p))])
        tz = TIMEZONES[int(rng.integers(0, len(TIMEZONES)))]
        return Candidate(
            id=people_ids[i],
            skills_offered=_picks(rng, SKILLS, skill_p, int(rng.integers(2, 7))) if mentor else frozenset(),
            skills_sought=frozenset() if mentor else _picks(rng, SKILLS, skill_p, int(rng.integers(1, 5))),
            interests=_picks(rng, INTERESTS, interest_p, int(rng.integers(0, 6))),
            languages=frozenset(langs),
            timezone=tz,
            capacity=int(rng.integers(1, 4)) if mentor else 1,
            seniority=int(seniority[i]) if rng.random() < 0.95 else None,
            department=DEPARTMENTS[int(rng.integers(0, len(DEPARTMENTS)))],
            manager=managers[i],
            attributes={"gender": ["f", "m", "x"][int(rng.integers(0, 3))]},
        )

    mentors = [person(i, True) for i in range(n_mentors)]
    mentees = [person(i, False) for i in range(n_mentors, n_people)]
    return mentors, mentees
