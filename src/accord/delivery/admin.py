from django.contrib import admin

from .models import Ambition, Area, FundingStream, PendingImport, StageMove

admin.site.register(Area, list_display=["partnership", "name", "ons_code"])
admin.site.register(StageMove, list_display=["area", "stage", "on"])
admin.site.register(Ambition)
admin.site.register(FundingStream, list_display=["partnership", "title", "funder", "amount", "currency", "start", "end"])
admin.site.register(PendingImport, list_display=["partnership", "filename", "created_at", "confirmed_at"])
