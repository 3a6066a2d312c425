"""Benchmark: the 4 a.m. reference transfer on many youth files (not part of `make test`).

    .venv/bin/python tests/benchmarks/transferts.py [nombre de dossiers] [taille de lot]

Starts a throwaway PostgreSQL, migrates, writes N youth files of one Mission Locale holding
one « origine de la venue » (plus N/10 of another ML holding the same national element,
which the transfer must leave alone), then times:
- the floor: one plain SQL UPDATE of the same rows, with no batches and no history;
- the job (`transferts_executer`): batches of TRANSFERT_TAILLE_LOT, rows locked, one history
  row per record changed, the request's count updated in each batch.
It prints rows per second for both. The figures are quoted in docs/performance.md.
"""

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

from tests.lancer import postgres_jetable  # noqa: E402

MESURE = r"""
import os
import time

from django.db import connection, transaction

from admin_ml.models import MissionLocale, Profil, Region, Utilisateur
from dossiers.models import Jeune
from referentiels.models import Commune, Departement, ElementReference, RegionInsee
from referentiels.models import TableReference, TransfertReference
from referentiels.services import transfert_planifier
from referentiels.transferts import ORIGINE, transferts_executer

nombre = int(os.environ["NOMBRE"])
region = Region.objects.create(code="99", nom="Banc d'essai")
ml, autre = (
    MissionLocale.objects.create(
        region=region, nom=f"ML {i}", code=f"B{i}", siret=f"{i:014d}", adresse="rue",
        code_postal="35000", commune="Rennes",
    )
    for i in (1, 2)
)
profil = Profil.objects.create(code="banc", nom="Banc")
auteur = Utilisateur.objects.create(
    identifiant="b.banc", nom="BANC", prenom="B", date_naissance="1980-01-01",
    email="b@x.fr", structure=ml, profil=profil,
)
table = TableReference.objects.create(code="origine_venue", libelle="Origine de la venue")
source, destination = (
    ElementReference.objects.create(table=table, code=code, libelle=code)
    for code in ("presse_medias", "famille_amis")
)
departement = Departement.objects.create(
    code="35", nom="Ille-et-Vilaine", zone="metro",
    region=RegionInsee.objects.create(code="53", nom="Bretagne", zone="metro"),
)
commune = Commune.objects.create(
    code_insee="35238", nom="Rennes", nom_recherche="RENNES", type="commune-actuelle",
    departement=departement, zone="metro", millesime="COG 2026",
)
modele = Jeune(
    structure=ml, prenom="Léa", nom_usage="MARTIN", date_naissance="2005-03-14", sexe="2",
    commune_naissance=commune, origine_venue=source, created_by=auteur,
)
modele.calculer_cles()
modele.save()
# Every column of the template row but its id: the copy follows the model as it grows.
colonnes = ", ".join(
    f'"{champ.column}"' for champ in Jeune._meta.concrete_fields if not champ.primary_key
)
with connection.cursor() as curseur:
    curseur.execute(
        f"INSERT INTO dossiers_jeune ({colonnes}) SELECT {colonnes} FROM dossiers_jeune, "
        f"generate_series(2, %s) WHERE id = %s",
        [nombre, modele.pk],
    )
    autre_colonnes = colonnes.replace('"structure_id"', f"{autre.pk} AS structure_id")
    curseur.execute(
        f"INSERT INTO dossiers_jeune ({colonnes}) SELECT {autre_colonnes} FROM dossiers_jeune, "
        f"generate_series(1, %s) WHERE id = %s",
        [nombre // 10, modele.pk],
    )
    curseur.execute("VACUUM ANALYZE dossiers_jeune")

def compter(element, structure):
    return Jeune.objects.filter(structure=structure, origine_venue=element).count()

print(f"dossiers : {Jeune.objects.count()} ({compter(source, ml)} de la ML à transférer)")

# The floor: the same rows, one plain UPDATE, nothing else.
debut = time.perf_counter()
with transaction.atomic(), connection.cursor() as curseur:
    curseur.execute(
        "UPDATE dossiers_jeune SET origine_venue_id = %s "
        "WHERE structure_id = %s AND origine_venue_id = %s",
        [destination.pk, ml.pk, source.pk],
    )
    plancher = curseur.rowcount
duree_plancher = time.perf_counter() - debut
with connection.cursor() as curseur:
    curseur.execute(
        "UPDATE dossiers_jeune SET origine_venue_id = %s WHERE structure_id = %s",
        [source.pk, ml.pk],
    )
    curseur.execute("VACUUM ANALYZE dossiers_jeune")

transfert = transfert_planifier(
    structure=ml, source=source, destination=destination, par=auteur
)
debut = time.perf_counter()
transferts_executer()
duree_job = time.perf_counter() - debut
transfert.refresh_from_db()
assert transfert.nombre_modifies == plancher == compter(destination, ml)
assert compter(source, autre) == nombre // 10, "la frontière de la ML n'a pas tenu"
assert Jeune.history.filter(history_origine=ORIGINE).count() == plancher
from django.conf import settings

def debit(lignes, secondes):
    return f"{lignes / secondes:,.0f}".replace(",", " ")

print(f"UPDATE SQL seul (plancher) : {plancher} lignes en {duree_plancher:.2f} s, "
      f"{debit(plancher, duree_plancher)} lignes/s")
print(f"transfert (lots de {settings.TRANSFERT_TAILLE_LOT}, verrous, historique) : "
      f"{transfert.nombre_modifies} lignes en {duree_job:.2f} s, "
      f"{debit(transfert.nombre_modifies, duree_job)} lignes/s")
print(f"rapport : {duree_job / duree_plancher:.1f} fois le plancher")
"""


def main() -> None:
    nombre = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    taille_lot = sys.argv[2] if len(sys.argv) > 2 else "1000"
    with postgres_jetable() as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "x" * 60,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "localhost",
            "NOMBRE": str(nombre),
            "TRANSFERT_TAILLE_LOT": taille_lot,
            "LOG_LEVEL": "WARNING",
        }
        psql = ["psql", url.replace("/imilo", "/postgres"), "-q", "-v", "ON_ERROR_STOP=1"]
        subprocess.run([*psql, "-c", "CREATE DATABASE imilo"], check=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=RACINE, env=env, check=True
        )
        subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", MESURE],
            cwd=RACINE,
            env=env,
            check=True,
        )


if __name__ == "__main__":
    main()
