"""Rights: named codes, grouped into profiles (admin_ml.Profil), checked in one place.

A view declares the right it needs with `@droit_requis(Droit.X)` or `DroitRequisMixin`; a
signed-in user without it gets a 403. Templates ask `user.a_le_droit`. Later features add
their codes here and give them to the standard profiles (admin_ml/profils.py).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models


class Droit(models.TextChoices):
    DOSSIERS_VOIR = "dossiers.voir", "consulter les dossiers jeunes"
    DOSSIERS_CREER = "dossiers.creer", "ouvrir un dossier jeune (premier accueil)"
    DOSSIERS_MODIFIER = "dossiers.modifier", "modifier les dossiers jeunes"
    DOSSIERS_VOIR_NIR = "dossiers.voir_nir", "voir le NIR en clair"
    DISPOSITIFS_GERER = "dispositifs.gerer", "gérer les dispositifs des jeunes"
    DISPOSITIFS_VALIDER_ALLOCATION = (
        "dispositifs.valider_allocation",
        "valider les demandes d'allocation",
    )
    OFFRES_GERER = "offres.gerer", "gérer les offres de service et les entreprises"
    REFERENTIELS_GERER = "referentiels.gerer", "gérer les tables de référence et les transferts"
    ADMIN_ML_GERER_UTILISATEURS = "admin_ml.gerer_utilisateurs", "gérer les utilisateurs"
    ADMIN_ML_GERER_STRUCTURE = (
        "admin_ml.gerer_structure",
        "gérer la structure et ses lieux d'accueil",
    )
    ADMIN_ML_VOIR_PILOTAGE = "admin_ml.voir_pilotage", "consulter les tableaux de bord"


def verifier_droit(user, droit: Droit) -> None:
    if not user.is_authenticated or not user.a_le_droit(droit):
        raise PermissionDenied("Vous n'avez pas le droit d'accéder à cette page.")


def droit_requis(droit: Droit):
    def decorateur(vue):
        @wraps(vue)
        def vue_protegee(request, *args, **kwargs):
            verifier_droit(request.user, droit)
            return vue(request, *args, **kwargs)

        vue_protegee.droit_requis = droit
        return vue_protegee

    return decorateur


class DroitRequisMixin:
    droit_requis: Droit

    def dispatch(self, request, *args, **kwargs):
        verifier_droit(request.user, self.droit_requis)
        return super().dispatch(request, *args, **kwargs)
