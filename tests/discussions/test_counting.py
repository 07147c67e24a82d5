"""Each kind of proposal's count: ties, blocks, abstentions, and instant runoff against published examples."""

from accord.discussions import counting


def stances(*values):
    return [{"stance": v} for v in values]


def ranks(*ballots, times=1):
    return [{"choice": list(b)} for b in ballots for _ in range(times)]


# ---- consent ---------------------------------------------------------------------------------------

def test_consent_is_carried_when_someone_agrees_and_nobody_blocks():
    out = counting.consent(stances("agree", "agree", "abstain", "object"))
    assert out["result"] == "carried"
    assert out["counts"] == {"agree": 2, "abstain": 1, "object": 1, "block": 0}


def test_one_block_stops_consent_however_many_agree():
    assert counting.consent(stances("agree", "agree", "agree", "block"))["result"] == "not_carried"


def test_consent_where_everyone_abstains_is_not_carried():
    assert counting.consent(stances("abstain", "abstain"))["result"] == "not_carried"


def test_consent_with_no_answers_says_so():
    assert counting.consent([])["result"] == "no_answers"


# ---- agree or disagree -----------------------------------------------------------------------------

def test_agree_disagree_needs_more_agree_than_disagree():
    assert counting.agree_disagree(stances("agree", "agree", "disagree"))["result"] == "carried"
    assert counting.agree_disagree(stances("agree", "disagree", "disagree"))["result"] == "not_carried"


def test_an_agree_disagree_tie_is_not_carried():
    assert counting.agree_disagree(stances("agree", "disagree"))["result"] == "not_carried"


# ---- choice, score, time -----------------------------------------------------------------------------

def test_the_option_chosen_most_wins():
    out = counting.choice([{"choice": [1]}, {"choice": [2]}, {"choice": [2]}], [1, 2, 3])
    assert (out["result"], out["winner"]) == ("chosen", 2)
    assert [o["count"] for o in out["options"]] == [1, 2, 0]


def test_a_choice_tie_names_the_tied_options_and_no_winner():
    out = counting.choice([{"choice": [1]}, {"choice": [2]}], [1, 2, 3])
    assert (out["result"], out["winner"], out["tied"]) == ("tied", None, [1, 2])


def test_score_takes_the_highest_total_and_averages_only_given_scores():
    out = counting.score([{"scores": {"1": 5, "2": 3}}, {"scores": {"1": 1, "2": 4}}, {"scores": {"2": 0}}], [1, 2])
    assert out["winner"] == 2  # 7 against 6
    assert out["options"] == [{"id": 1, "total": 6, "mean": 3.0}, {"id": 2, "total": 7, "mean": 7 / 3}]


def test_a_score_tie_is_a_tie():
    assert counting.score([{"scores": {"1": 3, "2": 3}}], [1, 2])["result"] == "tied"


def test_the_date_that_suits_most_wins_and_a_tie_is_left_to_the_author():
    assert counting.time([{"choice": [1, 2]}, {"choice": [2]}], [1, 2])["winner"] == 2
    assert counting.time([{"choice": [1, 2]}, {"choice": [1, 2]}], [1, 2])["tied"] == [1, 2]


def test_nobody_suiting_any_date_is_no_winner():
    out = counting.time([{"choice": []}], [1, 2])
    assert out["winner"] is None and out["tied"] == []


# ---- ranked choice: instant runoff -------------------------------------------------------------------

M, N, C, K = 1, 2, 3, 4  # Memphis, Nashville, Chattanooga, Knoxville


def tennessee():
    """Wikipedia, "Instant-runoff voting", the Tennessee capital example (per 100 voters)."""
    return (ranks((M, N, C, K), times=42) + ranks((N, C, K, M), times=26) + ranks((C, K, N, M), times=15)
            + ranks((K, C, N, M), times=17))


def test_instant_runoff_elects_knoxville_in_the_published_tennessee_example():
    out = counting.ranked(tennessee(), [M, N, C, K])
    assert out["winner"] == K
    assert out["rounds"] == [{M: 42, N: 26, C: 15, K: 17}, {M: 42, N: 26, K: 32}, {M: 42, K: 58}]


def test_a_first_round_majority_wins_at_once():
    out = counting.ranked(ranks((1, 2), times=3) + ranks((2, 1), times=2), [1, 2])
    assert out["winner"] == 1 and len(out["rounds"]) == 1


def test_an_answer_with_no_choice_left_stops_counting():
    # 2 rank only option 3; once 3 is out they no longer count, and 1 has 2 of the 3 still counting
    out = counting.ranked(ranks((1,), times=2) + ranks((2,)) + ranks((3,)), [1, 2, 3])
    assert out["winner"] == 1


def test_options_tied_for_fewest_are_removed_together():
    out = counting.ranked(ranks((1,), times=2) + ranks((2, 1)) + ranks((3, 1)), [1, 2, 3])
    assert out["rounds"] == [{1: 2, 2: 1, 3: 1}, {1: 4}] and out["winner"] == 1


def test_a_tie_among_the_last_options_is_a_tie_not_a_random_draw():
    out = counting.ranked(ranks((1, 2), times=2) + ranks((2, 1), times=2), [1, 2])
    assert (out["result"], out["winner"], out["tied"]) == ("tied", None, [1, 2])
    assert counting.ranked(ranks((1, 2), times=2) + ranks((2, 1), times=2), [1, 2]) == out  # the same every time


def test_backs_says_whether_an_answer_chose_the_decided_option():
    assert counting.backs("ranked", {"choice": [2, 1]}, 2)
    assert not counting.backs("ranked", {"choice": [1, 2]}, 2)
    assert counting.backs("time", {"choice": [1, 2]}, 2)
    assert counting.backs("score", {"scores": {"1": 2, "2": 5}}, 2)


def test_instant_runoff_agrees_with_pyrankvote_wherever_no_tie_needs_breaking():
    """pyrankvote (a ranked-voting library) breaks ties by a random draw, so it cannot count a decision;
    where no tie arises it must agree with ours."""
    import random

    from pyrankvote import Ballot, Candidate, instant_runoff_voting

    rng = random.Random(16)
    compared = 0
    for _ in range(300):
        options = list(range(1, rng.randint(3, 5) + 1))
        answers = []
        for _ in range(rng.randint(3, 15)):
            ranking = rng.sample(options, len(options))
            answers.append({"choice": ranking[:rng.randint(1, len(options))]})
        ours = counting.ranked(answers, options)
        if ours["result"] != "chosen" or any(sorted(r.values()).count(min(r.values())) > 1 for r in ours["rounds"]):
            continue
        candidates = {o: Candidate(str(o)) for o in options}
        ballots = [Ballot(ranked_candidates=[candidates[o] for o in a["choice"]]) for a in answers]
        theirs = instant_runoff_voting(list(candidates.values()), ballots).get_winners()
        assert [w.name for w in theirs] == [str(ours["winner"])], (answers, ours["rounds"])
        compared += 1
    assert compared > 100
