"""Commune search for the youth file (commune de naissance, adresse).

Charte de saisie (seed 003): a keyword proposes at most the 10 best matches; "Saint Pierre
17" narrows to département 17; overseas codes 971-976, 985 (Mayotte, former code), 987, 988
lead the search; a postcode or an INSEE code finds its communes directly.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When

from imilo.texte import cle_de_recherche
from referentiels.models import Commune

LIMITE = 10
# Former or customary codes people type, mapped to the COG département codes.
ALIAS_DEPARTEMENTS = {"985": ["976"], "20": ["2A", "2B"]}
ABREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "S": "SAINT"}
_DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|9[78]\d)$")
_CODE = re.compile(r"^\d{5}$|^2[AB]\d{3}$")


def _analyser(saisie: str) -> tuple[str, list[str] | None, str | None]:
    """(name words, département, 5-character code) read from what was typed."""
    mots = cle_de_recherche(saisie).split()
    departement = code = None
    restants = []
    for mot in mots:
        if _CODE.match(mot) and code is None:
            code = mot
        elif _DEPARTEMENT.match(mot) and departement is None:
            departement = ALIAS_DEPARTEMENTS.get(mot, [mot])
        else:
            restants.append(ABREVIATIONS.get(mot, mot))
    return " ".join(restants), departement, code


def communes_rechercher(saisie: str, *, limite: int = LIMITE):
    nom, departement, code = _analyser(saisie)
    communes = Commune.objects.actives().select_related("departement")
    if code:
        communes = communes.filter(Q(code_insee=code) | Q(codes_postaux__code_postal=code))
    if departement:
        communes = communes.filter(departement_id__in=departement)
    if nom:
        communes = communes.filter(
            Q(nom_recherche__startswith=nom) | Q(nom_recherche__contains=f" {nom}")
        )
    elif not (code or departement):
        return Commune.objects.none()
    # Exact name first, then names starting with the words, then the most populated.
    rang = Case(
        When(nom_recherche=nom, then=Value(0)),
        When(nom_recherche__startswith=nom, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return communes.annotate(rang=rang).order_by("rang", "-population", "nom").distinct()[:limite]
