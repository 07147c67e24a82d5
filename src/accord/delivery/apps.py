from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "accord.delivery"
    label = "delivery"
