from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "dispositifs d'accompagnement"

    def ready(self):
        from admin_ml.registres import BLOCAGES
        from dispositifs.blocages import CRITERE_INTERVENANT, dispositifs_ouverts
        from dispositifs.suivi import (
            CRITERES_DES_DISPOSITIFS,
            alertes_des_dispositifs,
            deces,
            faits_des_dispositifs,
        )
        from dispositifs.views import section_de_la_fiche
        from dossiers.registres import CRITERES, EMPECHEMENTS, FRISE, SECTIONS_DE_LA_FICHE, Section
        from imilo.droits import Droit
        from imilo.registres import (
            NAVIGATION,
            PAGES_DE_NAVIGATION,
            WIDGETS,
            EntreeNavigation,
            Rattachement,
        )

        FRISE.enregistrer(faits_des_dispositifs)
        for critere in [*CRITERES_DES_DISPOSITIFS, CRITERE_INTERVENANT]:
            CRITERES.enregistrer(critere)
        SECTIONS_DE_LA_FICHE.enregistrer(
            Section("dispositifs/_fiche.html", section_de_la_fiche, ordre=10)
        )
        WIDGETS.enregistrer(alertes_des_dispositifs)
        EMPECHEMENTS.enregistrer(deces)
        BLOCAGES.enregistrer(dispositifs_ouverts)
        NAVIGATION.enregistrer(
            EntreeNavigation(
                "Allocations", "dispositifs:allocations", Droit.DISPOSITIFS_GERER, ordre=40
            )
        )
        # A dispositif's pages are pages of the youth file; the queues are « Allocations »;
        # the default lengths belong to the ML's set-up.
        for pages, entree in [
            ("dispositifs", "Jeunes"),
            ("dispositifs:allocations", "Allocations"),
            ("dispositifs:sorties_pacea", "Allocations"),
            ("dispositifs:sorties_pacea_pdf", "Allocations"),
            ("dispositifs:durees", "Ma structure"),
        ]:
            PAGES_DE_NAVIGATION.enregistrer(Rattachement(pages, entree))
