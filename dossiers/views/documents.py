"""Documents of a youth file: list and deposit, download, delete.

Files are never served from MEDIA_ROOT: the download goes through `document_telecharger`,
which fetches the document inside the user's Mission Locale (another ML: 404) and checks
the rights (a document printing the NIR needs `dossiers.voir_nir`: 403 otherwise).
"""

import logging
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from dossiers import documents as services
from dossiers.documents import EXTENSIONS_ACCEPTEES
from dossiers.forms.documents import DocumentForm
from dossiers.models import Document, Jeune
from imilo.droits import Droit, droit_requis, verifier_droit
from imilo.vues import agir, objet_de_la_ml, paginer, soumettre

logger = logging.getLogger(__name__)


def nom_de_telechargement(document: Document) -> str:
    """The document's name as a file name, with the extension of its real type."""
    nom = PurePath(document.nom)
    if nom.suffix.lower().lstrip(".") in EXTENSIONS_ACCEPTEES:
        nom = nom.with_suffix("")
    base = slugify(str(nom))
    version = f"-v{document.version}" if document.genere else ""
    return f"{base or 'document'}{version}.{document.extension}"


@droit_requis(Droit.DOSSIERS_VOIR)
def documents(request, jeune_id):
    """The file's documents, newest first, and the form to deposit one."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = DocumentForm()
    if request.method == "POST":
        verifier_droit(request.user, Droit.DOSSIERS_MODIFIER)
        formulaire = DocumentForm(request.POST, request.FILES)
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.document_deposer(jeune=jeune, par=request.user, **donnees),
            message="Le document est ajouté au dossier.",
            vers=request.path,
        )
        if reponse:
            return reponse
    page, _ = paginer(request, Document.objects.filter(jeune=jeune).select_related("created_by"))
    page.object_list = list(page.object_list)
    for document in page.object_list:
        document.raison_telechargement = document.raison_non_telechargeable(request.user)
    return render(
        request,
        "dossiers/documents.html",
        {
            "jeune": jeune,
            "page": page,
            "parametres": "",
            "form": formulaire,
            "peut_modifier": request.user.a_le_droit(Droit.DOSSIERS_MODIFIER),
            "voit_nir": request.user.a_le_droit(Droit.DOSSIERS_VOIR_NIR),
        },
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def document_telecharger(request, jeune_id, document_id):
    document = objet_de_la_ml(request, Document.objects.filter(jeune_id=jeune_id), pk=document_id)
    raison = document.raison_non_telechargeable(request.user)
    if raison:
        raise PermissionDenied(raison)
    try:
        fichier = document.fichier.open("rb")
    except FileNotFoundError as exc:
        logger.error("Document %s : fichier %s absent du stockage", document.pk, document.fichier)
        raise Http404("Le fichier de ce document est introuvable.") from exc
    return FileResponse(
        fichier,
        as_attachment=True,
        filename=nom_de_telechargement(document),
        content_type=document.type_mime,
    )


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def document_supprimer(request, jeune_id, document_id):
    document = objet_de_la_ml(request, Document.objects.filter(jeune_id=jeune_id), pk=document_id)
    return agir(
        request,
        lambda: services.document_supprimer(document=document, par=request.user),
        message=f"Le document « {document.nom} » est supprimé.",
        vers=reverse("dossiers:documents", kwargs={"jeune_id": jeune_id}),
    )
