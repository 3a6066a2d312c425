"""Benchmark: the name search on millions of youth files (not part of `make test`).

    .venv/bin/python tests/benchmarks/recherche_jeunes.py [nombre de dossiers]

Starts a throwaway PostgreSQL, migrates, writes N files spread over 400 Missions Locales
with SQL (generate_series), then prints the plan and timing of the search box's queries.
The figures are quoted in docs/recherche.md.
"""

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RACINE))

from tests.lancer import postgres_jetable  # noqa: E402

REMPLISSAGE = """
INSERT INTO admin_ml_region (code, nom) VALUES ('99', 'Banc d''essai');
INSERT INTO admin_ml_missionlocale (region_id, nom, code, siret, adresse, complement_adresse,
    code_postal, commune, telephone, email, created_at)
SELECT 1, 'ML ' || i, 'B' || i, lpad(i::text, 14, '0'), 'rue', '', '35000', 'Rennes', '', '',
    now() FROM generate_series(1, 400) i;
INSERT INTO admin_ml_profil (code, nom, description) VALUES ('banc', 'Banc', '');
INSERT INTO admin_ml_utilisateur (password, identifiant, nom, prenom, date_naissance, email,
    structure_id, profil_id, fonction_direction, fonction_conseiller_referent,
    fonction_validateur, fonction_prescripteur, fonction_accueil, is_active, created_at)
VALUES ('!', 'b.banc', 'BANC', 'B', '1980-01-01', 'b@x.fr', 1,
    (SELECT id FROM admin_ml_profil WHERE code = 'banc'), false, true, false, false, false,
    true, now());
INSERT INTO referentiels_regioninsee VALUES ('53', 'Bretagne', 'metro');
INSERT INTO referentiels_departement VALUES ('35', 'Ille-et-Vilaine', 'metro', '53');
INSERT INTO referentiels_commune (code_insee, nom, nom_recherche, type, departement_id, zone,
    millesime, actif, zrr) VALUES ('35238', 'Rennes', 'RENNES', 'commune-actuelle', '35', 'metro',
    'COG 2026', true, '');
WITH noms AS (
  SELECT i,
    (ARRAY['MARTIN','BERNARD','DUBOIS','THOMAS','ROBERT','RICHARD','PETIT','DURAND','LEROY',
           'MOREAU','SIMON','LAURENT','LEFEBVRE','MICHEL','GARCIA','DAVID','BERTRAND','ROUX',
           'VINCENT','FOURNIER','LE GALL','KONATE','NGUYEN','DIALLO','BENSAID'])[1 + i % 25]
      || CASE WHEN i % 7 = 0 THEN '' ELSE chr(65 + (i / 25) % 26) || chr(65 + (i / 650) % 26) END
      AS nom,
    (ARRAY['LEA','ENZO','INES','MATHIS','CHLOE','YANIS','MANON','NOAH','JADE','LUCAS',
           'EMMA','HUGO','LOUISE','NATHAN','CAMILLE'])[1 + (i / 3) % 15] AS prenom
  FROM generate_series(1, NOMBRE) i
)
INSERT INTO dossiers_jeune (structure_id, prenom, nom_usage, nom_naissance, date_naissance,
    sexe, ne_etranger, commune_naissance_id, nationalite, enfants_a_charge, recense, jdc,
    nir, pas_de_nir, cle_prenom, cle_nom_prenom, cle_prenom_nom, cle_naissance_prenom,
    created_at, created_by_id, npai, probleme_logement, email, telephone_mobile,
    mobile_joignable, mobile_commentaire, telephone_fixe, fixe_joignable, fixe_commentaire,
    iban, bic, rsa, rqth, inscrit_france_travail, identifiant_france_travail,
    codes_auxiliaires)
SELECT 1 + i % 400, initcap(prenom), nom, '', date '2000-01-01' + (i % 3650), '2', false,
    '35238', '', 0, false, false,
    CASE WHEN i % 3 = 0 THEN '' ELSE '2' || to_char(date '2000-01-01' + (i % 3650), 'YYMM')
        || '35238' || lpad((i % 1000)::text, 3, '0') || '00' END,
    false, prenom, nom || ' ' || prenom,
    prenom || ' ' || nom, nom || ' ' || prenom, now(), 1, false, false, '', '', true, '', '',
    true, '', '', '', '', false, false, '', ''
FROM noms;
ANALYZE;
"""


def main() -> None:
    nombre = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    with postgres_jetable() as url:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x" * 60, "DEBUG": "true"}
        psql = ["psql", url.replace("/imilo", "/postgres"), "-q", "-v", "ON_ERROR_STOP=1"]
        subprocess.run([*psql, "-c", "CREATE DATABASE imilo"], check=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=RACINE, env=env, check=True
        )
        psql[1] = url
        subprocess.run([*psql, "-c", REMPLISSAGE.replace("NOMBRE", str(nombre))], check=True)
        code = """
from django.db import connection
from dossiers.models import Jeune
for texte in ("martin", "ma", "chloe rob", "konateab", "14/03/2005", "2050335"):
    qs = Jeune.objects.de_la_structure(7).rechercher(texte).order_by("nom_usage", "prenom")[:25]
    print("=== recherche :", texte)
    print(qs.explain(analyze=True))
print("dossiers :", Jeune.objects.count())
"""
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code], cwd=RACINE, env=env, check=True
        )


if __name__ == "__main__":
    main()
