"""CERFA and the weekly list of PACEA exits. Included by dispositifs/urls.py: the names
are `dispositifs:<name>`."""

from django.urls import path

from dispositifs import views_cerfa as vues

urlpatterns = [
    path(
        "<int:jeune_id>/dispositifs/<int:dispositif_id>/cerfa/",
        vues.cerfa,
        name="cerfa",
    ),
    path("dispositifs/sorties-pacea/", vues.sorties_pacea, name="sorties_pacea"),
    path("dispositifs/sorties-pacea.pdf", vues.sorties_pacea_pdf, name="sorties_pacea_pdf"),
]
