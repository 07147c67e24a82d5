from django.contrib import admin, messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from accord.core.admin import AuditedAdmin
from accord.lib import formatting

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

    def _allowed(self, request: HttpRequest, queryset: QuerySet[User]) -> list[User]:
        """The accounts the actor may act on; says which were left alone (another site administrator's)."""
        users = list(queryset)
        allowed = [user for user in users if services.may_act_on(request.user, user)]
        if len(allowed) < len(users):
            messages.error(request, "Only a site administrator can do that to a site administrator's account: "
                                    f"{formatting.count(len(users) - len(allowed), 'account')} left as they were.")
        return allowed

    @admin.action(description="Sign out of every browser", permissions=["change"])
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = self._allowed(request, queryset)
        for user in users:
            services.sessions_end(actor=request.user, user=user)
            if user.pk == request.user.pk:
                update_session_auth_hash(request, user)
        if users:
            messages.success(request, f"Signed out everywhere: {formatting.count(len(users), 'account')}.")

    @admin.action(description="Reset two-factor sign-in and sign out of every browser (they set it up again at "
                              "next sign-in)", permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = self._allowed(request, queryset)
        for user in users:
            twofactor.reset(actor=request.user, user=user)
            if user.pk == request.user.pk:
                update_session_auth_hash(request, user)
        if users:
            messages.success(request, f"Two-factor sign-in reset and signed out everywhere: {formatting.count(len(users), 'account')}.")


admin.site.register(Invitation, AuditedAdmin)
admin.site.register(ApiToken, list_display=["name", "user", "hint", "created_at", "revoked_at"])
