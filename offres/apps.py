from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "offres de service et entreprises"

    def ready(self):
        from admin_ml.blocages import enregistrer_blocage
        from admin_ml.transferts import enregistrer_genre
        from dossiers.criteres import enregistrer_critere
        from dossiers.fiche import Section, enregistrer_section
        from dossiers.frise import enregistrer_fournisseur
        from dossiers.services import enregistrer_proprietaire_de_proposition
        from imilo.accueil import enregistrer_widget
        from offres.blocages import GENRES_DE_TRANSFERT, offres_suivies, partenaires_suivis
        from offres.suivi import (
            CRITERES_DES_OFFRES,
            faits_des_offres,
            inscription_de_la_proposition,
            section_de_la_fiche,
            sessions_de_la_semaine,
        )

        enregistrer_fournisseur(faits_des_offres)
        for critere in CRITERES_DES_OFFRES:
            enregistrer_critere(critere)
        enregistrer_section(Section("offres/_fiche.html", section_de_la_fiche, ordre=20))
        enregistrer_widget(sessions_de_la_semaine)
        enregistrer_proprietaire_de_proposition(inscription_de_la_proposition)
        enregistrer_blocage(offres_suivies)
        enregistrer_blocage(partenaires_suivis)
        for genre in GENRES_DE_TRANSFERT:
            enregistrer_genre(genre)
