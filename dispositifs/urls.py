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
        views.formulaire_du_dispositif,
        {"formulaire": "prolongation_form"},
        name="dispositif_prolonger",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/sortir/",
        views.formulaire_du_dispositif,
        {"formulaire": "sortie_form"},
        name="dispositif_sortir",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/supprimer/",
        views.dispositif_supprimer,
        name="dispositif_supprimer",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/phases/ajouter/",
        views.formulaire_du_dispositif,
        {"formulaire": "phase_form"},
        name="phase_ajouter",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/phases/<int:phase_id>/bilan/",
        views.bilan_de_phase,
        name="bilan_de_phase",
    ),
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/allocations/demander/",
        views.formulaire_du_dispositif,
        {"formulaire": "allocation_form"},
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
