from django.contrib import admin

from accord.core.admin import AuditedAdmin

from .models import Answer, Comment, Delegate, Proposal, Thread

# Read-mostly: answers are given through the services (one per organisation, only while open), so they are
# shown here but not editable.
admin.site.register(Thread, AuditedAdmin, list_display=["partnership", "title", "audience", "status", "created_at"])
admin.site.register(Comment, AuditedAdmin, list_display=["thread", "author", "created_at", "edited_at"],
                    readonly_fields=["thread", "parent", "author", "body", "created_at", "edited_at"])
admin.site.register(Proposal, AuditedAdmin, list_display=["thread", "title", "kind", "closes_at", "decided_at"])
admin.site.register(Answer, AuditedAdmin, list_display=["proposal", "organisation", "person", "updated_at"],
                    readonly_fields=["proposal", "organisation", "person", "given_by", "stance", "reason", "choice",
                                     "scores", "created_at", "updated_at"])
admin.site.register(Delegate, AuditedAdmin, list_display=["partnership", "organisation", "person", "named_at"])
