"""Other processes of the application, started by the tests: Django started afresh (to check
the settings refuse to start), a script on this test's database, a real Celery worker."""

import os
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

RACINE = Path(__file__).resolve().parent.parent


# Variables of the errors and logs settings: a developer's shell or .env must not change what
# these tests see (an empty value wins over .env, and means "not set").
OBSERVABILITE = {
    "ADMINS": "",
    "SERVER_EMAIL": "",
    "LOG_FORMAT": "",
    "SENTRY_DSN": "",
    "SENTRY_ENVIRONMENT": "",
    "SENTRY_TRACES_SAMPLE_RATE": "",
}


def environnement(**variables) -> dict[str, str]:
    env = {
        cle: valeur
        for cle, valeur in os.environ.items()
        if cle not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", *OBSERVABILITE)
    }
    env.update(variables)
    return {**env, "DJANGO_SETTINGS_MODULE": "imilo.settings"}


def demarrer(code: str = "", **variables) -> subprocess.CompletedProcess:
    """Start Django in a new process with these variables, then run `code` there."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + textwrap.dedent(code)],
        cwd=RACINE,
        env=environnement(**variables),
        capture_output=True,
        text=True,
        check=False,
    )


def environnement_de_la_base(**variables) -> dict:
    """The environment of a process that works on this test's database (the test must let
    it see the rows: django_db(transaction=True))."""
    base = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{base['USER']}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
        **variables,
    }


class WorkerCelery:
    """A real `celery worker` process, its output in a log file shown when a check fails."""

    def __init__(self, processus: subprocess.Popen, journal: Path):
        self.processus = processus
        self.journal = journal

    def lire_journal(self) -> str:
        return self.journal.read_text()

    def attendre(self, condition, delai: float = 60, pas: float = 0.2):
        """Poll `condition()` until it returns something true, and return it; fail with the
        worker's log if the worker dies or `delai` seconds pass."""
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            resultat = condition()
            if resultat:
                return resultat
            assert self.processus.poll() is None, self.lire_journal()
            time.sleep(pas)
        pytest.fail(f"Rien après {delai} s. Journal du worker :\n{self.lire_journal()}")


@contextmanager
def worker_celery(dossier: Path, *, files: tuple[str, ...] = (), **variables):
    """A real Celery worker on this test's database and the run's Redis, stopped on exit.

    It takes the tasks of `files` if given, else of the default queue (one per parallel
    process of the run: imilo/settings.py). `variables`: more environment for it."""
    journal = dossier / "worker.log"
    commande = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "imilo",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *(["-Q", ",".join(files)] if files else []),
        "-l",
        "info",
    ]
    with journal.open("w") as sortie:
        processus = subprocess.Popen(
            commande,
            cwd=RACINE,
            env=environnement_de_la_base(**variables),
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )
        try:
            yield WorkerCelery(processus, journal)
        finally:
            processus.terminate()
            processus.wait(timeout=30)
