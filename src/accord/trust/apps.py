from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "accord.trust"
    label = "trust"
