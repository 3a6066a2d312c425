"""« Ma liste »: selecting files and the group actions on them (exports: dossiers.exports)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.models import Jeune, SelectionJeune
from imilo.historique import modifier_en_masse


def selection(utilisateur):
    """The files of the user's list, within the user's ML."""
    return Jeune.objects.de_la_structure(utilisateur.structure).filter(
        pk__in=SelectionJeune.objects.filter(utilisateur=utilisateur).values("jeune_id")
    )


def ma_liste_ajouter(*, utilisateur, jeunes) -> int:
    """Add files (a queryset already scoped to the user's ML); returns how many were new."""
    avant = SelectionJeune.objects.filter(utilisateur=utilisateur).count()
    SelectionJeune.objects.bulk_create(
        [
            SelectionJeune(utilisateur=utilisateur, jeune_id=pk)
            for pk in jeunes.values_list("pk", flat=True).iterator()
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return SelectionJeune.objects.filter(utilisateur=utilisateur).count() - avant


def ma_liste_retirer(*, utilisateur, jeune_ids=None) -> None:
    lignes = SelectionJeune.objects.filter(utilisateur=utilisateur)
    if jeune_ids is not None:
        lignes = lignes.filter(jeune_id__in=jeune_ids)
    lignes.delete()


@transaction.atomic
def jeunes_changer_referent(*, jeunes, referent, par) -> int:
    """Group transfer of files to another counsellor (e.g. before unsubscribing one)."""
    if not referent.peut_etre_referent(par.structure_id):
        raise ValidationError(
            "Le nouveau référent doit être un conseiller de la mission locale ayant la fonction "
            "« conseiller référent »."
        )
    return modifier_en_masse(jeunes, par=par, raison="action groupée", conseiller_referent=referent)


@transaction.atomic
def jeunes_changer_lieu(*, jeunes, lieu, par) -> int:
    # The lists offer the active sites of the ML only: the same rule holds here.
    if lieu.structure_id != par.structure_id or not lieu.actif:
        raise ValidationError("Ce lieu d'accueil n'est pas un lieu ouvert de la mission locale.")
    return modifier_en_masse(jeunes, par=par, raison="action groupée", lieu_rattachement=lieu)
