"""Stepwise settings: one file, every difference between machines comes from the environment.

Defaults run on a laptop (SQLite, mail to files shown on the outbox page). Production sets
``STEPWISE_ENV=production`` and the variables listed in docs/operations.md.
"""

from pathlib import Path

import environ

from stepwise.lib.mail_domain import mail_domain_of

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables the environment lacks come from .env beside the code, or from the file STEPWISE_DOTENV names.
environ.Env.read_env(env.str("STEPWISE_DOTENV", default=str(BASE_DIR / ".env")), overwrite=False)

STEPWISE_ENV = env.str("STEPWISE_ENV", default="development")
PRODUCTION = STEPWISE_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
# The development key is public on purpose; production must set its own (check --deploy says so).
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-stepwise-development-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "stepwise.lib",
    "stepwise.users",
    "stepwise.engagements",
    "stepwise.agreements",
    "stepwise.worksheets",
    "stepwise.plans",
    "stepwise.meetings",
    "stepwise.feedback",
    "stepwise.outcomes",
    "stepwise.practice",
    "stepwise.dashboard",
    "stepwise.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files keep their long caching, everything else is no-store.
    "stepwise.lib.middleware.NoStoreMiddleware",
    # A view that loses the database answers 503 "not saved, send it again" (handler500 too).
    "stepwise.lib.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pushes the session's end back at most once a minute (SESSION_COOKIE_AGE below).
    "stepwise.lib.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the session and user (the refusal page shows the menu), before any view reads input.
    "stepwise.lib.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "stepwise.users.middleware.TwoFactorRequiredMiddleware",
    "stepwise.users.middleware.UserTimezoneMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Every POST under /engagements/<uuid>/ on a closed engagement is refused before its view.
    "stepwise.engagements.middleware.ClosedEngagementMiddleware",
    # Axes goes last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stepwise.urls"
WSGI_APPLICATION = "stepwise.wsgi.application"

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
                "stepwise.lib.context_processors.stepwise",
                "stepwise.users.context_processors.menu",
            ],
        },
    },
]
# Each form field in one element, so side-by-side fields share a grid row evenly.
FORM_RENDERER = "stepwise.lib.forms.FormRenderer"

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'stepwise.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web process reads. secure_delete overwrites what is
    # deleted (a 360's pending answers and drafts) instead of leaving it readable in free pages.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        }
    )
# Each process keeps its connection between requests. On SQLite too: closing the last
# connection to the file checkpoints the WAL (milliseconds a request, one worker at a time).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A reused connection is checked before a request's first query; on PostgreSQL without a round
# trip while the server has said nothing (stepwise/lib/postgresql/base.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "stepwise.lib.postgresql"

# Rate limits of sign-in and invitation links are counted in the cache. The default is each
# process's own memory; several gunicorn workers or hosts should share one (docs/operations.md).
# The 360's key (stepwise/feedback/vault.py): rater links are made from it and answers wait sealed
# under it, outside the database. Empty: derived from SECRET_KEY. Changing it voids open links,
# drafts and answers not yet written at a round's close (docs/anonymity.md).
FEEDBACK_KEY = env.str("FEEDBACK_KEY", default="")
# Days after a 360 round opens on which raters who have neither answered nor declined are
# reminded (stepwise/feedback/tasks.py): one mail per day listed, none after the round closes.
FEEDBACK_REMINDER_DAYS = tuple(env.list("FEEDBACK_REMINDER_DAYS", cast=int, default=[3, 7, 10]))

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: email login, no public sign-up (people join by invitation), optional TOTP.
ACCOUNT_ADAPTER = "stepwise.users.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Stepwise] "
# allauth's rate limits (kept in the cache, see CACHE_URL), and our own: made-up invitation
# links opened from one address (stepwise.users.views.invitation_open).
# Behind a reverse proxy every request comes from the proxy's address: name how many proxies
# append to X-Forwarded-For, so the limits count each client's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "invitation_guess": "10/m/ip,30/h/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Stepwise"
MFA_ADAPTER = "stepwise.users.adapters.MFAAdapter"
# Coaches and practice admins must set up two-factor sign-in before anything else (on by
# default in production); executives and sponsors may turn it on but are not made to.
STEPWISE_REQUIRE_2FA = env.bool("STEPWISE_REQUIRE_2FA", default=PRODUCTION)

# django-axes: lock an email+IP after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "stepwise.users.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True

# Sessions end after two idle hours: a request pushes the end back, writing the session at most
# once a minute (stepwise.lib.middleware.SessionRefreshMiddleware), not on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("pico", BASE_DIR / "node_modules" / "@picocss" / "pico" / "css"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Mail: files in var/outbox (shown on /outbox/) unless EMAIL_URL names an SMTP server. The sender
# and every Message-ID are in the site's own domain (SITE_URL's host), never the machine's name.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"Stepwise <stepwise@{mail_domain_of(SITE_URL)}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "outbox"))
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
# The outbox page exists only while mail goes to files: a development aid, never a production leak.
OUTBOX_ENABLED = EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# A task running for longer than this is presumed left behind by a dead worker (stepwise.lib.tasks).
TASKS_STUCK_SECONDS = env.int("TASKS_STUCK_SECONDS", default=600)
# The worker's repeating work, each a tick that queues its next run; `manage.py schedule` starts
# each chain once (stepwise.lib.recurring). Every app with such work adds its tick here.
RECURRING_TASKS = [
    "stepwise.lib.tasks.tasks_recover_tick",  # every minute: tasks a dead worker left behind
    "stepwise.meetings.tasks.reminders_tick",  # every ten minutes: session reminders and check-ins
    "stepwise.feedback.tasks.rater_reminders_tick",  # hourly: 360 rounds closed on their date, raters reminded
    "stepwise.feedback.pulse.pulse_tick",  # hourly: practice step 7's pulses sent and closed
    "stepwise.feedback.practice.follow_ups_tick",  # every six hours: step 9 follow-ups still owed
    "stepwise.outcomes.tasks.mini_surveys_tick",  # hourly: step 7's mini-surveys sent and closed
    "stepwise.practice.tasks.journal_reminders_tick",  # hourly: practice step 10's journal reminders
    "stepwise.outcomes.tasks_retention.retention_tick",  # hourly: sustain check-ins, content past retention removed
]

INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)

# Production hardening; every value can be set from the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only the site's own scripts and styles, nothing inline.
# htmx's own indicator style is turned off in base.html (htmx-config) and lives in stepwise.css;
# charts carry no <style> or <script> on pages (stepwise/lib/charts.py). Data URIs are for the
# TOTP QR code allauth draws.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
