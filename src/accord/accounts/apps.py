from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        # middleware records when each sign-in happened; reauth counts a sign-in as confirming it's you
        from . import middleware, reauth  # noqa: F401
