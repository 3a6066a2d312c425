"""The one search box: a name, a birth date, a NIR or a France Travail identifier.

Names are matched by prefix on the search keys "NOM PRENOM", "PRENOM NOM" and
"NOMDENAISSANCE PRENOM" (indexed per ML with varchar_pattern_ops: docs/recherche.md), so
"dupont mar", "marie dup" and "durand marie" (birth name) all find Marie DUPONT née DURAND.
"""

import re
from datetime import date, datetime

from django.db.models import Q

from imilo.texte import cle_de_recherche

_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$")
_NIR = re.compile(r"^[12378]\d{4}")
_IDENTIFIANT_FT = re.compile(r"^\d{7}[A-Z]$|^[A-Z0-9]{11}$")


def lire_date(texte: str) -> date | None:
    if not _DATE.match(texte):
        return None
    jour, mois, annee = re.split(r"[/.-]", texte)
    try:
        return datetime(int(annee), int(mois), int(jour)).date()
    except ValueError:
        return None


def filtre_recherche(texte: str, *, voit_nir: bool = True) -> Q:
    """Without the right to see the NIR, only a complete NIR finds a file: its beginning
    would let one guess a number digit by digit."""
    texte = (texte or "").strip()
    naissance = lire_date(texte)
    if naissance:
        return Q(date_naissance=naissance)
    compact = re.sub(r"\s", "", texte).upper()
    nir = Q(nir__startswith=compact) if voit_nir else Q(nir=compact)
    if _IDENTIFIANT_FT.match(compact) and any(c.isdigit() for c in compact):
        return Q(identifiant_france_travail=compact) | nir
    if len(compact) >= 5 and _NIR.match(compact):
        return nir
    cle = cle_de_recherche(texte)
    if not cle:
        return Q(pk__in=[])
    return (
        Q(cle_nom_prenom__startswith=cle)
        | Q(cle_prenom_nom__startswith=cle)
        | Q(cle_naissance_prenom__startswith=cle)
    )
