"""A subscriber CSV that cannot be imported says every reason for each row, and names the row an
address already appeared on."""

import pytest

from accord.lib.csvimport import ImportRejected
from accord.mailing import services
from accord.mailing.models import Subscriber


def test_every_reason_for_a_row_is_reported_and_duplicates_name_the_earlier_row(lists):
    data = ("email,topics\n"
            "a@example.org,Research\n"
            "not-an-address,Gardening\n"      # two problems on one row
            "A@example.org,\n")               # the same address as row 2
    with pytest.raises(ImportRejected) as bad:
        services.subscribers_import(actor=None, mailing_list=lists.shared, basis="Forms", data=data)
    errors = [(e.row, e.column, e.message) for e in bad.value.errors]
    assert [(row, column) for row, column, _ in errors] == [(3, "email"), (3, "topics"), (4, "email")]
    assert "Gardening" in errors[1][2]
    assert "row 2" in errors[2][2]
    assert not Subscriber.objects.exists()
