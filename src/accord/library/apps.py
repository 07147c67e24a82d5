from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "accord.library"
    label = "library"
