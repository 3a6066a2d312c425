from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _synchroniser(sender, **kwargs):
    from admin_ml.profils import profils_standard_synchroniser

    profils_standard_synchroniser()


class AdminMlConfig(AppConfig):
    name = "admin_ml"
    verbose_name = "administration des missions locales"

    def ready(self):
        post_migrate.connect(_synchroniser, sender=self, dispatch_uid="profils_standard")
        from imilo.droits import Droit
        from imilo.registres import (
            NAVIGATION,
            PAGES_DE_NAVIGATION,
            EntreeNavigation,
            Rattachement,
        )

        # « Ma structure » gathers the ML's own set-up (other apps attach their pages to it:
        # letter templates, default lengths of dispositifs); the rest of the portal's pages
        # belong to « Utilisateurs ».
        NAVIGATION.enregistrer(
            EntreeNavigation(
                "Ma structure", "admin_ml:structure", Droit.ADMIN_ML_GERER_STRUCTURE, ordre=50
            )
        )
        NAVIGATION.enregistrer(
            EntreeNavigation(
                "Utilisateurs",
                "admin_ml:utilisateurs",
                Droit.ADMIN_ML_GERER_UTILISATEURS,
                ordre=60,
            )
        )
        for pages, entree in [
            ("admin_ml", "Utilisateurs"),
            ("admin_ml:structure", "Ma structure"),
            ("admin_ml:lieu", "Ma structure"),
        ]:
            PAGES_DE_NAVIGATION.enregistrer(Rattachement(pages, entree))
