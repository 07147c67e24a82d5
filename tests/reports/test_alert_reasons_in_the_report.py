"""An early warning's reason, stored as a message, reads in the report's language (PDF page and
spreadsheet), whichever language was active when it fired."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation

from accord.core import policy
from accord.health import services
from accord.health.models import Alert
from accord.lib import stored_text
from accord.reports import quarterly

ENGLISH = "has waited 100 days for signatures"
WELSH = "wedi aros 100 diwrnod am lofnodion"


def test_an_alert_reason_in_the_report_reads_in_its_language(world):
    rule = next(r for r in services.rules_ensure(world.partnership) if r.kind == "charter_unsigned")
    with translation.override("cy"):
        reason = stored_text.plural(
            "Version %(version)s of the charter has waited %(days)s day for signatures (not yet signed by %(who)s).",
            "Version %(version)s of the charter has waited %(days)s days for signatures (not yet signed by %(who)s).",
            "days",
            version=2,
            days=100,
            who="Beta Trust",
        )
    Alert.objects.create(
        partnership=world.partnership,
        rule=rule,
        cause_key="charter_unsigned:v2",
        fired_at=timezone.now(),
        reason=reason,
        look_at=stored_text.message("Look."),
    )
    access = policy.get_partnership(world.users["manager"], world.partnership.pk)
    period = quarterly.current_quarter(timezone.localdate() + dt.timedelta(days=1))
    for language, shown, hidden in (("en", ENGLISH, WELSH), ("cy", WELSH, ENGLISH)):
        with translation.override(language):
            data = quarterly.gather(access, period)
            page = render_to_string("reports/quarterly.html", {"r": data, "charts": {}})
            sheet = dict((name, rows) for name, _, rows in quarterly.sheets(data))["Early warnings"]
        assert shown in page and hidden not in page
        assert any(shown in str(cell) for row in sheet for cell in row)
