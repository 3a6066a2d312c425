"""Documents of a youth file: deposit, delete, generate.

- A deposited file is checked by its **content**, not only by its name: its first bytes
  must be those of a PDF, a JPEG or a PNG, and match its extension; its size is at most
  `settings.DOCUMENTS_TAILLE_MAX`. It is stored under a random name (dossiers/models/documents.py).
- A generated document (CERFA…) is read-only. Generating is idempotent: the same key and
  the same input (`empreinte`) give back the document already made; a changed input makes
  the next version. Two runs at once wait for each other on the youth file's row.
- Deleting keeps the history row (who, when, which file) and removes the file from the
  storage once the transaction is committed.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from dossiers.enums import TypeDocument
from dossiers.models import Document, Jeune
from dossiers.models.documents import taille_lisible
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer, supprimer

# The first bytes of each accepted format (its "magic number").
SIGNATURES = (
    (b"%PDF-", TypeDocument.PDF),
    (b"\xff\xd8\xff", TypeDocument.JPEG),
    (b"\x89PNG\r\n\x1a\n", TypeDocument.PNG),
)
EXTENSIONS_ACCEPTEES = {
    "pdf": TypeDocument.PDF,
    "jpg": TypeDocument.JPEG,
    "jpeg": TypeDocument.JPEG,
    "png": TypeDocument.PNG,
}
FORMATS = "PDF, JPEG ou PNG (fichiers .pdf, .jpg, .jpeg ou .png)"


def type_du_contenu(debut: bytes) -> str | None:
    """The accepted type whose signature starts `debut`, or None."""
    return next(
        (type_mime for signature, type_mime in SIGNATURES if debut.startswith(signature)), None
    )


def verifier_fichier(fichier) -> str:
    """The type of a deposited file (read from its content); RegleMetierError otherwise,
    with the message for the « fichier » field."""
    taille = fichier.size or 0
    if not taille:
        raise RegleMetierError("Le fichier est vide.", champ="fichier")
    maximum = settings.DOCUMENTS_TAILLE_MAX
    if taille > maximum:
        raise RegleMetierError(
            f"Le fichier pèse {taille_lisible(taille)} : {taille_lisible(maximum)} au plus.",
            champ="fichier",
        )
    extension = PurePath(fichier.name or "").suffix.lower().lstrip(".")
    attendu = EXTENSIONS_ACCEPTEES.get(extension)
    if attendu is None:
        raise RegleMetierError(f"Formats acceptés : {FORMATS}.", champ="fichier")
    fichier.seek(0)
    debut = fichier.read(16)
    fichier.seek(0)
    if type_du_contenu(debut) != attendu:
        raise RegleMetierError(
            f"Le contenu de ce fichier n'est pas celui d'un fichier .{extension} : seuls les "
            f"documents {FORMATS} sont acceptés.",
            champ="fichier",
        )
    return attendu


def _deposer(document: Document, par, nom_fichier: str, contenu) -> Document:
    """Write the file, then the row (checked once, file name included); the file goes
    away again if the row is refused."""
    document.fichier.save(nom_fichier, contenu, save=False)
    try:
        enregistrer(document, par=par)
    except BaseException:
        document.fichier.storage.delete(document.fichier.name)
        raise
    return document


@transaction.atomic
def document_deposer(*, jeune: Jeune, par, fichier, nom: str = "") -> Document:
    """A file deposited by a counsellor; `nom` defaults to the file's name."""
    type_mime = verifier_fichier(fichier)
    nom = (nom or "").strip() or PurePath(fichier.name).name
    document = Document(
        jeune=jeune,
        nom=nom[:200],
        type_mime=type_mime,
        taille=fichier.size,
        created_by=par,
    )
    return _deposer(document, par, fichier.name, fichier)


@transaction.atomic
def document_supprimer(*, document: Document, par) -> None:
    """Deposited documents only; the history keeps who deleted what, and when."""
    document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    raison = document.raison_non_supprimable
    if raison:
        raise RegleMetierError(raison)
    stockage, nom_fichier = document.fichier.storage, document.fichier.name
    supprimer(document, par=par)
    transaction.on_commit(lambda: stockage.delete(nom_fichier))


@transaction.atomic
def document_generer(
    *,
    jeune: Jeune,
    par,
    cle: str,
    nom: str,
    numero: str,
    contenu_pdf: bytes,
    empreinte: str,
    contient_nir: bool,
) -> Document:
    """Store a generated PDF as the next version of `cle`, unless the same input was
    already stored: then that document is returned, nothing is written."""
    if not cle or not empreinte:
        raise ValueError("Un document généré a une clé et une empreinte.")
    if type_du_contenu(contenu_pdf[:16]) != TypeDocument.PDF:
        raise ValueError("Le contenu généré n'est pas un PDF.")
    # Two runs of one generation (a task delivered twice, two workers) queue up here; the
    # second one then finds the first one's document.
    jeune = Jeune.objects.select_for_update(of=("self",)).get(pk=jeune.pk)
    existant = Document.objects.filter(cle=cle, empreinte=empreinte).first()
    if existant is not None:
        return existant
    derniere = Document.objects.filter(cle=cle).aggregate(version=Max("version"))["version"]
    document = Document(
        jeune=jeune,
        nom=nom[:200],
        type_mime=TypeDocument.PDF,
        taille=len(contenu_pdf),
        genere=True,
        cle=cle,
        version=(derniere or 0) + 1,
        numero=numero,
        empreinte=empreinte,
        contient_nir=contient_nir,
        created_by=par,
    )
    return _deposer(document, par, f"{cle}.pdf", ContentFile(contenu_pdf))
