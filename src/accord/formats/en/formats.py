"""English pages show dates and numbers the British way: Django's "en" formats are American
("Nov. 29, 2026"), so Accord's "en" uses Django's en_GB formats (settings.FORMAT_MODULE_PATH)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
