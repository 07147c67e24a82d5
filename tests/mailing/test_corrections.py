"""Correcting mailing: a manager's unsubscribe asks first and can be undone for a while, putting back the
person's own consent with a record of what happened; someone who left themselves is never put back."""

import pytest
from django.core.exceptions import ValidationError

from accord.core import undo
from accord.core.models import AuditEntry
from accord.mailing import corrections, services
from accord.mailing.models import ConsentRecord, Subscriber

from .conftest import subscribe


def test_a_managers_unsubscribe_is_undone_with_a_consent_record(world, lists):
    sub = subscribe(lists.shared, "reader@example.org")
    entry = corrections.unsubscribe_by_manager(actor=world.users["manager"], subscriber=sub)
    assert Subscriber.objects.get(pk=sub.pk).status == "unsubscribed"
    undo.undo(actor=world.users["manager"], entry=entry)
    sub.refresh_from_db()
    assert sub.status == "subscribed" and sub.unsubscribed_at is None
    last = sub.consent_records.order_by("-pk").first()
    assert last.action == ConsentRecord.Action.ADDED and "by mistake" in last.basis


def test_someone_who_left_themselves_is_not_put_back(world, lists):
    sub = subscribe(lists.shared, "reader@example.org")
    entry = corrections.unsubscribe_by_manager(actor=world.users["manager"], subscriber=sub)
    services.subscriber_set_topics(subscriber=sub, topic_ids=[], method=ConsentRecord.Method.EMAIL_LINK)
    ConsentRecord.objects.create(mailing_list=lists.shared, subscriber=sub, email=sub.email, email_hash="x",
                                 action=ConsentRecord.Action.UNSUBSCRIBED, method=ConsentRecord.Method.EMAIL_LINK)
    with pytest.raises(ValidationError, match="changed their subscription themselves"):
        undo.undo(actor=world.users["manager"], entry=entry)
    assert Subscriber.objects.get(pk=sub.pk).status == "unsubscribed"
    own = AuditEntry.objects.create(action="mailing.subscriber.unsubscribed", actor=world.users["manager"],
                                    partnership=world.partnership, object_id=str(sub.pk),
                                    data={"method": ConsentRecord.Method.EMAIL_LINK})
    with pytest.raises(ValidationError, match="left the list themselves"):
        undo.undo(actor=world.users["manager"], entry=own)


def test_the_page_asks_then_offers_undo_and_the_api_agrees(world, lists):
    sub = subscribe(lists.shared, "reader@example.org")
    client, p = world.client("manager"), world.partnership.pk
    url = f"/p/{p}/lists/{lists.shared.pk}/subscribers/{sub.pk}/unsubscribe/"
    assert "Unsubscribe them" in client.get(url).content.decode()
    assert Subscriber.objects.get(pk=sub.pk).status == "subscribed"
    page = client.post(url, follow=True).content.decode()
    assert "has been unsubscribed" in page and ">Undo</button>" in page
    response = client.post(f"/api/partnerships/{p}/lists/{lists.shared.pk}/subscribers/{sub.pk}/unsubscribe")
    assert response.status_code == 422 and "is not subscribed" in response.json()["detail"]
