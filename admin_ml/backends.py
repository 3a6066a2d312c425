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
