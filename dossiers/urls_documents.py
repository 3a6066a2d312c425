"""Documents of a youth file. Included by dossiers/urls.py: the names are `dossiers:<name>`."""

from django.urls import path

from dossiers import views_documents as vues

urlpatterns = [
    path("<int:jeune_id>/documents/", vues.documents, name="documents"),
    path(
        "<int:jeune_id>/documents/<int:document_id>/",
        vues.document_telecharger,
        name="document",
    ),
    path(
        "<int:jeune_id>/documents/<int:document_id>/supprimer/",
        vues.document_supprimer,
        name="document_supprimer",
    ),
]
