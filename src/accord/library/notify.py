"""E-mail: each week, the latest signed checkpoint to the partnership's senior leaders and manager,
so every member organisation holds one outside Accord without having to remember to download it."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core.policy import LEADER, MANAGER
from accord.lib import languages, mail
from accord.partners.models import Role

from . import checkpoints
from .models import Checkpoint


def checkpoint_to_leaders(cp: Checkpoint) -> int:
    """Send one checkpoint file to each senior leader and the manager (one message each)."""
    users = {role.user.email: role.user for role in Role.objects.filter(
        partnership_id=cp.partnership_id, role__in=[LEADER, MANAGER], user__is_active=True)
        .exclude(user__email="").select_related("user")}
    emails = sorted(users)
    if not emails:
        return 0
    body = checkpoints.file_text(cp.body, cp.signature)
    context = {"partnership": cp.partnership, "checkpoint": cp, "whole": json.loads(cp.body).get("whole", False),
               "url": mail.absolute(reverse("library:verify", args=[cp.partnership_id]))}
    name = f"accord-checkpoint-p{cp.partnership_id}-entry{cp.entries}-{cp.at:%Y%m%d}.json"
    partnership = cp.partnership
    return mail.send_many([mail.build(
        to=[email], subject=lambda: _("Access record checkpoint: %(partnership)s") % {"partnership": partnership.name},
        template="library/email/checkpoint", context=context, attachments=[(name, body, "application/json")],
        language=languages.email_languages(user=users[email], partnership=partnership)) for email in emails])
