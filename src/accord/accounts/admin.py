from django.contrib import admin, messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import services, twofactor
from .models import ApiToken, Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["reset_two_factor", "end_sessions"]

    @admin.action(description="Sign out of every browser")
    def end_sessions(self, request, queryset):  # type: ignore[no-untyped-def]
        for user in queryset:
            services.sessions_end(actor=request.user, user=user)
            if user.pk == request.user.pk:
                update_session_auth_hash(request, user)
        messages.success(request, f"Signed out everywhere: {queryset.count()} account(s).")

    @admin.action(description="Reset two-factor sign-in (they set it up again at next sign-in)")
    def reset_two_factor(self, request, queryset):  # type: ignore[no-untyped-def]
        for user in queryset:
            twofactor.reset(actor=request.user, user=user)
        messages.success(request, f"Two-factor sign-in reset for {queryset.count()} account(s).")


admin.site.register(Invitation)
admin.site.register(ApiToken, list_display=["name", "user", "hint", "created_at", "revoked_at"])
