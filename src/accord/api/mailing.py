"""API for mailing lists: only a list's own managers reach it (see accord.mailing.access).

Leaders, staff and funders get 403; people with no role in the partnership, and managers of another
organisation asking for that organisation's list, get 404.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.mailing import corrections, downloads, selectors, sending, services
from accord.mailing.models import Campaign, ConsentRecord, MailingList, Subscriber
from accord.mailing.selectors import get_list, managed_lists, status_counts

from .correction_out import CorrectionOut, correction_out

router = Router(tags=["Mailing"])


class ListOut(Schema):
    id: int
    name: str
    name_cy: str  # the name in Welsh, "" when not written (readers of Welsh then see the English)
    description: str
    description_cy: str
    slug: str
    owner: str
    organisation_id: int | None
    is_open: bool
    record_ip: bool
    topics: list[str]
    statement_version: int | None
    subscribed: int
    pending: int


class SubscriberOut(Schema):
    id: int
    email: str
    name: str
    status: str
    language: str  # the language of their e-mails ("" = the partnership's)
    topics: list[str]
    confirmed_at: dt.datetime | None
    unsubscribed_at: dt.datetime | None


class SendingProgressOut(Schema):
    total: int
    queued: int
    retrying: int
    sent: int
    failed: int
    skipped: int


class CampaignOut(Schema):
    id: int
    subject: str
    subject_cy: str  # sent to subscribers who read Welsh; "" = they get the English
    status: str
    send_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    topics: list[str]
    progress: SendingProgressOut


class CampaignEditIn(Schema):
    subject: str | None = None
    body: str | None = None
    subject_cy: str | None = None
    body_cy: str | None = None
    topic_ids: list[int] | None = None


class ErasedOut(Schema):
    erased: bool
    exported: dict


def _list_out(mailing_list: MailingList) -> dict:
    statement = mailing_list.current_statement()
    counts = status_counts(mailing_list)
    return {"id": mailing_list.pk, "name": mailing_list.name, "name_cy": mailing_list.name_cy,
            "description": mailing_list.description, "description_cy": mailing_list.description_cy,
            "slug": mailing_list.slug,
            "owner": mailing_list.owner_name, "organisation_id": mailing_list.organisation_id,
            "is_open": mailing_list.is_open, "record_ip": mailing_list.record_ip,
            "topics": [t.name for t in mailing_list.topics.all()],
            "statement_version": statement.version if statement else None,
            "subscribed": counts[Subscriber.Status.SUBSCRIBED], "pending": counts[Subscriber.Status.PENDING]}


def _campaign_out(campaign: Campaign) -> dict:
    return {"id": campaign.pk, "subject": campaign.subject, "subject_cy": campaign.subject_cy, "status": campaign.status, "send_at": campaign.send_at,
            "started_at": campaign.started_at, "finished_at": campaign.finished_at,
            "topics": [t.name for t in campaign.topics.all()], "progress": selectors.progress(campaign)}


def _subscriber(mailing_list: MailingList, sub_pk: int) -> Subscriber:
    subscriber = mailing_list.subscribers.filter(pk=sub_pk).first()
    if subscriber is None:
        raise Http404("Not found")
    return subscriber


@router.get("/partnerships/{pk}/lists", response=list[ListOut], summary=gettext_noop("Mailing lists you manage"))
def list_lists(request: HttpRequest, pk: int) -> list:
    access = policy.get_partnership(request.user, pk, need="edit")
    return [_list_out(m) for m in managed_lists(access)]


@router.get("/partnerships/{pk}/lists/{list_pk}", response=ListOut, summary=gettext_noop("Get Mailing List"))
def get_mailing_list(request: HttpRequest, pk: int, list_pk: int) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    return _list_out(mailing_list)


@router.get("/partnerships/{pk}/lists/{list_pk}/subscribers", response=list[SubscriberOut],
            summary=gettext_noop("Subscribers of one list (its managers only)"))
def list_subscribers(request: HttpRequest, pk: int, list_pk: int, status: str = "") -> list:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    qs = mailing_list.subscribers.prefetch_related("topics")
    if status:
        qs = qs.filter(status=status)
    return [{"id": s.pk, "email": s.email, "name": s.name, "status": s.status, "language": s.language,
             "topics": [t.name for t in s.topics.all()], "confirmed_at": s.confirmed_at,
             "unsubscribed_at": s.unsubscribed_at} for s in qs]


@router.get("/partnerships/{pk}/lists/{list_pk}/export", summary=gettext_noop("This list's subscribers as CSV"))
def export_subscribers(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    return downloads.subscribers_csv(mailing_list, actor=request.user)


@router.get("/partnerships/{pk}/lists/{list_pk}/subscribers/{sub_pk}/data", response=dict,
            summary=gettext_noop("Everything held about one subscriber (for a subject access request)"))
def subscriber_data(request: HttpRequest, pk: int, list_pk: int, sub_pk: int) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    return services.subscriber_export(_subscriber(mailing_list, sub_pk))


@router.post("/partnerships/{pk}/lists/{list_pk}/subscribers/{sub_pk}/erase", response=ErasedOut,
             summary=gettext_noop("Erase one subscriber on their request: returns the data that was removed"))
def erase_subscriber(request: HttpRequest, pk: int, list_pk: int, sub_pk: int) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    exported = services.subscriber_erase(subscriber=_subscriber(mailing_list, sub_pk), actor=request.user,
                                         method=ConsentRecord.Method.ADMIN)
    return {"erased": True, "exported": exported}


@router.get("/partnerships/{pk}/lists/{list_pk}/campaigns", response=list[CampaignOut],
            summary=gettext_noop("List Campaigns"))
def list_campaigns(request: HttpRequest, pk: int, list_pk: int) -> list:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    return [_campaign_out(c) for c in mailing_list.campaigns.prefetch_related("topics")]


@router.get("/partnerships/{pk}/lists/{list_pk}/campaigns/{campaign_pk}", response=CampaignOut,
            summary=gettext_noop("One campaign and its sending progress"))
def get_campaign(request: HttpRequest, pk: int, list_pk: int, campaign_pk: int) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    campaign = mailing_list.campaigns.filter(pk=campaign_pk).first()
    if campaign is None:
        raise Http404("Not found")
    return _campaign_out(campaign)


def _campaign(mailing_list: MailingList, campaign_pk: int) -> Campaign:
    campaign = mailing_list.campaigns.filter(pk=campaign_pk).first()
    if campaign is None:
        raise Http404("Not found")
    return campaign


@router.patch("/partnerships/{pk}/lists/{list_pk}/campaigns/{campaign_pk}", response=CampaignOut,
              summary=gettext_noop("Change a draft campaign (a manager of the list); refused once scheduled or sent"))
def edit_campaign(request: HttpRequest, pk: int, list_pk: int, campaign_pk: int, payload: CampaignEditIn) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    campaign = _campaign(mailing_list, campaign_pk)
    topic_ids = payload.topic_ids if payload.topic_ids is not None else campaign.topics.values_list("pk", flat=True)
    campaign = sending.campaign_save(
        actor=request.user, mailing_list=mailing_list, campaign=campaign,
        subject=payload.subject if payload.subject is not None else campaign.subject,
        body=payload.body if payload.body is not None else campaign.body, topic_ids=list(topic_ids),
        subject_cy=payload.subject_cy if payload.subject_cy is not None else campaign.subject_cy,
        body_cy=payload.body_cy if payload.body_cy is not None else campaign.body_cy)
    return _campaign_out(campaign)


@router.delete("/partnerships/{pk}/lists/{list_pk}/campaigns/{campaign_pk}", response=CorrectionOut,
               summary=gettext_noop("Delete a draft campaign (a manager of the list); refused once scheduled or sent; undo for a while"))
def delete_campaign(request: HttpRequest, pk: int, list_pk: int, campaign_pk: int) -> dict:
    mailing_list, _ = get_list(request.user, pk, list_pk)
    return correction_out(corrections.campaign_delete(actor=request.user, campaign=_campaign(mailing_list, campaign_pk)))
