"""Parlons settings, read from the environment (PARLONS_*).

Every setting that varies between machines comes from an environment variable
through the small typed helpers below, which fail loudly on a bad value.
Secrets may also be read from a file: PARLONS_SECRET_KEY_FILE, and so on.
"""

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from PARLONS_<name>, or from the file named by PARLONS_<name>_FILE."""
    file_name = os.environ.get(f"PARLONS_{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"PARLONS_{name}_FILE: cannot read {file_name}: {error}"
            ) from error
    return os.environ.get(f"PARLONS_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(f"PARLONS_{name}")
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"PARLONS_{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(f"PARLONS_{name}")
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"PARLONS_{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(f"PARLONS_{name}")
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def default_var_dir(
    given: str | None,
    package_dir: Path,
    environ: Mapping[str, str],
    system_dir: Path = Path("/var/lib/parlons"),
) -> Path:
    """Where the data lives (database, media, secret key, cache, mail): never in the package.

    A reinstall replaces the installed package (site-packages), so data kept
    there would be lost. In order: PARLONS_VAR_DIR; `var/` of a source checkout
    (an editable install: pyproject.toml next to the package); /var/lib/parlons
    when it exists and this account may write there (a system service's state
    directory); else $XDG_DATA_HOME/parlons or ~/.local/share/parlons.
    """
    if given and given.strip():
        return Path(given.strip()).expanduser().absolute()
    checkout = package_dir.parent
    installed = {"site-packages", "dist-packages"} & set(package_dir.parts)
    if (checkout / "pyproject.toml").is_file() and not installed:
        return checkout / "var"
    if system_dir.is_dir() and os.access(system_dir, os.W_OK | os.X_OK):
        return system_dir
    xdg_data_home = environ.get("XDG_DATA_HOME", "")
    if xdg_data_home and Path(xdg_data_home).is_absolute():
        return Path(xdg_data_home) / "parlons"
    home = Path(environ["HOME"]) if environ.get("HOME") else Path.home()
    return home / ".local" / "share" / "parlons"


VAR_DIR = default_var_dir(env_str("VAR_DIR"), BASE_DIR / "parlons", os.environ)

TESTING = env_bool("TESTING", False) or "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("DEMO", False)
# Django serves the uploaded images itself only in debug mode and for the demo on one
# machine (`make run`); in production the web server does (docs/deployment.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG or DEMO)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and TESTING:
    SECRET_KEY = "parlons-insecure-key-for-tests-only"
if not SECRET_KEY:
    # One machine, no key given: a random key is made once and kept in var/
    # (readable by this account only). Several machines must share
    # PARLONS_SECRET_KEY or PARLONS_SECRET_KEY_FILE instead.
    _key_file = VAR_DIR / "secret_key"
    try:
        SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        _key_file.touch(mode=0o600)
        _key_file.write_text(SECRET_KEY, encoding="utf-8")
    except OSError as error:
        raise ImproperlyConfigured(
            f"No PARLONS_SECRET_KEY and {_key_file} cannot be read: {error}"
        ) from error

# Production behind a TLS proxy (docs/deployment.md, deploy/parlons.env.example).
# PUBLIC_URL is the address people use; every absolute link (e-mails, calendar
# feeds, reset and opt-out links) starts with it. PARLONS_SITE_URL is its former
# name, still read. Empty: links use the request's host, or the local address
# outside a request (parlons.core.public_url).
PUBLIC_URL = (env_str("PUBLIC_URL") or env_str("SITE_URL") or "").strip().rstrip("/")
_public = urlsplit(PUBLIC_URL)
if PUBLIC_URL and (
    _public.scheme not in ("http", "https")
    or not _public.hostname
    or _public.path
    or _public.query
    or _public.fragment
):
    raise ImproperlyConfigured(
        f"PARLONS_PUBLIC_URL must be an address such as https://participer.example.fr "
        f"(no path), not {PUBLIC_URL!r}"
    )
PUBLIC_URL_IS_HTTPS = _public.scheme == "https"
# Deprecated alias of PUBLIC_URL, for code not yet renamed: always absolute.
SITE_URL = PUBLIC_URL or "http://127.0.0.1:8000"
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [_public.hostname] if _public.hostname else ["127.0.0.1", "localhost", "[::1]"]
)
# Forms posted from the public address pass Django's origin check behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if PUBLIC_URL and PUBLIC_URL not in CSRF_TRUSTED_ORIGINS:
    CSRF_TRUSTED_ORIGINS.append(PUBLIC_URL)
# Only a proxy that always sets X-Forwarded-Proto (and overwrites a client's) may
# be believed: otherwise any client could claim https.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Redirecting to https without a proxy that says "https" would loop for ever behind
# a TLS proxy: on by default only with an https address and a trusted proxy.
SECURE_SSL_REDIRECT = env_bool("HTTPS_REDIRECT", PUBLIC_URL_IS_HTTPS and BEHIND_PROXY)
# The health check answers on plain http too (a local probe has no TLS).
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
# Browsers remember HSTS for this long: start small (3600), then a year once all is well.
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PUBLIC_URL_IS_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Deliberate choices, documented: HSTS for other sites of the domain is the
# territory's decision (PARLONS_HSTS_INCLUDE_SUBDOMAINS), and the browsers'
# preload list is a commitment nobody should take by default.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

INSTALLED_APPS = [
    "parlons.core",
    "parlons.accounts",
    "parlons.privacy",
    "parlons.processes",
    "parlons.meetings",
    "parlons.debates",
    "parlons.proposals",
    "parlons.budgets",
    "parlons.synthesis",
    "parlons.followup",
    "parlons.questionnaires",
    "parlons.initiatives",
    "parlons.transparency",
    "parlons.opendata",
    "parlons.demo",
    "parlons.operations",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Reads of /api/ and /donnees/ from any site (CORS), preflights answered here.
    "parlons.opendata.middleware.OpenReadAccessMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions, language and the signed-in person: its refusal page is a full page.
    "parlons.core.middleware.ControlCharactersMiddleware",
    "parlons.accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parlons.core.middleware.SecurityHeadersMiddleware",
    # innermost: anonymous visitors' public pages, kept until the next write
    "parlons.processes.pagecache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "parlons.urls"
WSGI_APPLICATION = "parlons.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parlons.core.context_processors.platform",
            ],
            # "1er décembre": Django's `date` filter with the French ordinal.
            "builtins": [
                "parlons.core.templatetags.french_dates",
                "parlons.core.templatetags.french_text",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    # The default embedded database lives in var/, created on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'parlons.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer writes; IMMEDIATE avoids
        # "database is locked" on read-then-write transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the limits' counters (parlons.core.limits). One process: its own
# memory. Several web processes must share one cache, or each counts on its own:
# "db://parlons_cache" keeps it in the database (run `parlons createcachetable`);
# "redis://host:6379/0" in a Redis server, shared by every machine.
CACHE_URL = env_str("CACHE_URL", "locmem://") or "locmem://"
if CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL.startswith("db://") and CACHE_URL[len("db://") :]:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_URL[len("db://") :],
        }
    }
else:
    raise ImproperlyConfigured(
        f"PARLONS_CACHE_URL must be locmem://, db://<table> or redis://host:port/db, "
        f"not {CACHE_URL!r}"
    )

# Limits on guessing and flooding: (attempts, window in seconds), per account or
# per address (parlons.core.limits, docs/deployment.md).
_MINUTES = 60
PARLONS_LIMITS = {
    "signin_account": (env_int("LIMIT_SIGNIN_PER_ACCOUNT", 5), 15 * _MINUTES),
    "signin_address": (env_int("LIMIT_SIGNIN_PER_ADDRESS", 20), 15 * _MINUTES),
    "password_reset_email": (env_int("LIMIT_PASSWORD_RESET_PER_EMAIL", 3), 60 * _MINUTES),
    "password_reset_address": (env_int("LIMIT_PASSWORD_RESET_PER_ADDRESS", 10), 60 * _MINUTES),
    "signup_address": (env_int("LIMIT_SIGNUP_PER_ADDRESS", 10), 60 * _MINUTES),
    "contribution_account": (env_int("LIMIT_CONTRIBUTIONS_PER_ACCOUNT", 5), 10 * _MINUTES),
    "contribution_address": (env_int("LIMIT_CONTRIBUTIONS_PER_ADDRESS", 30), 10 * _MINUTES),
    "reply_account": (env_int("LIMIT_REPLIES_PER_ACCOUNT", 20), 10 * _MINUTES),
    "reply_address": (env_int("LIMIT_REPLIES_PER_ADDRESS", 60), 10 * _MINUTES),
    "report_account": (env_int("LIMIT_REPORTS_PER_ACCOUNT", 10), 10 * _MINUTES),
    "report_address": (env_int("LIMIT_REPORTS_PER_ADDRESS", 30), 10 * _MINUTES),
    # A counter sees a queue of people, all from the same address: per mediator only.
    "counter_account": (env_int("LIMIT_COUNTER_PER_ACCOUNT", 120), 10 * _MINUTES),
    # The public rights-request form sends a receipt to the address typed in it.
    "rights_request_address": (env_int("LIMIT_RIGHTS_REQUESTS_PER_ADDRESS", 5), 60 * _MINUTES),
    # Receipt codes typed to read what was recorded: guessing one costs a lookup.
    "receipt_lookup_address": (env_int("LIMIT_RECEIPT_LOOKUPS_PER_ADDRESS", 10), 60 * _MINUTES),
    "receipt_lookup_account": (env_int("LIMIT_RECEIPT_LOOKUPS_PER_ACCOUNT", 60), 60 * _MINUTES),
}
# Behind a reverse proxy: the header it sets to the client's address (X-Real-IP).
# Leave empty when Parlons is reached directly: a client could write the header itself.
PARLONS_CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "") or ""

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["parlons.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Staff (every role but citizen) confirm their sign-in with a second factor
# (TOTP app or a recovery code) before any staff power; off in the demo, whose
# shared accounts could not hold one phone each (docs/decisions/0007).
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", not DEMO)
# A staff session ends after this many minutes without a request; citizens keep
# Django's session length (two weeks).
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
if STAFF_SESSION_IDLE_MINUTES <= 0:
    raise ImproperlyConfigured("PARLONS_STAFF_SESSION_IDLE_MINUTES must be at least 1")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "parlons" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")

# The territory's own tile server beneath its maps (parlons.core.maps): off by default, so
# every page loads nothing from another host. A URL template with {z}, {x} and {y}; its
# origin is added to the Content-Security-Policy's img-src.
MAP_TILES_URL = (env_str("MAP_TILES_URL", "") or "").strip()
_tiles = urlsplit(MAP_TILES_URL)
if MAP_TILES_URL and (
    _tiles.scheme not in ("http", "https")
    or not _tiles.hostname
    or any(part not in MAP_TILES_URL for part in ("{z}", "{x}", "{y}"))
):
    raise ImproperlyConfigured(
        "PARLONS_MAP_TILES_URL must be an http(s) address with {z}, {x} and {y} "
        f"(https://tuiles.example.fr/{{z}}/{{x}}/{{y}}.png), not {MAP_TILES_URL!r}"
    )
MAP_TILES_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc}" if MAP_TILES_URL else ""
MAP_TILES_MAX_ZOOM = env_int("MAP_TILES_MAX_ZOOM", 18)
MAP_TILES_ATTRIBUTION = (env_str("MAP_TILES_ATTRIBUTION", "") or "").strip()
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Content-hashed names (app.3f2a9c.css) that browsers may keep for a year:
    # a new version has new names. Needs `parlons collectstatic` (make test runs it).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that does not answer must not hold a task worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Where django.core.mail.backends.filebased.EmailBackend writes (trials and tests).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Parlons <ne-pas-repondre@parlons.invalid>")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A task worker writes a heartbeat this often; a RUNNING task whose worker has
# been silent for WORKER_STALE_SECONDS is put back in the queue (parlons.core.worker).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60)
if WORKER_STALE_SECONDS < 3 * WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "PARLONS_WORKER_STALE_SECONDS must be at least three times PARLONS_WORKER_HEARTBEAT_SECONDS"
    )

# Periodic jobs run by the task workers themselves (parlons.core.scheduler): each app
# declares its jobs and their times; PARLONS_SCHEDULE changes them, as
# "name=when" pairs separated by commas, where `when` is "HH:MM" (each day, in
# TIME_ZONE), "<N>min" (every N minutes) or "<N>s" (every N seconds, for trials).
_SCHEDULE_WHEN = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|[1-9]\d*(?:min|s)")
SCHEDULE: dict[str, str] = {}
for _pair in env_list("SCHEDULE", []):
    _name, _sep, _when = (part.strip() for part in _pair.partition("="))
    if not _sep or not _name or not _SCHEDULE_WHEN.fullmatch(_when):
        raise ImproperlyConfigured(
            f"PARLONS_SCHEDULE: {_pair!r} must read name=HH:MM, name=<N>min or name=<N>s "
            "(for example privacy.purge_personal_data=03:00,meetings.send_reminders=30min)"
        )
    SCHEDULE[_name] = _when

# Public pages for anonymous visitors are kept this long in the cache (0: never),
# and thrown away at once by any write (parlons.processes.pagecache).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_ALIAS = "pages"
# The pages and their generation numbers must be shared by every web process:
# with Redis or the database cache (PARLONS_CACHE_URL) they live there, shared
# by every machine; otherwise in files, shared by the web processes of this
# machine (gunicorn runs several).
if CACHE_URL.startswith(("db://", "redis://", "rediss://")):
    CACHES["pages"] = CACHES["default"]
else:
    CACHES["pages"] = {
        "BACKEND": "parlons.core.cache.FileCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
# What signed-in pages share with everyone's (a démarche's figures, cards...) is
# kept in each process's memory, under the generation numbers of the page cache
# above, which every process shares (parlons.processes.pagecache.kept).
CACHES["kept"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kept",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Sign-in with the territory's identity provider (OpenID Connect), off by default:
# FranceConnect for residents, ProConnect or the town's Keycloak for staff.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "FranceConnect")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_URL", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_URL", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_USERINFO_URL", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_URL", "") or None
OIDC_OP_ISSUER = env_str("OIDC_ISSUER", "")  # checked against the ID token's "iss" when set
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": env_str("OIDC_ACR_VALUES")} if env_str("OIDC_ACR_VALUES") else {}
)
OIDC_TIMEOUT = 10
# Signing out of Parlons also signs out at the provider (FranceConnect asks for it) when
# its end-session address is given; the ID token is then kept in the session, as the
# provider's "id_token_hint", until the person signs out.
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_LOGOUT_URL", "") or ""
OIDC_STORE_ID_TOKEN = bool(OIDC_OP_LOGOUT_ENDPOINT)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/compte/connexion/?echec=fournisseur"
IDENTITY_PROVIDER_BACKEND = "parlons.accounts.oidc.IdentityProviderBackend"
if OIDC_ENABLED:
    _missing = [
        f"PARLONS_{name}"
        for name, value in (
            ("OIDC_CLIENT_ID", OIDC_RP_CLIENT_ID),
            ("OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("OIDC_AUTHORIZATION_URL", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("OIDC_TOKEN_URL", OIDC_OP_TOKEN_ENDPOINT),
            ("OIDC_USERINFO_URL", OIDC_OP_USER_ENDPOINT),
        )
        if not value
    ]
    if OIDC_RP_SIGN_ALGO == "RS256" and not OIDC_OP_JWKS_ENDPOINT:
        _missing.append("PARLONS_OIDC_JWKS_URL")
    if _missing:
        raise ImproperlyConfigured(f"PARLONS_OIDC_ENABLED needs {', '.join(_missing)}")
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, IDENTITY_PROVIDER_BACKEND]

# A new online post whose spam probability reaches this threshold waits for a
# moderator before publication (parlons.core.spam; 1 or more: never).
_threshold = env_str("SPAM_HOLD_THRESHOLD", "0.5") or "0.5"
try:
    SPAM_HOLD_THRESHOLD = float(_threshold)
except ValueError:
    raise ImproperlyConfigured(
        f"PARLONS_SPAM_HOLD_THRESHOLD must be a number between 0 and 1, not {_threshold!r}"
    ) from None

# Backups (parlons.operations: `parlons backup`, `parlons restore`). Archives written
# into BACKUP_DIR are deleted after BACKUP_RETENTION_DAYS, a duration the register shows.
BACKUP_DIR = Path(env_str("BACKUP_DIR") or VAR_DIR / "backups")
BACKUP_RETENTION_DAYS = env_int("BACKUP_RETENTION_DAYS", 30)
if BACKUP_RETENTION_DAYS <= 0:
    raise ImproperlyConfigured("PARLONS_BACKUP_RETENTION_DAYS must be at least 1")
# The data charter (parlons.privacy). Processors (GDPR art. 28) named in the register:
# "name | what they do | where the data is | guarantees", entries separated by ";".
PROCESSORS = [
    dict(zip(("name", "service", "location", "guarantees"), parts, strict=False))
    for entry in (env_str("PROCESSORS") or "").split(";")
    if (parts := [part.strip() for part in entry.split("|")])[0]
]
# An account nobody signed in to for INACTIVE_ACCOUNT_DAYS gets a warning e-mail; still
# unused INACTIVE_ACCOUNT_GRACE_DAYS later, it is anonymised (parlons.privacy.inactive).
INACTIVE_ACCOUNT_DAYS = env_int("INACTIVE_ACCOUNT_DAYS", 3 * 365)
INACTIVE_ACCOUNT_GRACE_DAYS = env_int("INACTIVE_ACCOUNT_GRACE_DAYS", 30)
if INACTIVE_ACCOUNT_DAYS <= 0 or INACTIVE_ACCOUNT_GRACE_DAYS <= 0:
    raise ImproperlyConfigured(
        "PARLONS_INACTIVE_ACCOUNT_DAYS and PARLONS_INACTIVE_ACCOUNT_GRACE_DAYS must be at least 1"
    )
# Who erased their account, as digests, in a file outside the database: `parlons restore`
# erases them again from an older backup. Keep it on another disk than the database.
ERASURE_LOG = Path(env_str("ERASURE_LOG") or VAR_DIR / "erasures.jsonl")
if TESTING and not env_str("ERASURE_LOG"):
    # Tests erase accounts: never into the working copy's var/.
    import tempfile

    ERASURE_LOG = Path(tempfile.gettempdir()) / f"parlons-test-erasures-{os.getpid()}.jsonl"

# Open data (parlons.opendata): the published files are rebuilt in this folder once the
# data has been quiet for OPENDATA_QUIET_SECONDS, or at the latest OPENDATA_MAX_WAIT_SECONDS
# after the first change; the web server may serve it directly (docs/deployment.md).
OPENDATA_DIR = Path(env_str("OPENDATA_DIR") or VAR_DIR / "opendata")
if TESTING and not env_str("OPENDATA_DIR"):
    import tempfile

    OPENDATA_DIR = Path(tempfile.gettempdir()) / f"parlons-test-opendata-{os.getpid()}"
OPENDATA_QUIET_SECONDS = env_int("OPENDATA_QUIET_SECONDS", 120)
OPENDATA_MAX_WAIT_SECONDS = env_int("OPENDATA_MAX_WAIT_SECONDS", 15 * 60)
# Files joined to questionnaire answers: kept here, outside MEDIA_ROOT (never served by the
# web server), readable only through the staff's download page. A question allows 5 MB
# by default; organisers may raise it up to this ceiling (keep it under the proxy's body
# limit, deploy/nginx.conf client_max_body_size).
PRIVATE_FILES_DIR = Path(env_str("PRIVATE_FILES_DIR") or VAR_DIR / "private")
if TESTING and not env_str("PRIVATE_FILES_DIR"):
    import tempfile

    PRIVATE_FILES_DIR = Path(tempfile.gettempdir()) / f"parlons-test-private-{os.getpid()}"
QUESTIONNAIRE_FILE_MAX_MB = env_int("QUESTIONNAIRE_FILE_MAX_MB", 10)
if not 1 <= QUESTIONNAIRE_FILE_MAX_MB <= 100:
    raise ImproperlyConfigured("PARLONS_QUESTIONNAIRE_FILE_MAX_MB must be between 1 and 100")
# The public API answers so many requests per client (address) and window; 0: no limit.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 60)

# Names of the platform shown in pages and e-mails.
PLATFORM_NAME = env_str("PLATFORM_NAME", "Parlons")
# The name authenticator apps show next to the staff member's code.
OTP_TOTP_ISSUER = PLATFORM_NAME

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

if TESTING:
    # Fast hashing in tests only: the suite creates hundreds of accounts.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run at once in tests, so e-mails land in mail.outbox.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests write rows directly and read pages at once: the page cache has its own tests.
    PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    }
    # The suite checks the second factor as production does.
    STAFF_TWO_FACTOR = True
    # pytest-django's live server serves /static/ through the finders, which know no
    # hashed name: the suite uses plain names; the hashed ones have their own test
    # (parlons/core/tests/test_deployment.py).
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
