"""The documents of a youth file: files the counsellor deposits (PDF, JPEG, PNG) and PDFs
the application generates (CERFA of the PACEA and of the CEJ).

Imported at the end of dossiers/models.py, so these are models of the `dossiers` app.
The rules of depositing, deleting and generating are in dossiers/documents.py. Files live
in Django's default storage (MEDIA_ROOT) and are never served as such: the download view
checks the Mission Locale and the rights first.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dossiers.enums import TypeDocument
from imilo.droits import Droit
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet

EXTENSIONS = {TypeDocument.PDF: "pdf", TypeDocument.JPEG: "jpg", TypeDocument.PNG: "png"}


def taille_lisible(octets: int) -> str:
    """« 2,5 Mo », « 340 Ko », « 12 octets »."""
    for unite, valeur in (("Mo", 1024 * 1024), ("Ko", 1024)):
        if octets >= valeur:
            texte = f"{octets / valeur:.1f}".removesuffix(".0").replace(".", ",")
            return f"{texte} {unite}"
    return f"{octets} octet{'s' if octets > 1 else ''}"


def chemin_du_document(document: "Document", nom_depose: str) -> str:
    """documents/<ML>/<jeune>/<uuid>.<ext>: the name the user gave never reaches the disk,
    and the extension follows the type read from the content."""
    return (
        f"documents/{document.jeune.structure_id}/{document.jeune_id}/"
        f"{uuid.uuid4().hex}.{EXTENSIONS[document.type_mime]}"
    )


class DocumentQuerySet(StructureQuerySet):
    def generes(self):
        return self.filter(genere=True)

    def de_la_cle(self, cle: str):
        """The versions of one generated document, newest first."""
        return self.filter(cle=cle).order_by("-version")


class Document(models.Model):
    """A file of the youth file. A generated one (`genere`) is read-only and identified by
    its key (`cle`, e.g. « cerfa-pacea-12 ») and version; the same input (`empreinte`)
    never gives two versions."""

    chemin_structure = "jeune__structure"

    # PROTECT: a file on disk goes away only through document_supprimer.
    jeune = models.ForeignKey(
        "dossiers.Jeune", on_delete=models.PROTECT, related_name="documents", verbose_name="jeune"
    )
    nom = models.CharField("nom du document", max_length=200)
    fichier = models.FileField("fichier", upload_to=chemin_du_document, max_length=255)
    type_mime = models.CharField("type", max_length=30, choices=TypeDocument.choices)
    taille = models.PositiveIntegerField("taille (octets)")
    genere = models.BooleanField("généré par l'application", default=False)
    cle = models.CharField("clé de génération", max_length=100, blank=True)
    version = models.PositiveSmallIntegerField("version", default=1)
    numero = models.CharField("n° de CERFA", max_length=20, blank=True)
    # sha256 of what the document was generated from (canonical JSON).
    empreinte = models.CharField("empreinte des données", max_length=64, blank=True)
    # A document printing the NIR is downloaded only with the right to see the NIR.
    contient_nir = models.BooleanField("contient le NIR", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposé ou demandé par",
    )
    created_at = models.DateTimeField("ajouté le", default=timezone.now)

    objects = DocumentQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cle", "version"],
                condition=~Q(cle=""),
                name="document_version_unique",
                violation_error_message="Cette version du document existe déjà.",
            ),
            models.UniqueConstraint(
                fields=["cle", "empreinte"],
                condition=~Q(cle=""),
                name="document_empreinte_unique",
                violation_error_message="Ce document a déjà été généré avec ces données.",
            ),
            models.CheckConstraint(
                condition=(Q(genere=True) & ~Q(cle="") & ~Q(empreinte=""))
                | Q(genere=False, cle="", empreinte=""),
                name="document_genere_avec_cle",
                violation_error_message=(
                    "Un document généré a sa clé et son empreinte ; un document déposé n'en a pas."
                ),
            ),
            models.CheckConstraint(
                condition=Q(type_mime__in=TypeDocument.values),
                name="document_type_accepte",
                violation_error_message="Formats acceptés : PDF, JPEG, PNG.",
            ),
            models.CheckConstraint(
                condition=Q(taille__gt=0),
                name="document_non_vide",
                violation_error_message="Le fichier est vide.",
            ),
        ]
        indexes = [models.Index(fields=["jeune", "-created_at"], name="document_jeune_cree_idx")]

    def __str__(self):
        return f"{self.nom} (v{self.version})" if self.genere else self.nom

    @property
    def taille_affichee(self) -> str:
        return taille_lisible(self.taille)

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.type_mime, "bin")

    @property
    def raison_non_supprimable(self) -> str:
        """Why the document cannot be deleted ("" when it can)."""
        if self.genere:
            return (
                "Document généré par l'application : il ne se modifie pas et ne se supprime "
                "pas (une nouvelle génération en fait une nouvelle version)."
            )
        return ""

    def raison_non_telechargeable(self, utilisateur) -> str:
        """Why this user may not download the document ("" when they may)."""
        if self.contient_nir and not utilisateur.a_le_droit(Droit.DOSSIERS_VOIR_NIR):
            return (
                "Ce document contient le NIR : son téléchargement est réservé aux personnes "
                "habilitées à voir le NIR."
            )
        return ""
