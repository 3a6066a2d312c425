from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "dossiers jeunes"

    def ready(self):
        from admin_ml.blocages import enregistrer_blocage
        from admin_ml.transferts import enregistrer_genre
        from dossiers.accueil import (
            absences_a_relancer,
            alertes_de_saisie,
            rendez_vous_du_jour,
        )
        from dossiers.blocages import GENRES_DE_TRANSFERT, dossiers_suivis
        from dossiers.criteres import CRITERES_DU_DOSSIER, enregistrer_critere
        from dossiers.frise import enregistrer_fournisseur, faits_du_dossier
        from imilo.accueil import enregistrer_widget

        enregistrer_fournisseur(faits_du_dossier)
        for critere in CRITERES_DU_DOSSIER:
            enregistrer_critere(critere)
        enregistrer_widget(rendez_vous_du_jour)
        enregistrer_widget(absences_a_relancer)
        enregistrer_widget(alertes_de_saisie)
        enregistrer_blocage(dossiers_suivis)
        for genre in GENRES_DE_TRANSFERT:
            enregistrer_genre(genre)
