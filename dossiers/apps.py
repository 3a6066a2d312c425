from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "dossiers jeunes"

    def ready(self):
        from dossiers.frise import enregistrer_fournisseur, faits_du_dossier

        enregistrer_fournisseur(faits_du_dossier)
