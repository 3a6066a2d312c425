from django.apps import AppConfig


class ImiloConfig(AppConfig):
    name = "imilo"
    verbose_name = "socle imilo"

    def ready(self):
        from imilo.registres import NAVIGATION, EntreeNavigation

        NAVIGATION.enregistrer(
            EntreeNavigation("Accueil", "accueil", None, ordre=0, pages=frozenset({"accueil"}))
        )
