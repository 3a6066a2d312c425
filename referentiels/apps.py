from django.apps import AppConfig


class ReferentielsConfig(AppConfig):
    name = "referentiels"
    verbose_name = "référentiels"

    def ready(self):
        from imilo.droits import Droit
        from imilo.registres import (
            NAVIGATION,
            PAGES_DE_NAVIGATION,
            EntreeNavigation,
            Rattachement,
        )

        NAVIGATION.enregistrer(
            EntreeNavigation(
                "Tables de référence",
                "referentiels:tables_reference",
                Droit.REFERENTIELS_GERER,
                ordre=70,
            )
        )
        PAGES_DE_NAVIGATION.enregistrer(Rattachement("referentiels", "Tables de référence"))
