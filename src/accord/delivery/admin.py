from django.contrib import admin

from accord.core.admin import AuditedAdmin

from .models import Ambition, Area, FundingStream, PendingImport, StageMove

admin.site.register(Area, AuditedAdmin, list_display=["partnership", "name", "ons_code"])
admin.site.register(StageMove, AuditedAdmin, list_display=["area", "stage", "on"])
admin.site.register(Ambition, AuditedAdmin)
admin.site.register(FundingStream, AuditedAdmin, list_display=["partnership", "title", "funder", "amount", "currency", "start", "end"])
admin.site.register(PendingImport, AuditedAdmin, list_display=["partnership", "filename", "created_at", "confirmed_at"])
