"""E-mail: each week, the latest signed checkpoint to the partnership's senior leaders and manager,
so every member organisation holds one outside Accord without having to remember to download it."""

from __future__ import annotations

import json

from django.urls import reverse

from accord.core.policy import LEADER, MANAGER
from accord.lib import mail
from accord.partners.models import Role

from . import checkpoints
from .models import Checkpoint


def checkpoint_to_leaders(cp: Checkpoint) -> int:
    """Send one checkpoint file to each senior leader and the manager (one message each)."""
    emails = sorted(set(Role.objects.filter(partnership_id=cp.partnership_id, role__in=[LEADER, MANAGER],
                                            user__is_active=True).exclude(user__email="")
                        .values_list("user__email", flat=True)))
    if not emails:
        return 0
    body = checkpoints.file_text(cp.body, cp.signature)
    context = {"partnership": cp.partnership, "checkpoint": cp, "whole": json.loads(cp.body).get("whole", False),
               "url": mail.absolute(reverse("library:verify", args=[cp.partnership_id]))}
    name = f"accord-checkpoint-p{cp.partnership_id}-entry{cp.entries}-{cp.at:%Y%m%d}.json"
    return mail.send_many([mail.build(
        to=[email], subject=f"Access record checkpoint: {cp.partnership.name}", template="library/email/checkpoint",
        context=context, attachments=[(name, body, "application/json")]) for email in emails])
