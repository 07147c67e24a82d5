"""API for charter. Handlers are thin: fetch through core.policy, call the domain's services."""

from ninja import Router

router = Router(tags=["Charter"])
