"""Group transfers, immediate, from a list selection.

Seed 003 (« Transferts d'éléments »): the kinds of transfer are in the registry
`admin_ml.registres.GENRES_DE_TRANSFERT`, filled by each app in its AppConfig.ready()
(dossiers: the youth files, through « Ma liste »; offres: offres de service and partners).
A transfer moves a référent or a lieu: it never moves a record onto another record of the
same kind (offre → offre, youth file → youth file, partner → partner), which would merge
duplicates; that is refused with the reason, here, whatever page asks for it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from admin_ml.registres import DESTINATIONS, GENRES_DE_TRANSFERT, GenreTransfert
from imilo.erreurs import RegleMetierError


def genres_pour(utilisateur) -> list[GenreTransfert]:
    return [genre for genre in GENRES_DE_TRANSFERT if utilisateur.a_le_droit(genre.droit)]


@transaction.atomic
def transfert_executer(*, genre: str, objets, destination, par) -> int:
    """Move the selected records (a queryset) to `destination`, in the acting user's ML;
    returns how many were changed."""
    try:
        genre = GENRES_DE_TRANSFERT[genre]
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
