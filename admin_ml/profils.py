"""The standard profiles every Mission Locale gets, defined here in code.

`profils_standard_synchroniser()` makes the database match this table; it runs after every
`migrate`, so a right added by a later feature reaches the standard profiles everywhere.
An ML may build its own profiles in the admin portal; those are not touched.
"""

from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from imilo.droits import Droit


@dataclass(frozen=True)
class ProfilStandard:
    nom: str
    description: str
    droits: frozenset[Droit]


_SUIVI = {
    Droit.DOSSIERS_VOIR,
    Droit.DOSSIERS_CREER,
    Droit.DOSSIERS_MODIFIER,
    Droit.DOSSIERS_VOIR_NIR,
    Droit.DISPOSITIFS_GERER,
    Droit.OFFRES_GERER,
}

PROFILS_STANDARD: dict[str, ProfilStandard] = {
    "conseiller": ProfilStandard(
        "Conseiller",
        "Suit les jeunes : dossiers, rendez-vous, dispositifs, offres.",
        frozenset(_SUIVI),
    ),
    "accueil": ProfilStandard(
        "Chargé d'accueil",
        "Reçoit les jeunes, ouvre les dossiers et consulte les rendez-vous.",
        frozenset({Droit.DOSSIERS_VOIR, Droit.DOSSIERS_CREER}),
    ),
    "validateur": ProfilStandard(
        "Validateur",
        "Conseiller qui valide aussi les demandes d'allocation (délégation RGS).",
        frozenset(_SUIVI | {Droit.DISPOSITIFS_VALIDER_ALLOCATION}),
    ),
    "direction": ProfilStandard(
        "Direction",
        "Dirige la mission locale : tous les droits.",
        frozenset(Droit),
    ),
    "administrateur": ProfilStandard(
        "Administrateur ML",
        "Administre la mission locale : utilisateurs, lieux, tables de référence.",
        frozenset(
            {
                Droit.DOSSIERS_VOIR,
                Droit.REFERENTIELS_GERER,
                Droit.ADMIN_ML_GERER_UTILISATEURS,
                Droit.ADMIN_ML_GERER_STRUCTURE,
                Droit.ADMIN_ML_VOIR_PILOTAGE,
            }
        ),
    ),
}


@transaction.atomic
def profils_standard_synchroniser() -> None:
    from admin_ml.models import Profil, ProfilDroit

    for code, standard in PROFILS_STANDARD.items():
        profil, _ = Profil.objects.update_or_create(
            code=code,
            structure=None,
            defaults={"nom": standard.nom, "description": standard.description},
        )
        voulus = {str(droit) for droit in standard.droits}
        actuels = set(profil.droits.values_list("droit", flat=True))
        # Row by row deletes and a history-aware bulk insert: a change of rights is traced.
        for retire in profil.droits.exclude(droit__in=voulus):
            retire.delete()
        bulk_create_with_history(
            [ProfilDroit(profil=profil, droit=droit) for droit in sorted(voulus - actuels)],
            ProfilDroit,
        )
