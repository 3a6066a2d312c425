"""Run the test suite against real services, started here when none is configured.

- PostgreSQL: `DATABASE_URL` if it points at PostgreSQL, else a throwaway cluster made with
  initdb/pg_ctl in a temporary folder, listening on 127.0.0.1, stopped on exit.
- Redis: `REDIS_URL` if set, else a throwaway redis-server on 127.0.0.1.
- Chromium: the system browser (`CHROMIUM_PATH`, else /usr/bin/chromium); Playwright never
  downloads one.
A missing binary stops the run with the name of the package to install.

Usage: python tests/lancer.py [pytest arguments…]   (what `make test` runs)
"""

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def echec(message: str) -> None:
    print(f"\n[tests] {message}\n", file=sys.stderr)
    sys.exit(2)


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def attendre_port(port: int, nom: str, delai: float = 30.0) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    echec(f"{nom} n'a pas démarré sur le port {port}.")


def binaire_postgres(nom: str) -> str:
    trouve = shutil.which(nom)
    if trouve:
        return trouve
    for dossier in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (dossier / nom).exists():
            return str(dossier / nom)
    echec(f"{nom} introuvable : installez le paquet « postgresql » (apt-get install postgresql).")
    return ""


@contextmanager
def postgres_jetable():
    initdb, pg_ctl = binaire_postgres("initdb"), binaire_postgres("pg_ctl")
    dossier = Path(tempfile.mkdtemp(prefix="imilo-pg-"))
    donnees = dossier / "donnees"
    prefixe: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: the cluster belongs to the postgres account.
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            echec("Le compte système « postgres » manque : installez le paquet « postgresql ».")
        shutil.chown(dossier, "postgres", "postgres")
        prefixe = ["runuser", "-u", "postgres", "--"]
    port = port_libre()
    subprocess.run(
        [
            *prefixe,
            initdb,
            "-D",
            str(donnees),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-h 127.0.0.1 -p {port} -k {dossier} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        [
            *prefixe,
            pg_ctl,
            "-D",
            str(donnees),
            "-o",
            options,
            "-l",
            str(dossier / "journal"),
            "-w",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        attendre_port(port, "PostgreSQL")
        yield f"postgres://postgres@127.0.0.1:{port}/imilo"
    finally:
        subprocess.run(
            [*prefixe, pg_ctl, "-D", str(donnees), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(dossier, ignore_errors=True)


@contextmanager
def redis_jetable():
    serveur = shutil.which("redis-server")
    if not serveur:
        echec("redis-server introuvable : installez le paquet « redis-server ».")
    port = port_libre()
    processus = subprocess.Popen(
        [serveur, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        attendre_port(port, "Redis")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        processus.terminate()
        processus.wait(timeout=10)


def chromium() -> str:
    chemin = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chemin).exists():
        echec("Chromium introuvable : installez le paquet « chromium » (apt-get install chromium).")
    return chemin


def main(arguments: list[str]) -> int:
    env = os.environ.copy()
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "imilo.settings",
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": env.get("SECRET_KEY") or "tests-" + "x" * 60,
            "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "CHROMIUM_PATH": chromium(),
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
    )
    with ExitStack() as pile:
        if not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
            env["DATABASE_URL"] = pile.enter_context(postgres_jetable())
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = pile.enter_context(redis_jetable())
        print(f"[tests] PostgreSQL : {env['DATABASE_URL']}  Redis : {env['REDIS_URL']}")
        commande = [sys.executable, "-m", "pytest", *arguments]
        return subprocess.run(commande, env=env, cwd=RACINE, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
