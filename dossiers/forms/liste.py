"""The group actions of « Ma liste »."""

from django import forms

from admin_ml.forms import champ_lieu, champ_referent
from imilo.formulaires import FormulaireDsfr


class ActionGroupeeForm(FormulaireDsfr, forms.Form):
    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"] = champ_referent(structure, "Nouveau conseiller référent")
        self.fields["lieu"] = champ_lieu(structure, "Nouveau lieu de rattachement")
