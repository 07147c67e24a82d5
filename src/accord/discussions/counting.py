"""Counting a proposal's answers: pure Python, no Django, so each rule is tested on plain data.

Every count takes the answers that count (one per organisation, or per person) as plain dicts with the
keys `stance`, `choice` (a list of option ids) and `scores` ({option id: score}), and returns a dict:

    {"answered": n, "result": "carried" | "not_carried" | "chosen" | "tied" | "no_answers",
     "winner": option id or None, "tied": [option ids], "counts": {...}, "options": [...], "rounds": [...]}

The rules, in plain words, are in docs/discussions.md ("How answers are counted").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

CARRIED, NOT_CARRIED, CHOSEN, TIED, NO_ANSWERS = "carried", "not_carried", "chosen", "tied", "no_answers"

CONSENT_STANCES = ("agree", "abstain", "object", "block")
AGREE_DISAGREE_STANCES = ("agree", "disagree")
REASON_NEEDED = ("object", "block")

Answer = dict[str, Any]


def _base(answers: Sequence[Answer]) -> dict[str, Any]:
    return {"answered": len(answers), "result": NO_ANSWERS, "winner": None, "tied": [], "counts": {},
            "options": [], "rounds": []}


def consent(answers: Sequence[Answer]) -> dict[str, Any]:
    """Carried when nobody blocks and at least one agrees. Objections are recorded and shown but do not
    stop it; abstentions count for neither side. One block stops it."""
    out = _base(answers)
    counts = {s: sum(1 for a in answers if a.get("stance") == s) for s in CONSENT_STANCES}
    out["counts"] = counts
    if not answers:
        return out
    out["result"] = NOT_CARRIED if counts["block"] or not counts["agree"] else CARRIED
    return out


def agree_disagree(answers: Sequence[Answer]) -> dict[str, Any]:
    """Carried when more answer agree than disagree; a tie is not carried."""
    out = _base(answers)
    counts = {s: sum(1 for a in answers if a.get("stance") == s) for s in AGREE_DISAGREE_STANCES}
    out["counts"] = counts
    if answers:
        out["result"] = CARRIED if counts["agree"] > counts["disagree"] else NOT_CARRIED
    return out


def _leaders(option_ids: Sequence[int], value: Mapping[int, float], out: dict[str, Any]) -> dict[str, Any]:
    """The option with the highest value wins; several sharing it are a tie (the author settles it)."""
    if not out["answered"]:
        return out
    best = max((value[o] for o in option_ids), default=0)
    top = [o for o in option_ids if value[o] == best] if best > 0 else []
    if len(top) == 1:
        out["result"], out["winner"] = CHOSEN, top[0]
    else:
        out["result"], out["tied"] = TIED, top
    return out


def choice(answers: Sequence[Answer], option_ids: Sequence[int]) -> dict[str, Any]:
    """Each answer names one option; the option named most wins."""
    out = _base(answers)
    counts = {o: sum(1 for a in answers if (a.get("choice") or [None])[0] == o) for o in option_ids}
    out["options"] = [{"id": o, "count": counts[o]} for o in option_ids]
    return _leaders(option_ids, counts, out)


def time(answers: Sequence[Answer], option_ids: Sequence[int]) -> dict[str, Any]:
    """Each answer names every date that suits; the date that suits most wins (a tie: the author picks)."""
    out = _base(answers)
    counts = {o: sum(1 for a in answers if o in (a.get("choice") or [])) for o in option_ids}
    out["options"] = [{"id": o, "count": counts[o]} for o in option_ids]
    return _leaders(option_ids, counts, out)


def score(answers: Sequence[Answer], option_ids: Sequence[int]) -> dict[str, Any]:
    """Each answer scores options from 0 to the highest score; the highest total wins. An option an answer
    left unscored counts 0 in the total and is left out of that option's average."""
    out = _base(answers)
    totals: dict[int, float] = {o: 0 for o in option_ids}
    given: dict[int, int] = {o: 0 for o in option_ids}
    for a in answers:
        for key, value in (a.get("scores") or {}).items():
            o = int(key)
            if o in totals:
                totals[o] += float(value)
                given[o] += 1
    out["options"] = [{"id": o, "total": totals[o], "mean": (totals[o] / given[o]) if given[o] else None}
                      for o in option_ids]
    return _leaders(option_ids, totals, out)


def ranked(answers: Sequence[Answer], option_ids: Sequence[int]) -> dict[str, Any]:
    """Instant-runoff (the alternative vote). Each answer ranks some or all options. In each round every
    answer counts for its highest-ranked option still in the race; an option with more than half of the
    answers still counting wins. Otherwise the option with the fewest is removed and its answers move to
    their next choice (an answer with no choice left no longer counts). Options tied for fewest are
    removed together, unless that would remove every option left: those are then tied, and the author
    settles the tie in the outcome. No random draw, so a count is the same every time."""
    out = _base(answers)
    ballots = [[o for o in (a.get("choice") or []) if o in option_ids] for a in answers]
    in_race = list(option_ids)
    while out["answered"] and in_race:
        tally = {o: 0 for o in in_race}
        for ballot in ballots:
            top = next((o for o in ballot if o in tally), None)
            if top is not None:
                tally[top] += 1
        counting = sum(tally.values())
        out["rounds"].append({o: tally[o] for o in in_race})
        leader = max(in_race, key=lambda o: tally[o])
        if counting and tally[leader] * 2 > counting:
            out["result"], out["winner"] = CHOSEN, leader
            break
        fewest = min(tally.values())
        removed = [o for o in in_race if tally[o] == fewest]
        if len(removed) == len(in_race) or not counting:
            out["result"], out["tied"] = TIED, in_race if counting else []
            break
        in_race = [o for o in in_race if o not in removed]
    first = out["rounds"][0] if out["rounds"] else {}
    out["options"] = [{"id": o, "first_choices": first.get(o, 0)} for o in option_ids]
    return out


def count(kind: str, answers: Sequence[Answer], option_ids: Sequence[int] = ()) -> dict[str, Any]:
    if kind == "consent":
        return consent(answers)
    if kind == "agree_disagree":
        return agree_disagree(answers)
    if kind == "choice":
        return choice(answers, option_ids)
    if kind == "ranked":
        return ranked(answers, option_ids)
    if kind == "score":
        return score(answers, option_ids)
    if kind == "time":
        return time(answers, option_ids)
    raise ValueError(f"unknown kind of proposal {kind!r}")


def backs(kind: str, answer: Answer, option_id: int | None) -> bool:
    """Whether an answer backs the chosen option (its first choice, a date that suits it, or its top score)."""
    if option_id is None:
        return False
    if kind in ("choice", "ranked"):
        return bool(answer.get("choice")) and answer["choice"][0] == option_id
    if kind == "time":
        return option_id in (answer.get("choice") or [])
    if kind == "score":
        scores = {int(k): float(v) for k, v in (answer.get("scores") or {}).items()}
        return bool(scores) and scores.get(option_id, -1) == max(scores.values())
    return False
