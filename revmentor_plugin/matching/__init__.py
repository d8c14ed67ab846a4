"""Pure matching engine of revmentor: pairs junior mentors ("Advisors") with senior mentees.

Nothing here imports Django or the rest of the plugin, so the engine can be tested, benchmarked
and reasoned about on its own. Public face::

    from revmentor_plugin.matching import Candidate, Weights, match, score_matrix, MatchResult

`score_matrix` is the exact objective; `match` maximises it under the hard rules and capacities.
"""

from .assess import Assessment, Rule, assess_pair, rank_mentors
from .candidates import Candidate, Weights
from .engine import DENSE_LIMIT, MatchResult, MatchStats, match
from .explain import explain_pair
from .scoring import BASE_SCORE, diversity_share, score_matrix

__all__ = [
    "BASE_SCORE",
    "DENSE_LIMIT",
    "Assessment",
    "Candidate",
    "MatchResult",
    "MatchStats",
    "Rule",
    "Weights",
    "assess_pair",
    "diversity_share",
    "explain_pair",
    "match",
    "rank_mentors",
    "score_matrix",
]
