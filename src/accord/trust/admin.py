from django.contrib import admin

from accord.core.admin import AuditedAdmin

from .models import FactorItem, Instrument, Wave


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]


@admin.register(FactorItem)
class FactorItemAdmin(admin.ModelAdmin):
    list_display = ["code", "factor", "text"]


@admin.register(Wave)
class WaveAdmin(AuditedAdmin):
    list_display = ["name", "partnership", "status", "confidentiality", "closes_on"]
