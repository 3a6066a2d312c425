from django.urls import path

from admin_ml import views, views_facturation, views_profils, views_utilisateurs

app_name = "admin_ml"

urlpatterns = [
    path("structure/", views.structure, name="structure"),
    path("lieux/<int:lieu_id>/", views.lieu, name="lieu"),
    path("utilisateurs/", views_utilisateurs.utilisateurs, name="utilisateurs"),
    path("utilisateurs/creer/", views_utilisateurs.utilisateur_creer, name="utilisateur_creer"),
    path(
        "utilisateurs/recuperer/",
        views_utilisateurs.utilisateur_recuperer,
        name="utilisateur_recuperer",
    ),
    path(
        "utilisateurs/<int:utilisateur_id>/",
        views_utilisateurs.utilisateur,
        name="utilisateur",
    ),
    path(
        "utilisateurs/<int:utilisateur_id>/nom/",
        views_utilisateurs.utilisateur_nom,
        name="utilisateur_nom",
    ),
    path(
        "utilisateurs/<int:utilisateur_id>/desactiver/",
        views_utilisateurs.utilisateur_desactiver,
        name="utilisateur_desactiver",
    ),
    path(
        "utilisateurs/<int:utilisateur_id>/reactiver/",
        views_utilisateurs.utilisateur_reactiver,
        name="utilisateur_reactiver",
    ),
    path(
        "utilisateurs/<int:utilisateur_id>/desabonner/",
        views_utilisateurs.utilisateur_desabonner,
        name="utilisateur_desabonner",
    ),
    path("transferts-groupes/", views_utilisateurs.transferts, name="transferts"),
    path("profils/", views_profils.profils, name="profils"),
    path("profils/creer/", views_profils.profil_creer, name="profil_creer"),
    path("profils/<int:profil_id>/", views_profils.profil, name="profil"),
    path("facturation/", views_facturation.facturation_page, name="facturation"),
    path("facturation/csv/", views_facturation.facturation_telecharger_csv, name="facturation_csv"),
    path("facturation/pdf/", views_facturation.facturation_telecharger_pdf, name="facturation_pdf"),
]
