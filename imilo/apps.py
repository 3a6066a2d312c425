from django.apps import AppConfig


class ImiloConfig(AppConfig):
    name = "imilo"
    verbose_name = "socle imilo"

    def ready(self):
        from imilo.registres import (
            NAVIGATION,
            PAGES_DE_NAVIGATION,
            EntreeNavigation,
            Rattachement,
        )

        NAVIGATION.enregistrer(EntreeNavigation("Accueil", "accueil", None, ordre=0))
        PAGES_DE_NAVIGATION.enregistrer(Rattachement("accueil", "Accueil"))
