"""Participe's one settings module: every deployment difference comes from the environment."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in env_list(name))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must list IP addresses or networks (10.0.0.2, 172.31.255.0/28): {exc}"
        ) from exc


DEBUG = env_bool("DJANGO_DEBUG", False)

if DEBUG:
    # Only for local development: a production start without a real key must fail loudly.
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-participe-local-development-only")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    # The publisher's country list, with the names in French (offers/admin_forms.py).
    "django_countries",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "organisations",
    "offers",
    "mail",
    "alerts",
    "throttles",
    "sources",
    "publishing",
]

MIDDLEWARE = [
    # First: every log line of the request, and the 500 page, carry its id.
    "django_guid.middleware.guid_middleware",
    # Outermost, so that static files and health probes get the headers too.
    "config.middleware.cross_origin_resource_policy",
    # Before host validation and HTTPS redirects: container probes call http://localhost.
    "config.middleware.health_check",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.LanguageCookieMiddleware",
    # Before anything reads a body: one declared too large is refused unread (413).
    "config.request_body.bounded_body",
    # Anonymous visitors' pages from the cache: after the headers and the language, before
    # everything a stored page does not need (offers/page_cache.py).
    "offers.page_cache.CachedPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last: it only locks out after the login view said the credentials were wrong.
    "axes.middleware.AxesMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out address is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    # The public pages (templates/jinja2/, config/jinja2.py); looked up first.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2.environment"},
    },
    # The admin, the e-mails and the error pages Django renders without a request.
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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# PostgreSQL only (full-text search, triggers). `make run` and `make test` set DATABASE_URL to
# the server bin/with-postgres starts; the default is a local server's `participe` database.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/participe"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Every request is bounded: a connection that cannot be made in DATABASE_CONNECT_TIMEOUT
# seconds (a server that accepts and never answers included) and a statement running longer
# than DATABASE_STATEMENT_TIMEOUT seconds are errors, which pages answer with the 503 page.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 10)
# /healthz makes its own connection with this shorter bound (config/health.py).
HEALTH_CHECK_TIMEOUT = env_int("PARTICIPE_HEALTH_CHECK_TIMEOUT", 2)
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://…).")
DATABASES["default"].setdefault("OPTIONS", {}).update(
    application_name="participe",
    connect_timeout=DATABASE_CONNECT_TIMEOUT,
    # 0 turns it off (e.g. for a long data migration run by hand).
    options=f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}",
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# The interface is in French, and in English for those who choose it with the switcher (a
# cookie); the postings themselves stay in their own language. The browser's Accept-Language
# is not followed: French is the board's language, and the admin is not translated.
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str(
    "DJANGO_DEFAULT_FROM_EMAIL", "Participe <ne-pas-repondre@participe.fr>"
)

# SMTP, read only when the SMTP backend is used (production).
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
# Every e-mail goes through the outbox (mail/outbox.py): a failed send is tried again after
# EMAIL_RETRY_SECONDS, then 4, 16, 64… times that, and marked failed after EMAIL_MAX_ATTEMPTS.
EMAIL_MAX_ATTEMPTS = env_int("PARTICIPE_EMAIL_MAX_ATTEMPTS", 6)
EMAIL_RETRY_SECONDS = env_int("PARTICIPE_EMAIL_RETRY_SECONDS", 60)
# A task, or an e-mail's try, still running after this long has lost its worker: the worker's
# healthcheck (check_task_queue) reports it and the sweeper sends the e-mail again. Far above
# any real send (each SMTP step times out after EMAIL_TIMEOUT).
TASK_STALE_SECONDS = env_int("PARTICIPE_TASK_STALE_SECONDS", 600)

# Background tasks (django-tasks, the API Django 6 ships). "database": a queue in PostgreSQL,
# run by `manage.py db_worker` (production). "immediate": run in the request once it commits,
# so `make run` needs no worker.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("PARTICIPE_TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"PARTICIPE_TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}

PAGE_SIZE = env_int("PARTICIPE_PAGE_SIZE", 20)
# Searches one client may run per minute that no cached page answers (offers/search_budget.py);
# past that, a 429 until the next minute. 0 turns the budget off.
SEARCHES_PER_MINUTE = env_int("PARTICIPE_SEARCHES_PER_MINUTE", 30)
# Submissions one person may make in an hour, across all offers (offers/review_cycle.py).
SUBMISSIONS_PER_HOUR = env_int("PARTICIPE_SUBMISSIONS_PER_HOUR", 20)
# The public address of the site, for links in e-mails (which have no request to build them from).
SITE_URL = env_str("PARTICIPE_SITE_URL", "http://127.0.0.1:8000")
# Where an organisation writes to get a publisher's account (the "Publier une offre" page).
CONTACT_EMAIL = env_str("PARTICIPE_CONTACT_EMAIL", "moderation@participe.fr")

# Whole public pages are cached for anonymous visitors (offers/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PARTICIPE_PAGE_CACHE_SECONDS", 300)
# How old a board version a worker may look stored pages up under, so that a stored page is
# found without a query (offers/caches.py): a change reaches them within this many seconds.
BOARD_VERSION_SECONDS = env_int("PARTICIPE_BOARD_VERSION_SECONDS", 1)
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # Shared by every worker, so one invalidation reaches them all. If Redis goes away, pages
    # are served uncached and the failure is logged once (config/cache.py); short timeouts keep
    # a dead Redis from slowing every request.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "participe",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "retry_after": env_int("PARTICIPE_CACHE_RETRY_SECONDS", 5),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        }
    }

# The anonymous page cache's own space (offers/page_cache.py), so that pages never evict
# anything else; without Redis each worker keeps at most this many (compressed) pages.
PAGE_CACHE_ENTRIES = env_int("PARTICIPE_PAGE_CACHE_ENTRIES", 1000)
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "participe-pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES},
    }

# The benchmark's trivial view (/bench/floor/): off everywhere but in `make bench`.
BENCH_FLOOR = env_bool("PARTICIPE_BENCH_FLOOR", False)

# One line per event on stderr, with time, level, logger and the request's id (django-guid;
# "-" outside a request); LOG_FORMAT=json writes one JSON object per line instead.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOG_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": LOG_FIELDS.replace("%(request_id)s", "[%(request_id)s]")},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": LOG_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # It would log every request that arrives without an X-Request-ID header.
    "loggers": {"django_guid": {"level": "WARNING"}},
}
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    # An id sent by the proxy in front is kept when it is a UUID; anything else is replaced.
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}

# Errors go to Sentry when SENTRY_DSN is set, without personal data (no IP, cookies or user).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    from config.log import tag_request_id

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0,
        before_send=tag_request_id,
    )

# Security: https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/ and the MDN HTTP
# Observatory's criteria for an A+. Outside debug the site is served over HTTPS only.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The probe answers on plain HTTP inside the container; the middleware also short-circuits it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that sets this header itself: otherwise any client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# `__Host-` cookies must be Secure, host-only and on path /: browsers refuse them over plain
# HTTP, so local development keeps the usual names.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# No inline script anywhere, the admin included (Django's admin ships none since 4.x); a nonce
# is there for the day a template needs one. Styles are files too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}

# Admin login throttling (django-axes): a lockout per username and client network (an IPv6
# /64, see throttles/clients.py), and one per username from anywhere past
# LOGIN_FAILURES_PER_USERNAME (throttles/logins.py); lifted after AXES_COOLOFF_TIME or by staff
# with the axes permissions (see the README).
AXES_FAILURE_LIMIT = env_int("PARTICIPE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("PARTICIPE_LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "throttles.logins.LoginThrottle"
LOGIN_FAILURES_PER_USERNAME = env_int("PARTICIPE_LOGIN_FAILURES_PER_USERNAME", 20)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
# The proxies in front of the app (addresses or networks, comma-separated; compose's is its
# proxy's network). X-Forwarded-For is read only on a request whose socket address is one of
# them, and then only up to the first address that is not (config/client_address.py): a client
# that reaches the app directly, or writes the header itself, is known by its own address, so
# nobody can lock out another. Empty: the header is never read.
TRUSTED_PROXIES = env_networks("PARTICIPE_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "throttles.clients.client_network"

# Bounded input (config/request_body.py). A body declared larger than PARTICIPE_MAX_REQUEST_BYTES
# is refused unread with a 413: the largest legitimate one is an imported file (5 Mo) with its
# form. The proxy in front (deploy/nginx.conf, client_max_body_size) refuses the same first.
MAX_REQUEST_BYTES = env_int("PARTICIPE_MAX_REQUEST_BYTES", 6 * 1024 * 1024)
# A form's fields (files apart) larger than this are refused with the 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("PARTICIPE_MAX_FORM_BYTES", 1_000_000)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# An uploaded file up to this size stays in memory; a larger one is written to the temporary
# folder (a tmpfs in compose) while it is read.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("PARTICIPE_FILE_UPLOAD_MEMORY_BYTES", 2_621_440)

# In development and tests, serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
