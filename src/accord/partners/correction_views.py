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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        request, access=access, section="team", title=_("Remove %(user)s's access?") % {"user": role.user},
        undoable=True, refusal=refusal, back=reverse("accounts:team", args=[pk]),
        consequences=[_("%(user)s (%(email)s) can no longer see or change anything of %(partnership)s, from their "
                        "next page.") % {"user": role.user, "email": role.user.email,
                                         "partnership": access.partnership},
                      _("Their account, and everything they recorded, stays.")],
        button=_("Remove their access"), done=_("%(user)s no longer has access.") % {"user": role.user},
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
        request, access=access, section="people", title=_("Delete %(name)s?") % {"name": person.name}, undoable=True,
        refusal=refusal_of(lambda: corrections.check_person_deletable(person)), back=reverse("partners:people", args=[pk]),
        consequences=[_("%(name)s of %(organisation)s is removed from %(partnership)s's people.") % {
                          "name": person.name, "organisation": person.organisation,
                          "partnership": access.partnership},
                      _("They are no longer expected at meetings still to come."),
                      _("Use this for someone added by mistake; for someone who has moved on, give an end date.")],
        button=_("Delete the person"), done=_("%(name)s is deleted.") % {"name": person.name},
        do=lambda: corrections.person_delete(actor=request.user, person=person))


def _membership(access: policy.Access, org_pk: int) -> Membership:
    membership = access.partnership.memberships.select_related("organisation", "partnership").filter(
        organisation_id=org_pk).first()
    if membership is None:
        raise Http404("Not found")
    return membership


class MembershipEndForm(forms.Form):
    left = forms.DateField(label=gettext_lazy("Left on"), widget=forms.DateInput(attrs={"type": "date"}),
                           help_text=gettext_lazy("The last day it was a member."))


@login_required
def membership_end(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    membership = _membership(access, org_pk)
    org = membership.organisation
    if membership.left is not None:
        return confirm_page(request, access=access, section="home",
                            title=_("%(organisation)s leaves the partnership") % {"organisation": org},
                            consequences=[], button="", cancel_url=reverse("partners:organisation", args=[pk, org_pk]),
                            refusal=_("%(organisation)s already left on %(on)s. Edit the membership to change the "
                                      "date.") % {"organisation": org, "on": date_format(membership.left, "j F Y")})
    form = MembershipEndForm(request.POST or None, initial={"left": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            ended = corrections.membership_end(actor=request.user, membership=membership,
                                               left=form.cleaned_data["left"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(organisation)s left the partnership on %(on)s.") % {
                "organisation": org, "on": date_format(ended.left or form.cleaned_data["left"], "j F Y")})
            return redirect("partners:organisation", pk, org_pk)
    return render(request, "core/form.html", {
        "access": access, "section": "home", "form": form, "title": _("%(organisation)s leaves the partnership") % {"organisation": org},
        "submit": _("End the membership"), "cancel_url": reverse("partners:organisation", args=[pk, org_pk]),
        "intro": _("%(organisation)s stays in the record of what it did while a member, and is no longer counted as "
                   "a current member after this date. Its people stay recorded: give those who no longer work with "
                   "the partnership an end date. You can change the date later by editing the membership.")
        % {"organisation": org}})


@login_required
def membership_delete(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    membership = _membership(access, org_pk)
    org = membership.organisation
    return confirm_then(
        request, access=access, section="home", title=_("Delete %(organisation)s's membership?") % {"organisation": org},
        undoable=True, refusal=refusal_of(lambda: corrections.check_membership_deletable(membership)),
        back=access.partnership.get_absolute_url(),
        consequences=[_("%(organisation)s is no longer shown as a member of %(partnership)s, now or in the past.")
                      % {"organisation": org, "partnership": access.partnership},
                      _("Use this for an organisation added by mistake; for one that has left, end its membership.")],
        button=_("Delete the membership"), done=_("%(organisation)s's membership is deleted.") % {"organisation": org},
        do=lambda: corrections.membership_delete(actor=request.user, membership=membership))
