"""Test settings: Accord's own, with tasks run at once and a private cache per process."""

import os
import tempfile

os.environ.setdefault("ACCORD_VAR_DIR", tempfile.mkdtemp(prefix="accord-test-"))

from accord.settings import *  # noqa: E402,F403

HUEY = {**HUEY, "immediate": True}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Argon2 is the production hasher (tested in tests/accounts); a fast one keeps the suite quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
SITE_URL = "http://testserver"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Two-factor sign-in is required for staff only here, so browser tests can sign managers in with a
# password; tests/accounts/test_two_factor.py turns the managers' requirement on where it tests it.
ACCORD_REQUIRE_2FA_FOR = ["admin"]
# WhiteNoise looks a static file up when it is asked for, as in development, instead of listing every file
# each time a test client starts (about 70 ms per client: minutes over the suite).
WHITENOISE_AUTOREFRESH = True
