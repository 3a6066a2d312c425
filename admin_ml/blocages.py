"""What still binds a user to the ML's records: a registry the apps on the right fill.

Unsubscribing a user (definitive, RGPD) and recovering an account into another ML are
refused while the user is référent of youth files, companies or offres de service, or
prescripteur or référent of an open dispositif (seed 003: « L'opération n'est pas possible
si les personnes sont toujours référentes… Vous devez dans ce cas faire des transferts
préalables »). admin_ml knows none of those apps: each registers, in its
AppConfig.ready(), a function `fonction(utilisateur) -> list[Blocage]` (one query each)
saying what to transfer first and where.
"""

from collections.abc import Callable
from typing import NamedTuple


class Blocage(NamedTuple):
    # « référent de 3 dossiers jeunes »
    libelle: str
    nombre: int
    # Where the director sees them (a filtered list), to transfer them first.
    url: str


BLOCAGES: list[Callable] = []


def enregistrer_blocage(fonction: Callable) -> Callable:
    if fonction not in BLOCAGES:
        BLOCAGES.append(fonction)
    return fonction


def blocages(utilisateur) -> list[Blocage]:
    """What binds the user, for every registered app; empty when nothing does."""
    return [
        Blocage(*blocage)
        for fonction in BLOCAGES
        for blocage in fonction(utilisateur)
        if blocage[1] > 0
    ]


def phrase(liste: list[Blocage]) -> str:
    """The refusal in one sentence: « référent de 3 dossiers jeunes ; prescripteur… »."""
    return " ; ".join(blocage.libelle for blocage in liste)
