from django import forms
from django.conf import settings

from dossiers.documents import EXTENSIONS_ACCEPTEES
from dossiers.enums import TypeDocument
from dossiers.models.documents import taille_lisible
from imilo.formulaires import FormulaireDsfr


class DocumentForm(FormulaireDsfr, forms.Form):
    """A file deposited in the youth file; its content is checked by the service."""

    nom = forms.CharField(
        label="Nom du document",
        max_length=200,
        required=False,
        help_text="Par exemple « Attestation d'hébergement ». Sans nom, celui du fichier.",
    )
    fichier = forms.FileField(label="Fichier")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        champ = self.fields["fichier"]
        champ.help_text = (
            f"PDF, JPEG ou PNG, {taille_lisible(settings.DOCUMENTS_TAILLE_MAX)} au plus."
        )
        champ.widget.attrs.update(
            {
                "class": "fr-upload",
                "accept": ",".join(
                    [f".{extension}" for extension in EXTENSIONS_ACCEPTEES] + TypeDocument.values
                ),
            }
        )
