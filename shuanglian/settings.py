"""Shuanglian settings: one file, driven by environment variables.

Defaults give a working development site on SQLite with no servers. Production sets
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL and leaves DJANGO_DEBUG unset;
then secure cookies, HSTS and SSL redirect switch on (等保 2.0 level 3).
"""

import ipaddress
import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_json(name: str, default):
    """A JSON value from the environment; a value that is not JSON stops the start, so a
    misconfigured deployment is noticed at once instead of silently running without it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"环境变量 {name} 不是有效的 JSON：{exc}") from exc


DEBUG = env_bool("DJANGO_DEBUG", False)
# Transport security follows DEBUG unless set explicitly (tests and the local demo serve plain http).
SECURE = env_bool("DJANGO_SECURE", not DEBUG)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if SECURE:
        raise ImproperlyConfigured("生产环境必须设置 DJANGO_SECRET_KEY 环境变量")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "shuanglian.core",
    "shuanglian.regions",
    "shuanglian.chains",
    "shuanglian.deputies",
    "shuanglian.points",
    "shuanglian.cases",
    "shuanglian.duties",
    "shuanglian.oversight",
    "shuanglian.intelligence",
    "shuanglian.suggestions",
    "shuanglian.dashboard",
    "shuanglian.screens",
    "shuanglian.briefs",
    "shuanglian.demo",
]

MIDDLEWARE = [
    # Hostile input: the client address from declared proxies only (SHUANGLIAN_TRUSTED_PROXIES).
    "shuanglian.core.middleware.TrustedProxyMiddleware",
    "shuanglian.core.replica.ReplicaPinMiddleware",  # read-your-writes when a replica is configured
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shuanglian.core.middleware.RequestIdMiddleware",
    # Hostile input: refuses unreadable bodies/queries (NUL, lone surrogates, non-UTF-8) before
    # anything reads them, and answers parse errors of user input with a Chinese 400.
    "shuanglian.core.middleware.InputDecodingMiddleware",
    # A Content-Security-Policy on every HTML page (no inline or foreign scripts).
    "shuanglian.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shuanglian.core.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shuanglian.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # axes last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shuanglian.urls"
WSGI_APPLICATION = "shuanglian.wsgi.application"

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
                "shuanglian.core.context_processors.navigation",
            ],
            # {{ amount|money }} on every page (issue 12.7: one filter for every amount)
            "builtins": ["shuanglian.core.templatetags.money"],
        },
    }
]

# Connection pooling (PostgreSQL): Django's psycopg pool per process, JSON psycopg_pool options, e.g.
# {"min_size": 2, "max_size": 8}; empty: a persistent connection per process. Why: operations.md §16.
SHUANGLIAN_DB_POOL = env_json("SHUANGLIAN_DB_POOL", {})


def database(url: str) -> dict:
    db = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")))
    if db["ENGINE"].endswith("sqlite3"):
        # Django's SQLite backend with sums and annotations of money read back exactly (2 decimals,
        # not the float's 15 digits): shuanglian/core/sqlite3/base.py. WAL lets readers continue
        # while one writer commits; busy timeout waits instead of failing.
        db["ENGINE"] = "shuanglian.core.sqlite3"
        db["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    elif SHUANGLIAN_DB_POOL:
        # A pooled connection is returned after each request; a persistent one would bypass the pool.
        db["CONN_MAX_AGE"] = 0
        db.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 4, "timeout": 10, **SHUANGLIAN_DB_POOL}
    return db


DATABASES = {"default": database(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# A streaming replica for stale-tolerant reads (core/replica.py); tests read the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {**database(os.environ["DATABASE_REPLICA_URL"]), "TEST": {"MIRROR": "default"}}
    if not DATABASES["replica"]["ENGINE"].endswith("sqlite3"):  # a dead replica must not hang a page:
        DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 3  # nor wait for its pool
        DATABASES["replica"]["OPTIONS"].get("pool", {}).update(timeout=3)
DATABASE_ROUTERS = ["shuanglian.core.replica.ReplicaRouter"]
# Replica reads fall back to the primary when it is behind by more than MAX_LAG seconds; a browser
# that wrote reads the primary for PIN_SECONDS (more than MAX_LAG: then the replica has its write).
SHUANGLIAN_REPLICA_MAX_LAG = float(os.environ.get("SHUANGLIAN_REPLICA_MAX_LAG", "10"))
SHUANGLIAN_REPLICA_PIN_SECONDS = float(os.environ.get("SHUANGLIAN_REPLICA_PIN_SECONDS", "15"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "shuanglian.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "shuanglian.core.passwords.CharacterClassValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# 等保: lock after 5 failures for 30 minutes; log out after 30 idle minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# JSON {"detail", "code": "locked_out"} for /api/, the lockout page otherwise (HTTP 429).
AXES_LOCKOUT_CALLABLE = "shuanglian.core.auth_views.lockout_response"
AXES_VERBOSE = False
# Lock by account, not by address: a whole government office shares one NAT address, and
# locking the address would lock every colleague out after one person's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
IDLE_TIMEOUT_SECONDS = int(os.environ.get("SHUANGLIAN_IDLE_TIMEOUT", "1800"))
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; keep default

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end assets come from npm packages; only their dist folders are exposed.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/alpinejs", BASE_DIR / "node_modules" / "alpinejs" / "dist"),
    # Alpine's CSP build: evaluates x-data/@click/x-show without new Function() ('unsafe-eval').
    ("vendor/alpinejs-csp", BASE_DIR / "node_modules" / "@alpinejs" / "csp" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
# Where uploaded files live: "local" (this host's MEDIA_ROOT: the embedded default, one host) or
# "db" (the database, which every host and worker shares): docs/operations.md, "Files on several hosts".
SHUANGLIAN_FILE_STORAGE = os.environ.get("SHUANGLIAN_FILE_STORAGE", "local")
if SHUANGLIAN_FILE_STORAGE not in {"local", "db"}:
    raise ImproperlyConfigured(f"SHUANGLIAN_FILE_STORAGE 应为 local 或 db，而不是“{SHUANGLIAN_FILE_STORAGE}”")
STORAGES = {
    "default": {"BACKEND": {"local": "django.core.files.storage.FileSystemStorage",
                            "db": "shuanglian.core.storage.DatabaseStorage"}[SHUANGLIAN_FILE_STORAGE]},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEBUG and os.environ.get("SHUANGLIAN_COLLECTSTATIC") == "1"
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploaded files (photos, PDFs) live outside the web root, served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("SHUANGLIAN_MEDIA_ROOT", BASE_DIR / "var" / "media"))
UPLOAD_MAX_BYTES = int(os.environ.get("SHUANGLIAN_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Public base URL used in QR codes and e-mails.
SITE_URL = os.environ.get("SHUANGLIAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication",
                                       "rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # core's backend: filters generated from `filterset_fields` read ?chain=٣ as no id, not 3
    "DEFAULT_FILTER_BACKENDS": ["shuanglian.core.list_filters.DjangoFilterBackend"],
    # DRF's paging on core's Paginator: ?page=٣ is not page 3 (int() would read it so)
    "DEFAULT_PAGINATION_CLASS": "shuanglian.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "shuanglian.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "intake_ip": os.environ.get("SHUANGLIAN_INTAKE_RATE_IP", "30/min"),
        "intake_station": os.environ.get("SHUANGLIAN_INTAKE_RATE_STATION", "600/min"),
        "track_ip": os.environ.get("SHUANGLIAN_TRACK_RATE_IP", "60/min"),
        # Open311: every keyed request per address (a wrong key counts ten) and per integration key.
        "open311_ip": os.environ.get("SHUANGLIAN_OPEN311_RATE_IP", "120/min"),
        "open311_key": os.environ.get("SHUANGLIAN_OPEN311_RATE_KEY", "600/min"),
    },
    # 0: DRF never reads X-Forwarded-For itself (its default, None, believes any client).
    # REMOTE_ADDR is already the client's address: see SHUANGLIAN_TRUSTED_PROXIES.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "双链 Shuanglian API",
    "DESCRIPTION": "人大代表履职链 × 产业链 平台接口。错误统一为 {\"detail\": 中文说明, \"code\": 机器码}。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        # MAX_ENTRIES high: culling at Django's default 300 would reset rate-limit counters.
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "shuanglian_cache",
              "OPTIONS": {"MAX_ENTRIES": 100_000}}
    )
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "SHUANGLIAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"
        )
    }
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "shuanglian@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10

if SECURE:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- hostile input, error pages, proxies, CSP (issue 13) -----------------------------------------
CSRF_FAILURE_VIEW = "shuanglian.core.error_views.csrf_failure"
# The reverse proxies in front of the site (addresses or CIDR ranges, comma-separated). Only a
# request from one of them has its X-Forwarded-For read; everyone else is their socket address.
SHUANGLIAN_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("SHUANGLIAN_TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in SHUANGLIAN_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"SHUANGLIAN_TRUSTED_PROXIES 中的“{_proxy}”不是有效的地址或网段") from None
if os.environ.get("SHUANGLIAN_NUM_PROXIES"):
    raise ImproperlyConfigured("SHUANGLIAN_NUM_PROXIES 已停用：请改为在 SHUANGLIAN_TRUSTED_PROXIES 中列出反向代理的地址（见 docs/operations.md）")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Shuanglian's own settings read by the apps --------------------------------------------------
# Every SHUANGLIAN_* setting an app reads is declared here with its default, so code reads
# `settings.SHUANGLIAN_…` plainly and this list is the one place to look for a knob.

# Working-day limits of the closed loop, merged over cases.clock.DEFAULT_LIMITS (JSON object,
# e.g. {"reply": {"normal": 10, "urgent": 2, "complex": 15}, "ranking_min_cases": 3}).
SHUANGLIAN_CASE_LIMITS = env_json("SHUANGLIAN_CASE_LIMITS", {})
# Open311 integration keys: {SHA-256 of the key: {"name", "region" (region code), "station"
# (optional station id)}} as JSON; only hashes are kept (docs/open311.md).
SHUANGLIAN_OPEN311_KEYS = env_json("SHUANGLIAN_OPEN311_KEYS", {})
# HMAC secret signing the supervision webhook's body (X-Shuanglian-Signature); empty: unsigned.
SHUANGLIAN_WEBHOOK_SECRET = os.environ.get("SHUANGLIAN_WEBHOOK_SECRET", "")
# Seconds to wait for a department's webhook before the delivery counts as failed (retried later).
SHUANGLIAN_WEBHOOK_TIMEOUT = float(os.environ.get("SHUANGLIAN_WEBHOOK_TIMEOUT", "5"))
# Working days a formal supervision notice (督办通知书) gives the department to reply.
SHUANGLIAN_FORMAL_NOTICE_DAYS = int(os.environ.get("SHUANGLIAN_FORMAL_NOTICE_DAYS", "3"))

# --- oversight (监督工作) --------------------------------------------------------------------------
# An opinion's clocks: transfer within N calendar days of adoption; the handling plan within N
# months of transfer (the report period is chosen per opinion, 2–6 months or 12). 监督法 art. 17
# leaves these to local rules.
SHUANGLIAN_OPINION_CLOCKS = env_json("SHUANGLIAN_OPINION_CLOCKS", {"transfer_days": 7, "plan_months": 3})
# The satisfaction vote passes when `count` ("satisfied" or "satisfied_and_basic") is more than half
# of `base` ("members" or "present"); `quorum`: more than half of the members must be present.
# After this day of the month, a monitoring point that has not reported last month is reminded.
SHUANGLIAN_MONITORING_REPORT_DAY = int(os.environ.get("SHUANGLIAN_MONITORING_REPORT_DAY", "5"))
SHUANGLIAN_OPINION_VOTE_RULE = env_json(
    "SHUANGLIAN_OPINION_VOTE_RULE", {"count": "satisfied", "base": "members", "quorum": True})

# --- duties (代表履职) ------------------------------------------------------------------------------
# Days ahead a station's public page (and the deputies on duty) announce a reception day.
SHUANGLIAN_RECEPTION_NOTICE_DAYS = int(os.environ.get("SHUANGLIAN_RECEPTION_NOTICE_DAYS", "3"))
# 联系包挂: a key enterprise counts as visited when a deputy visited it within this many months;
# a linked enterprise unvisited for longer brings its contact deputy a reminder (manage.py sweep_duties).
SHUANGLIAN_CONTACT_VISIT_MONTHS = int(os.environ.get("SHUANGLIAN_CONTACT_VISIT_MONTHS", "3"))

# --- suggestions (代表建议) --------------------------------------------------------------------------
# A suggestion's clocks (代表法 2025 art. 51 and 重庆's rules), merged over these defaults (JSON object):
# assignment within `assign_days` calendar days of submission; a unit may ask to return it within
# `return_days` of assignment; co-units' opinions within `co_opinion_months`; the answer within
# `answer_months` (`complex_answer_months` for an approved complex case), `rehandle_months` after an
# unsatisfied rating; the deputy rates within `rating_workdays` working days. `late_rating`: a rating
# not returned by its deadline is "exclude"d from the satisfaction rate (重庆 rule art. 29) or counted
# "as_satisfied".
SHUANGLIAN_SUGGESTION_CLOCKS = {
    "assign_days": 5, "return_days": 10, "co_opinion_months": 1, "answer_months": 3, "complex_answer_months": 6,
    "rehandle_months": 2, "rating_workdays": 20, "late_rating": "exclude",
    **env_json("SHUANGLIAN_SUGGESTION_CLOCKS", {}),
}

# --- intelligence (智能分办) -------------------------------------------------------------------------
# A same-enterprise case whose text is at least this similar (0–1, bigram cosine) is marked 疑似重复;
# staff may set their own per region (智能分办设置). Chosen on bench/intelligence_eval.jsonl.
SHUANGLIAN_DUPLICATE_THRESHOLD = float(os.environ.get("SHUANGLIAN_DUPLICATE_THRESHOLD", "0.38"))
# Similar cases are searched among those submitted in the last N months (open or not).
SHUANGLIAN_SIMILAR_MONTHS = int(os.environ.get("SHUANGLIAN_SIMILAR_MONTHS", "6"))

# The big screen (数字人大大屏): how often a screen asks for new figures (seconds), and how long the
# figures of one region are kept in the shared cache so fifty screens polling cost one computation.
SHUANGLIAN_SCREEN_REFRESH_SECONDS = int(os.environ.get("SHUANGLIAN_SCREEN_REFRESH_SECONDS", "60"))
SHUANGLIAN_SCREEN_CACHE_SECONDS = int(os.environ.get("SHUANGLIAN_SCREEN_CACHE_SECONDS", "30"))

# The monthly brief (月度简报): the region levels that get one by themselves on the first working day of
# each month (`manage.py sweep_briefs`), comma-separated Region.level values; staff of any region may
# generate one on demand.
SHUANGLIAN_BRIEF_REGION_LEVELS = [
    v.strip() for v in os.environ.get("SHUANGLIAN_BRIEF_REGION_LEVELS", "city,district").split(",") if v.strip()]
