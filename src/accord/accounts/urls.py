from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.i18n import JavaScriptCatalog

from . import reauth, views
from . import twofactor_views as tf

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-out/others/", views.sign_out_others, name="sign-out-others"),
    path("sign-in/second-step/", tf.second_step, name="second-step"),
    path("confirm/", reauth.confirm, name="confirm"),
    path("two-factor/", tf.security, name="two-factor"),
    path("two-factor/app/", tf.app_setup, name="two-factor-app"),
    path("two-factor/recovery-codes/", tf.recovery_renew, name="two-factor-recovery"),
    path("two-factor/<str:kind>/<int:pk>/remove/", tf.device_remove, name="two-factor-remove"),
    path("passkeys/auth/begin/", tf.PasskeyAuthBegin.as_view(), name="passkey-auth-begin"),
    path("passkeys/auth/complete/", tf.PasskeyAuthComplete.as_view(), name="passkey-auth-complete"),
    path("passkeys/register/begin/", tf.PasskeyRegisterBegin.as_view(), name="passkey-register-begin"),
    path("passkeys/register/complete/", tf.PasskeyRegisterComplete.as_view(), name="passkey-register-complete"),
    path("passkeys/i18n.js", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="passkey-i18n"),
    path("", views.account, name="account"),
    path("language/", views.language, name="language"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("invitations/<str:token>/", views.accept, name="accept"),
    path("p/<int:pk>/invite/", views.invite, name="invite"),
    path("p/<int:pk>/team/", views.team, name="team"),
    path("p/<int:pk>/team/<int:role_pk>/", views.role_change, name="role-change"),
    path("p/<int:pk>/invitations/<int:invitation_pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("password/", views.PasswordChange.as_view(), name="password-change"),
    path("password-reset/", views.PasswordReset.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-sent")), name="password-reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"), name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password-reset-complete")), name="password-reset-confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password-reset-complete"),
]
