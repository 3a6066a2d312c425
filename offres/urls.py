from django.urls import path

from offres import views, views_entreprises, views_formations

app_name = "offres"

urlpatterns = [
    # Offres de service, sessions, enrolments.
    path("", views.offres, name="offres"),
    path("creer/", views.offre_creer, name="offre_creer"),
    path("transferer/", views.offres_transferer, name="offres_transferer"),
    path("<int:offre_id>/", views.offre, name="offre"),
    path("<int:offre_id>/modifier/", views.offre_modifier, name="offre_modifier"),
    path("<int:offre_id>/inscrire/", views.offre_inscrire, name="offre_inscrire"),
    path("<int:offre_id>/sessions/creer/", views.session_creer, name="session_creer"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/", views.session, name="session"),
    path("sessions/<int:session_id>/modifier/", views.session_modifier, name="session_modifier"),
    path("sessions/<int:session_id>/inscrire/", views.session_inscrire, name="session_inscrire"),
    path(
        "inscriptions/<int:inscription_id>/noter/",
        views.inscription_noter,
        name="inscription_noter",
    ),
    path("jeunes/<int:jeune_id>/inscrire/", views.jeune_inscrire, name="jeune_inscrire"),
    # Mises en relation.
    path("jeunes/<int:jeune_id>/mer/creer/", views_formations.mer_creer, name="mer_creer"),
    path("jeunes/<int:jeune_id>/mer/<int:mer_id>/", views_formations.mer, name="mer"),
    # Companies and partners, job offers.
    path("entreprises/", views_entreprises.entreprises, name="entreprises"),
    path("entreprises/creer/", views_entreprises.entreprise_creer, name="entreprise_creer"),
    path(
        "entreprises/transferer/",
        views_entreprises.entreprises_transferer,
        name="entreprises_transferer",
    ),
    path(
        "entreprises/<int:entreprise_id>/",
        views_entreprises.entreprise,
        name="entreprise",
    ),
    path(
        "entreprises/<int:entreprise_id>/modifier/",
        views_entreprises.entreprise_modifier,
        name="entreprise_modifier",
    ),
    path(
        "entreprises/<int:entreprise_id>/demenager/",
        views_entreprises.entreprise_demenager,
        name="entreprise_demenager",
    ),
    path(
        "entreprises/<int:entreprise_id>/rattacher/",
        views_entreprises.entreprise_rattacher,
        name="entreprise_rattacher",
    ),
    path(
        "entreprises/<int:entreprise_id>/contacts/ajouter/",
        views_entreprises.contact_ajouter,
        name="contact_ajouter",
    ),
    path(
        "entreprises/<int:entreprise_id>/contacts/<int:contact_id>/retirer/",
        views_entreprises.contact_retirer,
        name="contact_retirer",
    ),
    path(
        "entreprises/<int:entreprise_id>/emplois/creer/",
        views_entreprises.offre_emploi_creer,
        name="offre_emploi_creer",
    ),
    path("emplois/", views_entreprises.offres_emploi, name="offres_emploi"),
    path(
        "emplois/<int:offre_emploi_id>/",
        views_entreprises.offre_emploi,
        name="offre_emploi",
    ),
    path(
        "emplois/<int:offre_emploi_id>/modifier/",
        views_entreprises.offre_emploi_modifier,
        name="offre_emploi_modifier",
    ),
    # Training catalogue.
    path("formations/", views_formations.catalogue, name="catalogue"),
    path(
        "formations/creer/",
        views_formations.action_formation_creer,
        name="action_formation_creer",
    ),
    path(
        "formations/<int:action_formation_id>/",
        views_formations.action_formation,
        name="action_formation",
    ),
    path(
        "formations/<int:action_formation_id>/modifier/",
        views_formations.action_formation_modifier,
        name="action_formation_modifier",
    ),
]
