import gzip
import json
import re
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.conf import settings
from django.test import override_settings

from tests.processus import RACINE, demarrer, environnement


def test_refus_de_demarrer_sans_secret_en_production():
    resultat = demarrer()
    assert resultat.returncode != 0
    assert "SECRET_KEY manquante" in resultat.stderr


def test_demarrage_en_developpement_sans_secret():
    assert demarrer(DEBUG="true").returncode == 0


def test_reglages_de_base():
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


def test_env_example_documente_chaque_variable():
    code = (RACINE / "imilo" / "settings.py").read_text()
    lues = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", code))
    exemple = (RACINE / ".env.example").read_text()
    manquantes = {nom for nom in lues if not re.search(rf"^#?\s*{nom}=", exemple, re.M)}
    assert not manquantes, f"À documenter dans .env.example : {sorted(manquantes)}"


# --- Errors and logs ------------------------------------------------------------------------

# A production-like process (DEBUG=false) answering the test client, without database nor
# broker: the view fails before needing them.
PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "false",
    "SECRET_KEY": "essai-" + "x" * 60,
    "ALLOWED_HOSTS": "testserver",
    "EMAIL_URL": "memorymail://",
}

# A view that fails, reached through Django's WSGI handler as under gunicorn (the test client
# skips it, and with it what Sentry reads of the request), with a form field, a query
# parameter, a cookie and a Referer that are personal data: none may leave the application.
VUE_EN_ERREUR = """
import io, json, logging, sys, types
from urllib.parse import urlencode
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

@login_not_required
@csrf_exempt
def en_erreur(request):
    # What a test may have the view do first (call an outside API…).
    globals().get("avant_l_erreur", lambda: None)()
    raise RuntimeError("erreur volontaire")

urls = types.ModuleType("urls_essai")
urls.urlpatterns = [path("en-erreur/", en_erreur)]
urls.handler500 = "imilo.views.erreur_serveur"
sys.modules["urls_essai"] = urls
corps = urlencode({"nom": "Saisie-Confidentielle"}).encode()
environ = {
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/en-erreur/",
    "QUERY_STRING": "q=Recherche-Confidentielle",
    "SERVER_NAME": "testserver",
    "SERVER_PORT": "80",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "HTTP_HOST": "testserver",
    "HTTP_COOKIE": "preference=Cookie-Confidentiel",
    "HTTP_REFERER": "http://testserver/jeunes/?q=Referer-Confidentiel",
    "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(corps)),
    "wsgi.input": io.BytesIO(corps),
    "wsgi.errors": sys.stderr,
    "wsgi.url_scheme": "http",
    "wsgi.version": (1, 0),
    "wsgi.multithread": False,
    "wsgi.multiprocess": False,
    "wsgi.run_once": False,
}
statuts = []
with override_settings(ROOT_URLCONF="urls_essai"):
    reponse = get_wsgi_application()(environ, lambda statut, *args: statuts.append(statut))
    b"".join(reponse)
    reponse.close()
assert statuts[0].startswith("500 "), statuts
print(json.dumps({
    "gestionnaires": {
        nom: [type(g).__name__ for g in logging.getLogger(nom).handlers]
        for nom in ("django", "django.request")
    },
    "courriels": [
        {"de": m.from_email, "a": m.to, "sujet": m.subject, "corps": m.body}
        for m in getattr(mail, "outbox", [])
    ],
}))
"""
CONFIDENTIEL = (
    "Saisie-Confidentielle",
    "Recherche-Confidentielle",
    "Cookie-Confidentiel",
    "Referer-Confidentiel",
)


def sortie_json(resultat: subprocess.CompletedProcess) -> dict:
    assert resultat.returncode == 0, resultat.stderr
    return json.loads(resultat.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("variable", "valeur", "message"),
    [
        ("LOG_FORMAT", "xml", "LOG_FORMAT doit valoir"),
        ("ADMINS", "pas une adresse", "ADMINS est une liste d'adresses"),
        ("ADMINS", "tech@example.org; autre@example.org", "ADMINS est une liste d'adresses"),
        ("SENTRY_TRACES_SAMPLE_RATE", "beaucoup", "SENTRY_TRACES_SAMPLE_RATE est la part"),
        ("SENTRY_TRACES_SAMPLE_RATE", "1.5", "SENTRY_TRACES_SAMPLE_RATE est la part"),
        ("SENTRY_DSN", "pas-une-dsn", "SENTRY_DSN n'est pas une adresse Sentry valide"),
    ],
)
def test_refus_de_demarrer_avec_un_reglage_d_erreurs_invalide(variable, valeur, message):
    resultat = demarrer(DEBUG="true", **{variable: valeur})
    assert resultat.returncode != 0
    assert message in resultat.stderr


def test_journaux_en_json_un_objet_par_ligne():
    resultat = demarrer(
        """
        import logging
        journal = logging.getLogger("imilo.essai")
        journal.warning("Bonjour %s", "équipe", extra={"data": {"kwargs": "Nom-Confidentiel"}})
        try:
            1 / 0
        except ZeroDivisionError:
            journal.exception("Division impossible")
        """,
        DEBUG="true",
        LOG_FORMAT="json",
    )
    assert resultat.returncode == 0, resultat.stderr
    lignes = [json.loads(ligne) for ligne in resultat.stderr.splitlines() if ligne.strip()]
    assert [(ligne["level"], ligne["logger"], ligne["message"]) for ligne in lignes] == [
        ("WARNING", "imilo.essai", "Bonjour équipe"),
        ("ERROR", "imilo.essai", "Division impossible"),
    ]
    assert datetime.fromisoformat(lignes[0]["time"]).tzinfo is not None
    assert "exception" not in lignes[0]
    assert "ZeroDivisionError: division by zero" in lignes[1]["exception"]
    # A record's extra stays out: Celery puts the arguments of a failed task there.
    assert "Nom-Confidentiel" not in resultat.stderr


def test_journaux_en_texte_par_defaut():
    resultat = demarrer(
        'import logging; logging.getLogger("imilo.essai").warning("Bonjour")', DEBUG="true"
    )
    assert resultat.returncode == 0, resultat.stderr
    assert re.fullmatch(r"\d{4}-\d\d-\d\d [\d:,]+ WARNING imilo.essai Bonjour\n", resultat.stderr)


def test_le_worker_celery_journalise_comme_django(tmp_path):
    """A real worker (in-memory broker): its lines follow LOG_FORMAT, not Celery's own format."""
    journal = tmp_path / "worker.log"
    with journal.open("w") as sortie:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "imilo", "worker", "-l", "info"),
                *("--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle"),
            ],
            cwd=RACINE,
            # Celery warns on stderr, before logging is set up, when the tests run as root.
            env=environnement(
                DEBUG="true",
                LOG_FORMAT="json",
                PYTHONWARNINGS="ignore:You're running the worker with superuser privileges",
            ),
            stdout=subprocess.DEVNULL,
            stderr=sortie,
        )
    try:
        fin = time.monotonic() + 60
        while "ready." not in journal.read_text() and time.monotonic() < fin:
            assert worker.poll() is None, journal.read_text()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    lignes = [json.loads(ligne) for ligne in journal.read_text().splitlines() if ligne.strip()]
    pret = [ligne for ligne in lignes if ligne["message"].endswith(" ready.")]
    assert [(ligne["level"], ligne["logger"]) for ligne in pret] == [("INFO", "celery.apps.worker")]


def test_sans_admins_aucun_courriel(tmp_path):
    sortie = sortie_json(
        demarrer(VUE_EN_ERREUR, DATABASE_URL=f"sqlite:///{tmp_path / 'vide.sqlite3'}", **PRODUCTION)
    )
    assert sortie["gestionnaires"] == {"django": [], "django.request": []}
    assert sortie["courriels"] == []


def test_une_erreur_500_envoie_un_courriel_aux_admins_sans_donnees_personnelles(tmp_path):
    sortie = sortie_json(
        demarrer(
            VUE_EN_ERREUR,
            ADMINS="Équipe technique <tech@example.org>, Autre <autre@example.org>",
            SERVER_EMAIL="imilo <erreurs@example.org>",
            DATABASE_URL=f"sqlite:///{tmp_path / 'vide.sqlite3'}",
            **PRODUCTION,
        )
    )
    assert sortie["gestionnaires"]["django.request"] == ["CourrielAuxAdministrateurs"]
    # One mail: Django's default handler on the "django" logger is gone.
    [courriel] = sortie["courriels"]
    assert courriel["a"] == ["tech@example.org", "autre@example.org"]
    assert courriel["de"] == "imilo <erreurs@example.org>"
    assert courriel["sujet"].startswith("[imilo] ERROR")
    assert "/en-erreur/" in courriel["sujet"]
    assert "RuntimeError" in courriel["corps"]
    assert "erreur volontaire" in courriel["corps"]
    # The names of the fields stay, their values do not.
    assert "nom = '********************'" in courriel["corps"]
    for valeur in CONFIDENTIEL:
        assert valeur not in courriel["corps"]


def test_admins_est_un_gestionnaire_de_courriel_de_django():
    from django.utils.log import AdminEmailHandler

    from imilo.journaux import CourrielAuxAdministrateurs

    assert issubclass(CourrielAuxAdministrateurs, AdminEmailHandler)
    gestionnaire = CourrielAuxAdministrateurs()
    assert gestionnaire.include_html is False
    # The failed request waits for this mail: a bounded wait for the SMTP server.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        assert gestionnaire.connection().timeout == 10


class RecepteurSentry(BaseHTTPRequestHandler):
    """Stands for a Sentry server on the loopback: keeps what it is sent."""

    def do_POST(self):
        corps = self.rfile.read(int(self.headers["Content-Length"]))
        encodage = self.headers.get("Content-Encoding")
        if encodage == "gzip":
            corps = gzip.decompress(corps)
        elif encodage == "br":
            # The SDK uses brotli when installed (WeasyPrint brings it through fonttools[woff]).
            import brotli

            corps = brotli.decompress(corps)
        self.server.recus.append((self.path, corps.decode()))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def do_GET(self):
        # Stands for an outside API (the address API) called before the error.
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def serveur_sentry():
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), RecepteurSentry)
    serveur.recus = []
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield serveur
    serveur.shutdown()
    serveur.server_close()


def evenements(recus: list[tuple[str, str]]) -> list[dict]:
    """The error events in the envelopes received (one JSON document per line)."""
    trouves = []
    for _, corps in recus:
        for ligne in corps.splitlines():
            try:
                document = json.loads(ligne)
            except ValueError:
                continue
            if isinstance(document, dict) and "exception" in document:
                trouves.append(document)
    return trouves


# The report goes to the loopback, never through a proxy of the environment.
SANS_MANDATAIRE = dict.fromkeys(("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"), "")


def test_avec_sentry_dsn_une_erreur_est_envoyee_sans_donnees_personnelles(tmp_path, serveur_sentry):
    port = serveur_sentry.server_address[1]
    # The view first asks an outside API with personal data in the query string, like the
    # address API.
    appel_api = textwrap.dedent(f"""
        import urllib.request

        def avant_l_erreur():
            adresse = "http://127.0.0.1:{port}/search/?q=Adresse-Confidentielle"
            urllib.request.urlopen(adresse).read()
        """)
    resultat = demarrer(
        appel_api + VUE_EN_ERREUR + "import sentry_sdk; sentry_sdk.flush(timeout=10)",
        SENTRY_DSN=f"http://cle@127.0.0.1:{port}/1",
        SENTRY_ENVIRONMENT="essai",
        DATABASE_URL=f"sqlite:///{tmp_path / 'vide.sqlite3'}",
        **PRODUCTION,
        **SANS_MANDATAIRE,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert {chemin for chemin, _ in serveur_sentry.recus} == {"/api/1/envelope/"}
    [evenement] = evenements(serveur_sentry.recus)
    [exception] = evenement["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "erreur volontaire")
    assert exception["mechanism"]["type"] == "django"
    assert evenement["environment"] == "essai"
    assert evenement["request"]["url"] == "http://testserver/en-erreur/"
    assert "user" not in evenement
    assert not any("vars" in cadre for cadre in exception["stacktrace"]["frames"])
    [appel] = [m for m in evenement["breadcrumbs"]["values"] if m["category"] == "httplib"]
    assert appel["data"]["url"] == f"http://127.0.0.1:{port}/search/"
    for _, corps in serveur_sentry.recus:
        for valeur in (*CONFIDENTIEL, "Adresse-Confidentielle"):
            assert valeur not in corps


def test_sans_sentry_dsn_sentry_n_est_pas_initialise(tmp_path, serveur_sentry):
    resultat = demarrer(
        VUE_EN_ERREUR + "import sentry_sdk; print(sentry_sdk.get_client().is_active())",
        DATABASE_URL=f"sqlite:///{tmp_path / 'vide.sqlite3'}",
        **PRODUCTION,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip().splitlines()[-1] == "False"
    # Nor in the test process, started without SENTRY_DSN.
    assert not sentry_sdk.get_client().is_active()
