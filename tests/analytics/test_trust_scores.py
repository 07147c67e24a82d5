"""Trust and value scores, worked by hand on a three-organisation partnership."""

import math

import numpy as np
import pytest

from accord.analytics import trust as t
from tests.once import ONCE_ONLY

pytestmark = ONCE_ONLY  # pure maths (accord.analytics has no Django): no database has a part in it

NAN = float("nan")


def _answers():
    # (rater, about, dimension, score); dims 0-2 trust, 3-5 value
    rows = [
        (0, 1, 0, 4), (0, 1, 1, 3), (0, 1, 2, NAN),  # 0 about 1: trust (4+3)/2 = 3.5, "don't know" left out
        (0, 1, 3, 2), (0, 1, 4, 2), (0, 1, 5, 2),  # value 2
        (1, 0, 0, 2), (1, 0, 1, 2), (1, 0, 2, 2),  # 1 about 0: trust 2
        (2, 1, 0, 1), (2, 1, 1, 2), (2, 1, 2, 3),  # 2 about 1: trust 2
        (2, 1, 0, 3),  # a second person from 2 about 1 on reliability: trust (1+2+3+3)/4 = 2.25
    ]
    r, a, d, s = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    return r.astype(int), a.astype(int), d.astype(int), s


def test_relationship_scores_by_hand():
    trust, value, tn, vn, means = t.relationship_matrices(3, *_answers())
    dims = means.dense()
    assert trust[0, 1] == pytest.approx(3.5) and tn[0, 1] == 2
    assert trust[1, 0] == pytest.approx(2.0) and tn[1, 0] == 3
    assert trust[2, 1] == pytest.approx(2.25) and tn[2, 1] == 4
    assert math.isnan(trust[0, 2]) and tn[0, 2] == 0
    assert value[0, 1] == pytest.approx(2.0) and vn[0, 1] == 3
    assert math.isnan(value[1, 0])
    assert dims[0, 2, 1] == pytest.approx(2.0)  # reliability of 1 as seen by 2: (1+3)/2
    assert math.isnan(dims[2, 0, 1])  # only "don't know"


def test_organisation_and_network_scores_by_hand():
    contact = np.array([[-1, 2, 0], [1, -1, 0], [0, 3, -1]])
    s = t.wave_scores(3, *_answers(), contact)
    # received by 1: mean of 3.5 (from 0) and 2.25 (from 2); given by 0: 3.5
    assert s.trust_received[1] == pytest.approx((3.5 + 2.25) / 2)
    assert s.trust_given[0] == pytest.approx(3.5)
    assert s.trust_received[0] == pytest.approx(2.0)
    assert math.isnan(s.trust_received[2])
    assert s.raters[1] == 2
    net = s.network
    assert net["trust_mean"] == pytest.approx((3.5 + 2.0 + 2.25) / 3)
    assert net["trust_pct"] == pytest.approx((3.5 + 2.0 + 2.25) / 3 / 4 * 100)
    assert net["value_pct"] == pytest.approx(50.0)
    # contact ties 0->1, 1->0, 2->1: undirected pairs {0,1} and {1,2} of 3 possible
    assert net["density"] == pytest.approx(2 / 3)
    assert net["reciprocity"] == pytest.approx(2 / 3)
    assert net["centralisation"] == pytest.approx(1.0)  # a star around 1
    np.testing.assert_allclose(s.betweenness, [0, 1, 0])
    assert net["responding_orgs"] == 3


def test_reciprocity_ignores_organisations_that_did_not_answer():
    # 0 says it works with 1, but nobody from 1 answered: that is not an unreturned tie
    contact = np.array([[-1, 2, 2], [-1, -1, -1], [2, 0, -1]])
    s = t.wave_scores(3, np.array([0]), np.array([1]), np.array([0]), np.array([3.0]), contact,
                      responding=np.array([True, False, True]))
    assert s.network["reciprocity"] == pytest.approx(1.0)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="outside the 1 to 4"):
        t.relationship_matrices(2, np.array([0]), np.array([1]), np.array([0]), np.array([5.0]))
    with pytest.raises(ValueError, match="outside 0..n-1"):
        t.relationship_matrices(2, np.array([0]), np.array([2]), np.array([0]), np.array([3.0]))
    with pytest.raises(ValueError, match="1 to 5"):
        t.factor_scores(np.array([0]), np.array([0]), np.array([6.0]), 1)


def test_factor_means_and_bands():
    # items 0,1 in factor 0; item 2 in factor 1; factor 2 has no answers
    out = t.factor_scores(np.array([0, 0, 1]), np.array([0, 0, 1, 1, 2, 2]),
                          np.array([5, 4, 3, NAN, 2, 3.0]), 3)
    assert out[0] == {"mean": pytest.approx(4.0), "answers": 3, "band": "strength"}
    assert out[1] == {"mean": pytest.approx(2.5), "answers": 2, "band": "concern"}
    assert out[2]["band"] == "no answers"
    assert [t.band(x) for x in (4.0, 3.99, 3.0, 2.99)] == ["strength", "discuss", "discuss", "concern"]


def test_change_is_honest_about_small_samples():
    small = t.compare("Trust", np.array([3.0, 3.2]), np.array([2.0, 2.1]))
    assert small.verdict == "too few answers" and "too few relationships" in small.note
    before = np.array([3.0, 3.1, 3.2, 2.9, 3.0, 3.1, 3.0, 3.2])
    fell = t.compare("Trust", before, before - 1.0)
    assert fell.verdict == "fell" and fell.difference == pytest.approx(-1.0)
    noisy = t.compare("Trust", np.array([1, 4, 1, 4, 1, 4.0]), np.array([4, 1, 4, 1, 4, 1.5]))
    assert noisy.verdict == "steady"


def test_plain_language_summary():
    before = np.full((6, 2), np.nan)
    after = np.full((6, 2), np.nan)
    before[0] = [3.4, 3.0]
    after[0] = [2.6, 3.1]
    before[4] = [2.0, 2.0]
    after[4] = [2.0, 3.0]
    lines = t.notable_changes(before, after, ["Change Path", "Beta"], since="March 2025")
    assert lines == [
        "The value others see in Beta’s involvement rose from 2.0 to 3.0 since March 2025.",
        "Trust in Change Path’s reliability fell from 3.4 to 2.6 since March 2025.",
    ]


def test_a_change_resting_on_one_rater_is_not_reported():
    before = np.array([[3.4]] * 6)
    after = np.array([[2.0]] * 6)
    one = np.ones((6, 1))
    assert t.notable_changes(before, after, ["Solo"], since="May", before_n=one, after_n=one) == []
    assert len(t.notable_changes(before, after, ["Solo"], since="May", before_n=one * 2, after_n=one * 2)) == 6


def test_per_question_means_kept_sparse_equal_the_dense_arrays_to_the_last_digit():
    # the means per dimension are kept only where answered; what is received and looked up from them is
    # the same, bit for bit, as working on the dense 6×n×n array with NaN where nothing was answered
    rng = np.random.default_rng(3)
    n, k = 40, 3000
    rater, about = rng.integers(0, n, k), rng.integers(0, n, k)
    keep = rater != about
    rater, about = rater[keep], about[keep]
    dim = rng.integers(0, 6, rater.size)
    score = rng.integers(1, 5, rater.size).astype(float)
    score[rng.random(score.size) < 0.1] = np.nan
    *_, means = t.relationship_matrices(n, rater, about, dim, score)
    dense = means.dense()
    received, raters = means.received()
    for d in range(6):
        known = ~np.isnan(dense[d])
        with np.errstate(invalid="ignore", divide="ignore"):
            expected = np.where(known, dense[d], 0.0).sum(axis=0) / known.sum(axis=0)
        np.testing.assert_array_equal(received[d], expected)
        np.testing.assert_array_equal(raters[d], known.sum(axis=0))
    i, j = np.nonzero(np.ones((n, n), dtype=bool))
    np.testing.assert_array_equal(means.at(i, j), dense[:, i, j])
    empty = t.relationship_matrices(n, [], [], [], [])[-1]
    assert np.isnan(empty.at([0, 1], [1, 0])).all() and empty.received()[1].sum() == 0
