"""Accord's settings: one module, read from environment variables with safe local defaults.

Every variable is listed in the README. Secrets may also be read from a file named by
`<NAME>_FILE` (for container secrets), so they never have to sit in the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", BASE_DIR.parent.parent / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name: str, default: str = "") -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    value = env(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Accord refuses to start without one: "
            "set SECRET_KEY (or SECRET_KEY_FILE) to a long random string."
        )
    SECRET_KEY = "accord-local-development-only-not-secret"

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",
    "accord.core",
    "accord.accounts",
    "accord.partners",
    "accord.charter",
    "accord.delivery",
    "accord.governance",
    "accord.trust",
    "accord.library",
    "accord.mailing",
    "accord.health",
    "accord.reports",
    "accord.api",
    "accord.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accord.core.middleware.HugeIdIsNotFound",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.core.context_processors.accord",
            ],
        },
    }
]

# Database: SQLite in var/ unless DATABASE_URL names another (PostgreSQL in production and CI).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'accord.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # WAL lets the web server and the task worker read while the other writes
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: huey on SQLite by default, on Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
HUEY_IMMEDIATE = envbool("HUEY_IMMEDIATE", "False")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": env("HUEY_NAME", "accord"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "accord",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "partners:list"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions expire after SESSION_HOURS of inactivity (sliding), and when the browser closes if asked.
SESSION_COOKIE_AGE = envint("SESSION_HOURS", "12") * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG and SITE_URL.startswith("https://")

# Sign-in throttling: after this many failures for one address or one IP within the window, refuse.
SIGNIN_MAX_FAILURES = envint("SIGNIN_MAX_FAILURES", "5")
SIGNIN_WINDOW_SECONDS = envint("SIGNIN_WINDOW_SECONDS", "900")
INVITATION_DAYS = envint("INVITATION_DAYS", "7")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_HOURS", "24") * 3600

# E-mail: EMAIL_URL such as smtp://user:pass@host:587/?tls=True; printed to the console by default.
EMAIL_URL = env("EMAIL_URL", "console://")
_email = dj_email_url.parse(EMAIL_URL)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Accord <accord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_MAX_MB = envint("UPLOAD_MAX_MB", "20")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# ---- trust ----
# Confidential results are shown only where at least this many organisations answered.
TRUST_CONFIDENTIAL_MIN_ORGS = envint("TRUST_CONFIDENTIAL_MIN_ORGS", "3")
# Reminders go to people who have not finished, this many days apart, at most this many times.
TRUST_REMINDER_DAYS = envint("TRUST_REMINDER_DAYS", "7")
TRUST_MAX_REMINDERS = envint("TRUST_MAX_REMINDERS", "2")
# ---- end trust ----


# ---- charter and delivery ----
# The largest 360Giving JSON file a manager may upload for import, in megabytes.
DELIVERY_IMPORT_MAX_MB = envint("DELIVERY_IMPORT_MAX_MB", "20")
# ---- end charter and delivery ----


# ---- governance ----
# How far ahead meetings of a series are made (and refreshed daily), in days.
GOVERNANCE_HORIZON_DAYS = envint("GOVERNANCE_HORIZON_DAYS", "400")
# An action's owner is reminded this many days before it is due (and once when it is overdue).
GOVERNANCE_REMINDER_DAYS = envint("GOVERNANCE_REMINDER_DAYS", "3")
# ---- end governance ----


# ---- library ----
# File types the knowledge library accepts, by extension; each is also checked by its content.
LIBRARY_ALLOWED_TYPES = [t.strip().lower().lstrip(".") for t in env(
    "LIBRARY_ALLOWED_TYPES", "pdf,docx,xlsx,pptx,odt,ods,png,jpg,jpeg,csv,txt,md").split(",") if t.strip()]
# Uploads are stored through Django's default storage (STORAGES["default"], MEDIA_ROOT/library/ on
# the local disk by default) and limited to UPLOAD_MAX_MB.
# ---- end library ----


# ---- mailing ----
MAILING_PURGE_UNCONFIRMED_DAYS = envint("MAILING_PURGE_UNCONFIRMED_DAYS", "7")
# Sign-ups allowed per hour from one IP address, and for one e-mail address (abuse protection).
MAILING_SIGNUPS_PER_IP = envint("MAILING_SIGNUPS_PER_IP", "20")
MAILING_SIGNUPS_PER_ADDRESS = envint("MAILING_SIGNUPS_PER_ADDRESS", "3")
# Campaign sending: messages per batch, how long a sender may hold a batch before another resumes it,
# attempts for an address the mail server turns away for now, and the first wait (doubled each time).
MAILING_BATCH_SIZE = envint("MAILING_BATCH_SIZE", "500")
MAILING_LEASE_SECONDS = envint("MAILING_LEASE_SECONDS", "300")
# Sent messages are recorded in the database every this many; each sender's journal covers the rest.
MAILING_MARK_EVERY = envint("MAILING_MARK_EVERY", "250")
MAILING_JOURNAL_DIR = env("MAILING_JOURNAL_DIR", str(VAR_DIR / "mailing-journal"))
MAILING_MAX_ATTEMPTS = envint("MAILING_MAX_ATTEMPTS", "5")
MAILING_RETRY_SECONDS = envint("MAILING_RETRY_SECONDS", "300")
# A message a crashed sender had handed to the mail server without hearing back: send again (True:
# at most one duplicate per crash) or not (False: at most one missing per crash). See mailing/sending.py.
MAILING_RESEND_UNCERTAIN = envbool("MAILING_RESEND_UNCERTAIN", "True")
# The mailto: address in List-Unsubscribe (read by the list's owner); default: the list's reply-to.
MAILING_UNSUBSCRIBE_MAILTO = env("MAILING_UNSUBSCRIBE_MAILTO")
# ---- end mailing ----


# ---- health ----
# No settings of its own: digests use EMAIL_URL and SITE_URL; weights and rule thresholds are data
# (per partnership, edited by its manager). See docs/health.md.
# ---- end health ----


# ---- partners ----
# Who may start a new partnership: "anyone" signed in, or only site "admins" (superusers).
ACCORD_WHO_MAY_START_PARTNERSHIPS = env("ACCORD_WHO_MAY_START_PARTNERSHIPS", "anyone").strip().lower()
if ACCORD_WHO_MAY_START_PARTNERSHIPS not in ("anyone", "admins"):
    raise ImproperlyConfigured('ACCORD_WHO_MAY_START_PARTNERSHIPS must be "anyone" or "admins".')
# ---- end partners ----


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"huey": {"level": "WARNING"}},
}

Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
