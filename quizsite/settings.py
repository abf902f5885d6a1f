"""Quizsite settings: the only settings module. Every knob is read from the environment.

Development defaults (DEBUG on, an SQLite file, a throwaway secret) make ``make run`` work on a
fresh clone. In production set DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "With DEBUG off, set SECRET_KEY to a random string of at least 50 characters."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mathjax",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "questions",
    "exams",
    "practice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Headers on every response, cached or not (they only act on the way out).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "quizsite.middleware.PermissionsPolicyMiddleware",
    # Bank pages and API reads a visitor was sent before, from the shared cache (even while the
    # database is away), before the middleware below that has nothing to add to them.
    "questions.caching.VisitorPageCache",
    "quizsite.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionIdleTimeoutMiddleware",
    # Last, as django-axes requires: it turns a lockout flagged during the view into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quizsite.urls"
WSGI_APPLICATION = "quizsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "questions.context_processors.moderation",
                "questions.context_processors.notifications",
                "questions.context_processors.limits",
                "exams.context_processors.open_attempt_banner",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    # Short OLTP queries only: JIT compilation would cost more than it saves (measured in bench/).
    _db_options["options"] = "-c jit=off"
    # Parameters bound by the server, and a statement run PREPARE_THRESHOLD times on one
    # connection prepared there: PostgreSQL then skips parsing and planning it, which is most
    # of what it spends on a save's or a start's short statements (measured in bench/). Set
    # PREPARE_THRESHOLD=0 behind a pooler in transaction mode (PgBouncer before 1.21), where a
    # prepared statement does not survive the transaction.
    PREPARE_THRESHOLD = envint("PREPARE_THRESHOLD", 5)
    if PREPARE_THRESHOLD > 0:
        _db_options.update(server_side_binding=True, prepare_threshold=PREPARE_THRESHOLD)
    # DB_POOL_SIZE > 0: each process keeps a psycopg pool of up to that many connections, shared
    # by its threads (Django requires CONN_MAX_AGE=0 then). 0: one persistent connection per
    # thread, checked before reuse (CONN_MAX_AGE, health checks).
    DB_POOL_SIZE = envint("DB_POOL_SIZE", 0)
    if DB_POOL_SIZE > 0:
        _db_options["pool"] = {
            "min_size": 1,
            "max_size": DB_POOL_SIZE,
            "timeout": envint("DB_POOL_TIMEOUT_SECONDS", 10),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "quizsite.cache.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from the cache, written through to the database: shared by every process
    # and host, and a signed-in request costs no session query.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
# Argon2id (memory-hard, OWASP's first choice) with Django's parameters: 0.3 s of CPU per check,
# half of PBKDF2's 1,000,000 rounds, so a class signing in together is served twice as fast
# (bench/: 200 tokens from one address). Older PBKDF2 hashes still verify and are rehashed to
# Argon2 at the user's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password guessing: after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is refused for LOGIN_LOCKOUT_MINUTES (each new try during the lockout restarts it).
# Locking the pair, not the address, keeps everyone else behind a shared address (a campus, a
# proxy) able to log in; locking the pair, not the username, keeps an attacker from locking a
# victim out from everywhere. Failures through the API token endpoint count too.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The same client address as the API throttles (REST_FRAMEWORK["NUM_PROXIES"]).
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
# Only failures are needed for lockouts: do not keep a row for every successful login.
AXES_DISABLE_ACCESS_LOG = True
# Failures and lockouts are still logged; this drops a banner from every manage.py command.
AXES_VERBOSE = False
# Guessing across many usernames from one address: after LOGIN_ADDRESS_FAILURE_LIMIT failures
# from one address within LOGIN_ADDRESS_WINDOW_MINUTES, every login from it waits for the window
# to end (accounts/lockout.py). The budget is far above what a class of students behind one
# address mistypes, and far below what guessing needs.
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
LOGIN_ADDRESS_WINDOW = timedelta(minutes=envint("LOGIN_ADDRESS_WINDOW_MINUTES", 15))
# Password reset mail: at most this many messages to one address per hour, whoever asks.
PASSWORD_RESET_EMAILS_PER_HOUR = envint("PASSWORD_RESET_EMAILS_PER_HOUR", 3)

# Signed-in sessions end after this long without a request (accounts/sessions.py); the
# session cookie itself lasts two weeks at most.
SESSION_IDLE_TIMEOUT = timedelta(minutes=envint("SESSION_IDLE_TIMEOUT_MINUTES", 120))

# Outgoing mail (password reset). Development prints messages on the console; production sends
# them through the SMTP server configured here.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_PORT = envint("EMAIL_PORT", 587 if EMAIL_USE_TLS else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# A stuck mail server must not hold a worker forever.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Quizsite <noreply@localhost>")
# The site's address for links in mail sent by the task worker, which has no request to ask.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background tasks (django-tasks; Django 6 has the same API as django.tasks): mail is sent off
# the request. "immediate" runs a task at once, in the process that enqueues it (development,
# tests); "database" stores it in the database for the worker, `manage.py db_worker`
# (production: the compose file's worker service).
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate" if DEBUG else "database")
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be immediate or database, not {TASK_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND]}}

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security headers. With DEBUG off the site assumes HTTPS behind a proxy that sets
# X-Forwarded-Proto; SECURE_SSL_REDIRECT=false turns the redirect off for a plain-HTTP test box.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp): only our own scripts, styles, fonts and images run, and no
# inline script at all, so injected markup cannot execute. Keep templates free of inline <script>
# and on*= attributes. The API docs use drf-spectacular's split Swagger view for the same reason.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # MathJax's CHTML output inserts <style> elements and style attributes while typesetting,
        # and Swagger UI's page has a <style> block: styles cannot run code, scripts stay strict.
        "style-src": ["'self'", "'unsafe-inline'"],
        # data: for the small inline images of Swagger UI and of CSS.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

QUESTIONS_PER_PAGE = envint("QUESTIONS_PER_PAGE", 25)
# How long a shared read of the bank (a page for visitors, an API read) stays in the cache. Its
# key changes whenever the bank changes, so this only bounds the memory old versions take.
BANK_CACHE_SECONDS = envint("BANK_CACHE_SECONDS", 3600)
# Saves that reach the server up to this long after an exam's deadline are still kept: they were
# typed in time and are in flight (autosave sends at least every few seconds while typing).
EXAM_GRACE_SECONDS = envint("EXAM_GRACE_SECONDS", 15)
# The marking assistant (exams/marking.py) uses the meaning model when it is installed
# (requirements-marking.txt) and MARKING_EMBEDDINGS is on: it embeds model answers when they are
# saved, and answers when they are marked. Off, it marks on key points alone. MARKING_PRELOAD_MODEL
# loads the model when the WSGI application is created: with gunicorn --preload, the workers then
# share one copy of it.
MARKING_EMBEDDINGS = envbool("MARKING_EMBEDDINGS", True)
MARKING_PRELOAD_MODEL = envbool("MARKING_PRELOAD_MODEL", False)

REST_FRAMEWORK = {
    # Token first: a request with no credentials then gets 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Request bodies are JSON, and only JSON: the exam page and the preview send JSON too. (With
    # form parsers as well, the schema offered three encodings of one body, and generated clients
    # sent them all at once.) The browsable API stays for people trying the API in a browser.
    # DRF's parser with a nesting guard (quizsite/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["quizsite.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "quizsite.api.pagination.PageNumberPagination",
    "PAGE_SIZE": envint("API_PAGE_SIZE", 25),
    # Throttles count requests in the cache (Redis when REDIS_URL is set, atomically: see
    # quizsite/throttles.py). Rates per scope: anonymous and signed-in defaults, contributions
    # per user, token requests per username and address, and all token requests per address.
    "DEFAULT_THROTTLE_CLASSES": [
        "quizsite.throttles.AnonThrottle",
        "quizsite.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": f"{envint('API_ANON_REQUESTS_PER_MINUTE', 120)}/minute",
        "user": f"{envint('API_USER_REQUESTS_PER_MINUTE', 600)}/minute",
        "contributions": f"{envint('API_CONTRIBUTIONS_PER_HOUR', 30)}/hour",
        "token_requests": f"{envint('API_TOKEN_REQUESTS_PER_MINUTE', 10)}/minute",
        "token_requests_per_address": (
            f"{envint('API_TOKEN_REQUESTS_PER_ADDRESS_PER_MINUTE', 600)}/minute"
        ),
        "marking": f"{envint('API_MARKING_REQUESTS_PER_MINUTE', 30)}/minute",
    },
    # Per-address throttles trust X-Forwarded-For only from this many proxies in front of the
    # app; 0 uses the connecting address, so a client cannot pick its own.
    "NUM_PROXIES": envint("NUM_PROXIES", 0),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "quizsite.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "quizsite.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Quizsite API",
    "DESCRIPTION": (
        "Deep learning exam questions, answers, contributions, moderation, mock exams.\n\n"
        "Authenticate with 'Authorization: Bearer <key>' (or 'Token <key>'). Request bodies "
        "are JSON. Every error is RFC 9457 problem details (application/problem+json: type, "
        "title, status, detail; a 400 adds `errors`, one entry per field); a method an "
        "endpoint does not have is a 405 with Allow. To sync the bank: questions/ with "
        "updated_since, questions/deleted/ with since, and If-None-Match for 304s."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # OpenAPI 3.1: a nullable field is "type: [string, 'null']" and a nullable object
    # "oneOf: [{$ref}, {type: 'null'}]", which client generators read as optional types (3.0's
    # "nullable" beside "allOf" is lost on most of them).
    "OAS_VERSION": "3.1.0",
    # Separate request and response components: read-only fields never appear as inputs.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One named enum per choice set: answers and attempts both have a "status".
    "ENUM_NAME_OVERRIDES": {
        "AnswerStatusEnum": "questions.models.Answer.Status",
        "AttemptStatusEnum": "exams.models.Attempt.Status",
        "ContributionKindEnum": "questions.models.CONTRIBUTION_KINDS",
        "QuestionKindEnum": "questions.models.Question.Kind",
        "CardStateEnum": "practice.models.Card.State",
    },
}

# One handler, on the root logger. Django's own "django" logger has a console handler too and
# propagates to the root, which printed every line twice: it now only propagates.
# ("django.server", runserver's request lines, keeps its own handler and does not propagate.)
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
