from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from admin_ml.models import Utilisateur


class IdentifiantBackend(ModelBackend):
    """Sign-in by identifier; loads the user with what every page needs in two queries."""

    def get_user(self, user_id):
        utilisateur = (
            Utilisateur.objects.select_related("structure", "profil")
            .prefetch_related("profil__droits")
            .filter(pk=user_id)
            .first()
        )
        if utilisateur is not None and self.user_can_authenticate(utilisateur):
            return utilisateur
        return None


def identifiant_tente(request, credentials=None) -> str:
    """The identifier of a sign-in attempt, as django-axes counts failures for it.

    Lower-cased like stored identifiers, so that "S.Debout" and "s.debout" share a counter;
    read from the credentials whatever key the backend chain gave them.
    """
    credentials = credentials or {}
    valeur = next(
        (str(v) for k, v in credentials.items() if str(k) in ("username", "identifiant")),
        None,
    )
    if valeur is None:
        valeur = request.POST.get("username", "") if request is not None else ""
    return valeur.strip().lower()


def adresse_ip(request) -> str:
    """The client's address for the lockout counters (django-axes)."""
    if settings.BEHIND_PROXY:
        relais = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if relais:
            return relais.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
