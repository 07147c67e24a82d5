"""The quarterly partnership report for a chosen period: the figures, as each role may see them, then
the same figures as a tagged PDF with charts drawn in it and as a spreadsheet.

Every figure is read through the domains' selectors, which apply the pages' rules: a confidential
survey wave never feeds a figure (trust.selectors.trends), results by organisation are for those with
the "view_confidential" need, and the health index is shown as the health page shows it to the role
(health.selectors.seen). The funder's version holds aggregates only, as the funders' view does: no row
about one organisation (no trust by organisation, no funding or commitments by partner, no names of
leaders or of partners yet to sign, warnings as counts).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.charter import selectors as charter
from accord.delivery import selectors as delivery
from accord.health import selectors as health
from accord.lib import stored_text
from accord.lib.charts import Series, line_chart
from accord.lib.exports import XLSX_TYPE, xlsx_bytes
from accord.trust import selectors as trust

from .meetingpack import for_print, running_heads, tagged_pdf

Progress = Callable[[int, int], None]
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
LONGEST_DAYS = 3 * 366  # a longer period than three years is not a report but an archive


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        q = (self.start.month - 1) // 3 + 1
        if self == quarter(self.start.year, q) and self.start.month in (1, 4, 7, 10):
            return _("Q%(q)s %(year)s (%(start)s to %(end)s)") % {
                "q": q, "year": self.start.year, "start": date_format(self.start, "j F"),
                "end": date_format(self.end, "j F Y")}
        return _("%(start)s to %(end)s") % {"start": date_format(self.start, "j F Y"),
                                           "end": date_format(self.end, "j F Y")}

    @property
    def slug(self) -> str:
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"

    @property
    def months(self) -> int:
        return max(1, math.ceil(((self.end - self.start).days + 1) / 30.44))


def quarter(year: int, q: int) -> Period:
    start = dt.date(year, 3 * q - 2, 1)
    following = dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)
    return Period(start, following - dt.timedelta(days=1))


def current_quarter(today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    return quarter(today.year, (today.month - 1) // 3 + 1)


def recent_quarters(today: dt.date | None = None, count: int = 6) -> list[Period]:
    """This quarter and the ones before it, newest first (the page's choices)."""
    p = current_quarter(today)
    out = []
    for _step in range(count):
        out.append(p)
        p = current_quarter(p.start - dt.timedelta(days=1))
    return out


def _date(raw: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError({field: _("Give a date as YYYY-MM-DD, for example 2026-07-01.")}) from None


def parse_period(*, quarter_text: str = "", start: str = "", end: str = "") -> Period:
    """The period from a quarter ("2026-Q3") or two dates; this quarter when nothing is given. Bad input
    raises ValidationError with a plain message naming the field."""
    if quarter_text:
        m = QUARTER.match(quarter_text.strip())
        if not m:
            raise ValidationError({"quarter": _("Give a quarter as YEAR-Qn, for example 2026-Q3.")})
        return quarter(int(m.group(1)), int(m.group(2)))
    if not start and not end:
        return current_quarter()
    if not start or not end:
        raise ValidationError({"start" if not start else "end": _("Give both the first and the last day of the period.")})
    period = Period(_date(start, "start"), _date(end, "end"))
    if period.end < period.start:
        raise ValidationError({"end": _("The last day comes before the first day; swap them.")})
    if (period.end - period.start).days > LONGEST_DAYS:
        raise ValidationError({"end": _("Choose a period of at most three years.")})
    return period


def version_of(access: Any) -> str:
    """Which version of the report a role receives."""
    if access.can("view_confidential"):
        return "partners-confidential"
    if access.can("view_members"):
        return "partners"
    return "funders"


VERSION_LABELS = {  # lazy: shown in the reader's language
    "partners-confidential": gettext_lazy("For the partnership's senior leaders and manager: includes trust by "
                                          "organisation from surveys whose results are shown by organisation."),
    "partners": gettext_lazy("For the partners' people: trust is shown for the whole partnership only."),
    "funders": gettext_lazy("For funders: figures for the whole partnership only, as in the funders' view."),
}


# ---- the figures -------------------------------------------------------------------------------

def gather(access: Any, period: Period, *, produced: dt.date | None = None,
           progress: Progress | None = None) -> dict[str, Any]:
    """Every figure of the report as `access` may see it. `progress(done, total)` after each part."""
    p = access.partnership
    members = access.can("view_members")
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("charter", lambda: _charter(p, members)),
        ("goals", lambda: charter.goals_progress(p, as_of=period.end)),
        ("rollout", lambda: _rollout(p, period)),
        ("commitments", lambda: _commitments(p, period, members)),
        ("funding", lambda: _funding(p, period, members)),
        ("trust", lambda: _trust(p, access, period)),
        ("health", lambda: _health(access, period)),
        ("leaders", lambda: health.leader_changes(access, period.start, period.end)),
    ]
    data: dict[str, Any] = {"partnership": p.name, "period": period, "produced": produced or timezone.localdate(),
                            "version": version_of(access), "members": members}
    data["version_label"] = str(VERSION_LABELS[data["version"]])
    for done, (key, read) in enumerate(steps, start=1):
        data[key] = read()
        if progress is not None:
            progress(done, len(steps))
    return data


def _charter(p: Any, members: bool) -> dict[str, Any]:
    status = charter.charter_status(p)
    unsigned = status["unsigned_orgs"]
    return {"agreed_version": status["agreed_version"], "agreed_on": status["agreed_on"],
            "draft_version": status["draft_version"], "draft_since": status["draft_since"],
            "unsigned_count": len(unsigned), "unsigned": unsigned if members else []}


def _rollout(p: Any, period: Period) -> dict[str, Any]:
    r = delivery.rollout(p, as_of=period.end)
    series = r["series"]
    at_start = next((n for d, n in reversed(series) if d < period.start), 0)
    return {"target_live": r["target_live"], "target_date": r["target_date"], "live_now": r["live_now"],
            "live_at_start": at_start, "series": series,
            "share": r["live_now"] / r["target_live"] if r["target_live"] else None}


def _commitments(p: Any, period: Period, members: bool) -> dict[str, Any]:
    s = charter.commitments_summary(p, as_of=period.end, months=period.months)
    names = {o.pk: o.name for o in p.organisations.all()} if members else {}
    by_org = sorted(({"organisation": names.get(pk, ""), **row} for pk, row in s["by_org"].items() if row["due"]),
                    key=lambda r: r["organisation"]) if members else []
    return {"due": s["due"], "kept_on_time": s["kept_on_time"], "share": s["share"],
            "open_overdue": s["open_overdue"], "by_org": by_org}


def _overlaps(row: dict[str, Any], period: Period) -> bool:
    return bool(row["start"] <= period.end and row["end"] >= period.start)


def _funding(p: Any, period: Period, members: bool) -> dict[str, Any]:
    streams = [{k: s[k] for k in ("title", "funder", "amount", "currency", "start", "end", "restricted")}
               for s in delivery.funding_stream_rows(p) if _overlaps(s, period)]
    totals: dict[str, Any] = {}
    for s in streams:
        totals[s["currency"]] = totals.get(s["currency"], 0) + s["amount"]
    summary = delivery.funding_summary(p, today=period.end)
    return {"streams": streams, "totals": sorted(totals.items()),
            "by_partner": summary["by_partner"] if members else []}


def _trust(p: Any, access: Any, period: Period) -> dict[str, Any]:
    t = trust.trends(p, access, until=period.end)
    for w in t["waves"]:
        w["in_period"] = period.start <= w["closed_on"] <= period.end
    return t


def _health(access: Any, period: Period) -> dict[str, Any]:
    snaps = health.snapshots(access.partnership, until=period.end)
    latest = snaps[-1] if snaps else None
    shown = health.seen(access, latest)
    return {"month": latest.month if latest else None, "overall": shown["overall"],
            "components": shown["components"], "drivers": shown["drivers"],
            "history": [(s.month, s.overall) for s in snaps[-12:]],
            "warnings": health.warnings_in(access, period.start, period.end)}


# ---- the spreadsheet ---------------------------------------------------------------------------

def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def sheets(data: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The same figures as the PDF, one sheet a part (lib.exports makes every cell formula-safe). Sheet
    titles, column names and the labels of the rows are in the active language (the reader's)."""
    period: Period = data["period"]
    c, r, k, f, t, h = (data[x] for x in ("charter", "rollout", "commitments", "funding", "trust", "health"))
    yes, no, withheld = _("yes"), _("no"), _("withheld")
    field_value = [_("Field"), _("Value")]
    out: list[tuple[str, list[str], list[list[Any]]]] = [
        (_("About"), field_value, [[_("Partnership"), data["partnership"]], [_("Period"), period.label],
                                   [_("First day"), period.start], [_("Last day"), period.end],
                                   [_("Produced"), data["produced"]], [_("Version"), data["version_label"]]]),
        (_("Charter"), field_value, [
            [_("Agreed version"), c["agreed_version"]], [_("Agreed on"), c["agreed_on"]],
            [_("Draft version"), c["draft_version"]], [_("Draft since"), c["draft_since"]],
            [_("Partners yet to sign the draft"), c["unsigned_count"]],
            *([[_("Yet to sign"), name] for name in c["unsigned"]])]),
        (_("Goals"), [_("Goal"), _("Measure"), _("Unit"), _("Baseline"), _("Target"), _("Target date"), _("Latest"),
                      _("Measured on"), _("Progress %")],
         [[g["title"], g["metric"], g["unit"], g["baseline"], g["target"], g["target_date"], g["latest"],
           g["latest_on"], _pct(g["progress"])] for g in data["goals"]]),
        (_("Rollout"), [_("Date"), _("Areas live")],
         [[_("Areas in the ambition"), r["target_live"]], [_("Ambition's date"), r["target_date"]],
          [_("Live at the start of the period"), r["live_at_start"]],
          [_("Live at the end of the period"), r["live_now"]],
          *[[d, n] for d, n in r["series"]]]),
        (_("Commitments"), [_("Organisation"), _("Due"), _("Kept on time"), _("Kept on time %")],
         [[_("Whole partnership"), k["due"], k["kept_on_time"], _pct(k["share"])],
          *[[o["organisation"], o["due"], o["kept_on_time"], _pct(o["share"])] for o in k["by_org"]]]),
        (_("Funding streams"), [_("Title"), _("Funder"), _("Amount"), _("Currency"), _("Start"), _("End"),
                                _("Restricted")],
         [[s["title"], s["funder"], s["amount"], s["currency"], s["start"], s["end"], yes if s["restricted"] else no]
          for s in f["streams"]] + [[_("Total"), "", amount, cur, "", "", ""] for cur, amount in f["totals"]]),
    ]
    if data["members"]:
        out.append((_("Funding by partner"), [_("Partner"), _("Amount"), _("Currency")],
                    [[b["partner"], b["amount"], b["currency"]] for b in f["by_partner"]]))
    factor_keys = list(t["factors"])
    out.append((_("Trust"), [_("Survey"), _("Closed on"), _("In the period"), _("Trust %"), _("Value %"),
                             _("Density"), _("Reciprocity"), *[t["factors"][key] for key in factor_keys]],
                [[w["name"], w["closed_on"], yes if w["in_period"] else no, w["trust_pct"], w["value_pct"],
                  w["density"], w["reciprocity"], *[w["factors"].get(key) for key in factor_keys]]
                 for w in t["waves"]]))
    if t["by_org"]:
        out.append((_("Trust by organisation"), [_("Organisation"), *[w["name"] for w in t["waves"]]],
                    [[name, *[values.get(w["id"]) for w in t["waves"]]] for name, values in t["by_org"].items()]))
    out += [
        (_("Health index"), [_("Month"), _("Index")], [[m, v] for m, v in h["history"]]),
        (_("Health components"), [_("Component"), _("Score"), _("Weight")],
         [[x["label"], withheld if x["withheld"] else x["score"], x["weight"]] for x in h["components"]]),
        (_("What moved the index"), [_("Component"), _("Before"), _("After"), _("Change"), _("Effect on the index"),
                                     _("Note")],
         [[d.get("label", d["key"]), withheld if d["withheld"] else d.get("before"), d.get("after"),
           d.get("change"), d.get("effect"), d.get("note", "")] for d in h["drivers"]]),
        (_("Early warnings"), [_("Rule"), _("Fired"), _("Why"), _("Open")],
         [[_("Fired in the period"), h["warnings"]["fired"], "", ""], [_("Open now"), h["warnings"]["open"], "", ""],
          *[[str(a.rule), a.fired_at.date(), stored_text.render(a.reason), yes if a.is_open else no] for a in h["warnings"]["rows"]]]),
        (_("Changes of leader"), [_("Date"), _("Change"), _("Organisation"), _("Note")],
         [[_("Changes in the period"), data["leaders"]["count"], "", ""],
          *[[e["date"], e["kind"], e["organisation"], e["note"]] for e in data["leaders"]["rows"]]]),
    ]
    return out


# ---- the charts --------------------------------------------------------------------------------

def charts(data: dict[str, Any]) -> dict[str, str]:
    """The pages' SVG line charts (lib.charts) of the report's figures."""
    h, t, r = data["health"], data["trust"], data["rollout"]
    out: dict[str, str] = {}
    if len(h["history"]) > 1:
        out["health"] = line_chart([Series(_("Overall index"), h["history"])], title=_("Health index by month"),
                                   y_max=100, y_label=_("index"))
    if t["waves"]:
        out["trust"] = line_chart(
            [Series(_("Trust (%% of maximum)") % {}, [(w["closed_on"], w["trust_pct"]) for w in t["waves"]]),
             Series(_("Value (%% of maximum)") % {}, [(w["closed_on"], w["value_pct"]) for w in t["waves"]],
                    dashed=True)],
            title=_("Trust and value across the partnership, survey by survey"), y_min=0, y_max=100, y_label="%")
    if r["series"]:
        out["rollout"] = line_chart([Series(_("Areas live"), [(d, float(n)) for d, n in r["series"]])],
                                    title=_("Areas live"), y_max=max([r["target_live"] or 0] + [n for _, n in r["series"]]) or None,
                                    y_label=_("areas"))
    return out


# ---- the files ---------------------------------------------------------------------------------

FORMATS = ("pdf", "xlsx")
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX_TYPE}


def render(data: dict[str, Any], fmt: str) -> bytes:
    """The report as a tagged PDF with its charts drawn in it, or as a spreadsheet of the same figures."""
    if fmt == "xlsx":
        return xlsx_bytes(sheets(data))
    drawn = {key: mark_safe(for_print(svg)) for key, svg in charts(data).items()}  # noqa: S308 - lib.charts escapes
    return tagged_pdf("reports/quarterly.html", {"r": data, "charts": drawn},
                      heads=running_heads(data["partnership"], data["period"].label, data["produced"]))


def filename(data: dict[str, Any], fmt: str) -> str:
    suffix = "-funders" if data["version"] == "funders" else ""
    return f"partnership-report-{slugify(data['partnership']) or 'partnership'}-{data['period'].slug}{suffix}.{fmt}"
