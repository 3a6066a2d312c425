from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "dispositifs d'accompagnement"

    def ready(self):
        from dispositifs.suivi import (
            CRITERES_DES_DISPOSITIFS,
            alertes_des_dispositifs,
            faits_des_dispositifs,
        )
        from dispositifs.views import section_de_la_fiche
        from dossiers.criteres import enregistrer_critere
        from dossiers.fiche import Section, enregistrer_section
        from dossiers.frise import enregistrer_fournisseur
        from imilo.accueil import enregistrer_widget

        enregistrer_fournisseur(faits_des_dispositifs)
        for critere in CRITERES_DES_DISPOSITIFS:
            enregistrer_critere(critere)
        enregistrer_section(Section("dispositifs/_fiche.html", section_de_la_fiche, ordre=10))
        enregistrer_widget(alertes_des_dispositifs)
