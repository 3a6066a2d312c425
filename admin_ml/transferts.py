"""Group transfers, immediate, from a list selection: a registry of the kinds of transfer.

Seed 003 (« Transferts d'éléments »): the youth files of counsellor A to counsellor B, the
lieu de rattachement of youth files, the référent of offres de service, the référent of
partners. Each app registers its kinds in its AppConfig.ready() (dossiers: the youth files,
through « Ma liste »; offres will add its own). A transfer moves a référent or a lieu:
it never moves a record onto another record of the same kind (offre → offre, youth file →
youth file, partner → partner), which would merge duplicates; that is refused with the
reason, here, whatever page asks for it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction

from admin_ml.models import LieuAccueil, Utilisateur
from imilo.droits import Droit
from imilo.erreurs import RegleMetierError

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


GENRES: dict[str, GenreTransfert] = {}


def enregistrer_genre(genre: GenreTransfert) -> GenreTransfert:
    if genre.destination not in DESTINATIONS:
        raise ImproperlyConfigured(
            f"Transfert « {genre.code} » : un transfert change un référent ou un lieu, "
            f"pas un {genre.destination._meta.verbose_name}."
        )
    GENRES[genre.code] = genre
    return genre


def genres_pour(utilisateur) -> list[GenreTransfert]:
    return [genre for genre in GENRES.values() if utilisateur.a_le_droit(genre.droit)]


@transaction.atomic
def transfert_executer(*, genre: str, objets, destination, par) -> int:
    """Move the selected records (a queryset) to `destination`, in the acting user's ML;
    returns how many were changed."""
    try:
        genre = GENRES[genre]
    except KeyError as exc:
        raise RegleMetierError("Ce transfert n'existe pas.") from exc
    if not par.a_le_droit(genre.droit):
        raise PermissionDenied("Vous n'avez pas le droit de faire ce transfert.")
    if isinstance(destination, genre.objets):
        # Seed 003: « Il n'est pas possible de réaliser les transferts suivants : une offre
        # de service vers une autre offre de service, un dossier jeune ou un partenaire vers
        # un autre dossier jeune ou partenaire (cas des doublons) ».
        raise RegleMetierError(
            f"Un {genre.nom_objet} ne se transfère pas vers un autre {genre.nom_objet} : un "
            "transfert change le référent ou le lieu de rattachement, il ne fusionne jamais "
            "deux enregistrements (doublons).",
            champ="destination",
        )
    if not isinstance(destination, genre.destination):
        raise RegleMetierError(
            f"Ce transfert se fait vers {DESTINATIONS[genre.destination]}.", champ="destination"
        )
    if destination.structure_id != par.structure_id:
        raise RegleMetierError(
            "La destination doit appartenir à votre mission locale.", champ="destination"
        )
    if objets.model is not genre.objets:
        raise RegleMetierError(f"Sélectionnez des {genre.nom_objets}.")
    # Only records of the acting user's ML are ever touched, whatever was selected.
    return genre.executer(
        objets=objets.de_la_structure(par.structure), destination=destination, par=par
    )
