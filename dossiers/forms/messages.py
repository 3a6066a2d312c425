from django import forms
from django.utils import timezone

from dossiers.enums import CanalMessage, StatutMessage, StatutRendezVous
from dossiers.fusion import CHAMPS_FUSION
from dossiers.models import ModeleCourrier, RendezVous
from imilo.formulaires import FormulaireDsfr


class FiltresMessagesForm(FormulaireDsfr, forms.Form):
    canal = forms.ChoiceField(
        label="Canal", choices=[("", "tous"), *CanalMessage.choices], required=False
    )
    statut = forms.ChoiceField(
        label="Statut", choices=[("", "tous"), *StatutMessage.choices], required=False
    )


class _ChoixRendezVous(forms.ModelChoiceField):
    def label_from_instance(self, rdv):
        return f"{timezone.localtime(rdv.debut):%d/%m/%Y %H:%M} — {rdv.objet}"


class MessageForm(FormulaireDsfr, forms.Form):
    """A letter, SMS or email to one young person, typed or taken from a template."""

    canal = forms.ChoiceField(
        label="Canal",
        choices=CanalMessage.choices,
        help_text="Un courrier se télécharge en PDF, à imprimer et poster.",
    )
    objet = forms.CharField(
        label="Objet",
        max_length=200,
        required=False,
        help_text="Obligatoire pour un courriel ; ligne « Objet » d'un courrier.",
    )
    contenu = forms.CharField(
        label="Texte",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Sans texte, celui du modèle choisi est envoyé.",
    )

    modele = forms.ModelChoiceField(
        label="Modèle",
        queryset=ModeleCourrier.objects.none(),
        required=False,
        empty_label="—",
        help_text="« Reprendre le modèle » remplit le texte, que vous pouvez modifier.",
    )
    rendez_vous = _ChoixRendezVous(
        label="Rendez-vous concerné",
        queryset=RendezVous.objects.none(),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, jeune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modele"].queryset = ModeleCourrier.objects.de_la_structure(
            jeune.structure_id
        ).actifs()
        self.fields["rendez_vous"].queryset = RendezVous.objects.filter(
            jeune=jeune, statut=StatutRendezVous.PREVU, debut__gt=timezone.now()
        ).order_by("debut")
        self.order_fields(["canal", "modele", "rendez_vous", "objet", "contenu"])


class ModeleCourrierForm(FormulaireDsfr, forms.ModelForm):
    class Meta:
        model = ModeleCourrier
        fields = ["nom", "canal", "objet", "corps", "actif"]
        widgets = {"corps": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "corps": "Champs remplacés à l'envoi : "
            + " ; ".join(f"{{{nom}}} {libelle}" for nom, libelle in CHAMPS_FUSION.items())
            + "."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The channel is chosen at creation: messages already made from it keep theirs.
            self.fields["canal"].disabled = True
