"""A wave's pairs (what one organisation said about another) as WaveResult stores them: packed arrays.

A wave of 2,000 organisations has about 120,000 pairs. Stored as a JSON dict per pair (`detail["pairs"]`,
results stored before this module) they were 28 MB, most of it the same keys again and again, and building
and encoding them (a float written out in decimal, 1.3 million times) took longer than the rest of the
close. They are now stored under `detail["pair_arrays"]` as one packed array per field and per question:
`[dtype, base64 of the array's bytes]` (little-endian NumPy dtypes), the k-th element of each belonging to
the k-th pair. The numbers are the very same float64 and integers (a float's bytes, not its decimal text),
with NaN for "nothing answered" (-1 for contact), in the same order as the dicts were.

Readers take the pairs through `stored` (either form, as arrays) and `as_dicts` (a dict per pair, exactly
as stored before: None where nothing was answered), so results stored before read as they did.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.analytics import trust as maths

from . import questions

KEY = "pair_arrays"  # the arrays' key in WaveResult.detail
OLD_KEY = "pairs"  # a dict per pair, in results stored before
IDS = ("from", "about")  # organisation ids
MEANS = ("trust", "value")  # float64, NaN where nothing was answered
COUNTS = ("trust_n", "value_n")  # answers behind each mean
FIELDS = ("from", "about", "trust", "trust_n", "value", "value_n", "contact")  # a stored dict's order
_ORDER = {code: i for i, code in enumerate(questions.DIMENSION_CODES)}
_DTYPES = {**dict.fromkeys(IDS + COUNTS, "<i8"), **dict.fromkeys(MEANS, "<f8"), "contact": "<i1"}


def pack(values: NDArray[Any], dtype: str) -> list[str]:
    """An array as stored: its dtype and its bytes in base64."""
    data = np.ascontiguousarray(values, dtype=np.dtype(dtype)).tobytes()
    return [dtype, base64.b64encode(data).decode("ascii")]


def unpack(packed: Any) -> NDArray[Any]:
    """The array `pack` stored (a read-only view of the decoded bytes, in the native byte order)."""
    dtype, data = packed
    out: NDArray[Any] = np.frombuffer(base64.b64decode(data), dtype=np.dtype(dtype))
    return out.astype(out.dtype.newbyteorder("="), copy=False)


def columns(scores: maths.WaveScores, ids: list[int]) -> dict[str, Any]:
    """Every ordered pair of organisations with a score or a contact level, row by row, packed for storing
    (`ids` are the organisations' ids by position)."""
    shown = ~np.isnan(scores.trust) | ~np.isnan(scores.value) | (scores.contact >= 0)
    np.fill_diagonal(shown, False)
    i, j = np.nonzero(shown)
    pk = np.asarray(ids, dtype=np.int64)
    arrays = {"from": pk[i], "about": pk[j], "trust": scores.trust[i, j], "trust_n": scores.trust_n[i, j],
              "value": scores.value[i, j], "value_n": scores.value_n[i, j],
              "contact": scores.contact[i, j]}
    return {**{f: pack(arrays[f], _DTYPES[f]) for f in FIELDS},
            "dims": {code: pack(row, "<f8") for code, row in zip(questions.DIMENSION_CODES, scores.dims.at(i, j),
                                                                  strict=True)}}


def _floats(values: list[Any]) -> NDArray[np.float64]:
    return np.array(values, dtype=np.float64) if values else np.zeros(0)  # None becomes NaN


def from_dicts(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """The arrays of pairs stored a dict each (results stored before the arrays)."""
    out: dict[str, Any] = {f: np.array([p.get(f) or 0 for p in pairs], dtype=np.int64) for f in IDS + COUNTS}
    out.update({f: _floats([p.get(f) for p in pairs]) for f in MEANS})
    contact = [p.get("contact") for p in pairs]
    out["contact"] = np.array([-1 if c is None else c for c in contact], dtype=np.int64)
    out["dims"] = {code: _floats([p.get("dims", {}).get(code) for p in pairs]) for code in questions.DIMENSION_CODES}
    return out


def stored(detail: dict[str, Any]) -> dict[str, Any]:
    """The pairs of a stored detail, in either form, as arrays: ids, counts and contact (-1 for none) as
    integers, means and the questions' means (`dims`, by question code) as floats (NaN for none)."""
    packed = detail.get(KEY)
    if packed is None:
        return from_dicts(detail.get(OLD_KEY) or [])
    return {**{f: unpack(packed[f]) for f in FIELDS}, "dims": {code: unpack(v) for code, v in packed["dims"].items()}}


def count(cols: dict[str, Any]) -> int:
    return len(cols["from"])


def _nums(values: NDArray[Any]) -> list[float | None]:
    return [None if x != x else x for x in values.tolist()]  # NaN is the only value not equal to itself


def as_dicts(cols: dict[str, Any]) -> list[dict[str, Any]]:
    """A dict per pair, as results stored before the arrays held them (and as readers use them): Python
    ints and floats, None where nothing was answered. The questions come in DIMENSION_CODES order, as they
    were stored, whatever order the database gives the keys back in (PostgreSQL's jsonb sorts them)."""
    codes = sorted(cols["dims"], key=lambda c: (c not in _ORDER, _ORDER.get(c, 0), c))
    dims = zip(*(_nums(cols["dims"][code]) for code in codes), strict=True)
    contact = [None if c < 0 else c for c in cols["contact"].tolist()]
    return [{"from": f, "about": a, "trust": t, "trust_n": tn, "value": v, "value_n": vn, "contact": c,
             "dims": dict(zip(codes, ds, strict=True))}
            for f, a, t, tn, v, vn, c, ds in zip(
                cols["from"].tolist(), cols["about"].tolist(), _nums(cols["trust"]), cols["trust_n"].tolist(),
                _nums(cols["value"]), cols["value_n"].tolist(), contact, dims, strict=True)]


def select(cols: dict[str, Any], keep: NDArray[np.bool_]) -> dict[str, Any]:
    """The pairs where `keep` is true, in their order."""
    if keep.all():
        return cols
    return {**{f: cols[f][keep] for f in FIELDS}, "dims": {code: v[keep] for code, v in cols["dims"].items()}}
