"""Where errors and logs go: JSON log lines, the mail to ADMINS and Sentry (README « Erreurs et
journaux »).

imilo holds the personal data of young people. What leaves the application with an error (a
log collector, a mailbox, a Sentry project) carries where it happened and why, never what
people typed, their cookies or who they are.
"""

from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter
from pythonjsonlogger.json import JsonFormatter

# Request headers kept in reports; the others may carry a session (Cookie), a search typed in
# the previous page (Referer) or a credential. The same in Django's spelling (request.META),
# where the rest is the server's environment.
ENTETES_GARDEES = frozenset(
    {"host", "user-agent", "accept", "accept-language", "content-type", "content-length"}
)
META_GARDEES = frozenset(
    {"REQUEST_METHOD", "PATH_INFO", "SERVER_NAME", "SERVER_PORT", "CONTENT_TYPE"}
    | {"CONTENT_LENGTH", "HTTP_HOST", "HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE"}
)
# The mail to ADMINS goes out while the failed request waits: a silent SMTP server must not
# hold the error page for minutes.
DELAI_COURRIEL_SECONDES = 10


class FormatJson(JsonFormatter):
    """One JSON object per line: time, level, logger, message and, when there is one, exception.

    Only these fields: python-json-logger would add a record's `extra`, and some carry personal
    data (Celery puts there the arguments of a failed task: an email's recipients and body…).
    """

    def add_fields(self, log_data, record, message_dict):
        # Local time (Django sets the process to TIME_ZONE) with its offset: unambiguous.
        moment = datetime.fromtimestamp(record.created).astimezone()
        log_data["time"] = moment.isoformat(timespec="milliseconds")
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = record.getMessage()
        if message_dict.get("exc_info"):
            log_data["exception"] = message_dict["exc_info"]
        if message_dict.get("stack_info"):
            log_data["stack"] = message_dict["stack_info"]


class RapportSansDonneesPersonnelles(ExceptionReporter):
    """Django's error report, as mailed to ADMINS, without personal data.

    Django's own filter hides only what views mark as sensitive: every form field, query
    parameter and cookie value would otherwise be mailed. Their names stay, to tell what the
    request was. Of the settings, only the applications and middleware stay: Django's filter
    hides secrets by name and misses those inside URLs (REDIS_URL…).
    """

    def get_traceback_data(self):
        donnees = super().get_traceback_data()
        donnees["settings"] = {
            cle: valeur
            for cle, valeur in donnees["settings"].items()
            if cle in ("SETTINGS_MODULE", "INSTALLED_APPS", "MIDDLEWARE")
        }
        if self.request is None:
            return donnees
        masque = self.filter.cleansed_substitute
        donnees["user_str"] = self._utilisateur()
        donnees["request_GET_items"] = [(cle, masque) for cle in self.request.GET]
        donnees["filtered_POST_items"] = [(cle, masque) for cle in self.request.POST]
        donnees["request_FILES_items"] = [(cle, masque) for cle in self.request.FILES]
        donnees["request_COOKIES_items"] = [(cle, masque) for cle in self.request.COOKIES]
        donnees["request_meta"] = {
            cle: valeur for cle, valeur in donnees["request_meta"].items() if cle in META_GARDEES
        }
        donnees["request_insecure_uri"] = donnees["request_insecure_uri"].split("?", 1)[0]
        return donnees

    def _utilisateur(self):
        # A number, not a name: enough to find the account, nothing to read in a mailbox.
        try:
            utilisateur = self.request.user
            if not utilisateur.is_authenticated:
                return "anonyme"
            return f"utilisateur n° {utilisateur.pk}"
        except Exception:
            # The user is loaded lazily: the database may be what failed.
            return "[utilisateur inconnu]"


class CourrielAuxAdministrateurs(AdminEmailHandler):
    """Django's mail to ADMINS, with the report above and a bounded wait for the SMTP server."""

    def __init__(self, include_html=False, email_backend=None, reporter_class=None):
        super().__init__(
            include_html=include_html,
            email_backend=email_backend,
            reporter_class=reporter_class or "imilo.journaux.RapportSansDonneesPersonnelles",
        )

    def connection(self):
        return get_connection(
            backend=self.email_backend, fail_silently=True, timeout=DELAI_COURRIEL_SECONDES
        )


def _sans_requete(url):
    return url.split("?", 1)[0].split("#", 1)[0] if isinstance(url, str) else url


def fil_sans_donnees_personnelles(miette, indice):
    """Sentry breadcrumbs without query strings: the address API is asked with the address."""
    donnees = miette.get("data")
    if isinstance(donnees, dict):
        for cle in ("http.query", "http.fragment"):
            donnees.pop(cle, None)
        if "url" in donnees:
            donnees["url"] = _sans_requete(donnees["url"])
    return miette


def evenement_sans_donnees_personnelles(evenement, indice):
    """What the Sentry SDK still sends with send_default_pii=False, removed.

    It attaches form data whatever that option says (max_request_body_size is also "never");
    query strings and the Referer header may hold a search typed by a counsellor (a name).
    Applied to errors and to performance transactions alike.
    """
    requete = evenement.get("request")
    if isinstance(requete, dict):
        for cle in ("data", "cookies", "query_string"):
            requete.pop(cle, None)
        if "url" in requete:
            requete["url"] = _sans_requete(requete["url"])
        if isinstance(requete.get("headers"), dict):
            requete["headers"] = {
                nom: valeur
                for nom, valeur in requete["headers"].items()
                if nom.lower() in ENTETES_GARDEES
            }
    evenement.pop("user", None)
    miettes = evenement.get("breadcrumbs")
    if isinstance(miettes, dict):
        for miette in miettes.get("values") or []:
            fil_sans_donnees_personnelles(miette, None)
    for span in evenement.get("spans") or []:
        fil_sans_donnees_personnelles(span, None)
    return evenement


def initialiser_sentry(dsn, environnement, taux_traces):
    """Errors of the web processes and of the Celery workers sent to Sentry (SENTRY_DSN)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(dsn)
    except BadDsn:
        raise ImproperlyConfigured(
            "SENTRY_DSN n'est pas une adresse Sentry valide : copiez la « DSN » du projet "
            "Sentry, de la forme https://clé@sentry.example.org/1."
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        environment=environnement,
        traces_sample_rate=taux_traces,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # No user, cookie or client address. Form data would be sent even so: not with "never".
        send_default_pii=False,
        max_request_body_size="never",
        # The variables of each frame would carry the young person being edited.
        include_local_variables=False,
        # What is still sent (query strings, the Referer header…) is removed by these hooks.
        before_send=evenement_sans_donnees_personnelles,
        before_send_transaction=evenement_sans_donnees_personnelles,
        before_breadcrumb=fil_sans_donnees_personnelles,
    )
