"""API for mailing. Handlers are thin: fetch through core.policy, call the domain's services."""

from ninja import Router

router = Router(tags=["Mailing"])
