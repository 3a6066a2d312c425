"""Saving a search under a name."""

from django import forms

from imilo.formulaires import FormulaireDsfr


class RequeteForm(FormulaireDsfr, forms.Form):
    nom = forms.CharField(
        label="Nom de la requête",
        max_length=120,
        help_text="Par exemple « PACEA sortis en mars, QPV ».",
    )
    partagee = forms.BooleanField(
        label="Partager avec l'équipe de la mission locale",
        required=False,
        help_text="Tout le monde pourra l'utiliser ; seul vous pourrez la supprimer.",
    )
    # The search (criteria and text) and the export's columns, carried from the list.
    parametres = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)

    def clean_nom(self):
        return " ".join(self.cleaned_data["nom"].split())
