from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "accord.health"
    label = "health"
