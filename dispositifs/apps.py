from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "dispositifs d'accompagnement"

    def ready(self):
        from admin_ml.registres import BLOCAGES
        from dispositifs.blocages import CRITERE_INTERVENANT, dispositifs_ouverts
        from dispositifs.indicateurs import (
            CRITERE_DANS_LE_DISPOSITIF,
            INDICATEURS_DES_DISPOSITIFS,
            PERIMETRE_DISPOSITIF,
        )
        from dispositifs.suivi import (
            CRITERES_DES_DISPOSITIFS,
            alertes_des_dispositifs,
            deces,
            faits_des_dispositifs,
        )
        from dispositifs.views import section_de_la_fiche
        from dossiers.registres import (
            CRITERES,
            EMPECHEMENTS,
            FRISE,
            INDICATEURS,
            PERIMETRES,
            SECTIONS_DE_LA_FICHE,
            Section,
        )
        from imilo.droits import Droit
        from imilo.registres import (
            NAVIGATION,
            PAGES_DE_NAVIGATION,
            WIDGETS,
            EntreeNavigation,
            Rattachement,
        )

        FRISE.enregistrer(faits_des_dispositifs)
        for critere in [*CRITERES_DES_DISPOSITIFS, CRITERE_INTERVENANT, CRITERE_DANS_LE_DISPOSITIF]:
            CRITERES.enregistrer(critere)
        # The Pilotage: its perimeter « un dispositif » (the page's choice of the ML's types;
        # the search reads the value the page writes), its rubriques « Dispositifs » and
        # « Situations » (the situations at exit need the dispositifs).
        PERIMETRES.enregistrer(PERIMETRE_DISPOSITIF)
        for indicateur in INDICATEURS_DES_DISPOSITIFS:
            INDICATEURS.enregistrer(indicateur)
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
