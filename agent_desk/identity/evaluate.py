"""Pairwise quality metrics and a simple in-memory clustering (for evaluation and tests).

:func:`pair_metrics` counts pairs through the contingency table of (cluster, person) cell sizes,
never enumerating pairs: linear in the number of records.

:func:`cluster` runs :func:`~agent_desk.identity.scoring.group_decisions` over the e-mail,
phone, ERP-number and the two blocking-key groups and unions "same" pairs, strongest first,
refusing a union that would put contradicting records (different given names, different birth
dates) into one cluster. The real resolver does the same against the database, streaming
groups; this is its reference implementation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from agent_desk.identity.normalize import MatchKeys
from agent_desk.identity.scoring import SAME, MatchSettings, PairDecision, group_decisions
from agent_desk.identity.scoring import contradicts as _contradicts


@dataclass(frozen=True)
class Metrics:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_metrics(
    predicted: Iterable[tuple[Hashable, Hashable]], truth: Iterable[tuple[Hashable, Hashable]]
) -> Metrics:
    """Pairwise precision and recall of a clustering against the truth.

    ``predicted`` maps record keys to cluster ids, ``truth`` to person ids. Records are those of
    ``truth``; a truth record missing from ``predicted`` counts as a singleton cluster, a
    predicted record missing from ``truth`` is ignored. Precision is 1.0 when no pair is
    predicted, recall 1.0 when there is no true pair.
    """
    person: dict[Hashable, Hashable] = dict(truth)
    cluster_of: dict[Hashable, Hashable] = {}
    for key, cid in predicted:
        if key in person:
            cluster_of[key] = cid
    person_sizes: Counter[Hashable] = Counter(person.values())
    cluster_sizes: Counter[Hashable] = Counter()
    cells: Counter[tuple[Hashable, Hashable]] = Counter()
    for key, pid in person.items():
        if key in cluster_of:
            cid = cluster_of[key]
            cluster_sizes[cid] += 1
            cells[(cid, pid)] += 1
    true_pairs = sum(_pairs(n) for n in person_sizes.values())
    predicted_pairs = sum(_pairs(n) for n in cluster_sizes.values())
    correct = sum(_pairs(n) for n in cells.values())
    return Metrics(
        precision=correct / predicted_pairs if predicted_pairs else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct,
    )


class _Clusters:
    """Union-find whose roots remember distinct name/birth-date profiles of their members."""

    def __init__(self, keys: dict[int, MatchKeys]) -> None:
        self.parent: dict[int, int] = {i: i for i in keys}
        self.profiles: dict[int, list[MatchKeys]] = {
            i: [k] if (k.given_name or k.birth_date) else [] for i, k in keys.items()
        }
        self.refused = 0

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        pa, pb = self.profiles[ra], self.profiles[rb]
        if any(_contradicts(x, y) for x in pa for y in pb):
            self.refused += 1
            return False
        if len(pa) < len(pb):
            ra, rb, pa, pb = rb, ra, pb, pa
        self.parent[rb] = ra
        seen = {(k.given_name, k.family_name, k.birth_date) for k in pa}
        for k in pb:
            if (k.given_name, k.family_name, k.birth_date) not in seen:
                pa.append(k)
                seen.add((k.given_name, k.family_name, k.birth_date))
        del self.profiles[rb]
        return True


@dataclass
class ClusterStats:
    groups: Counter[str]
    largest_group: Counter[str]
    compared_pairs: int = 0
    skipped_pairs: int = 0
    same_pairs: int = 0
    possible_pairs: int = 0
    refused_unions: int = 0


def candidate_groups(records: list[tuple[int, MatchKeys]]) -> dict[str, dict[str, list[int]]]:
    """kind -> key -> record ids, for the groups with two or more members."""
    groups: dict[str, dict[str, list[int]]] = {
        "erp_number": defaultdict(list),
        "email": defaultdict(list),
        "phone": defaultdict(list),
        "block": defaultdict(list),
    }
    for rid, k in records:
        if k.erp_customer_number:
            groups["erp_number"][k.erp_customer_number].append(rid)
        if k.email:
            groups["email"][k.email].append(rid)
        if k.phone:
            groups["phone"][k.phone].append(rid)
        if k.block_a:
            groups["block"][k.block_a].append(rid)
        if k.block_b:
            groups["block"][k.block_b].append(rid)
    return {
        kind: {key: ids for key, ids in g.items() if len(ids) > 1} for kind, g in groups.items()
    }


def decisions(
    records: list[tuple[int, MatchKeys]], settings: MatchSettings, stats: ClusterStats | None = None
) -> list[PairDecision]:
    """All "same"/"possible" decisions over every candidate group (duplicates possible)."""
    keys = dict(records)
    out: list[PairDecision] = []
    for kind, groups in candidate_groups(records).items():
        for ids in groups.values():
            result = group_decisions(kind, [(i, keys[i]) for i in ids], settings)
            out.extend(result)
            if stats is not None:
                stats.groups[kind] += 1
                stats.largest_group[kind] = max(stats.largest_group[kind], len(ids))
                stats.compared_pairs += result.compared_pairs
                stats.skipped_pairs += result.skipped_pairs
    return out


def cluster(
    records: list[tuple[int, MatchKeys]],
    settings: MatchSettings | None = None,
    stats: ClusterStats | None = None,
) -> dict[int, int]:
    """Record id -> cluster id (the smallest record id of the cluster).

    "Same" pairs are united deterministic rules first (ERP number, e-mail, phone), then fuzzy
    ones, each by descending score; a union that would join contradicting records is refused
    (counted in ``stats.refused_unions``).
    """
    settings = settings or MatchSettings()
    keys = dict(records)
    found = decisions(records, settings, stats)
    same = sorted(
        {(d.id_a, d.id_b): d for d in found if d.decision == SAME}.values(),
        key=lambda d: (d.rule == "fuzzy", -d.score, d.id_a, d.id_b),
    )
    uf = _Clusters(keys)
    for d in same:
        uf.union(d.id_a, d.id_b)
    if stats is not None:
        stats.same_pairs = len(same)
        stats.possible_pairs = len({(d.id_a, d.id_b) for d in found if d.decision != SAME})
        stats.refused_unions = uf.refused
    members: dict[int, list[int]] = defaultdict(list)
    for rid in keys:
        members[uf.find(rid)].append(rid)
    return {rid: min(ids) for ids in members.values() for rid in ids}
