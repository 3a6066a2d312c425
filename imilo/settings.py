"""Settings of imilo: one module, driven by the environment (see .env.example).

Production is the same code with environment variables. A bad or missing value stops
start-up with a French message rather than running half-configured.
"""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is read when present (make run, a developer's machine); real environment
# variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY manquante : définissez la variable d'environnement SECRET_KEY "
            "(au moins 50 caractères aléatoires) ou DEBUG=true pour un poste de développement."
        )
    SECRET_KEY = "developpement-seulement-jamais-en-production-0123456789-abcdefghijklmnop"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "dsfr",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "imilo",
    # Direction of dependency (docs/architecture.md): each app imports only from the apps
    # above it and from imilo.
    "admin_ml",
    "referentiels",
    "dossiers",
    "dispositifs",
    "offres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page is private unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "imilo.tenancy.StructureMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of the authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "imilo.urls"
WSGI_APPLICATION = "imilo.wsgi.application"
ASGI_APPLICATION = "imilo.asgi.application"

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
                "imilo.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "imilo.formulaires.RenduDsfr"

# Embedded SQLite by default (make run); PostgreSQL in production and in tests.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "admin_ml.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "admin_ml.backends.IdentifiantBackend",
]
LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "connexion"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Lockout after repeated failures (django-axes): by identifier and by address, so that one
# person mistyping cannot lock a whole site sharing one public IP.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "admin_ml.backends.identifiant_tente"
AXES_LOCKOUT_CALLABLE = "admin_ml.views.connexion_verrouillee"
AXES_CLIENT_IP_CALLABLE = "admin_ml.backends.adresse_ip"

# Sessions end when the browser closes and at most after a working day.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Served over HTTPS everywhere but on a developer's machine and the test live server.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind our reverse proxy, the client's address is the last hop it adds to
# X-Forwarded-For; never trusted otherwise (anyone can send the header).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere: scripts and styles come from our own static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=False)
if STATIC_MANIFEST:
    # The production image: collected, hashed and compressed files served by WhiteNoise.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names need collectstatic: the production image runs it and sets this variable.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Mail: console by default (the message is printed), SMTP in production through EMAIL_URL
# (smtp+tls://user:password@host:587); sent by a task, never on the request path.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="imilo <ne-pas-repondre@imilo.local>")

# Who is told of server errors (500): "Nom <adresse>, Autre <adresse>". Django mails them
# through the mail_admins handler below, from SERVER_EMAIL.
ADMINS = getaddresses([env.str("ADMINS", default="").strip()])
try:
    for _nom, _adresse in ADMINS:
        validate_email(_adresse)
except ValidationError:
    raise ImproperlyConfigured(
        "ADMINS est une liste d'adresses séparées par des virgules, par exemple "
        "« Équipe technique <tech@example.org>, Autre <autre@example.org> »."
    ) from None
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[imilo] "

# Celery. Without REDIS_URL, tasks run in-process (eager): make run needs no service.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# The parallel test processes (pytest-xdist) share one Redis: each has its own queue, so a
# real worker started by one test (it inherits the variable) never takes another's tasks.
if os.environ.get("PYTEST_XDIST_WORKER"):
    CELERY_TASK_DEFAULT_QUEUE = f"tests-{os.environ['PYTEST_XDIST_WORKER']}"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# No result backend: with one on Redis, an outage blocked a request ~19 s. Tasks report
# through the database rows they write.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=5 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=6 * 60)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when Redis is down: the task is then kept in the database
# (imilo.TacheEnAttente) and re-sent by the beat entry below.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # Late acks: a task still unacknowledged after this is handed to another worker. Longer
    # than the longest task (the nightly transfer: 3 h 10), so a long run is never doubled.
    "visibility_timeout": 4 * 3600,
}
CELERY_TASK_PUBLISH_RETRY = False
# The periodic schedule lives here, in code; tests check that each entry names a real task.
CELERY_BEAT_SCHEDULE = {
    "renvoyer-taches-en-attente": {
        "task": "imilo.renvoyer_taches_en_attente",
        "schedule": 60.0,
    },
    "renormaliser-adresses": {
        "task": "dossiers.renormaliser_adresses",
        "schedule": crontab(hour=2, minute=15),
    },
    "purger-tentatives-de-connexion": {
        "task": "admin_ml.purger_tentatives_de_connexion",
        "schedule": crontab(hour=3, minute=30),
    },
    # Seed 003: the reference transfers planned in the day run « la nuit suivante à 4 h ».
    "executer-transferts-de-references": {
        "task": "referentiels.executer_transferts",
        "schedule": crontab(hour=4, minute=0),
    },
}

# Logs go to the console (stderr), read by docker or systemd: as text lines, or one JSON object
# per line for a log collector (imilo/journaux.py). Celery workers and beat use this
# configuration too (imilo/celery.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="texte")
if LOG_FORMAT not in ("texte", "json"):
    raise ImproperlyConfigured(
        "LOG_FORMAT doit valoir « texte » (défaut) ou « json » (un objet JSON par ligne)."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "texte": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        "json": {"()": "imilo.journaux.FormatJson"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Named here so that Django's default handlers for it are removed: its mail_admins
        # would send each error mail twice, its console print each line twice under DEBUG.
        "django": {"level": "INFO"},
    },
}
if ADMINS:
    # Server errors (the 500 page) are mailed, without personal data (imilo/journaux.py).
    LOGGING["handlers"]["mail_admins"] = {
        "class": "imilo.journaux.CourrielAuxAdministrateurs",
        "level": "ERROR",
        "include_html": False,
    }
    LOGGING["loggers"]["django.request"] = {"handlers": ["mail_admins"]}

# Sentry: errors of the web processes and of the Celery workers, only when SENTRY_DSN is set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
try:
    SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
except ValueError:
    SENTRY_TRACES_SAMPLE_RATE = -1.0
if not 0 <= SENTRY_TRACES_SAMPLE_RATE <= 1:
    raise ImproperlyConfigured(
        "SENTRY_TRACES_SAMPLE_RATE est la part des requêtes mesurées, de 0 (défaut : aucune) "
        "à 1 (toutes), par exemple 0.05."
    )
if SENTRY_DSN:
    # Imported only here: without SENTRY_DSN, sentry_sdk is never initialised.
    from imilo.journaux import initialiser_sentry

    initialiser_sentry(SENTRY_DSN, SENTRY_ENVIRONMENT, SENTRY_TRACES_SAMPLE_RATE)

# Sign-in logs (django-axes) are purged after this many days by a nightly task.
CONSERVATION_JOURNAUX_CONNEXION_JOURS = env.int(
    "CONSERVATION_JOURNAUX_CONNEXION_JOURS", default=365
)

# Reference transfers (referentiels/transferts.py): records changed per batch, each batch
# one short transaction (rows locked only while it lasts).
try:
    TRANSFERT_TAILLE_LOT = env.int("TRANSFERT_TAILLE_LOT", default=1000)
except ValueError:
    TRANSFERT_TAILLE_LOT = 0
if not 1 <= TRANSFERT_TAILLE_LOT <= 50_000:
    raise ImproperlyConfigured(
        "TRANSFERT_TAILLE_LOT est un nombre d'enregistrements par lot, de 1 à 50000 "
        "(1000 par défaut)."
    )

# Address normalisation (referentiels/adresses.py): "hors_ligne" checks postcode ↔ commune
# with the shipped COG data; "api" asks the national address API (BAN).
ADRESSE_FOURNISSEUR = env.str("ADRESSE_FOURNISSEUR", default="hors_ligne")
if ADRESSE_FOURNISSEUR not in ("hors_ligne", "api", "factice"):
    raise ImproperlyConfigured(
        "ADRESSE_FOURNISSEUR doit valoir « hors_ligne », « api » ou « factice »."
    )
ADRESSE_API_URL = env.str("ADRESSE_API_URL", default="https://api-adresse.data.gouv.fr")
ADRESSE_API_TIMEOUT = env.float("ADRESSE_API_TIMEOUT", default=3.0)

# The company register (offres/sirene.py): "hors_ligne" reads the small file shipped in
# offres/data/; "api" asks the public API « Recherche d'entreprises » (SIRENE).
ENTREPRISES_FOURNISSEUR = env.str("ENTREPRISES_FOURNISSEUR", default="hors_ligne")
if ENTREPRISES_FOURNISSEUR not in ("hors_ligne", "api", "factice"):
    raise ImproperlyConfigured(
        "ENTREPRISES_FOURNISSEUR doit valoir « hors_ligne », « api » ou « factice »."
    )
ENTREPRISES_API_URL = env.str(
    "ENTREPRISES_API_URL", default="https://recherche-entreprises.api.gouv.fr"
)
ENTREPRISES_API_TIMEOUT = env.float("ENTREPRISES_API_TIMEOUT", default=3.0)

# Messages to young people (dossiers/messagerie.py). SMS leave through SMS_BACKEND:
# "dossiers.messagerie.SmsConsole" (default: written to the log, nothing leaves),
# "dossiers.messagerie.SmsFichier" (one JSON file per SMS in SMS_DOSSIER) or
# "dossiers.messagerie.SmsHttp" (the provider's API at SMS_API_URL, in production).
# Emails leave through EMAIL_URL above.
SMS_BACKEND = env.str("SMS_BACKEND", default="dossiers.messagerie.SmsConsole")
SMS_DOSSIER = env.path("SMS_DOSSIER", default=Path(str(MEDIA_ROOT), "sms"))
SMS_API_URL = env.str("SMS_API_URL", default="")
SMS_API_TOKEN = env.str("SMS_API_TOKEN", default="")
SMS_API_TIMEOUT = env.float("SMS_API_TIMEOUT", default=5.0)
# The sender shown on the phone: operators accept 3 to 11 letters or digits.
SMS_EXPEDITEUR = env.str("SMS_EXPEDITEUR", default="MissionLoc")
if "." not in SMS_BACKEND:
    raise ImproperlyConfigured(
        "SMS_BACKEND est le chemin d'une classe, par exemple dossiers.messagerie.SmsHttp."
    )
if SMS_BACKEND == "dossiers.messagerie.SmsHttp" and not (
    SMS_API_URL.startswith(("https://", "http://")) and SMS_API_TOKEN
):
    raise ImproperlyConfigured(
        "SMS_BACKEND=dossiers.messagerie.SmsHttp demande SMS_API_URL (http(s)://…) et "
        "SMS_API_TOKEN."
    )
if not (SMS_EXPEDITEUR.isascii() and SMS_EXPEDITEUR.isalnum() and 3 <= len(SMS_EXPEDITEUR) <= 11):
    raise ImproperlyConfigured(
        "SMS_EXPEDITEUR compte de 3 à 11 lettres ou chiffres, sans espace ni accent."
    )
# WeasyPrint (imilo/pdf.py) reports each rendering step at INFO.
LOGGING["loggers"] |= {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}}

# Documents of the youth files (dossiers/documents.py): largest file a counsellor may
# deposit, in bytes (10 Mo by default). Files live in MEDIA_ROOT and are never served
# directly: downloads go through a view that checks the ML and the rights. The reverse
# proxy must accept request bodies at least this large (nginx: client_max_body_size).
try:
    DOCUMENTS_TAILLE_MAX = env.int("DOCUMENTS_TAILLE_MAX", default=10 * 1024 * 1024)
except ValueError:
    DOCUMENTS_TAILLE_MAX = 0
if not 1024 <= DOCUMENTS_TAILLE_MAX <= 100 * 1024 * 1024:
    raise ImproperlyConfigured(
        "DOCUMENTS_TAILLE_MAX est une taille en octets, de 1024 (1 Ko) à 104857600 (100 Mo), "
        "par exemple 10485760 pour 10 Mo."
    )
