"""Pages that correct who has access, people and memberships: removing someone's access or deleting a person or
a membership asks first and offers Undo for a while; an organisation leaving ends its membership."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accord.core import policy
from accord.core.confirm import confirm_page, confirm_then, refusal_of
from accord.lib.formerrors import apply_errors

from . import corrections, selectors, services
from .models import Membership, Person, Role


@login_required
def role_remove(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    role = access.partnership.roles.filter(pk=role_pk).select_related("user", "organisation").first()
    if role is None:
        raise Http404("Not found")
    refusal = refusal_of(lambda: services._keep_a_manager(access.partnership, leaving=role)) \
        if role.role == Role.MANAGER else ""
    return confirm_then(
        request, access=access, section="team", title=f"Remove {role.user}'s access?", undoable=True,
        refusal=refusal, back=reverse("accounts:team", args=[pk]),
        consequences=[f"{role.user} ({role.user.email}) can no longer see or change anything of "
                      f"{access.partnership}, from their next page.",
                      "Their account, and everything they recorded, stays."],
        button="Remove their access", done=f"{role.user} no longer has access.",
        do=lambda: services.role_remove(actor=request.user, role=role))


def _person(access: policy.Access, person_pk: int) -> Person:
    person = selectors.people(access.partnership).filter(pk=person_pk).select_related("organisation").first()
    if person is None:
        raise Http404("Not found")
    return person


@login_required
def person_delete(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    person = _person(access, person_pk)
    return confirm_then(
        request, access=access, section="people", title=f"Delete {person.name}?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_person_deletable(person)), back=reverse("partners:people", args=[pk]),
        consequences=[f"{person.name} of {person.organisation} is removed from {access.partnership}'s people.",
                      "They are no longer expected at meetings still to come.",
                      "Use this for someone added by mistake; for someone who has moved on, give an end date."],
        button="Delete the person", done=f"{person.name} is deleted.",
        do=lambda: corrections.person_delete(actor=request.user, person=person))


def _membership(access: policy.Access, org_pk: int) -> Membership:
    membership = access.partnership.memberships.select_related("organisation", "partnership").filter(
        organisation_id=org_pk).first()
    if membership is None:
        raise Http404("Not found")
    return membership


class MembershipEndForm(forms.Form):
    left = forms.DateField(label="Left on", widget=forms.DateInput(attrs={"type": "date"}),
                           help_text="The last day it was a member.")


@login_required
def membership_end(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    membership = _membership(access, org_pk)
    org = membership.organisation
    if membership.left is not None:
        return confirm_page(request, access=access, section="home", title=f"{org} leaves the partnership",
                            consequences=[], button="", cancel_url=reverse("partners:organisation", args=[pk, org_pk]),
                            refusal=f"{org} already left on {membership.left:%-d %B %Y}. Edit the membership to "
                                    "change the date.")
    form = MembershipEndForm(request.POST or None, initial={"left": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            ended = corrections.membership_end(actor=request.user, membership=membership,
                                               left=form.cleaned_data["left"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{org} left the partnership on {ended.left:%-d %B %Y}.")
            return redirect("partners:organisation", pk, org_pk)
    return render(request, "core/form.html", {
        "access": access, "section": "home", "form": form, "title": f"{org} leaves the partnership",
        "submit": "End the membership", "cancel_url": reverse("partners:organisation", args=[pk, org_pk]),
        "intro": f"{org} stays in the record of what it did while a member, and is no longer counted as a "
                 "current member after this date. Its people stay recorded: give those who no longer work with the "
                 "partnership an end date. You can change the date later by editing the membership."})


@login_required
def membership_delete(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    membership = _membership(access, org_pk)
    org = membership.organisation
    return confirm_then(
        request, access=access, section="home", title=f"Delete {org}'s membership?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_membership_deletable(membership)),
        back=access.partnership.get_absolute_url(),
        consequences=[f"{org} is no longer shown as a member of {access.partnership}, now or in the past.",
                      "Use this for an organisation added by mistake; for one that has left, end its membership."],
        button="Delete the membership", done=f"{org}'s membership is deleted.",
        do=lambda: corrections.membership_delete(actor=request.user, membership=membership))
