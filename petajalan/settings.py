"""Petajalan settings: one file, every value from the environment.

Development needs no variable at all (SQLite under var/, console e-mail, tasks run at once).
Production sets PETAJALAN_ENV=production, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; the system
check ``petajalan.W001``/``E001`` refuses the development secret there. See docs/deployment.md.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from petajalan.lib.env import env_bool, env_int, env_list, env_str
from petajalan.lib.storage_settings import evidence_storage_setting

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("PETAJALAN_VAR_DIR", str(PROJECT_DIR / "var")))

DEV_SECRET_KEY = "dev-only-insecure-petajalan-secret-key-do-not-use-in-production"  # noqa: S105

PRODUCTION = env_str("PETAJALAN_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "petajalan",
    "petajalan.accounts",
    "petajalan.evidence",
    "petajalan.frameworks",
    "petajalan.roadmaps",
    "petajalan.monitoring",
    "petajalan.evaluations",
    "petajalan.clinic",
    "petajalan.verification",
    "petajalan.reports",
    "petajalan.province",
    "petajalan.public",
    "petajalan.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "petajalan.middleware.IndonesianFirstLocaleMiddleware",
    "petajalan.middleware.ApiProblemsMiddleware",  # /api/: every error as problem+json, 413 included
    "petajalan.middleware.RequestSizeLimitMiddleware",  # before anything reads the body (CSRF)
    "petajalan.middleware.RejectNulMiddleware",  # PostgreSQL stores no U+0000: 400 (API: 422)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "petajalan.urls"
WSGI_APPLICATION = "petajalan.wsgi.application"

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
                "petajalan.accounts.context_processors.tenancy",
            ],
            "builtins": ["petajalan.templatetags.petajalan"],
        },
    },
]

# Database: DATABASE_URL (postgres://…) in production; SQLite under var/ otherwise.
_default_sqlite = f"sqlite:///{VAR_DIR / 'petajalan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        conn_max_age=env_int("CONN_MAX_AGE", 600 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(VAR_DIR / "petajalan.sqlite3"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles big-looking plans for 20–40 ms each; Petajalan's pages are many
    # short queries, and at 60 governments the JIT alone made the province roll-up 1.7× slower
    # (bench/scale.py, docs/deployment.md "Skala nasional"). PG_JIT=on restores the default.
    _jit = "on" if env_str("PG_JIT", "off").strip().lower() == "on" else "off"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit={_jit}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["petajalan.accounts.backends.EmailOrNipBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins per account and per address before a lock-out, and its length.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# The API docs' Swagger UI, vendored in django-ninja's package, served from its folder as /static/ninja/…
# without listing "ninja" in INSTALLED_APPS, whose import costs every process ~0.1 s (decision 0102).
_ninja = importlib.util.find_spec("ninja")
STATICFILES_DIRS = (
    [("ninja", str(Path(next(iter(_ninja.submodule_search_locations))) / "static" / "ninja"))]
    if _ninja and _ninja.submodule_search_locations
    else []
)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    # Evidence files (data dukung): var/evidence by default, a private S3-compatible bucket with
    # EVIDENCE_STORAGE=s3. Never served from a URL, only through the permission-checked download view.
    "evidence": evidence_storage_setting(VAR_DIR),
}
# Largest evidence file (bytes) and the default evidence quota per government.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
EVIDENCE_QUOTA_BYTES = env_int("EVIDENCE_QUOTA_BYTES", 5 * 1024**3)
# Largest upload kept in memory; larger ones spill to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest spreadsheet accepted for import (bytes); larger ones are refused with a message.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# A request body larger than the largest file a form takes plus 1 MiB of form overhead is refused
# (413) before anything reads it; keep the proxy's client_max_body_size the same (deployment.md).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", max(EVIDENCE_MAX_BYTES, IMPORT_MAX_BYTES) + 1024 * 1024)
# REST API rate limits per token and minute (read, write) and per address for the public endpoints
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120)
API_WRITE_RATE_PER_MINUTE = env_int("API_WRITE_RATE_PER_MINUTE", 30)
API_PUBLIC_RATE_PER_MINUTE = env_int("API_PUBLIC_RATE_PER_MINUTE", 60)
# The largest form (an action with five years of targets, budgets and quarters) has ~50 fields, and
# no form takes more than one file; these leave room without letting a crafted request go further.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

_cache_url = env_str("CACHE_URL", "")
if _cache_url.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url == "db":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "petajalan_cache"}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tasks: run at once in development, on the database worker (`petajalan db_worker`) in production.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_str("TASK_BACKEND", "database" if PRODUCTION else "immediate") == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

_mail_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_mail_options: dict[str, object] = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Petajalan <no-reply@petajalan.local>")

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# htmx sends the CSRF token from the page (base.html's hx-headers), so no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
# Content Security Policy (Django's own middleware; docs/decisions/0081): scripts and styles only
# from our static files, no inline script, handler or style attribute; downloads set a stricter one.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "pikepdf": {"level": "WARNING"},  # it announces its logger bridge at INFO on import
        "django.tasks": {"level": "WARNING"},  # one line per state change of every task otherwise
    },
}
