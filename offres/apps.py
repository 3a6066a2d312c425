from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "offres de service et entreprises"

    def ready(self):
        from admin_ml.registres import BLOCAGES, GENRES_DE_TRANSFERT
        from dossiers.registres import (
            CONTACTS,
            CRITERES,
            FRISE,
            INDICATEURS,
            PROPRIETAIRES_DE_PROPOSITION,
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
        from offres.blocages import (
            GENRES_DE_TRANSFERT_DES_OFFRES,
            offres_suivies,
            partenaires_suivis,
        )
        from offres.indicateurs import INDICATEURS_DES_OFFRES, contact_par_seance
        from offres.suivi import (
            CRITERES_DES_OFFRES,
            faits_des_offres,
            inscription_de_la_proposition,
            section_de_la_fiche,
            sessions_de_la_semaine,
        )

        FRISE.enregistrer(faits_des_offres)
        for critere in CRITERES_DES_OFFRES:
            CRITERES.enregistrer(critere)
        SECTIONS_DE_LA_FICHE.enregistrer(
            Section("offres/_fiche.html", section_de_la_fiche, ordre=20)
        )
        WIDGETS.enregistrer(sessions_de_la_semaine)
        # The Pilotage: a session attended is a contact; the sessions and their attendance.
        CONTACTS.enregistrer(contact_par_seance)
        for indicateur in INDICATEURS_DES_OFFRES:
            INDICATEURS.enregistrer(indicateur)
        PROPRIETAIRES_DE_PROPOSITION.enregistrer(inscription_de_la_proposition)
        BLOCAGES.enregistrer(offres_suivies)
        BLOCAGES.enregistrer(partenaires_suivis)
        for genre in GENRES_DE_TRANSFERT_DES_OFFRES:
            GENRES_DE_TRANSFERT.enregistrer(genre)
        NAVIGATION.enregistrer(
            EntreeNavigation("Offres", "offres:offres", Droit.DOSSIERS_VOIR, ordre=30)
        )
        PAGES_DE_NAVIGATION.enregistrer(Rattachement("offres", "Offres"))
