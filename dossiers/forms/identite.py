"""Opening a file and its identity."""

from django import forms
from django.utils import timezone

from admin_ml.models import LieuAccueil, Utilisateur
from dossiers.enums import Nationalite, Sexe
from imilo.formulaires import ChampDate, FormulaireDsfr, garder_valeurs_actuelles
from referentiels.forms import CommuneField, champ_element, champ_pays

# The identity form's fields, in the order of the charte de saisie.
CHAMPS_IDENTITE = [
    "prenom",
    "nom_usage",
    "nom_naissance",
    "date_naissance",
    "sexe",
    "ne_etranger",
    "commune_naissance",
    "pays_naissance",
    "nationalite",
    "situation_familiale",
    "situation_familiale_confirmee_le",
    "enfants_a_charge",
    "moyen_garde",
    "recense",
    "jdc",
    "nir",
    "pas_de_nir",
]


class _FormulaireJeune(FormulaireDsfr, forms.Form):
    """Fields shared by the opening form and the identity form."""

    prenom = forms.CharField(
        label="Prénom", max_length=100, help_text="Comme sur la pièce d'identité, tirets compris."
    )
    nom_usage = forms.CharField(label="Nom d'usage", max_length=100)
    nom_naissance = forms.CharField(
        label="Nom de naissance", max_length=100, required=False, help_text="S'il diffère."
    )
    date_naissance = ChampDate(label="Date de naissance")
    sexe = forms.ChoiceField(label="Sexe", choices=[("", "—"), *Sexe.choices])
    ne_etranger = forms.BooleanField(label="Né(e) à l'étranger", required=False)
    commune_naissance = CommuneField(label="Commune de naissance (né·e en France)", required=False)
    pays_naissance = champ_pays(label="Pays de naissance (né·e à l'étranger)", required=False)

    def __init__(self, *args, structure, **kwargs):
        self.structure = structure
        super().__init__(*args, **kwargs)


class OuvertureForm(_FormulaireJeune):
    """Premier accueil: the few fields needed to open the file."""

    conseiller_referent = forms.ModelChoiceField(
        label="Conseiller référent",
        queryset=Utilisateur.objects.none(),
        required=False,
        empty_label="—",
    )
    lieu_rattachement = forms.ModelChoiceField(
        label="Lieu de rattachement",
        queryset=LieuAccueil.objects.none(),
        required=False,
        empty_label="—",
    )
    # Set when the counsellor has seen the possible duplicates and still opens a new file.
    confirmer_nouveau = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, structure=structure, **kwargs)
        self.fields["conseiller_referent"].queryset = Utilisateur.objects.de_la_structure(
            structure
        ).referents_possibles()
        self.fields["lieu_rattachement"].queryset = LieuAccueil.objects.de_la_structure(
            structure
        ).actifs()


class IdentiteForm(_FormulaireJeune):
    nationalite = forms.ChoiceField(
        label="Nationalité", choices=[("", "—"), *Nationalite.choices], required=False
    )
    situation_familiale_confirmee_le = ChampDate(
        label="Situation familiale toujours vraie le", required=False
    )
    enfants_a_charge = forms.IntegerField(
        label="Enfants à charge",
        min_value=0,
        max_value=20,
        initial=0,
        help_text="À charge financièrement, même s'ils ne vivent pas au domicile.",
    )
    recense = forms.BooleanField(label="Recensé(e)", required=False)
    jdc = forms.BooleanField(label="JDC effectuée", required=False)
    nir = forms.CharField(
        label="NIR",
        max_length=21,
        required=False,
        help_text="15 caractères, espaces acceptés ; 2A ou 2B pour la Corse.",
    )
    pas_de_nir = forms.BooleanField(label="Pas de NIR", required=False)
    # Only needed when a justified field changes.
    piece = forms.ModelChoiceField(
        label="Pièce présentée pour cette modification",
        queryset=None,
        required=False,
        empty_label="—",
        help_text="Obligatoire si vous modifiez un élément d'une identité déjà justifiée.",
    )

    def __init__(self, *args, structure, voit_nir=True, **kwargs):
        super().__init__(*args, structure=structure, **kwargs)
        if not voit_nir:
            # Without the right to see the NIR, the form neither shows nor changes it.
            del self.fields["nir"]
        self.fields["situation_familiale"] = champ_element(
            "situation_familiale", structure, label="Situation familiale"
        )
        self.fields["moyen_garde"] = champ_element(
            "moyen_garde", structure, label="Moyen de garde des enfants"
        )
        self.fields["piece"].queryset = champ_element("piece_identite", structure).queryset
        self.order_fields([*CHAMPS_IDENTITE, "piece"])
        garder_valeurs_actuelles(self)


class JustificationForm(FormulaireDsfr, forms.Form):
    piece = forms.ModelChoiceField(label="Pièce présentée", queryset=None, empty_label="—")
    date = ChampDate(label="Vue le", initial=timezone.localdate)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["piece"].queryset = champ_element("piece_identite", structure).queryset
