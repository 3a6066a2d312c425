"""The registries of admin_ml, filled by the apps on its right from their AppConfig.ready().

- `BLOCAGES`: what still binds a user to the ML's records. Unsubscribing a user (definitive,
  RGPD) and recovering an account into another ML are refused while the user is référent of
  youth files, companies or offres de service, or prescripteur or référent of an open
  dispositif (seed 003: « L'opération n'est pas possible si les personnes sont toujours
  référentes… Vous devez dans ce cas faire des transferts préalables »). Each app registers
  `fonction(utilisateur) -> list[Blocage]` (one query each) saying what to transfer first
  and where.
- `GENRES_DE_TRANSFERT`: the kinds of group transfer (seed 003, « Transferts d'éléments »):
  the youth files of counsellor A to counsellor B, the lieu de rattachement of youth files,
  the référent of offres de service, the référent of partners.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from admin_ml.models import LieuAccueil, Utilisateur
from imilo.droits import Droit
from imilo.registres import Registre


class Blocage(NamedTuple):
    # « référent de 3 dossiers jeunes »
    libelle: str
    nombre: int
    # Where the director sees them (a filtered list), to transfer them first.
    url: str


BLOCAGES: Registre[Callable] = Registre("ce qui empêche de désabonner ou récupérer un compte")


# What a transfer may move the selected records to.
DESTINATIONS = {Utilisateur: "un utilisateur", LieuAccueil: "un lieu d'accueil"}


@dataclass(frozen=True)
class GenreTransfert:
    code: str
    # « Dossiers jeunes : changer de conseiller référent »
    libelle: str
    # The selected records: « dossier jeune », « dossiers jeunes ».
    nom_objet: str
    nom_objets: str
    objets: type[models.Model]
    destination: type[models.Model]
    droit: Droit
    # (*, objets, destination, par) -> number of records changed, with history.
    executer: Callable[..., int]
    # The page where the selection is made (a URL name), and how.
    selection: str = ""
    aide: str = ""

    def __post_init__(self):
        # A transfer moves a référent or a lieu: it never moves a record onto another
        # record of the same kind, which would merge duplicates.
        if self.destination not in DESTINATIONS:
            raise ImproperlyConfigured(
                f"Transfert « {self.code} » : un transfert change un référent ou un lieu, "
                f"pas un {self.destination._meta.verbose_name}."
            )


GENRES_DE_TRANSFERT: Registre[GenreTransfert] = Registre(
    "les genres de transfert groupé", cle=lambda genre: genre.code
)
