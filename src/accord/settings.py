"""Accord's one settings module, driven by environment variables.

Defaults give the embedded mode: SQLite under ACCORD_DATA_DIR, console email,
local-memory cache, database-backed tasks. Every variable is listed in
docs/operator-guide.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ACCORD_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("ACCORD_DEBUG", False)
# The fallback key is only for the embedded demo; `accord serve` refuses it outside DEBUG
# unless ACCORD_ALLOW_DEMO_KEY is set (see cli.py).
DEMO_SECRET_KEY = "accord-demo-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("ACCORD_SECRET_KEY", DEMO_SECRET_KEY)
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_htmx",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "accord.accounts",
    "accord.reference",
    "accord.core",
    "accord.audit",
    "accord.partners",
    "accord.partnerships",
    "accord.resources",
    "accord.decisions",
    "accord.results",
    "accord.participation",
    "accord.meetings",
    "accord.discussions",
    "accord.surveys",
    "accord.stakeholders",
    "accord.expertise",
    "accord.balance",
    "accord.interop",
    "accord.notifications",
    "accord.web",
    "accord.demo",
    "ninja",  # after accord.web, whose ninja/swagger.html (with a lang) wins; its static assets are served by us, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy of every response (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, precompressed
    # Pages and API answers compressed when the client accepts it. BREACH: the secrets in
    # a page are the CSRF token, masked anew in every response, and a new API token, shown
    # once after a CSRF-protected POST; Django adds random bytes to every gzip answer
    # (docs/operator-guide.md, "Compression").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accord.web.middleware.TimeZoneMiddleware",  # the person's zone, then the partnership's
    "accord.accounts.middleware.UserLanguageMiddleware",  # the language chosen, remembered
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accord.web.middleware.DomainErrorMiddleware",
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
                "accord.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'accord.sqlite3'}",
        conn_max_age=int(os.environ.get("ACCORD_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
# Sign-in throttling (accounts/throttling.py): failures per account, and per client address,
# before each further try waits a delay that doubles up to LOGIN_MAX_DELAY_SECONDS; counts
# are forgotten LOGIN_FAILURE_WINDOW_SECONDS after the last failure. Never a lockout.
LOGIN_FAILURE_LIMIT = int(os.environ.get("ACCORD_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("ACCORD_LOGIN_ADDRESS_FAILURE_LIMIT", "10"))
LOGIN_MAX_DELAY_SECONDS = int(os.environ.get("ACCORD_LOGIN_MAX_DELAY", "300"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("ACCORD_LOGIN_FAILURE_WINDOW", "900"))
# Password-reset requests per client address, and emails per account, in an hour.
RESET_EMAILS_PER_ADDRESS = int(os.environ.get("ACCORD_RESET_PER_ADDRESS", "5"))
RESET_EMAILS_PER_ACCOUNT = int(os.environ.get("ACCORD_RESET_PER_ACCOUNT", "3"))
# How many reverse proxies stand in front of Accord (1 behind the operator guide's nginx):
# the client's address is read that many hops from the right of X-Forwarded-For.
TRUSTED_PROXIES = int(os.environ.get("ACCORD_TRUSTED_PROXIES", "0"))

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        # Shared by every worker process of `accord serve`, with nothing to set up.
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    )
}

# Background tasks (Django's django.tasks). `accord serve` runs the matching worker beside
# gunicorn. ACCORD_TASKS_BACKEND: "database" (default: django-tasks-db, no other service),
# "redis" (django-tasks-redis, `pip install 'accord[redis]'`, at ACCORD_REDIS_URL), or the
# dotted path of any django.tasks backend.
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_redis.RedisTaskBackend",
}
_tasks_backend = os.environ.get("ACCORD_TASKS_BACKEND", "database")
TASKS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": TASKS_BACKENDS.get(_tasks_backend, _tasks_backend)}
}
if TASKS["default"]["BACKEND"] == TASKS_BACKENDS["redis"]:
    from importlib.util import find_spec

    from django.core.exceptions import ImproperlyConfigured

    if find_spec("django_tasks_redis") is None:
        raise ImproperlyConfigured(
            "ACCORD_TASKS_BACKEND=redis needs the redis extra: pip install 'accord[redis]'."
        )
    _tasks_redis_url = os.environ.get("ACCORD_REDIS_URL") or os.environ.get("REDIS_URL")
    if not _tasks_redis_url:
        raise ImproperlyConfigured(
            "ACCORD_TASKS_BACKEND=redis needs ACCORD_REDIS_URL (or REDIS_URL), "
            "e.g. redis://127.0.0.1:6379/0."
        )
    INSTALLED_APPS.append("django_tasks_redis")
    TASKS["default"]["OPTIONS"] = {
        "REDIS_URL": _tasks_redis_url,
        "REDIS_KEY_PREFIX": "accord_tasks",
    }

if os.environ.get("ACCORD_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["ACCORD_SMTP_HOST"],
                "port": int(os.environ.get("ACCORD_SMTP_PORT", "587")),
                "username": os.environ.get("ACCORD_SMTP_USER", ""),
                "password": os.environ.get("ACCORD_SMTP_PASSWORD", ""),
                "use_tls": env_bool("ACCORD_SMTP_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
ACCORD_EMAIL_MODE = os.environ.get("ACCORD_EMAIL_MODE", "immediate")  # or "digest"
#: The site's address for links in emails; set it to the public address in production.
ACCORD_BASE_URL = os.environ.get(
    "ACCORD_BASE_URL", f"http://127.0.0.1:{os.environ.get('ACCORD_PORT', '8000')}"
)
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_FROM_EMAIL", "accord@localhost")
#: A directory of an operator's own partnership templates (*.toml), beside the shipped ones
#: (docs/operator-guide.md, "Partnership templates").
PARTNERSHIP_TEMPLATES_DIR = os.environ.get("ACCORD_PARTNERSHIP_TEMPLATES_DIR", "")

LANGUAGE_CODE = "en"
# The interface languages (issue 17): English, French and Spanish, compiled catalogues
# shipped in the package (src/accord/locale/). LocaleMiddleware reads the person's choice,
# then Accept-Language on a first visit.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("ACCORD_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("ACCORD_MANIFEST_STATIC", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ACCORD_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (Django's own, django.middleware.csp): scripts, styles, images
# and requests from this site only; no inline script or style, no eval, no framing, no
# plugin. A page that needs an inline style uses a class in web/accord.css; SVG charts use
# presentation attributes (fill=…), which CSP does not restrict (docs/contributing/dangers.md).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# HTTPS only, remembered by browsers for a year, in production mode (not DEBUG); Django
# sends it on HTTPS responses only (request.is_secure(): behind a reverse proxy, that
# needs the proxy's X-Forwarded-Proto trusted). ACCORD_HSTS_SECONDS=0 turns it off.
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("ACCORD_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ACCORD_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False

NINJA_PAGINATION_PER_PAGE = 50
# Uploads (accord.core.uploads): the largest file, and what one partnership may store.
ACCORD_MAX_UPLOAD_MB = float(os.environ.get("ACCORD_MAX_UPLOAD_MB", "10"))
ACCORD_UPLOAD_QUOTA_MB = float(os.environ.get("ACCORD_UPLOAD_QUOTA_MB", "500"))

# Every list is paged with bounded limit and offset (accord.core.pagination).
NINJA_PAGINATION_CLASS = "accord.core.pagination.BoundedPagination"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "INFO")},
}
