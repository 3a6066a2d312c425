from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "dossiers jeunes"

    def ready(self):
        from admin_ml.registres import BLOCAGES, GENRES_DE_TRANSFERT
        from dossiers.accueil import absences_a_relancer, alertes_de_saisie, rendez_vous_du_jour
        from dossiers.blocages import GENRES_DE_TRANSFERT_DES_DOSSIERS, dossiers_suivis
        from dossiers.criteres import CRITERES_DU_DOSSIER
        from dossiers.exports import COLONNES_DU_DOSSIER
        from dossiers.frise import faits_des_messages, faits_du_dossier
        from dossiers.indicateurs import (
            CRITERE_ACCOMPAGNE,
            INDICATEURS_DU_DOSSIER,
            contact_par_evenement,
            contact_par_rendez_vous,
        )
        from dossiers.pilotage import CRITERE_INDICATEUR
        from dossiers.registres import COLONNES, CONTACTS, CRITERES, FRISE, INDICATEURS
        from imilo.droits import Droit
        from imilo.registres import (
            NAVIGATION,
            PAGES_DE_NAVIGATION,
            WIDGETS,
            EntreeNavigation,
            Rattachement,
        )

        FRISE.enregistrer(faits_du_dossier)
        FRISE.enregistrer(faits_des_messages)
        for critere in [*CRITERES_DU_DOSSIER, CRITERE_ACCOMPAGNE, CRITERE_INDICATEUR]:
            CRITERES.enregistrer(critere)
        for indicateur in INDICATEURS_DU_DOSSIER:
            INDICATEURS.enregistrer(indicateur)
        for colonne in COLONNES_DU_DOSSIER:
            COLONNES.enregistrer(colonne)
        CONTACTS.enregistrer(contact_par_evenement)
        CONTACTS.enregistrer(contact_par_rendez_vous)
        WIDGETS.enregistrer(rendez_vous_du_jour)
        WIDGETS.enregistrer(absences_a_relancer)
        WIDGETS.enregistrer(alertes_de_saisie)
        BLOCAGES.enregistrer(dossiers_suivis)
        for genre in GENRES_DE_TRANSFERT_DES_DOSSIERS:
            GENRES_DE_TRANSFERT.enregistrer(genre)
        NAVIGATION.enregistrer(
            EntreeNavigation("Jeunes", "dossiers:liste", Droit.DOSSIERS_VOIR, ordre=10)
        )
        NAVIGATION.enregistrer(
            EntreeNavigation("Agenda", "dossiers:agenda", Droit.DOSSIERS_VOIR, ordre=20)
        )
        # The direction's dashboards; a counsellor sees their own portfolio there.
        NAVIGATION.enregistrer(
            EntreeNavigation("Pilotage", "dossiers:pilotage", Droit.DOSSIERS_VOIR, ordre=45)
        )
        # Every page of the youth file belongs to « Jeunes »; the agenda and the list of
        # appointments to « Agenda »; the ML's letter templates to its set-up.
        for pages, entree in [
            ("dossiers", "Jeunes"),
            ("dossiers:agenda", "Agenda"),
            ("dossiers:rendez_vous_liste", "Agenda"),
            ("dossiers:evenements_liste", "Agenda"),
            ("dossiers:pilotage", "Pilotage"),
            ("dossiers:modeles_courrier", "Ma structure"),
            ("dossiers:modele_courrier", "Ma structure"),
            ("dossiers:modele_courrier_creer", "Ma structure"),
        ]:
            PAGES_DE_NAVIGATION.enregistrer(Rattachement(pages, entree))
