"""Trust and value scores between organisations, in NumPy: no Django, no Accord imports.

Input is one wave's answers as flat arrays (one element per answer), with organisations numbered
0..n-1 by the caller:

    rater[k], about[k]   the organisation answering and the one it answers about
    dim[k]               0..5, in the order of DIMENSIONS
    score[k]             1..4, or NaN for "don't know" (kept out of every score)

and contact as an n×n matrix of levels 0..3 (0 = no contact, -1 = not answered).

Definitions (docs/trust.md says the same in plain words):
- relationship trust (A about B) = mean of every trust-dimension answer A's people gave about B;
  value likewise; each with the number of answers behind it.
- trust received by B = mean of the relationship trust of everyone who rated B (each rating
  organisation counts once); given by A = mean over the organisations A rated; gap = received − given.
- network trust % = mean relationship trust ÷ 4 × 100 (percentage of the maximum score).
- density, degree centralisation, reciprocity and betweenness come from the contact network
  (see accord.analytics.network).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from . import network
from .text import _, gettext_noop

DIMENSIONS = ["reliability", "openness", "mission", "influence", "involvement", "resources"]
TRUST_DIMS = (0, 1, 2)
VALUE_DIMS = (3, 4, 5)
SCALE_MAX = 4.0
CONTACT_LEVELS = ["no contact", "sharing information", "coordinating", "integrated or joint work"]
FACTOR_MAX = 5.0
# smallest number of relationships in each wave before a change is worth reporting
MIN_RELATIONSHIPS_FOR_CHANGE = 6
# smallest number of rating organisations behind a partner's score before its change is reported
MIN_RATERS_FOR_CHANGE = 2


@dataclass
class DimensionMeans:
    """The mean answer per (dimension, rater, about), kept only where something was answered: a wave of
    2,000 organisations answers about 3% of the 6·n² cells, and a dense 6×n×n array of them took most of
    the memory and a good part of the time of closing one."""

    n: int
    keys: NDArray  # sorted d·n² + rater·n + about of each answered cell
    means: NDArray  # the mean of the known answers in that cell

    def at(self, rater: NDArray, about: NDArray) -> NDArray:
        """6×k: the mean of each dimension for the k pairs (rater[i], about[i]); NaN where not answered."""
        rater = np.asarray(rater, dtype=np.int64)
        about = np.asarray(about, dtype=np.int64)
        want = np.arange(len(DIMENSIONS), dtype=np.int64)[:, None] * (self.n * self.n) + (rater * self.n + about)
        out = np.full(want.shape, np.nan)
        if self.keys.size:
            at = np.minimum(np.searchsorted(self.keys, want), self.keys.size - 1)
            found = self.keys[at] == want
            out[found] = self.means[at[found]]
        return out

    def dense(self) -> NDArray:
        """The 6×n×n array (NaN where not answered), for small waves and tests."""
        out = np.full((len(DIMENSIONS), self.n, self.n), np.nan)
        out.ravel()[self.keys] = self.means
        return out

    def received(self) -> tuple[NDArray, NDArray]:
        """6×n each: the mean over the organisations that answered about each one, and how many did.

        Summed in the order of the raters, as a column sum of the dense array would be, so the means are
        the same to the last digit."""
        n, dims = self.n, len(DIMENSIONS)
        group = (self.keys // (n * n)) * n + self.keys % n  # d·n + about
        raters = np.bincount(group, minlength=dims * n).reshape(dims, n)
        sums = np.bincount(group, weights=self.means, minlength=dims * n).reshape(dims, n)
        with np.errstate(invalid="ignore", divide="ignore"):
            return sums / raters, raters


@dataclass
class WaveScores:
    """Every score of one wave; arrays are indexed by the caller's organisation numbers."""

    n: int
    trust: NDArray  # n×n relationship trust (NaN where nothing was answered)
    value: NDArray
    trust_n: NDArray  # n×n number of answers behind each
    value_n: NDArray
    dims: DimensionMeans  # mean per dimension of each pair that was answered
    trust_received: NDArray  # n
    trust_given: NDArray
    value_received: NDArray
    value_given: NDArray
    dims_received: NDArray  # 6×n
    dims_raters: NDArray  # 6×n: how many organisations are behind each of dims_received
    raters: NDArray  # n: how many organisations rated each one
    contact: NDArray  # n×n levels, -1 unknown
    degree: NDArray
    degree_centrality: NDArray
    betweenness: NDArray
    network: dict = field(default_factory=dict)


def _received_given(n: int, pairs: NDArray, means: NDArray, zeros: NDArray
                    ) -> tuple[tuple[NDArray, NDArray], NDArray]:
    """Mean received (over raters) and given (over the rated) per organisation, NaN where none, and the known
    off-diagonal means row by row (as the n×n matrix's known cells read in order).

    The same sums as the n×n matrix with zeros for the unknown cells would give, to the last digit: a column
    sum adds the rows in order, as bincount adds the pairs (sorted by rater); a row sum is NumPy's pairwise
    sum, so it is done on such a row, the zeros included (`zeros`: n² zeros, lent and given back as zeros, so
    trust and value share one buffer; a fresh 32 MB array costs page faults in the first close of a process)."""
    off = pairs % (n + 1) != 0
    pairs, means = pairs[off], means[off]
    about, rater = pairs % n, pairs // n
    zeros[pairs] = means
    with np.errstate(invalid="ignore", divide="ignore"):
        received = np.bincount(about, weights=means, minlength=n) / np.bincount(about, minlength=n)
        given = zeros.reshape(n, n).sum(axis=1) / np.bincount(rater, minlength=n)
    zeros[pairs] = 0.0
    return (received, given), means


def relationship_matrices(n: int, rater: NDArray, about: NDArray, dim: NDArray, score: NDArray
                          ) -> tuple[NDArray, NDArray, NDArray, NDArray, DimensionMeans]:
    """Trust, value, their answer counts, and the per-dimension means of the answered cells."""
    answered = _answered(n, rater, about, dim, score)
    return (*answered.dense(), answered.dims)


@dataclass
class _Answered:
    """A wave's answers summed per answered pair: `present` holds the sorted r·n + a of the pairs with a known
    answer, `sums` and `counts` (6 × pairs) the sum and number of known answers per dimension. Scores are whole
    numbers, so every sum is exact and does not depend on the order of the answers."""

    n: int
    present: NDArray
    sums: NDArray
    counts: NDArray
    dims: DimensionMeans

    def scores(self, dims: tuple[int, ...]) -> tuple[NDArray, NDArray, NDArray]:
        """The pairs with a known answer on `dims` (row by row), their mean, and their number of answers (one
        per answered pair, 0 where none)."""
        total = self.counts[list(dims)].sum(axis=0)
        known = np.flatnonzero(total)
        return self.present[known], self.sums[list(dims)].sum(axis=0)[known] / total[known], total

    def dense(self) -> tuple[NDArray, NDArray, NDArray, NDArray]:
        """n×n trust and value (NaN where nothing was answered, and on the diagonal) and their answer counts."""
        out: list[NDArray] = []
        for dims in (TRUST_DIMS, VALUE_DIMS):
            pairs, means, total = self.scores(dims)
            flat = np.full(self.n * self.n, np.nan)
            flat[pairs] = means
            number = np.zeros(self.n * self.n, dtype=np.int64)
            number[self.present] = total
            mean = flat.reshape(self.n, self.n)
            np.fill_diagonal(mean, np.nan)
            out += [mean, number.reshape(self.n, self.n)]
        return out[0], out[2], out[1], out[3]


def _answered(n: int, rater: NDArray, about: NDArray, dim: NDArray, score: NDArray) -> _Answered:
    """The answers checked and summed per answered (dimension, pair)."""
    rater = np.asarray(rater, dtype=np.int64)
    about = np.asarray(about, dtype=np.int64)
    dim = np.asarray(dim, dtype=np.int64)
    score = np.asarray(score, dtype=np.float64)
    if len({len(rater), len(about), len(dim), len(score)}) != 1:
        raise ValueError("rater, about, dim and score must have the same length.")
    known = ~np.isnan(score)
    if known.any():
        bad = (score[known] < 1) | (score[known] > SCALE_MAX)
        if bad.any():
            raise ValueError("A score is outside the 1 to 4 scale.")
    if len(rater) and (rater.min() < 0 or rater.max() >= n or about.min() < 0 or about.max() >= n):
        raise ValueError("An organisation number is outside 0..n-1.")
    if len(dim) and (dim.min() < 0 or dim.max() >= len(DIMENSIONS)):
        raise ValueError("A dimension number is outside 0..5.")
    d, s = dim[known], score[known]
    pair = rater[known] * n + about[known]
    # the answered pairs numbered in order (no sort: a mark per pair, then its rank), so a (dimension, pair)
    # is one of 6 × pairs bins, and memory grows with the answers, not with 6·n²
    rank = np.zeros(n * n, dtype=np.int64)
    rank[pair] = 1
    present = np.flatnonzero(rank)
    rank[present] = np.arange(present.size)
    cell = d * present.size + rank[pair]
    del rank
    dims_n = len(DIMENSIONS)
    counts = np.bincount(cell, minlength=dims_n * present.size)
    sums = np.bincount(cell, weights=s, minlength=dims_n * present.size)
    kept = np.flatnonzero(counts)  # in the order d·n² + pair, as the keys must be
    keys = (kept // max(present.size, 1)) * (n * n) + present[kept % max(present.size, 1)]
    dims = DimensionMeans(n, keys.astype(np.int64), sums[kept] / counts[kept])
    return _Answered(n, present, sums.reshape(dims_n, -1), counts.reshape(dims_n, -1), dims)


def pct_of_max(values: NDArray) -> float | None:
    """Mean of the known values as a percentage of the scale's maximum (None when none known)."""
    v = values[~np.isnan(values)]
    if v.size == 0:
        return None
    return float(v.mean() / SCALE_MAX * 100.0)


def wave_scores(n: int, rater: NDArray, about: NDArray, dim: NDArray, score: NDArray,
                contact: NDArray | None = None, *, responding: NDArray | None = None) -> WaveScores:
    """All the scores of one wave. `contact` is n×n (levels 0..3, -1 unknown); `responding` is a
    boolean per organisation saying whether anyone from it answered (it decides reciprocity)."""
    answered = _answered(n, rater, about, dim, score)
    trust, value, trust_n, value_n = answered.dense()
    dims = answered.dims
    if contact is None:
        contact = np.full((n, n), -1, dtype=np.int64)
    contact = np.asarray(contact, dtype=np.int64)
    if contact.shape != (n, n):
        raise ValueError("The contact matrix must be n×n.")
    if responding is None:
        responding = (contact >= 0).any(axis=1) | ~np.isnan(trust).all(axis=1) | ~np.isnan(value).all(axis=1)
    responding = np.asarray(responding, dtype=bool)
    ties = contact > 0
    np.fill_diagonal(ties, False)
    deg = network.degree(ties)
    dc = network.degree_centrality(ties)
    bc = network.betweenness(ties)
    # reciprocity counts only ties between organisations that both answered, so silence is not "no"
    both = np.outer(responding, responding)
    recip = network.reciprocity(ties & both)
    dims_received, dims_raters = dims.received()  # 6×n: mean over raters, and the organisations behind each
    zeros = np.zeros(n * n)
    (trust_received, trust_given), trust_known = _received_given(n, *answered.scores(TRUST_DIMS)[:2], zeros)
    (value_received, value_given), value_known = _received_given(n, *answered.scores(VALUE_DIMS)[:2], zeros)
    del zeros
    raters = np.bincount(answered.present[answered.present % (n + 1) != 0] % n, minlength=n)
    net = {
        "organisations": n,
        "responding_orgs": int(responding.sum()),
        "relationships": int(trust_known.size),
        "trust_mean": _mean_or_none(trust_known),
        "value_mean": _mean_or_none(value_known),
        "trust_pct": pct_of_max(trust_known),
        "value_pct": pct_of_max(value_known),
        "density": network.density(ties) if n >= 2 else None,
        "centralisation": network.degree_centralisation(ties) if n >= 3 else None,
        "reciprocity": recip,
        "trust_sd": _sd_or_none(trust_known),
        "value_sd": _sd_or_none(value_known),
    }
    return WaveScores(
        n=n, trust=trust, value=value, trust_n=trust_n, value_n=value_n, dims=dims,
        trust_received=trust_received, trust_given=trust_given,
        value_received=value_received, value_given=value_given,
        dims_received=dims_received, dims_raters=dims_raters, raters=raters, contact=contact, degree=deg, degree_centrality=dc,
        betweenness=bc, network=net,
    )


def _mean_or_none(values: NDArray) -> float | None:
    v = values[~np.isnan(values)]
    return float(v.mean()) if v.size else None


def _sd_or_none(values: NDArray) -> float | None:
    v = values[~np.isnan(values)]
    return float(v.std(ddof=1)) if v.size > 1 else None


def most_central(centrality: NDArray, names: Sequence[str], k: int = 3) -> list[tuple[str, float]]:
    """The k highest, ties broken by name so the answer is stable."""
    order = sorted(range(len(names)), key=lambda i: (-float(centrality[i]), names[i]))
    return [(names[i], float(centrality[i])) for i in order[:k]]


# ---- change between waves ---------------------------------------------------------------------

@dataclass
class Change:
    measure: str
    before: float | None
    after: float | None
    difference: float | None
    verdict: str  # "rose", "fell", "steady", "too few answers"
    note: str  # in the language active when compared
    # the note's message and values, untranslated: to store and translate when it is read
    message: str = ""
    values: dict = field(default_factory=dict)


def compare(measure: str, before: NDArray, after: NDArray, *, minimum: int = MIN_RELATIONSHIPS_FOR_CHANGE
            ) -> Change:
    """Compare a mean between two waves, honestly: with too few relationships in either wave the
    answer is "too few answers"; a difference smaller than about two standard errors is "steady"."""
    b = np.asarray(before, dtype=float)
    a = np.asarray(after, dtype=float)
    b, a = b[~np.isnan(b)], a[~np.isnan(a)]
    if b.size == 0 or a.size == 0:
        return _change(measure, _f(b), _f(a), None, "too few answers",
                       gettext_noop("%(measure)s: there is nothing to compare with yet."), {"measure": measure})
    mb, ma = float(b.mean()), float(a.mean())
    diff = ma - mb
    if b.size < minimum or a.size < minimum:
        return _change(measure, mb, ma, diff, "too few answers",
                       gettext_noop("%(measure)s: too few relationships were rated (%(before)s then %(after)s; at "
                                    "least %(minimum)s each) to tell a real change from chance."),
                       {"measure": measure, "before": int(b.size), "after": int(a.size), "minimum": minimum})
    var_b = float(b.var(ddof=1)) if b.size > 1 else 0.0
    var_a = float(a.var(ddof=1)) if a.size > 1 else 0.0
    se = math.sqrt(var_b / b.size + var_a / a.size)
    if abs(diff) < max(2 * se, 0.05):
        return _change(measure, mb, ma, diff, "steady",
                       gettext_noop("%(measure)s held steady at about %(after)s: the change (%(change)s) is within "
                                    "what chance alone could produce."),
                       {"measure": measure, "after": f"{ma:.1f}", "change": f"{diff:+.2f}"})
    verdict = "rose" if diff > 0 else "fell"
    facts = {"measure": measure, "before": f"{mb:.1f}", "after": f"{ma:.1f}"}
    text = (gettext_noop("%(measure)s rose from %(before)s to %(after)s.") if diff > 0
            else gettext_noop("%(measure)s fell from %(before)s to %(after)s."))
    return _change(measure, mb, ma, diff, verdict, text, facts)


def _change(measure: str, before: float | None, after: float | None, difference: float | None, verdict: str,
            message: str, values: dict) -> Change:
    """A Change whose note is the message translated now, keeping the message and values to store."""
    return Change(measure, before, after, difference, verdict, _(message) % values, message, values)


def _f(v: NDArray) -> float | None:
    return float(v.mean()) if v.size else None


def notable_changes(before: NDArray, after: NDArray, names: Sequence[str], *, since: str,
                    threshold: float = 0.5, before_n: NDArray | None = None, after_n: NDArray | None = None,
                    min_raters: int = MIN_RATERS_FOR_CHANGE) -> list[str]:
    """Plain sentences about each organisation's trust and value received, per dimension, that moved
    by at least `threshold` points on the 1–4 scale, biggest first. `before`/`after` are 6×n means;
    `before_n`/`after_n` (6×n) count the organisations behind each, and a mean from fewer than
    `min_raters` is not reported, because one partner's mood is not a trend."""
    return [_(message) % values for message, values in notable_change_messages(
        before, after, names, since=since, threshold=threshold, before_n=before_n, after_n=after_n,
        min_raters=min_raters)]


def notable_change_messages(before: NDArray, after: NDArray, names: Sequence[str], *, since: object,
                            threshold: float = 0.5, before_n: NDArray | None = None, after_n: NDArray | None = None,
                            min_raters: int = MIN_RATERS_FOR_CHANGE) -> list[tuple[str, dict]]:
    """`notable_changes` as (message, values), untranslated: to store, and translate when read. `since`
    is passed through as the value it is (a stored text for a caller that stores them)."""
    items: list[tuple[float, str, str, dict]] = []
    with np.errstate(invalid="ignore"):
        moved = np.abs(after - before) >= threshold  # NaN on either side compares False
    if before_n is not None:
        moved &= before_n >= min_raters
    if after_n is not None:
        moved &= after_n >= min_raters
    for d, i in zip(*np.nonzero(moved), strict=True):
        b, a = float(before[d, i]), float(after[d, i])
        message = CHANGE_SENTENCES[(int(d), a > b)]
        values = {"name": names[i], "before": f"{b:.1f}", "after": f"{a:.1f}", "since": since}
        # biggest first; ties in the order of the English sentence (the same in every language)
        items.append((abs(a - b), message % {**values, "since": ""}, message, values))
    items.sort(key=lambda t: (-t[0], t[1]))
    return [(message, values) for _, _, message, values in items]


# One whole sentence per dimension and direction, so each translates as a whole; translated (with `_`)
# only when one is written out, and stored untranslated by whoever keeps them.
CHANGE_SENTENCES: dict[tuple[int, bool], str] = {
    (0, True): gettext_noop("Trust in %(name)s’s reliability rose from %(before)s to %(after)s since %(since)s."),
    (0, False): gettext_noop("Trust in %(name)s’s reliability fell from %(before)s to %(after)s since %(since)s."),
    (1, True): gettext_noop("Trust in %(name)s’s openness rose from %(before)s to %(after)s since %(since)s."),
    (1, False): gettext_noop("Trust in %(name)s’s openness fell from %(before)s to %(after)s since %(since)s."),
    (2, True): gettext_noop("Trust in %(name)s’s commitment to the shared mission rose from %(before)s to "
                            "%(after)s since %(since)s."),
    (2, False): gettext_noop("Trust in %(name)s’s commitment to the shared mission fell from %(before)s to "
                             "%(after)s since %(since)s."),
    (3, True): gettext_noop("The value others see in %(name)s’s influence rose from %(before)s to %(after)s since "
                            "%(since)s."),
    (3, False): gettext_noop("The value others see in %(name)s’s influence fell from %(before)s to %(after)s "
                             "since %(since)s."),
    (4, True): gettext_noop("The value others see in %(name)s’s involvement rose from %(before)s to %(after)s "
                            "since %(since)s."),
    (4, False): gettext_noop("The value others see in %(name)s’s involvement fell from %(before)s to %(after)s "
                             "since %(since)s."),
    (5, True): gettext_noop("The value others see in %(name)s’s resources rose from %(before)s to %(after)s since "
                            "%(since)s."),
    (5, False): gettext_noop("The value others see in %(name)s’s resources fell from %(before)s to %(after)s "
                             "since %(since)s."),
}


# ---- collaboration factors --------------------------------------------------------------------

def band(mean: float | None) -> str:
    """4.0 and above: a strength; 3.0 to 3.9: to discuss; below 3.0: a concern."""
    if mean is None or math.isnan(mean):
        return "no answers"
    if mean >= 4.0:
        return "strength"
    if mean >= 3.0:
        return "discuss"
    return "concern"


def factor_scores(item_factor: NDArray, item: NDArray, score: NDArray, n_factors: int) -> list[dict]:
    """Mean of each factor's items (answers on 1..5, NaN for don't know), with the answer count and
    band. `item_factor[i]` is the factor of item i; `item[k]`, `score[k]` are the answers."""
    item_factor = np.asarray(item_factor, dtype=np.int64)
    item = np.asarray(item, dtype=np.int64)
    score = np.asarray(score, dtype=np.float64)
    known = ~np.isnan(score)
    if known.any() and ((score[known] < 1) | (score[known] > FACTOR_MAX)).any():
        raise ValueError("An agreement score is outside the 1 to 5 scale.")
    f = item_factor[item[known]]
    sums = np.bincount(f, weights=score[known], minlength=n_factors)
    counts = np.bincount(f, minlength=n_factors)
    out = []
    for i in range(n_factors):
        mean = float(sums[i] / counts[i]) if counts[i] else None
        out.append({"mean": mean, "answers": int(counts[i]), "band": band(mean)})
    return out
