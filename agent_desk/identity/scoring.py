"""Pairwise comparison of match keys, and :func:`group_decisions`, the over-merge-guarded unit
of work of the resolver.

Scores are Fellegi–Sunter style: the sum over fields of log2 likelihood ratios (bits). A field
that agrees adds ``log2(m/u)`` (m: probability the field agrees for the same person, u: for two
different persons), a field that disagrees adds ``log2((1-m)/(1-u))`` (negative), a missing
value adds 0. Names agree partially (Jaro–Winkler similarity, nicknames, initials, the Spanish
first surname alone), swapped given/family names are tried too, also a lone given name against
a swapped pair; the words of a full name split differently ("maria" / "pilar mora" against
"maria pilar" / "mora rojas") agree; a misspelt form of a nickname's formal name ("bill" /
"wiilliam") agrees weakly instead of contradicting. The weights below are rounded
from m/u estimates on the demo data and common sense; 10 bits is roughly 1000:1 odds.

Deterministic rules come first (ERP customer number, e-mail, phone) but only when the names do
not contradict them; everything else is decided by the score against
:attr:`MatchSettings.auto_threshold` / :attr:`MatchSettings.possible_threshold`.

Precision comes first: a shared mailbox (households), a switchboard number, namesakes at one
address (father and son) must never be merged silently; such pairs are at most "possible".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations

import phonenumbers
from rapidfuzz.distance import JaroWinkler

from agent_desk.identity.normalize import MatchKeys, house_number, name_key
from agent_desk.resources import read_text

SAME = "same"
POSSIBLE = "possible"
DIFFERENT = "different"


@dataclass(frozen=True)
class MatchSettings:
    """Decision thresholds; scores are log2 likelihood-ratio sums (bits, see module docstring).

    * ``auto_threshold``: a fuzzy pair at or above it is "same" (unless a guard caps it);
    * ``possible_threshold``: at or above it (and below auto) "possible", for an agent to review;
    * ``max_group``: e-mail/phone/ERP-number groups larger than this are not compared all
      pairs with all pairs: only within name-compatible sub-groups (a shared key alone never
      merges);
    * ``max_block``: fuzzy blocks larger than this are sub-blocked by full name; sub-blocks
      still larger are skipped (counted in :attr:`Decisions.skipped_pairs`).
    """

    auto_threshold: float = 20.0
    possible_threshold: float = 8.0
    max_group: int = 40
    max_block: int = 150


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float
    decision: str  # same | possible | different
    rule: str  # erp_number | email | phone | fuzzy
    reason: str


@dataclass(frozen=True, slots=True)
class PairDecision:
    id_a: int
    id_b: int
    score: float
    decision: str
    rule: str
    reason: str


class Decisions(list[PairDecision]):
    """The "same"/"possible" pairs of a group, plus how much work was skipped."""

    skipped_pairs: int = 0
    compared_pairs: int = 0


# --- nicknames -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[int]]:
    """name key -> ids of the nickname groups it belongs to (``resources/identity/``)."""
    raw = json.loads(read_text("identity", "nicknames.json"))
    groups: dict[str, set[int]] = {}
    for i, (name, nicks) in enumerate(item for item in raw.items() if not item[0].startswith("_")):
        for n in (name, *nicks):
            key = name_key(n)
            if key:
                groups.setdefault(key, set()).add(i)
    return {k: frozenset(v) for k, v in groups.items()}


def is_nickname(a: str, b: str) -> bool:
    groups = nickname_groups()
    ga, gb = groups.get(a), groups.get(b)
    return bool(ga and gb and not ga.isdisjoint(gb))


@lru_cache(maxsize=1)
def _nickname_members() -> dict[int, tuple[str, ...]]:
    members: dict[int, list[str]] = {}
    for name, ids in nickname_groups().items():
        for i in ids:
            members.setdefault(i, []).append(name)
    return {i: tuple(names) for i, names in members.items()}


def is_misspelt_nickname(a: str, b: str) -> bool:
    """``a`` is a nickname or the formal form of a name at least 92 % (Jaro–Winkler) like
    ``b``, or the other way round: "bill" and "wiilliam", "doug" and "duglas"."""
    groups = nickname_groups()
    members = _nickname_members()
    for known, typed in ((a, b), (b, a)):
        for i in groups.get(known, ()):
            for name in members[i]:
                if name != known and _similarity(name, typed) >= 0.92:
                    return True
    return False


# --- field comparisons -------------------------------------------------------------------------

# (weight, label); conflict flags are derived from negative weights of names and birth dates
_GIVEN_EXACT = 6.0
_GIVEN_NICK = 4.5
_GIVEN_PART = 3.5  # "jose luis" vs "jose"
_GIVEN_CLOSE = 4.0  # Jaro–Winkler >= 0.92 (typo, transliteration)
_GIVEN_NEAR = 1.5  # >= 0.85
_GIVEN_INITIAL = 1.0
_GIVEN_DIFF = -7.0
_FAMILY_EXACT = 8.0
_FAMILY_PART = 6.5  # Spanish first surname alone: "cruz" vs "cruz molina"
_FAMILY_CLOSE = 5.0
_FAMILY_NEAR = 2.0
_FAMILY_DIFF = -7.0
_SWAP_PENALTY = 0.5


def _similarity(a: str, b: str) -> float:
    return float(JaroWinkler.similarity(a, b))


@lru_cache(maxsize=262_144)
def _given(a: str, b: str) -> tuple[float, str]:
    if a == b:
        return _GIVEN_EXACT, "same given name"
    if is_nickname(a, b) or is_nickname(a.split(" ")[0], b.split(" ")[0]):
        return _GIVEN_NICK, f"nickname ({a} / {b})"
    if len(a) == 1 or len(b) == 1:
        if a[0] == b[0]:
            return _GIVEN_INITIAL, "given name initial agrees"
        return _GIVEN_DIFF, "different given name"
    ta, tb = a.split(" "), b.split(" ")
    if ta[0] == tb[0] or set(ta) <= set(tb) or set(tb) <= set(ta):
        return _GIVEN_PART, "given name partly the same"
    sim = _similarity(a, b)
    if sim >= 0.92:
        return _GIVEN_CLOSE, f"given name {sim:.0%} similar"
    if is_misspelt_nickname(a, b):
        return _GIVEN_NEAR, f"nickname, misspelt ({a} / {b})"
    if sim >= 0.85:
        return _GIVEN_NEAR, f"given name {sim:.0%} similar"
    return _GIVEN_DIFF, "different given name"


@lru_cache(maxsize=262_144)
def _family(a: str, b: str) -> tuple[float, str]:
    if a == b:
        return _FAMILY_EXACT, "same family name"
    if a.replace(" ", "") == b.replace(" ", ""):
        return _FAMILY_EXACT, "same family name"
    ta, tb = a.split(" "), b.split(" ")
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return _FAMILY_PART, "family name partly the same"
    sim = _similarity(a, b)
    if sim >= 0.92:
        return _FAMILY_CLOSE, f"family name {sim:.0%} similar"
    if sim >= 0.85:
        return _FAMILY_NEAR, f"family name {sim:.0%} similar"
    return _FAMILY_DIFF, "different family name"


@dataclass(slots=True)
class _Names:
    given: float = 0.0
    family: float = 0.0
    labels: list[str] = field(default_factory=list)
    lone_swapped: bool = False  # a lone name agrees with the other's family name only

    @property
    def total(self) -> float:
        return self.given + self.family


def _subsequence(short: list[str], long: list[str]) -> list[int] | None:
    """Positions in ``long`` of the tokens of ``short``, in order, or ``None``."""
    out: list[int] = []
    pos = 0
    for token in short:
        while pos < len(long) and long[pos] != token:
            pos += 1
        if pos == len(long):
            return None
        out.append(pos)
        pos += 1
    return out


def _regrouped(a: MatchKeys, b: MatchKeys) -> _Names | None:
    """The same words of a full name split differently into given and family name: a display
    name "Maria Pilar Mora" read as given "maria", family "pilar mora" against "maria pilar" /
    "mora rojas". One name's words must appear, in order and starting with the first, in the
    other's; if none of them reaches the other's family name, only the given name agrees."""
    if not a.given_name or not b.given_name:
        return None
    ta = a.given_name.split(" ") + (a.family_name.split(" ") if a.family_name else [])
    tb = b.given_name.split(" ") + (b.family_name.split(" ") if b.family_name else [])
    if len(ta) < 2 and len(tb) < 2:
        return None
    (short, _), (long, long_keys) = sorted(((ta, a), (tb, b)), key=lambda t: len(t[0]))
    if short[0] != long[0]:
        return None
    positions = _subsequence(short, long)
    if positions is None:
        return None
    given_len = len(long_keys.given_name.split(" ")) if long_keys.given_name else 0
    if positions[-1] >= given_len:
        return _Names(_GIVEN_PART, _FAMILY_PART, ["same name, split differently"])
    return _Names(_GIVEN_PART, 0.0, ["given name partly the same"])


def _names(a: MatchKeys, b: MatchKeys) -> _Names:
    straight = _Names()
    if a.given_name and b.given_name:
        w, label = _given(a.given_name, b.given_name)
        straight.given = w
        straight.labels.append(label)
    if a.family_name and b.family_name:
        w, label = _family(a.family_name, b.family_name)
        straight.family = w
        straight.labels.append(label)
    if straight.given > 0 and straight.family > 0:
        return straight
    # given and family name swapped in one system (legacy ERP rows, "Family Given" displays)
    if a.given_name and a.family_name and b.given_name and b.family_name:
        swapped = _Names()
        swapped.family = _family(a.given_name, b.family_name)[0] - _SWAP_PENALTY
        swapped.given = _given(a.family_name, b.given_name)[0] - _SWAP_PENALTY
        if swapped.given > 0 and swapped.family > 0 and swapped.total > straight.total:
            swapped.labels.append("same names, given/family swapped")
            return swapped
    if straight.given >= 0 and straight.family >= 0:
        return straight
    regrouped = _regrouped(a, b)
    if regrouped is not None and regrouped.total > straight.total:
        return regrouped
    if straight.given < 0 and not (a.family_name and b.family_name):
        # one side has a lone given name (a Zendesk "Matthew"), the other both names, swapped
        # (a legacy ERP "Foster Matthew"): the lone name equal to the other family name
        full, lone = (a, b) if a.family_name else (b, a)
        if full.family_name and lone.given_name == full.family_name:
            return _Names(
                _GIVEN_EXACT - _SWAP_PENALTY,
                0.0,
                ["given name equals the swapped one"],
                lone_swapped=True,
            )
    return straight


def _birth(a: date, b: date) -> tuple[float, str, bool]:
    """(weight, label, hard conflict)."""
    if a == b:
        return 10.0, "same birth date", False
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return 5.0, "birth date with day and month swapped", False
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    if same == 2:
        return -3.0, "birth date differs in one part", False
    return -12.0, "different birth date", True


def _street(a: str, b: str) -> tuple[float, str]:
    if a == b:
        return 5.0, "same street"
    na, nb = house_number(a), house_number(b)
    if na and na == nb and _similarity(a, b) >= 0.85:
        return 4.0, "street similar, same house number"
    return -1.0, "different street"


@dataclass(slots=True)
class Evidence:
    """All field comparisons of one pair (internal, exposed for tests and the resolver)."""

    score: float
    labels: list[str]
    given: float
    family: float
    birth_conflict: bool
    birth_agree: bool
    email_agree: bool
    email_conflict: bool
    phone_agree: bool
    phone_conflict: bool
    postcode_agree: bool = False
    street_agree: bool = False
    one_erp_row: bool = False  # exactly one side is an ERP customer row (own number)
    lone_swapped: bool = False  # the given-name agreement is a lone name = a family name

    @property
    def given_conflict(self) -> bool:
        return self.given < 0

    @property
    def family_conflict(self) -> bool:
        return self.family < 0

    @property
    def names_agree(self) -> bool:
        """Given and family name both present and agreeing (possibly swapped / nickname)."""
        return self.given > 0 and self.family > 0

    @property
    def names_compatible(self) -> bool:
        return self.given >= 0 and self.family >= 0 and not self.birth_conflict


def evidence(a: MatchKeys, b: MatchKeys, ignore: Sequence[str] = ()) -> Evidence:
    """Weigh every field of the pair; ``ignore`` names fields known to be shared (neutral)."""
    score = 0.0
    labels: list[str] = []
    names = _names(a, b)
    score += names.total
    labels.extend(names.labels)
    birth_conflict = birth_agree = False
    if a.birth_date and b.birth_date:
        w, label, birth_conflict = _birth(a.birth_date, b.birth_date)
        birth_agree = w >= 10.0
        score += w
        labels.append(label)
    email_agree = email_conflict = False
    if a.email and b.email and "email" not in ignore:
        if a.email == b.email:
            email_agree = True
            score += 11.0
            labels.insert(0, "same e-mail")
        else:
            email_conflict = True
            score -= 2.5
            labels.append("different e-mail")
    phone_agree = phone_conflict = False
    if a.phone and b.phone and "phone" not in ignore:
        if a.phone == b.phone:
            phone_agree = True
            score += 9.0
            labels.insert(0, "same phone")
        else:
            phone_conflict = True
            score -= 1.5
            labels.append("different phone")
    postcode_agree = street_agree = False
    if a.postcode and b.postcode:
        if a.postcode == b.postcode:
            postcode_agree = True
            score += 6.0
            labels.append("same postcode")
        else:
            score -= 1.5
            labels.append("different postcode")
    if a.street and b.street:
        w, label = _street(a.street, b.street)
        street_agree = w > 0
        score += w
        labels.append(label)
    if a.city and b.city:
        if a.city == b.city:
            score += 1.5
        else:
            score -= 1.0
            labels.append("different city")
    if a.country and b.country and a.country != b.country:
        score -= 4.0
        labels.append("different country")
    if a.company and b.company and a.company == b.company:
        score += 1.5
        labels.append("same company")
    return Evidence(
        score=round(score, 2),
        labels=labels,
        given=names.given,
        family=names.family,
        birth_conflict=birth_conflict,
        birth_agree=birth_agree,
        email_agree=email_agree,
        email_conflict=email_conflict,
        phone_agree=phone_agree,
        phone_conflict=phone_conflict,
        postcode_agree=postcode_agree,
        street_agree=street_agree,
        one_erp_row=a.erp_own != b.erp_own,
        lone_swapped=names.lone_swapped,
    )


def contradicts(a: MatchKeys, b: MatchKeys) -> bool:
    """True when two records cannot be one person: different given (or, with given names
    agreeing, family) names, or clearly different birth dates. Missing values never contradict.
    """
    if a.birth_date and b.birth_date and _birth(a.birth_date, b.birth_date)[2]:
        return True
    names = _names(a, b)
    return names.given < 0 or names.family < 0


def _reason(labels: Iterable[str], prefix: str = "") -> str:
    text = ", ".join(([prefix] if prefix else []) + list(labels))
    return text if len(text) <= 500 else text[:497] + "..."


def _fuzzy(ev: Evidence, settings: MatchSettings, prefix: str = "") -> Comparison:
    """Threshold decision, with the guards that keep "same" for well-founded pairs only."""
    score = ev.score
    if ev.given_conflict:
        # two different given names: measured on the demo's truth, 1 in 158 such "possible"
        # pairs was one person (households, colleagues); proposing them only buries the real
        # candidates in an agent's review queue
        return Comparison(score, DIFFERENT, "fuzzy", _reason(ev.labels, prefix))
    if score >= settings.auto_threshold:
        decision = SAME
        capped = ""
        if ev.birth_conflict or ev.given_conflict or ev.family_conflict:
            capped = "names or birth dates contradict"
        elif not ev.names_agree:
            capped = "given and family name not both confirmed"
        elif (
            ev.email_conflict
            and not (ev.phone_agree or ev.birth_agree)
            and not (ev.postcode_agree and ev.street_agree and ev.one_erp_row)
        ):
            capped = "different e-mail, no phone, birth date or address to confirm"
        if capped:
            decision = POSSIBLE
            prefix = f"{prefix}; {capped}" if prefix else capped
    elif score >= settings.possible_threshold:
        decision = POSSIBLE
    else:
        decision = DIFFERENT
    return Comparison(score, decision, "fuzzy", _reason(ev.labels, prefix))


def compare(
    a: MatchKeys, b: MatchKeys, settings: MatchSettings, *, ignore: Sequence[str] = ()
) -> Comparison:
    """Decide one pair: deterministic rules first (when names allow), then the fuzzy score.

    * same ERP customer number → "same" (rule ``erp_number``), unless both records are ERP
      customers with their own number (two rows of an ERP are two accounts the ERP keeps apart;
      an ERP number equal in two ERP systems is a coincidence of numbering, not an identity),
      or names/birth dates contradict (then "possible");
    * same e-mail → "same" (rule ``email``) when given and family names and birth dates do not
      contradict: a family mailbox with two given names falls through to the fuzzy score;
    * same phone → "same" (rule ``phone``) when additionally at least one name positively agrees
      and the e-mails do not differ (unless postcode or birth date agree, or the number is a
      mobile and given and family name both agree): a switchboard number (a landline) with two
      employees, even two namesakes, falls through to the fuzzy score;
    * otherwise the fuzzy score (rule ``fuzzy``), see :func:`_fuzzy`.

    ``ignore`` makes fields neutral (``"email"``, ``"phone"``), used for keys known to be shared.
    """
    return _decide(a, b, evidence(a, b, ignore), settings, ignore)


def _decide(
    a: MatchKeys, b: MatchKeys, ev: Evidence, settings: MatchSettings, ignore: Sequence[str] = ()
) -> Comparison:
    """:func:`compare` on the pair's already weighed :class:`Evidence`."""
    erp_same = (
        a.erp_customer_number is not None
        and a.erp_customer_number == b.erp_customer_number
        and not (a.erp_own and b.erp_own)
        and "erp_number" not in ignore
    )
    if erp_same:
        score = round(ev.score + 15.0, 2)
        if ev.birth_conflict or (ev.given_conflict and ev.family_conflict):
            return Comparison(
                score,
                POSSIBLE,
                "erp_number",
                _reason(ev.labels, "same ERP customer number but the names contradict"),
            )
        return Comparison(score, SAME, "erp_number", _reason(ev.labels, "same ERP customer number"))
    if ev.email_agree and ev.names_compatible:
        return Comparison(ev.score, SAME, "email", _reason(ev.labels))
    if (
        ev.phone_agree
        and ev.names_compatible
        and (ev.given > 0 or ev.family > 0)
        and not (
            ev.email_conflict
            and not (ev.postcode_agree or ev.birth_agree)
            and not (ev.names_agree and a.phone is not None and is_mobile(a.phone))
        )
    ):
        return Comparison(ev.score, SAME, "phone", _reason(ev.labels))
    return _fuzzy(ev, settings)


@lru_cache(maxsize=65_536)
def is_mobile(e164: str) -> bool:
    """True for a mobile number (a personal line, unlike a switchboard or a family landline)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


# --- groups ----------------------------------------------------------------------------------

_KIND_FIELD = {
    "email": "email",
    "phone": "phone",
    "erp_number": "erp_number",
    "reference": "reference",
}
REFERENCE_BONUS = 12.0


def reference_label(value: str | None) -> str:
    """``order:#1004`` -> ``order #1004``."""
    if not value:
        return "a shared reference"
    kind, _, text = value.partition(":")
    return f"{kind} {text}" if text else kind


def _decide_reference(ev: Evidence, value: str | None) -> Comparison | None:
    """The owner of a business key and a record that mentions it (the customer who placed the
    order and the requester of a ticket about it): "same" when the names do not contradict
    and the given names agree; otherwise the pair is decided on its own evidence."""
    if ev.names_compatible and ev.given > 0 and not ev.lone_swapped:
        return Comparison(
            round(ev.score + REFERENCE_BONUS, 2),
            SAME,
            "reference",
            _reason(ev.labels, f"both refer to {reference_label(value)}"),
        )
    return None


def _name_bucket(k: MatchKeys) -> str | None:
    if not k.given_name or not k.family_name:
        return None
    return "|".join(sorted((k.given_name.replace(" ", "")[:2], k.family_name.replace(" ", "")[:2])))


def _full_name(k: MatchKeys) -> str | None:
    if not k.given_name or not k.family_name:
        return None
    return "|".join(sorted((k.given_name, k.family_name)))


def group_decisions(
    kind: str,
    members: list[tuple[int, MatchKeys]],
    settings: MatchSettings,
    value: str | None = None,
    cache: dict[tuple[int, int], Evidence] | None = None,
    owners: frozenset[int] | None = None,
    only: Callable[[int, int], bool] | None = None,
) -> Decisions:
    """The "same" and "possible" pairs among records sharing one key.

    ``kind`` is ``erp_number``, ``email``, ``phone`` (members share that normalized value),
    ``reference`` (members own or mention the business key ``value``, such as ``order:1004``;
    ``owners`` are those who own it) or ``block`` (members share a blocking key).

    A business key is evidence only with exactly one owner (two shops numbering orders alike
    give none) and at most ``max_group`` members (a placeholder order number gives none), and
    only between its owner and a record that mentions it. Guards against over-merging:

    * a group is *shared* when two of its members contradict each other (different given or
      family names, different birth dates): a household mailbox, a switchboard, a family
      landline. In a shared group the shared value counts for nothing and a pair is "same" only
      on its own evidence (the fuzzy score, names confirmed), or when a record with a partial
      name (a first name alone) fits exactly one person of the group (see :func:`_unique_fit`);
    * *namesakes* (same names, different birth dates: father and son at one address) make every
      name-compatible pair of the group need a personal identifier (same birth date, or an
      e-mail / phone that is not the shared key) to be "same";
    * groups larger than ``max_group`` (``max_block`` for blocks) are compared only within
      sub-groups of compatible names, never merely because of the shared key; blocks whose
      name sub-groups are still too large are skipped (``skipped_pairs``).

    Returns only "same" and "possible" pairs, ``id_a < id_b``; with ``only``, just those of
    the pairs it accepts (the guards still weigh every pair of the group).
    """
    out = Decisions()
    n = len(members)
    if n < 2:
        return out
    if kind == "reference" and (owners is None or len(owners) != 1 or n > settings.max_group):
        return out
    limit = settings.max_block if kind == "block" else settings.max_group
    if n > limit:
        return _large_group(kind, members, settings, out, value, cache, only)  # not "reference"
    pairs = list(combinations(members, 2))
    if cache is None:
        evs = [evidence(a, b) for (_, a), (_, b) in pairs]
    else:  # one pair met in several groups (e-mail, address, name block) is weighed once
        evs = []
        for (ia, a), (ib, b) in pairs:
            ev = cache.get((ia, ib))
            if ev is None:
                ev = cache[(ia, ib)] = evidence(a, b)
            evs.append(ev)
    out.compared_pairs = len(pairs)
    shared = any(not ev.names_compatible for ev in evs)
    namesakes: set[int] = set()
    for ((ia, _), (ib, _)), ev in zip(pairs, evs, strict=True):
        if ev.birth_conflict and ev.names_agree:
            namesakes.update((ia, ib))
    if namesakes:  # everyone whose name fits the namesakes' names is ambiguous too
        for ((ia, _), (ib, _)), ev in zip(pairs, evs, strict=True):
            if ev.names_agree and (ia in namesakes or ib in namesakes):
                namesakes.update((ia, ib))
    shared = shared and kind in _KIND_FIELD
    compatible: dict[int, set[int]] = {}
    if shared:
        for ((ia, _), (ib, _)), ev in zip(pairs, evs, strict=True):
            if ev.names_compatible:
                compatible.setdefault(ia, set()).add(ib)
                compatible.setdefault(ib, set()).add(ia)
    for ((ia, a), (ib, b)), ev in zip(pairs, evs, strict=True):
        if only is not None and not only(ia, ib):
            continue
        if kind == "reference":  # the key is evidence between its owner and a mentioner only
            if owners is None or (ia in owners) == (ib in owners):
                continue
            found = _decide_reference(ev, value)
            if found is None:
                continue
            c = found
        else:
            c = _decide(a, b, ev, settings)
        if c.decision == DIFFERENT:
            continue
        decision, reason = c.decision, c.reason
        if shared:
            reason = _reason([reason], f"{kind.replace('_', ' ')} shared by several persons")
            if (
                decision == SAME
                and not ev.names_agree
                and not (ev.given > 0 and _unique_fit(ia, ib, compatible))
            ):
                decision = POSSIBLE
        if decision == SAME and ia in namesakes and ib in namesakes:
            own = ev.birth_agree or ev.email_agree or ev.phone_agree
            own = own or (
                c.rule == "erp_number" and not ev.given_conflict and not ev.family_conflict
            )
            if not own:
                decision = POSSIBLE
                reason = _reason([reason], "namesakes at this key (different birth dates)")
        lo, hi = (ia, ib) if ia < ib else (ib, ia)
        out.append(PairDecision(lo, hi, c.score, decision, c.rule, reason))
    return out


def _unique_fit(ia: int, ib: int, compatible: dict[int, set[int]]) -> bool:
    """True when everyone whose names fit ``ia`` or ``ib`` also fits everyone else of them:
    the pair's names point at one person of a shared group (the wife's first name on the
    household mailbox), not at several."""
    fit = compatible.get(ia, set()) | compatible.get(ib, set())
    return all(fit <= compatible.get(i, set()) | {i} for i in fit)


def _large_group(
    kind: str,
    members: list[tuple[int, MatchKeys]],
    settings: MatchSettings,
    out: Decisions,
    value: str | None = None,
    cache: dict[tuple[int, int], Evidence] | None = None,
    only: Callable[[int, int], bool] | None = None,
) -> Decisions:
    """Compare only within sub-groups of compatible names (full name for blocks, the sorted
    first letters of given and family name for keys); members without both names are left out:
    the shared key alone never merges them."""
    limit = settings.max_block if kind == "block" else settings.max_group
    buckets: dict[str, list[tuple[int, MatchKeys]]] = {}
    for member in members:
        key = _full_name(member[1]) if kind == "block" else _name_bucket(member[1])
        if key:
            buckets.setdefault(key, []).append(member)
    total = len(members) * (len(members) - 1) // 2
    compared = 0
    for sub in buckets.values():
        if 2 <= len(sub) <= limit:
            sub_out = group_decisions(kind, sub, settings, value, cache, only=only)
            out.extend(sub_out)
            compared += sub_out.compared_pairs
    out.compared_pairs = compared
    out.skipped_pairs = total - compared
    return out
