from django.contrib import admin

from accord.core.admin import AuditedAdmin

from .models import CharterVersion, Commitment, Goal, Measurement, Signoff

# Read-mostly: writes belong in services (sign-off rules live there), so sign-offs are not editable here.
admin.site.register(CharterVersion, AuditedAdmin, list_display=["partnership", "number", "created_at", "agreed_at"])
admin.site.register(Signoff, AuditedAdmin, list_display=["version", "organisation", "person_name", "signed_at"],
                    readonly_fields=["version", "organisation", "person", "person_name", "signed_by", "signed_at"])
admin.site.register(Goal, AuditedAdmin, list_display=["partnership", "title", "target", "target_date", "source"])
admin.site.register(Measurement, AuditedAdmin, list_display=["goal", "on", "value"])
admin.site.register(Commitment, AuditedAdmin, list_display=["partnership", "title", "owner", "due", "status"])
