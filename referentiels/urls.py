from django.urls import path

from referentiels import views

app_name = "referentiels"

urlpatterns = [
    path("communes/", views.communes, name="communes"),
    path("tables/", views.tables_reference, name="tables_reference"),
    # The table's code goes in the query string (?table=…): a table is national, the path
    # only names objects of the ML (tests/test_isolation.py).
    path("tables/elements/", views.table_reference, name="table_reference"),
    path(
        "elements/<int:element_id>/activer/",
        views.element_reference_activer,
        name="element_reference_activer",
    ),
    path(
        "elements/<int:element_id>/desactiver/",
        views.element_reference_desactiver,
        name="element_reference_desactiver",
    ),
    path(
        "elements/<int:element_id>/supprimer/",
        views.element_reference_supprimer,
        name="element_reference_supprimer",
    ),
    path("transferts/", views.transferts_reference, name="transferts_reference"),
    path(
        "transferts/planifier/",
        views.transfert_reference_planifier,
        name="transfert_reference_planifier",
    ),
    path(
        "transferts/<int:transfert_id>/annuler/",
        views.transfert_reference_annuler,
        name="transfert_reference_annuler",
    ),
]
