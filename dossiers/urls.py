from django.urls import path

from dossiers.enums import CanalMessage
from dossiers.views import (
    complements,
    coordonnees,
    documents,
    fiche,
    identite,
    liste,
    messages,
    ouverture,
    pilotage,
    requetes,
    situations,
    suivi,
)

app_name = "dossiers"

urlpatterns = [
    path("", liste.liste, name="liste"),
    path("ouvrir/", ouverture.ouvrir, name="ouvrir"),
    path("agenda/", suivi.agenda, name="agenda"),
    path("rendez-vous/", suivi.rendez_vous_liste, name="rendez_vous_liste"),
    path("evenements/", suivi.evenements_liste, name="evenements_liste"),
    path("pilotage/", pilotage.pilotage, name="pilotage"),
    path("situations/", situations.situations_liste, name="situations_liste"),
    path("ma-liste/", liste.ma_liste_page, name="ma_liste"),
    path("ma-liste/ajouter/", liste.ma_liste_ajouter, name="ma_liste_ajouter"),
    path("ma-liste/retirer/", liste.ma_liste_retirer, name="ma_liste_retirer"),
    path("ma-liste/action/", liste.ma_liste_action, name="ma_liste_action"),
    path("export.csv", liste.liste_export, {"format": "csv"}, name="liste_csv"),
    path("export.xlsx", liste.liste_export, {"format": "xlsx"}, name="liste_xlsx"),
    path("liste.pdf", liste.liste_export, {"format": "pdf"}, name="liste_pdf"),
    path("requetes/", requetes.requetes, name="requetes"),
    path(
        "requetes/<int:requete_id>/supprimer/",
        requetes.requete_supprimer,
        name="requete_supprimer",
    ),
    path("ma-liste/export.csv", liste.ma_liste_export, {"format": "csv"}, name="ma_liste_csv"),
    path("ma-liste/export.xlsx", liste.ma_liste_export, {"format": "xlsx"}, name="ma_liste_xlsx"),
    path("ma-liste/liste.pdf", liste.ma_liste_export, {"format": "pdf"}, name="ma_liste_pdf"),
    path("<int:jeune_id>/", fiche.fiche, name="fiche"),
    path("<int:jeune_id>/identite/", identite.identite, name="identite"),
    path("<int:jeune_id>/coordonnees/", coordonnees.coordonnees, name="coordonnees"),
    path(
        "<int:jeune_id>/normaliser-adresse/",
        coordonnees.normaliser_adresse,
        name="normaliser_adresse",
    ),
    path("<int:jeune_id>/complements/", complements.complements, name="complements"),
    path(
        "<int:jeune_id>/ressources/ajouter/",
        complements.ressource_ajouter,
        name="ressource_ajouter",
    ),
    path(
        "<int:jeune_id>/ressources/<int:ressource_id>/clore/",
        complements.ressource_clore,
        name="ressource_clore",
    ),
    path("<int:jeune_id>/mobilite/", complements.mobilite, name="mobilite"),
    path("<int:jeune_id>/permis/noter/", complements.permis_noter, name="permis_noter"),
    path(
        "<int:jeune_id>/permis/<int:permis_id>/retirer/",
        complements.permis_retirer,
        name="permis_retirer",
    ),
    path("<int:jeune_id>/rendez-vous/", suivi.rendez_vous_prendre, name="rendez_vous_prendre"),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/statut/",
        suivi.rendez_vous_statut,
        name="rendez_vous_statut",
    ),
    path("<int:jeune_id>/evenements/nouveau/", suivi.evenement_noter, name="evenement_noter"),
    path(
        "<int:jeune_id>/propositions/ajouter/",
        suivi.proposition_ajouter,
        name="proposition_ajouter",
    ),
    path(
        "<int:jeune_id>/propositions/<int:proposition_id>/terminer/",
        suivi.proposition_terminer,
        name="proposition_terminer",
    ),
    path(
        "<int:jeune_id>/situations/ajouter/", situations.situation_ajouter, name="situation_ajouter"
    ),
    path(
        "<int:jeune_id>/situations/<int:situation_id>/",
        situations.situation_modifier,
        name="situation_modifier",
    ),
    path(
        "<int:jeune_id>/situations/<int:situation_id>/supprimer/",
        situations.situation_supprimer,
        name="situation_supprimer",
    ),
    path("<int:jeune_id>/cursus/ajouter/", situations.cursus_ajouter, name="cursus_ajouter"),
    path(
        "<int:jeune_id>/cursus/<int:cursus_id>/retirer/",
        situations.cursus_retirer,
        name="cursus_retirer",
    ),
    path("<int:jeune_id>/justifier/", identite.justifier, name="justifier"),
    path("<int:jeune_id>/certifier-nir/", identite.certifier_nir, name="certifier_nir"),
    path(
        "<int:jeune_id>/confirmer-situation/",
        identite.confirmer_situation,
        name="confirmer_situation",
    ),
    path("<int:jeune_id>/historique/", fiche.historique, name="historique"),
    # Messages to the young person (letters, SMS, email) and the ML's templates.
    path("<int:jeune_id>/messages/", messages.messages_du_jeune, name="messages"),
    path("<int:jeune_id>/messages/ecrire/", messages.message_ecrire, name="message_ecrire"),
    path("<int:jeune_id>/messages/<int:message_id>/", messages.message_detail, name="message"),
    path(
        "<int:jeune_id>/messages/<int:message_id>/copie.pdf",
        messages.message_copie_pdf,
        name="message_copie_pdf",
    ),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/convocation.pdf",
        messages.convocation_pdf,
        name="convocation_pdf",
    ),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/rappel-sms/",
        messages.rappel,
        {"canal": CanalMessage.SMS},
        name="rappel_sms",
    ),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/rappel-courriel/",
        messages.rappel,
        {"canal": CanalMessage.COURRIEL},
        name="rappel_courriel",
    ),
    path("modeles-de-message/", messages.modeles_courrier, name="modeles_courrier"),
    path(
        "modeles-de-message/nouveau/", messages.modele_courrier_creer, name="modele_courrier_creer"
    ),
    path("modeles-de-message/<int:modele_id>/", messages.modele_courrier, name="modele_courrier"),
    # Documents of the file.
    path("<int:jeune_id>/documents/", documents.documents, name="documents"),
    path(
        "<int:jeune_id>/documents/<int:document_id>/",
        documents.document_telecharger,
        name="document",
    ),
    path(
        "<int:jeune_id>/documents/<int:document_id>/supprimer/",
        documents.document_supprimer,
        name="document_supprimer",
    ),
]
