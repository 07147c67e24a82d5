from django.contrib import admin

from accord.core.admin import AuditedAdmin

from .models import Alert, AlertRule, ChangeEvent, Handover, HandoverItem, HealthSettings, HealthSnapshot

admin.site.register([ChangeEvent, HealthSettings, HealthSnapshot, AlertRule, Alert, Handover, HandoverItem], AuditedAdmin)
