"""Accord's settings: one module, read from environment variables with safe local defaults.

Every variable is listed in the README. Secrets may also be read from a file named by
`<NAME>_FILE` (for container secrets), so they never have to sit in the environment.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

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


def _installation_secret(path: Path) -> str:
    """A random key made once for this installation and kept in the var folder (mode 0600, never
    committed), so that no mode of Accord signs links with a key published in the source."""
    if path.exists():
        return path.read_text().strip()
    import secrets
    import tempfile

    key = secrets.token_urlsafe(50)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mkstemp makes it mode 0600
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
    try:
        os.link(tmp, path)  # atomic: if another process got there first, theirs wins
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        os.unlink(tmp)
    return key


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Accord refuses to start without one: "
            "set SECRET_KEY (or SECRET_KEY_FILE) to a long random string."
        )
    SECRET_KEY = _installation_secret(VAR_DIR / "secret_key")
# True when the key above was made on this machine: then no other machine shares it (core/checks.py).
SECRET_KEY_GENERATED = not env("SECRET_KEY")

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# The public address for links in e-mails, feeds and share links; without SITE_URL it follows PORT
# (`PORT=8080 make run`), so links point at the server that is actually running.
PORT = envint("PORT", "8000")
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

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
    "accord.notices",
    "accord.charter",
    "accord.delivery",
    "accord.governance",
    "accord.trust",
    "accord.library",
    "accord.mailing",
    "accord.discussions",
    "accord.health",
    "accord.privacy",
    "accord.reports",
    "accord.api",
    "accord.demo",
    # pure Python (no apps.py, no Django import), listed so that its locale/ catalogue (the plain-language
    # sentences, see analytics/text.py) is found; last, so any app's own wording of a shared phrase wins
    "accord.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the browser's language (or the language cookie) ...
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
# In production a connection is kept open between requests (opening one costs more than most pages'
# queries) and checked before each request reuses it; the development server starts a thread per
# request, which would only pile connections up, so there it stays 0.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'accord.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0" if DEBUG else "600"),
        conn_health_checks=envbool("DATABASE_CONN_HEALTH_CHECKS", "True"),
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

# A single server that reaches its database or Redis over the network: silences the warnings about
# files kept on this machine's disk (core/checks.py, README "Running on more than one machine").
ACCORD_ONE_MACHINE = envbool("ACCORD_ONE_MACHINE", "False")

# Background work: huey on SQLite by default, on Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
HUEY_IMMEDIATE = envbool("HUEY_IMMEDIATE", "False")
if REDIS_URL:
    HUEY = {
        "huey_class": "accord.core.queue.PriorityRedisHuey",  # a periodic task runs once, not once per worker
        "name": env("HUEY_NAME", "accord"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    HUEY = {
        "huey_class": "accord.core.queue.SqliteHuey",
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
# The idle limit slides by saving a signed-in session again at most once per SESSION_REFRESH_SECONDS
# (accounts.middleware.SessionLifetime), not on every request: a write per page view was a third of a cached
# page's database work. A session can therefore end up to that many seconds before SESSION_HOURS of idling.
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", "60")
SESSION_SAVE_EVERY_REQUEST = False
# Sessions are read from the cache (Redis in production) and written to both it and the database, so a
# page view costs no database query for its session. Every way a session ends still ends it: sign-out
# deletes it from both, and "sign out everywhere", a password change, closing the account, deactivation and
# a two-factor reset change the account itself, which the next request reads afresh (the account is kept in the
# cache under the data version stamp, which that change moves on: accounts/middleware.py;
# tests/accounts/test_session_endings.py and test_user_across_requests.py).
SESSION_ENGINE = env("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secure cookies whenever DEBUG is off; then also the __Host- prefix (Secure, Path=/, no Domain), so
# no other site on a sibling domain can plant or overwrite them. See the "browser" block below.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG

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
# file:///srv/accord-mail keeps each message as a file in that folder; file:// alone uses var/mail.
EMAIL_FILE_PATH = (EMAIL_URL.split("://", 1)[1] if EMAIL_URL.startswith("file://") else "") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Accord <accord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
# Accord speaks English and Welsh (docs/translating.md says how to add a language). Each app keeps its own
# catalogue in src/accord/<app>/locale/<code>/LC_MESSAGES/django.po; the .mo files are compiled by `make`.
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LANGUAGE_COOKIE_NAME = "accord_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# "en" shows dates and numbers the British way (Django's "en" is American): accord/formats/en/formats.py.
FORMAT_MODULE_PATH = ["accord.formats"]
# accord.lib is not an app, so its catalogue (the signed-link messages) is named here.
LOCALE_PATHS = [BASE_DIR / "lib" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

def _storage(backend_name: str, options_name: str, local_folder: Path | None = None) -> dict:
    """A Django storage from two variables: its class, and its options as a JSON object (for example
    django-storages' S3 bucket_name and endpoint_url), so uploads can live on any Django storage.
    Unset, files go to a folder on this machine's disk (`local_folder`, or MEDIA_ROOT)."""
    import json

    backend = env(backend_name, "django.core.files.storage.FileSystemStorage")
    raw = env(options_name)
    try:
        options = json.loads(raw) if raw else {}
    except ValueError as exc:
        raise ImproperlyConfigured(f"{options_name} must be a JSON object: {exc}") from exc
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f'{options_name} must be a JSON object, such as {{"bucket_name": "accord"}}')
    if local_folder is not None and not raw and backend.endswith(".FileSystemStorage"):
        options = {"location": str(local_folder)}
    return {"BACKEND": backend, "OPTIONS": options}


# Subject-access files are kept here (never under MEDIA_ROOT, never served) for ACCORD_SUBJECT_ACCESS_HOURS.
ACCORD_PRIVATE_FILES_DIR = Path(env("ACCORD_PRIVATE_FILES_DIR", str(VAR_DIR / "private")))
STORAGES = {
    "default": _storage("FILE_STORAGE", "FILE_STORAGE_OPTIONS"),
    # Files only their owner downloads, through a view: by default a folder outside MEDIA_ROOT; with
    # several machines, a private bucket (or prefix) of the same object storage.
    "private": _storage("PRIVATE_FILE_STORAGE", "PRIVATE_FILE_STORAGE_OPTIONS", ACCORD_PRIVATE_FILES_DIR),
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

# ---- accounts ----
# Sign-in throttling (docs/sign-in.md): wrong passwords for one account from one client address pause
# that pair; past SIGNIN_ACCOUNT_FREE_FAILURES for one account from anywhere, each further try waits
# (doubling, at most SIGNIN_MAX_DELAY_SECONDS); one address may fail SIGNIN_MAX_PER_ADDRESS times.
SIGNIN_MAX_FAILURES = envint("SIGNIN_MAX_FAILURES", "5")
SIGNIN_WINDOW_SECONDS = envint("SIGNIN_WINDOW_SECONDS", "900")
SIGNIN_ACCOUNT_FREE_FAILURES = envint("SIGNIN_ACCOUNT_FREE_FAILURES", "10")
SIGNIN_MAX_DELAY_SECONDS = envint("SIGNIN_MAX_DELAY_SECONDS", "60")
SIGNIN_MAX_PER_ADDRESS = envint("SIGNIN_MAX_PER_ADDRESS", "100")
# Password-reset and invitation e-mails per hour: to one address, and from one client (or manager).
ACCOUNTS_EMAILS_PER_ADDRESS = envint("ACCOUNTS_EMAILS_PER_ADDRESS", "3")
ACCOUNTS_EMAILS_PER_CLIENT = envint("ACCOUNTS_EMAILS_PER_CLIENT", "20")
# Proxies in front of Accord: a number (how many) or a list of addresses/networks. Only then is
# X-Forwarded-For believed for the client's address.
_proxies = env("ACCORD_TRUSTED_PROXIES", "0").strip()
ACCORD_TRUSTED_PROXIES: int | list[str] = (
    int(_proxies) if _proxies.isdigit() else [p.strip() for p in _proxies.split(",") if p.strip()])
for _proxy in [] if isinstance(ACCORD_TRUSTED_PROXIES, int) else ACCORD_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"ACCORD_TRUSTED_PROXIES: {_proxy!r} is not an address or network") from exc
# "Confirm it's you" (accounts/reauth.py): the password (and second step) again before changing second
# factors, recovery codes, API tokens or other sessions, unless given within this many minutes.
ACCORD_REAUTH_MINUTES = envint("ACCORD_REAUTH_MINUTES", "10")
# Corrections (core/undo.py): the person who deleted a record may undo it for this many minutes.
ACCORD_UNDO_MINUTES = envint("ACCORD_UNDO_MINUTES", "15")
# Who must use two-factor sign-in: any of "admin" (staff), "managers" (partnership managers), "all".
ACCORD_REQUIRE_2FA_FOR = [p.strip() for p in env("ACCORD_REQUIRE_2FA_FOR", "admin,managers").split(",") if p.strip()]
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp_webauthn"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "accord.accounts.middleware.SessionLifetime")
# The signed-in account is read from the cache under the data version stamp (accounts/middleware.py).
MIDDLEWARE[MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")] = \
    "accord.accounts.middleware.Authentication"
# ... then a ?lang= in the address, or the signed-in person's own choice, wins (docs/conventions.md, "Language").
MIDDLEWARE.insert(MIDDLEWARE.index("accord.accounts.middleware.SessionLifetime"),
                  "accord.core.middleware.PersonLanguage")
# However active, a session ends this many hours after sign-in (SESSION_HOURS is the idle limit).
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", "12")
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Accord")
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second step, after the password
# Passkeys belong to SITE_URL's host and work over https (or on localhost, for trying Accord out).
_site = urlsplit(SITE_URL)
_passkey_site = SITE_URL if _site.scheme == "https" or _site.hostname == "localhost" else \
    f"http://localhost:{_site.port or 8000}"
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", urlsplit(_passkey_site).hostname or "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_passkey_site]
# ---- end accounts ----


# ---- trust ----
# Confidential results are shown only where at least this many organisations answered.
TRUST_CONFIDENTIAL_MIN_ORGS = envint("TRUST_CONFIDENTIAL_MIN_ORGS", "3")
# Reminders go to people who have not finished, this many days apart, at most this many times.
TRUST_REMINDER_DAYS = envint("TRUST_REMINDER_DAYS", "7")
TRUST_MAX_REMINDERS = envint("TRUST_MAX_REMINDERS", "2")
# a named wave shows what an organisation said only when at least this many of its people answered
TRUST_NAMED_MIN_RESPONDENTS = envint("TRUST_NAMED_MIN_RESPONDENTS", "2")
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
# Invitees who have not replied to a meeting get one reminder notice this many hours before it starts.
GOVERNANCE_REPLY_REMINDER_HOURS = envint("GOVERNANCE_REPLY_REMINDER_HOURS", "72")
# Calendar replies by e-mail (governance/services/inbound.py). The invitation's ORGANIZER (where calendar
# programs send Accept/Decline); empty: the address of DEFAULT_FROM_EMAIL, as before.
ACCORD_REPLIES_ADDRESS = env("ACCORD_REPLIES_ADDRESS", "")
# The shared secret of the inbound-mail webhook (/meetings/replies/mail/); empty: the webhook is off (404).
ACCORD_INBOUND_MAIL_SECRET = env("ACCORD_INBOUND_MAIL_SECRET", "")
# The largest message (bytes) the webhook and `accord receive_mail` read, and webhook posts per minute
# from one client address.
ACCORD_INBOUND_MAIL_MAX_BYTES = envint("ACCORD_INBOUND_MAIL_MAX_BYTES", "2000000")
ACCORD_INBOUND_MAIL_PER_MINUTE = envint("ACCORD_INBOUND_MAIL_PER_MINUTE", "120")
# When set (your mail server's authserv-id, e.g. mx.charity.example): a reply by e-mail counts only when the
# topmost Authentication-Results header is that server's and says dmarc=pass for the From domain.
ACCORD_INBOUND_MAIL_AUTHSERV_ID = env("ACCORD_INBOUND_MAIL_AUTHSERV_ID", "").strip().lower()
# "What needs me" lists actions due, and library grants ending, within this many days.
ACCORD_TODO_HORIZON_DAYS = envint("ACCORD_TODO_HORIZON_DAYS", "14")
# ---- end governance ----


# ---- discussions ----
# Those who have not answered a proposal are reminded this many hours before it closes (comma-separated;
# each reminder once per proposal).
DISCUSSIONS_REMINDER_HOURS = [int(h) for h in env("DISCUSSIONS_REMINDER_HOURS", "72,24").split(",") if h.strip()]
# ---- end discussions ----


# ---- library ----
# File types the knowledge library accepts, by extension; each is also checked by its content.
LIBRARY_ALLOWED_TYPES = [t.strip().lower().lstrip(".") for t in env(
    "LIBRARY_ALLOWED_TYPES", "pdf,docx,xlsx,pptx,odt,ods,png,jpg,jpeg,csv,txt,md").split(",") if t.strip()]
# Uploads are stored through Django's default storage (STORAGES["default"], MEDIA_ROOT/library/ on
# the local disk by default) and limited to UPLOAD_MAX_MB.
# The access record's secret keys live in files outside the database (created on first use, mode
# 0600): the HMAC key that seals the chain, and beside it the Ed25519 key that signs checkpoints.
ACCORD_LEDGER_KEY_FILE = Path(env("ACCORD_LEDGER_KEY_FILE", str(VAR_DIR / "accord-ledger.key")))
ACCORD_LEDGER_SIGNING_KEY_FILE = Path(env("ACCORD_LEDGER_SIGNING_KEY_FILE",
                                          str(ACCORD_LEDGER_KEY_FILE.parent / "accord-ledger-signing.key")))
# Each Monday the latest checkpoint is e-mailed to every partnership's senior leaders and manager.
LIBRARY_CHECKPOINT_EMAIL = envbool("LIBRARY_CHECKPOINT_EMAIL", "True")
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


# ---- browser and secrets hardening ----
# See docs/security.md. The browser may run only Accord's own files: no inline script or style, no
# framing, nothing from another site (django-csp builds the header; /api/docs relaxes nothing).
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp"]
MIDDLEWARE += ["csp.middleware.CSPMiddleware", "accord.core.middleware.BrowserSafety"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF], "script-src": [SELF], "style-src": [SELF], "img-src": [SELF, "data:"],
        "font-src": [SELF], "connect-src": [SELF], "object-src": [NONE], "base-uri": [NONE],
        "form-action": [SELF], "frame-ancestors": [NONE],
    },
}
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-accord-session"
    CSRF_COOKIE_NAME = "__Host-accord-csrf"
# HSTS is sent only on HTTPS answers; 0 turns it off. A year by default in production.
SECURE_HSTS_SECONDS = envint("ACCORD_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("ACCORD_HSTS_INCLUDE_SUBDOMAINS", "True")
# Preloading is a promise registered with the browsers (hstspreload.org), so the operator opts in.
SECURE_HSTS_PRELOAD = envbool("ACCORD_HSTS_PRELOAD", "False")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
# Behind the TLS-terminating proxy the README describes: trust its X-Forwarded-Proto (only then).
if envbool("ACCORD_BEHIND_HTTPS_PROXY", "False"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("ACCORD_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
# /healthz calls the worker down when its heartbeat (a periodic task, every minute) is older than this.
ACCORD_WORKER_STALE_SECONDS = envint("ACCORD_WORKER_STALE_SECONDS", "300")
# ---- end browser and secrets hardening ----

# ---- long lists (core/listing.py) ----
# A list longer than this is shown a page at a time, with search and a download of every row.
ACCORD_PAGE_SIZE = envint("ACCORD_PAGE_SIZE", "50")
# A partnership with more member organisations than this sees per-organisation summaries (with search,
# pages and downloads of every pair) instead of an organisation-by-organisation table.
ACCORD_MATRIX_MAX = envint("ACCORD_MATRIX_MAX", "15")
# A choice among more organisations or people than this is a text box with suggestions (lib/formfields.py,
# use_picker) instead of a drop-down list of every one of them.
ACCORD_PICKER_MAX = envint("ACCORD_PICKER_MAX", "50")
# ---- end long lists ----

# ---- partners ----
# Who may start a new partnership: "anyone" signed in, or only site "admins" (superusers).
ACCORD_WHO_MAY_START_PARTNERSHIPS = env("ACCORD_WHO_MAY_START_PARTNERSHIPS", "anyone").strip().lower()
if ACCORD_WHO_MAY_START_PARTNERSHIPS not in ("anyone", "admins"):
    raise ImproperlyConfigured('ACCORD_WHO_MAY_START_PARTNERSHIPS must be "anyone" or "admins".')
# ---- end partners ----

# ---- notices ----
# Daily and weekly digests of notices go out at this local hour (0-23); weekly ones on this weekday
# (0 Monday … 6 Sunday). A sweep every minute sends whatever is due and not yet sent.
NOTICES_DIGEST_HOUR = envint("NOTICES_DIGEST_HOUR", "7")
NOTICES_WEEKLY_DAY = envint("NOTICES_WEEKLY_DAY", "0")
if not (0 <= NOTICES_DIGEST_HOUR <= 23 and 0 <= NOTICES_WEEKLY_DAY <= 6):
    raise ImproperlyConfigured("NOTICES_DIGEST_HOUR must be 0-23 and NOTICES_WEEKLY_DAY 0-6.")
# A notice e-mail claimed by a worker that died is taken over after this many seconds.
NOTICES_CLAIM_SECONDS = envint("NOTICES_CLAIM_SECONDS", "300")
# A failed e-mail is tried again after NOTICES_RETRY_SECONDS, doubling, at most NOTICES_MAX_ATTEMPTS times.
NOTICES_RETRY_SECONDS = envint("NOTICES_RETRY_SECONDS", "120")
NOTICES_MAX_ATTEMPTS = envint("NOTICES_MAX_ATTEMPTS", "5")
# ---- end notices ----


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"huey": {"level": "WARNING"}},
}

Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

# ---- privacy ----
# Subject-access files: STORAGES["private"] above (ACCORD_PRIVATE_FILES_DIR), for ACCORD_SUBJECT_ACCESS_HOURS.
ACCORD_SUBJECT_ACCESS_HOURS = envint("ACCORD_SUBJECT_ACCESS_HOURS", "72")
# Retention periods in days (docs/privacy.md lists what each covers); the periodic task enforces them.
ACCORD_RETAIN_PEOPLE_WHO_LEFT_DAYS = envint("ACCORD_RETAIN_PEOPLE_WHO_LEFT_DAYS", "2190")
ACCORD_RETAIN_INVITATIONS_DAYS = envint("ACCORD_RETAIN_INVITATIONS_DAYS", "90")
ACCORD_RETAIN_SURVEY_LINKS_DAYS = envint("ACCORD_RETAIN_SURVEY_LINKS_DAYS", "365")
ACCORD_RETAIN_NOTICES_DAYS = envint("ACCORD_RETAIN_NOTICES_DAYS", "365")
ACCORD_RETAIN_REPORT_JOBS_DAYS = envint("ACCORD_RETAIN_REPORT_JOBS_DAYS", "7")
ACCORD_RETAIN_AUDIT_DAYS = envint("ACCORD_RETAIN_AUDIT_DAYS", "2555")
# ---- end privacy ----
