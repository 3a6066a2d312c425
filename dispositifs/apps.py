from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "dispositifs d'accompagnement"

    def ready(self):
        from admin_ml.blocages import enregistrer_blocage
        from dispositifs.blocages import CRITERE_INTERVENANT, dispositifs_ouverts
        from dispositifs.suivi import (
            CRITERES_DES_DISPOSITIFS,
            alertes_des_dispositifs,
            deces,
            faits_des_dispositifs,
        )
        from dispositifs.views import section_de_la_fiche
        from dossiers.criteres import enregistrer_critere
        from dossiers.fiche import Section, enregistrer_section
        from dossiers.frise import enregistrer_fournisseur
        from dossiers.messagerie import enregistrer_empechement
        from imilo.accueil import enregistrer_widget

        enregistrer_fournisseur(faits_des_dispositifs)
        for critere in CRITERES_DES_DISPOSITIFS:
            enregistrer_critere(critere)
        enregistrer_section(Section("dispositifs/_fiche.html", section_de_la_fiche, ordre=10))
        enregistrer_widget(alertes_des_dispositifs)
        enregistrer_empechement(deces)
        enregistrer_blocage(dispositifs_ouverts)
        enregistrer_critere(CRITERE_INTERVENANT)
