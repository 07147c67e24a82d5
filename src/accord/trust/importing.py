"""Importing answers gathered elsewhere (a paper form, another survey tool) from a CSV file.

One row per respondent and partner they answer about. All or nothing: every row is checked
first, and nothing is saved unless every row is right. Columns are listed in COLUMNS and in the
downloadable template; docs/trust.md explains them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.audit import log_action
from accord.lib.csvimport import ImportRejected, RowError, RowErrors, column_error, read_csv
from accord.lib.exports import csv_text, unquote_cell

from . import questions
from .models import Contact, FactorAnswer, FactorItem, Rating, Response, Wave

REQUIRED = ["respondent_organisation", "about_organisation"]
FACTOR_ITEMS = [(code, text) for _, _, items in questions.FACTORS for code, text in items]
OPTIONAL = ["respondent", "contact", *questions.DIMENSION_CODES, *[code for code, _ in FACTOR_ITEMS]]
COLUMNS = REQUIRED + OPTIONAL
DONT_KNOW_WORDS = {"dk", "don't know", "dont know", "don’t know", "unknown"}
CONTACT_WORDS = {"none": 0, "no contact": 0, "sharing information": 1, "information": 1, "coordinating": 2,
                 "coordinate": 2, "integrated": 3, "joint": 3, "integrated or joint work": 3}

def _dimension_help(label: str, kind: str) -> str:
    """Column help for one question, made when shown so it speaks the page's language."""
    words = {"label": _(label)}
    if kind == "trust":
        return _("%(label)s (trust): 1 not at all, 2 a little, 3 a fair amount, 4 a great deal; dk for don't know; "
                 "empty if not asked.") % words
    return _("%(label)s (value): 1 not at all, 2 a little, 3 a fair amount, 4 a great deal; dk for don't know; "
             "empty if not asked.") % words


def _factor_help(text: str) -> str:
    return _("“%(statement)s” 1 strongly disagree to 5 strongly agree; dk for don't know; empty if not asked. "
             "Give each respondent's answers on one row only.") % {"statement": _(text)}


HELP: dict[str, Any] = {
    "respondent_organisation": gettext_lazy("The organisation answering: its name as Accord shows it, or its "
                                            "official identifier (such as GB-CHC-1123456)."),
    "about_organisation": gettext_lazy("The partner the row is about, named the same way. Leave it empty on a row "
                                       "that holds only answers about the partnership as a whole."),
    "respondent": gettext_lazy("Optional: who answered (a name or role). Rows with the same respondent and "
                               "organisation make one response. In a confidential survey it is used only to group "
                               "the rows and is not kept."),
    "contact": gettext_lazy("How they work with that partner: 0 no contact, 1 sharing information, 2 coordinating, "
                            "3 integrated or joint work."),
}
for _code, _label, _kind, _text in questions.DIMENSIONS:
    HELP[_code] = lazy(_dimension_help, str)(_label, _kind)
for _code, _text in FACTOR_ITEMS:
    HELP[_code] = lazy(_factor_help, str)(_text)


@dataclass
class ParsedRow:
    line: int
    rater_id: int
    about_id: int
    respondent: str
    contact: int | None
    ratings: dict[str, tuple[int | None, bool]] = field(default_factory=dict)
    factors: dict[str, tuple[int | None, bool]] = field(default_factory=dict)


def template_csv(example_orgs: list[str]) -> str:
    rows = []
    if len(example_orgs) >= 2:
        rows.append([example_orgs[0], example_orgs[1], "Chief executive", "2", "4", "3", "dk", "3", "3", "2"]
                    + ["4"] * len(FACTOR_ITEMS))
    return csv_text(COLUMNS, rows)


def _org_lookup(wave: Wave) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    for org in wave.organisations():
        lookup[org.name.casefold()] = org
        if org.org_id:
            lookup[org.org_id.casefold()] = org
    return lookup


def _parser(wave: Wave) -> Callable[[dict[str, str], int], ParsedRow]:
    orgs = _org_lookup(wave)

    def org(row: dict[str, str], column: str) -> Any:
        value = row[column]
        if not value:
            raise column_error(column, _("This cell is empty: name the organisation."))
        found = orgs.get(unquote_cell(value).casefold())  # the template quotes a name like "=Org"
        if found is None:
            raise column_error(column, _("“%(value)s” is not a member organisation of this partnership. Use the "
                                         "name exactly as Accord shows it, or its official identifier.")
                               % {"value": value})
        return found

    def parse(row: dict[str, str], line: int) -> ParsedRow:
        errors: list[RowError] = []
        rater = about = None
        factors: dict[str, tuple[int | None, bool]] = {}
        for code, _text in FACTOR_ITEMS:
            raw = row.get(code, "")
            if not raw:
                continue
            if raw.casefold() in DONT_KNOW_WORDS:
                factors[code] = (None, True)
            elif raw.isdigit() and 1 <= int(raw) <= 5:
                factors[code] = (int(raw), False)
            else:
                errors.append(RowError(line, code, _("“%(value)s” is not on the 1 to 5 scale (or dk for don't know).") % {"value": raw}))
        relationship_cells = [c for c in ["contact", *questions.DIMENSION_CODES] if row.get(c, "")]
        for column in REQUIRED:
            if column == "about_organisation" and not row[column] and (factors or errors) and not relationship_cells:
                continue  # a row of answers about the partnership as a whole
            try:
                found = org(row, column)
            except ValueError as exc:
                errors.append(RowError(line, column, str(exc)))
                continue
            if column == "respondent_organisation":
                rater = found
            else:
                about = found
        if rater is not None and about is not None and rater.pk == about.pk:
            errors.append(RowError(line, "about_organisation", _("An organisation cannot answer about itself.")))
        contact = None
        raw = row.get("contact", "")
        if raw:
            level = CONTACT_WORDS.get(raw.casefold())
            if level is None and raw.isdigit() and 0 <= int(raw) <= 3:
                level = int(raw)
            if level is None:
                errors.append(RowError(line, "contact", _("“%(value)s” is not 0, 1, 2 or 3.") % {"value": raw}))
            contact = level
        ratings: dict[str, tuple[int | None, bool]] = {}
        for code in questions.DIMENSION_CODES:
            raw = row.get(code, "")
            if not raw:
                continue
            if raw.casefold() in DONT_KNOW_WORDS:
                ratings[code] = (None, True)
            elif raw.isdigit() and 1 <= int(raw) <= 4:
                ratings[code] = (int(raw), False)
            else:
                errors.append(RowError(line, code, _("“%(value)s” is not on the 1 to 4 scale (or dk for don't know).") % {"value": raw}))
        if errors:
            raise RowErrors(errors)
        return ParsedRow(line, rater.pk, about.pk if about else 0, row.get("respondent", ""), contact,  # type: ignore[union-attr]  # no errors: rater was found
                         ratings, factors)

    return parse


@transaction.atomic
def import_responses(*, actor: Any, wave: Wave, data: bytes | str) -> int:
    """Check every row, then save them all as imported responses; returns the number of rows saved.
    Raises ImportRejected (nothing saved) with every problem found."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if not wave.accepting_answers:
        raise ImportRejected([RowError(0, "", _("This survey has closed; answers can no longer be added."))])
    result = read_csv(data, required=REQUIRED, optional=OPTIONAL, parse_row=_parser(wave))
    seen: dict[tuple[int, str, int], int] = {}
    factors_seen: dict[tuple[int, str], int] = {}
    for row in result.rows:
        key = (row.rater_id, row.respondent.casefold(), row.about_id)
        if row.about_id and key in seen:
            result.errors.append(RowError(row.line, "about_organisation",
                                          _("The same respondent already answered about this partner in row %(row)s.")
                                          % {"row": seen[key]}))
        seen[key] = row.line
        if row.factors:
            who = (row.rater_id, row.respondent.casefold())
            if who in factors_seen:
                result.errors.append(RowError(row.line, "", _("This respondent's answers about the partnership as a whole "
                                                "are already in row %(row)s; give them once.")
                                              % {"row": factors_seen[who]}))
            factors_seen[who] = row.line
    if any(r.factors for r in result.rows) and not wave.has("factors"):
        line = next(r.line for r in result.rows if r.factors)
        result.errors.append(RowError(line, "", _("This survey does not ask about the partnership as a whole; "
                                        "remove those columns.")))
    if not result.ok:
        raise ImportRejected(result.errors)
    responses: dict[tuple[int, str], Response] = {}
    contacts, ratings, factor_answers = [], [], []
    items = {i.code: i for i in FactorItem.objects.all()} if any(r.factors for r in result.rows) else {}
    for row in result.rows:
        response_key = (row.rater_id, row.respondent.casefold())
        if response_key not in responses:
            # a confidential wave records nobody's participation by person: the name only groups rows
            # into one response while importing, and is not kept
            respondent = "" if wave.is_confidential else row.respondent[:200]
            responses[response_key] = Response.objects.create(wave=wave, organisation_id=row.rater_id,
                                                     respondent=respondent, source=Response.Source.IMPORT)
        response = responses[response_key]
        for code, (score, dk) in row.factors.items():
            factor_answers.append(FactorAnswer(response=response, item=items[code], score=score, dont_know=dk))
        if not row.about_id:
            continue
        if row.contact is not None:
            contacts.append(Contact(response=response, about_id=row.about_id, level=row.contact))
        for code, (score, dk) in row.ratings.items():
            ratings.append(Rating(response=response, about_id=row.about_id, dimension=code, score=score, dont_know=dk))
    Contact.objects.bulk_create(contacts)
    Rating.objects.bulk_create(ratings)
    FactorAnswer.objects.bulk_create(factor_answers)
    Response.objects.filter(pk__in=[r.pk for r in responses.values()]).update(finished_at=timezone.now())
    log_action(actor, "trust.responses.imported", wave, {"rows": len(result.rows), "responses": len(responses)})
    return len(result.rows)
