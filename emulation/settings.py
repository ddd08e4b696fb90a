"""Settings for Thi Đua, driven entirely by environment variables.

Every setting the app reads is listed in `.env.example` and in the README's configuration table.
Development defaults are safe only because `DEBUG` is off unless asked for: with `DEBUG` off a
real `SECRET_KEY` is required and the app refuses to start without one.
"""

import os
import sys
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


DEBUG = env_bool("DEBUG", False)
# Nothing in the environment makes these settings weaker than production, apart from DEBUG
# itself: the test suite runs on its own settings module (`tests/settings.py`), which a
# production process never imports.

# Build-time commands sign nothing and serve nothing: an image build or a developer's migration
# check can run them without the production secret.
BUILD_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "collectstatic"}
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else ""

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if _COMMAND in BUILD_COMMANDS:
        SECRET_KEY = "build-time-only-key-never-used-to-sign-anything-" + "x" * 20
    elif DEBUG:
        # Development only: a fixed, obviously-insecure key so sessions survive restarts.
        SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY to a long random string "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set DEBUG=1 "
            "for local development."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    # Ours, from the bottom of the import graph up:
    # demo → documents → portal → conference → awards → results → scoring → campaigns → blocks
    # → audit → accounts.
    "accounts",
    "audit",
    "blocks",
    "campaigns",
    "scoring",
    "results",
    "awards",
    "conference",
    "portal",
    "documents",
    "demo",
    "health",
    "datagen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages of published results answer here, before sessions and the view.
    "emulation.public_cache.PublicPageCacheMiddleware",
    "emulation.errors.OwnNotFoundPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emulation.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "emulation.headers.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    "emulation.middleware.SignInRequiredMiddleware",
    # Axes must be last: it inspects the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "emulation.wsgi.application"
ASGI_APPLICATION = "emulation.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite, the embedded default, is made to hold many concurrent users: the write-ahead log lets
# readers go on while one unit saves; IMMEDIATE transactions take the write lock when they begin,
# so a waiting writer queues on the busy timeout instead of failing with "database is locked"
# when it upgrades a read lock; synchronous=NORMAL is safe with WAL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# On PostgreSQL the hot reads and writes of emulation.prepared are PREPAREd once per connection,
# so PostgreSQL plans them once, not on every request. Off behind a pooler that hands a client a
# different server connection per transaction (PgBouncer's transaction mode before 1.21).
DB_SERVER_PREPARED = env_bool("DB_SERVER_PREPARED", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's unit with the user (one query, not two).
    "accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# --- Login protection and two-factor authentication (accounts) ---
# The client's address: X-Forwarded-For is trusted only through this many reverse proxies
# (0: REMOTE_ADDR only). See docs/deployment.md.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
# Lock a (username, client) pair after repeated failures (django-axes): a stranger's guesses
# lock only the stranger. One client across all usernames gets a higher limit (accounts.security).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
LOGIN_CLIENT_FAILURE_LIMIT = env_int("LOGIN_CLIENT_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accounts.security.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Two-factor authentication (django-otp, TOTP + recovery codes). Superusers and board staff must
# enrol when this is on: on by default in production, off with DEBUG (the demo's accounts).
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "Thi Đua")
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
_AUTH = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE.insert(_AUTH + 1, "django_otp.middleware.OTPMiddleware")
# A code before anything else, then the forced password change.
MIDDLEWARE.insert(
    MIDDLEWARE.index("accounts.middleware.ForcePasswordChangeMiddleware"),
    "accounts.middleware.SecondFactorMiddleware",
)
# --- end of login protection and two-factor authentication ---

# Internationalisation: Vietnamese first, English selectable.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Django's own "vi" locale has no input formats and no digit grouping; ours does.
FORMAT_MODULE_PATH = ["emulation.formats"]
# Each app keeps its own catalogue (so makemessages files strings next to the code that uses
# them); the project catalogue holds the shared templates and settings.
LOCALE_PATHS = [
    BASE_DIR / "accounts" / "locale",
    BASE_DIR / "audit" / "locale",
    BASE_DIR / "blocks" / "locale",
    BASE_DIR / "campaigns" / "locale",
    BASE_DIR / "scoring" / "locale",
    BASE_DIR / "results" / "locale",
    BASE_DIR / "awards" / "locale",
    BASE_DIR / "conference" / "locale",
    BASE_DIR / "portal" / "locale",
    BASE_DIR / "documents" / "locale",
    BASE_DIR / "demo" / "locale",
    BASE_DIR / "locale",
]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's compiled dist files, shipped by the bootstrap-wrapper package (no CDN).
    ("bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            # The manifest needs collectstatic: development (and the tests' settings) do without.
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) whitenoise serves straight from the finders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded files (evidence, signed decisions, documents) live outside the static tree and are
# only ever served through permission-checked views, never by URL.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Never routed: no URL serves MEDIA_ROOT directly (Django needs a value all the same).
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 20 * 1024 * 1024)

# --- Scale: password hashing, background tasks, cache, sessions, lockout, storage ---------
# Without REDIS_URL everything stays in the process and the database (`make run` needs nothing
# more); with it, every app server shares one cache, one session store and one login-lockout
# store, and background tasks go to an RQ queue. docs/deployment.md draws the layout.

# Argon2id first (cost measured: emulation/hashers.py); the PBKDF2 hashers stay so that
# existing passwords still verify, and Django rehashes them with Argon2 at the next login.
PASSWORD_HASHERS = [
    "emulation.hashers.MeasuredArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

REDIS_URL = os.environ.get("REDIS_URL", "")
# Django's tasks API (the django-tasks backport of Django 6's `django.tasks`): the database
# backend by default, worked by `manage.py db_worker`; RQ on Redis when configured, worked by
# `manage.py rqworker default --worker-class django_tasks_rq.Worker`.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
if REDIS_URL:
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "thidua",
        },
        # Login lockouts live apart from the page cache, so clearing one never clears the other.
        "axes": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "thidua-axes",
        },
    }
    # Sessions are read from Redis and written through to the database: a Redis restart
    # signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AXES_CACHE = "axes"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Public pages of published results (home, province, ranking, unit) are kept this long in
# the cache for anonymous visitors, keyed by their publication stamp, so a publication or a
# correction shows at once; other changes (a renamed unit) show when the entry expires.
# 0 turns the page cache off (emulation/public_cache.py).
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)

# Uploaded and generated files go through Django's storage API: the local MEDIA_ROOT by
# default, an S3-compatible object store (django-storages, the `s3` extra) when S3_BUCKET is
# set. Files are private either way: views stream them after the access check.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# --- End of the scale block ---------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS hardening; all on by default outside DEBUG. Each can be turned off for a plain-HTTP
# intranet behind a TLS-terminating proxy that sets X-Forwarded-Proto.
_HTTPS = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _HTTPS)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Every cookie the app sets is Secure in production and SameSite=Lax: the language choice too.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Inline styles: server-rendered SVG charts carry their own <style>.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "emulation.logging.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Name of the issuing body printed on official documents when a province has none configured.
SITE_NAME = os.environ.get("SITE_NAME", "Thi Đua")
