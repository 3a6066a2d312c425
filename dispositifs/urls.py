from django.urls import include, path

from dispositifs import views

app_name = "dispositifs"

urlpatterns = [
    path("dispositifs/allocations/", views.allocations_a_valider, name="allocations"),
    path("dispositifs/durees/", views.durees, name="durees"),
    path(
        "<int:jeune_id>/dispositifs/entrer/",
        views.dispositif_entrer,
        name="dispositif_entrer",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/",
        views.dispositif,
        name="dispositif",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/prolonger/",
        views.dispositif_prolonger,
        name="dispositif_prolonger",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/sortir/",
        views.dispositif_sortir,
        name="dispositif_sortir",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/supprimer/",
        views.dispositif_supprimer,
        name="dispositif_supprimer",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/phases/ajouter/",
        views.phase_ajouter,
        name="phase_ajouter",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/phases/<int:phase_id>/bilan/",
        views.bilan_de_phase,
        name="bilan_de_phase",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/allocations/demander/",
        views.allocation_demander,
        name="allocation_demander",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/allocations/<int:allocation_id>/<str:action>/",
        views.allocation_action,
        name="allocation_action",
    ),
    path(
        "<int:jeune_id>/actions/<int:action_id>/annuler/",
        views.action_annuler,
        name="action_annuler",
    ),
    path("", include("dispositifs.urls_cerfa")),
]
