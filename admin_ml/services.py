"""Writes of the admin portal. Keyword-only, atomic, with the acting user (`par`)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from admin_ml.models import LieuAccueil


@transaction.atomic
def lieu_modifier(*, lieu: LieuAccueil, par, **champs) -> LieuAccueil:
    """A site's name, postal address and phone: printed on the letters of the
    appointments held there."""
    lieu = LieuAccueil.objects.select_for_update().get(pk=lieu.pk)
    for champ, valeur in champs.items():
        setattr(lieu, champ, valeur)
    if (
        LieuAccueil.objects.filter(structure=lieu.structure_id, nom=lieu.nom)
        .exclude(pk=lieu.pk)
        .exists()
    ):
        raise ValidationError({"nom": "Cette mission locale a déjà un lieu d'accueil de ce nom."})
    lieu.full_clean()
    lieu._history_user = par
    lieu.save()
    return lieu
