from django.urls import include, path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("ouvrir/", views.ouvrir, name="ouvrir"),
    path("agenda/", views.agenda, name="agenda"),
    path("rendez-vous/", views.rendez_vous_liste, name="rendez_vous_liste"),
    path("situations/", views.situations_liste, name="situations_liste"),
    path("ma-liste/", views.ma_liste_page, name="ma_liste"),
    path("ma-liste/ajouter/", views.ma_liste_ajouter, name="ma_liste_ajouter"),
    path("ma-liste/retirer/", views.ma_liste_retirer, name="ma_liste_retirer"),
    path("ma-liste/action/", views.ma_liste_action, name="ma_liste_action"),
    path("ma-liste/export.csv", views.ma_liste_export, {"format": "csv"}, name="ma_liste_csv"),
    path("ma-liste/export.xlsx", views.ma_liste_export, {"format": "xlsx"}, name="ma_liste_xlsx"),
    path("<int:jeune_id>/", views.fiche, name="fiche"),
    path("<int:jeune_id>/identite/", views.identite, name="identite"),
    path("<int:jeune_id>/coordonnees/", views.coordonnees, name="coordonnees"),
    path("<int:jeune_id>/normaliser-adresse/", views.normaliser_adresse, name="normaliser_adresse"),
    path("<int:jeune_id>/complements/", views.complements, name="complements"),
    path("<int:jeune_id>/ressources/ajouter/", views.ressource_ajouter, name="ressource_ajouter"),
    path(
        "<int:jeune_id>/ressources/<int:ressource_id>/clore/",
        views.ressource_clore,
        name="ressource_clore",
    ),
    path("<int:jeune_id>/mobilite/", views.mobilite, name="mobilite"),
    path("<int:jeune_id>/permis/noter/", views.permis_noter, name="permis_noter"),
    path(
        "<int:jeune_id>/permis/<int:permis_id>/retirer/",
        views.permis_retirer,
        name="permis_retirer",
    ),
    path("<int:jeune_id>/rendez-vous/", views.rendez_vous_prendre, name="rendez_vous_prendre"),
    path(
        "<int:jeune_id>/rendez-vous/<int:rendez_vous_id>/statut/",
        views.rendez_vous_statut,
        name="rendez_vous_statut",
    ),
    path("<int:jeune_id>/evenements/nouveau/", views.evenement_noter, name="evenement_noter"),
    path(
        "<int:jeune_id>/propositions/ajouter/",
        views.proposition_ajouter,
        name="proposition_ajouter",
    ),
    path(
        "<int:jeune_id>/propositions/<int:proposition_id>/terminer/",
        views.proposition_terminer,
        name="proposition_terminer",
    ),
    path("<int:jeune_id>/situations/ajouter/", views.situation_ajouter, name="situation_ajouter"),
    path(
        "<int:jeune_id>/situations/<int:situation_id>/",
        views.situation_modifier,
        name="situation_modifier",
    ),
    path(
        "<int:jeune_id>/situations/<int:situation_id>/supprimer/",
        views.situation_supprimer,
        name="situation_supprimer",
    ),
    path("<int:jeune_id>/cursus/ajouter/", views.cursus_ajouter, name="cursus_ajouter"),
    path(
        "<int:jeune_id>/cursus/<int:cursus_id>/retirer/",
        views.cursus_retirer,
        name="cursus_retirer",
    ),
    path("<int:jeune_id>/justifier/", views.justifier, name="justifier"),
    path("<int:jeune_id>/certifier-nir/", views.certifier_nir, name="certifier_nir"),
    path(
        "<int:jeune_id>/confirmer-situation/",
        views.confirmer_situation,
        name="confirmer_situation",
    ),
    path("<int:jeune_id>/historique/", views.historique, name="historique"),
    path("", include("dossiers.urls_messages")),
    path("", include("dossiers.urls_documents")),
]
