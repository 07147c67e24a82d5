from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "accord.mailing"
    label = "mailing"
