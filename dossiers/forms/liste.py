"""The group actions of « Ma liste »."""

from django import forms

from admin_ml.models import LieuAccueil, Utilisateur
from imilo.formulaires import FormulaireDsfr


class ActionGroupeeForm(FormulaireDsfr, forms.Form):
    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"] = forms.ModelChoiceField(
            label="Nouveau conseiller référent",
            queryset=Utilisateur.objects.de_la_structure(structure).referents_possibles(),
            required=False,
            empty_label="—",
        )
        self.fields["lieu"] = forms.ModelChoiceField(
            label="Nouveau lieu de rattachement",
            queryset=LieuAccueil.objects.de_la_structure(structure).actifs(),
            required=False,
            empty_label="—",
        )
