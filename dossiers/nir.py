"""The NIR (numéro d'inscription au répertoire, social security number).

15 characters: sex (1), year (2), month (2), département (2, Corsica 2A/2B), commune (3),
order (3), key (2). 7 and 8 as first digit are temporary numbers (NIA): accepted as
values, refused for certification (charte: "les numéros commençant par 7 ou 8 ne sont pas
acceptés").
"""

from datetime import date

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import nir as stdnum_nir

PREMIERS_CHIFFRES_CERTIFIABLES = ("1", "2")
# Months other than 01-12 appear when the birth month was unknown at registration.
MOIS_INCONNUS = set(range(20, 43)) | set(range(50, 100))


def nir_normaliser(valeur: str) -> str:
    return stdnum_nir.compact(valeur or "").upper()


def nir_erreurs(nir: str, *, sexe: str | None, date_naissance: date | None) -> list[str]:
    """French messages for what is wrong with `nir` (empty when it is valid)."""
    try:
        stdnum_nir.validate(nir)
    except StdnumError:
        return [
            "Ce NIR n'est pas valide : 15 caractères (13 chiffres, 2A ou 2B pour la Corse, "
            "puis la clé de 2 chiffres) et une clé qui correspond."
        ]
    erreurs = []
    if sexe and nir[0] in PREMIERS_CHIFFRES_CERTIFIABLES and nir[0] != sexe:
        erreurs.append("Le premier chiffre du NIR (1 homme, 2 femme) ne correspond pas au sexe.")
    if date_naissance:
        if nir[1:3] != f"{date_naissance.year % 100:02d}":
            erreurs.append("L'année du NIR ne correspond pas à l'année de naissance.")
        mois = int(nir[3:5])
        if mois not in MOIS_INCONNUS and mois != date_naissance.month:
            erreurs.append("Le mois du NIR ne correspond pas au mois de naissance.")
    return erreurs
