"""Identity matching core: normalized match keys, pair scoring and evaluation (pure, no I/O
except reading ``resources/identity``). The sync engine stores :class:`MatchKeys`; the resolver
calls :func:`group_decisions` per shared key / block and unions the "same" pairs."""

from agent_desk.identity.evaluate import Metrics, cluster, pair_metrics
from agent_desk.identity.normalize import (
    MatchKeys,
    city_key,
    match_keys,
    name_key,
    normalize_email,
    normalize_phone,
    postcode_key,
    street_key,
)
from agent_desk.identity.scoring import (
    Comparison,
    Decisions,
    MatchSettings,
    PairDecision,
    compare,
    group_decisions,
)

__all__ = [
    "Comparison",
    "Decisions",
    "MatchKeys",
    "MatchSettings",
    "Metrics",
    "PairDecision",
    "city_key",
    "cluster",
    "compare",
    "group_decisions",
    "match_keys",
    "name_key",
    "normalize_email",
    "normalize_phone",
    "pair_metrics",
    "postcode_key",
    "street_key",
]
