import os

import pytest
from django.core.management import call_command
from django.db import connection

from imilo.celery import app as celery_app
from tests.admin_ml.factories import (
    LieuAccueilFactory,
    MissionLocaleFactory,
    ProfilFactory,
    UtilisateurFactory,
)
from tests.dossiers.factories import JeuneFactory
from tests.http_local import ServeurLocal


@pytest.fixture(scope="session", autouse=True)
def _base_de_test_liberee(django_db_setup, django_db_blocker):
    """At the end of the run, close what a thread or a child process of a test (live
    server, worker, script) may still hold on the test database: PostgreSQL refuses to drop
    a database someone is connected to, which fails the run after every test has passed."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as curseur:
        curseur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _reglages_de_test(settings, request):
    # Hashing a password properly takes ~0.3 s; tests need no such strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run in-process unless the test is about the broker itself.
    eager = request.node.get_closest_marker("broker") is None
    precedent = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = precedent


@pytest.fixture
def ml_a(db):
    ml = MissionLocaleFactory(nom="Mission Locale A")
    LieuAccueilFactory(structure=ml, nom="Siège A", est_siege=True)
    return ml


@pytest.fixture
def ml_b(db):
    ml = MissionLocaleFactory(nom="Mission Locale B")
    LieuAccueilFactory(structure=ml, nom="Siège B", est_siege=True)
    return ml


@pytest.fixture
def conseiller(ml_a):
    return UtilisateurFactory(structure=ml_a, identifiant="c.conseil")


@pytest.fixture
def accueil(ml_a):
    return UtilisateurFactory(structure=ml_a, accueil=True, identifiant="a.accueil")


@pytest.fixture
def validateur(ml_a):
    return UtilisateurFactory(structure=ml_a, validateur=True, identifiant="v.valide")


@pytest.fixture
def direction(ml_a):
    return UtilisateurFactory(structure=ml_a, direction=True, identifiant="d.direction")


@pytest.fixture
def sans_droit(ml_a):
    """A member of ML A whose profile (one of the ML's own) grants nothing."""
    return UtilisateurFactory(
        structure=ml_a,
        profil=ProfilFactory(structure=ml_a, code="aucun-droit", nom="Aucun droit"),
        fonction_conseiller_referent=False,
    )


@pytest.fixture
def conseiller_autre_ml(ml_b):
    return UtilisateurFactory(structure=ml_b, identifiant="c.autre")


@pytest.fixture
def direction_autre_ml(ml_b):
    """Every right, but in ML B: the persona of the isolation sweep."""
    return UtilisateurFactory(structure=ml_b, direction=True, identifiant="d.autre")


# --- Young people ----------------------------------------------------------------------
# One persona, variants named for what is special about them (traits of JeuneFactory).


@pytest.fixture
def jeune(conseiller):
    """A young person of 20 in ML A, followed by `conseiller` (his référent)."""
    return JeuneFactory(suivi_par=conseiller, age=20)


@pytest.fixture
def jeune_avec_nir(conseiller):
    """Chloé DUPONT, followed by `conseiller`, with the NIR of her birth (not certified)."""
    return JeuneFactory(suivi_par=conseiller, chloe=True, avec_nir=True)


@pytest.fixture
def jeune_joignable(conseiller):
    """Chloé DUPONT, followed by `conseiller`, reachable every way: mobile, email and a
    current address (for letters)."""
    return JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True)


@pytest.fixture
def jeune_autre_ml(conseiller_autre_ml):
    """A young person of ML B, followed by `conseiller_autre_ml`."""
    return JeuneFactory(suivi_par=conseiller_autre_ml)


@pytest.fixture
def client_de(client):
    def connecter(utilisateur):
        client.force_login(utilisateur)
        return client

    return connecter


@pytest.fixture
def serveur_http():
    """A stand-in HTTP provider on the loopback, for the providers' real classes
    (tests/http_local.py)."""
    serveur = ServeurLocal().demarrer()
    yield serveur
    serveur.arreter()


# --- Browser tests ---------------------------------------------------------------------


@pytest.fixture
def demo(db):
    """The demo data (s.debout and her colleagues, their MLs, young people, offers)."""
    call_command("donnees_demo", forcer=True, stdout=None)


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected by script (tests.navigateur.violations_graves); the page's own CSP
    # would refuse it.
    return {**browser_context_args, "bypass_csp": True}


# The system Chromium, never a downloaded one.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
