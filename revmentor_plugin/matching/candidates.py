"""Input types of the matching engine: who takes part, and how much each criterion counts.

`Candidate` is a plain, frozen description of one person in one role (mentor/"Advisor" or
mentee/"Learner"). The engine never sees Django models: services turn profiles into
candidates, so the engine stays pure, fast to test and reusable from scripts.

`Weights` holds the relative importance of each scoring criterion. Programs store weights as a
JSON dict, hence the strict `from_dict` / `as_dict` pair: a typo in a stored key must fail loudly
instead of silently falling back to a default.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["DEFAULT_WEIGHTS", "Candidate", "Weights", "as_weights"]


def _as_frozenset(name: str, value: Iterable[Hashable] | None) -> frozenset[Hashable]:
    if value is None:
        return frozenset()
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a collection of ids, not a single string: {value!r}")
    return frozenset(value)


@dataclass(frozen=True)
class Candidate:
    """One participant of a matching run.

    The same class describes mentors and mentees; which fields matter depends on the role
    (mentors are scored on ``skills_offered`` and ``capacity``, mentees on ``skills_sought``).
    ``manager`` is the id of another candidate (on either side) or of someone not taking part;
    it is only used to keep people in the same reporting line apart. ``attributes`` (copied into a
    plain dict) feed the optional diversity criterion and are excluded from hashing so candidates
    stay hashable.
    Sets may be given as any iterable; they are stored as frozensets.
    """

    id: Hashable
    skills_offered: frozenset[Hashable] = frozenset()
    skills_sought: frozenset[Hashable] = frozenset()
    interests: frozenset[Hashable] = frozenset()
    languages: frozenset[Hashable] = frozenset()
    timezone: str = "UTC"
    capacity: int = 1
    seniority: int | None = None
    department: Hashable | None = None
    manager: Hashable | None = None
    attributes: Mapping[str, Hashable] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.id is None:
            raise ValueError("Candidate.id must not be None")
        hash(self.id)
        for name in ("skills_offered", "skills_sought", "interests", "languages"):
            object.__setattr__(self, name, _as_frozenset(name, getattr(self, name)))
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int):
            if isinstance(self.capacity, float) and self.capacity.is_integer():
                object.__setattr__(self, "capacity", int(self.capacity))
            else:
                raise TypeError(f"capacity must be an int, got {self.capacity!r}")
        if self.seniority is not None and (
            isinstance(self.seniority, bool) or not isinstance(self.seniority, int)
        ):
            raise TypeError(f"seniority must be an int or None, got {self.seniority!r}")
        if self.timezone is None:
            object.__setattr__(self, "timezone", "UTC")
        object.__setattr__(self, "attributes", dict(self.attributes or {}))


@dataclass(frozen=True)
class Weights:
    """Relative weight of each scoring criterion (all criteria are first normalised to [0, 1]).

    A weight of 0 switches a criterion off. Diversity is off by default: it only counts when a
    program opts in and both people share attribute keys.
    """

    skills: float = 3.0
    interests: float = 1.0
    timezone: float = 1.0
    department: float = 0.5
    seniority: float = 1.0
    diversity: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _check_weight(f.name, getattr(self, f.name)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Weights:
        """Build weights from a stored dict; missing keys keep their default.

        Raises ValueError naming the offending key for unknown keys, non-numbers (including
        booleans, NaN and infinities) and negative values.
        """
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise ValueError(f"weights must be a mapping, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in data if k not in known)
        if unknown:
            raise ValueError(
                f"unknown weight key(s): {', '.join(unknown)}; expected {', '.join(sorted(known))}"
            )
        return cls(**{key: _check_weight(key, value) for key, value in data.items()})

    def as_dict(self) -> dict[str, float]:
        """Plain dict of every weight, suitable for JSON storage."""
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


def _check_weight(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"weight {key!r} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"weight {key!r} must be finite, got {value!r}")
    if number < 0:
        raise ValueError(f"weight {key!r} must not be negative, got {value!r}")
    return number


DEFAULT_WEIGHTS = Weights()
"""The defaults, shared as the default argument of `match` and `score_matrix`."""


def as_weights(weights: Weights | Mapping[str, Any] | None) -> Weights:
    """Accept `Weights`, a stored dict (validated by `Weights.from_dict`) or None (defaults)."""
    if isinstance(weights, Weights):
        return weights
    return Weights.from_dict(weights)
