from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "dossiers jeunes"

    def ready(self):
        from dossiers.criteres import CRITERES_DU_DOSSIER, enregistrer_critere
        from dossiers.frise import enregistrer_fournisseur, faits_du_dossier

        enregistrer_fournisseur(faits_du_dossier)
        for critere in CRITERES_DU_DOSSIER:
            enregistrer_critere(critere)
