"""Follow-up: appointments (and the filters of their list), events, demands."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from admin_ml.forms import champ_lieu
from admin_ml.models import LieuAccueil, Utilisateur
from dossiers.enums import NatureProposition, StatutRendezVous, ThemeProposition, TypeEvenement
from dossiers.pilotage import restreindre_aux_jeunes
from imilo.dates import debut_du_jour
from imilo.formulaires import ChampDate, ChampDateHeure, FormulaireDsfr
from referentiels.forms import champ_element


class RendezVousForm(FormulaireDsfr, forms.Form):
    debut = ChampDateHeure(label="Date et heure")
    duree = forms.IntegerField(label="Durée (minutes)", min_value=5, max_value=480, initial=30)
    objet = forms.CharField(label="Objet", max_length=200)
    lieu_autre = forms.CharField(
        label="Autre lieu",
        max_length=200,
        required=False,
        help_text="Si le rendez-vous n'a pas lieu dans un lieu d'accueil.",
    )
    # Set when the counsellor saw the overlapping appointments and keeps this one.
    confirmer = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conseiller"] = forms.ModelChoiceField(
            label="Conseiller",
            queryset=Utilisateur.objects.de_la_structure(structure).actifs(),
            empty_label=None,
        )
        self.fields["lieu"] = champ_lieu(structure)
        self.order_fields(["debut", "duree", "conseiller", "lieu", "lieu_autre", "objet"])


class EvenementForm(FormulaireDsfr, forms.Form):
    type = forms.ChoiceField(label="Type", choices=TypeEvenement.choices)
    date = ChampDateHeure(label="Date et heure", initial=timezone.now)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contexte"] = champ_element("contexte", structure, label="Contexte")
        self.order_fields(["type", "date", "contexte", "notes"])


class PropositionForm(FormulaireDsfr, forms.Form):
    nature = forms.ChoiceField(label="Nature", choices=NatureProposition.choices)
    theme = forms.ChoiceField(label="Thème", choices=ThemeProposition.choices)
    libelle = forms.CharField(label="Libellé", max_length=200)
    date = ChampDate(
        label="Date",
        initial=timezone.localdate,
        help_text="Le jour où la demande a été exprimée.",
    )


class FiltresDeLaPeriodeForm(FormulaireDsfr, forms.Form):
    """Filters of a list of rows by period, and by the young people of a search (`jeunes`:
    its query string, hidden: how a figure of the Pilotage page passes its perimeter)."""

    du = ChampDate(label="Du", required=False)
    au = ChampDate(label="Au (inclus)", required=False)
    jeunes = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["au"] < donnees["du"]:
            self.add_error("au", "La fin de la période précède son début.")
        return donnees

    def filtrer_dates(self, qs, champ: str):
        """The rows whose `champ` (a date and time) falls in the period, bounds included."""
        donnees = self.cleaned_data
        if donnees["du"]:
            qs = qs.filter(**{f"{champ}__gte": debut_du_jour(donnees["du"])})
        if donnees["au"]:
            qs = qs.filter(**{f"{champ}__lt": debut_du_jour(donnees["au"] + timedelta(days=1))})
        return qs

    def filtrer_periode(self, qs, champ: str, chemin: str = "jeune"):
        """The period, and the young people of `jeunes` (`chemin`: from the row to its
        young person)."""
        qs = self.filtrer_dates(qs, champ)
        return restreindre_aux_jeunes(qs, self.structure, self.cleaned_data["jeunes"], chemin)


class FiltresRendezVousForm(FiltresDeLaPeriodeForm):
    statut = forms.ChoiceField(
        label="Statut", choices=[("", "tous"), *StatutRendezVous.choices], required=False
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, structure=structure, **kwargs)
        self.order_fields(["statut", "du", "au"])
        self.fields["conseiller"] = forms.ModelChoiceField(
            label="Conseiller",
            queryset=Utilisateur.objects.de_la_structure(structure),
            required=False,
            empty_label="tous",
        )
        self.fields["lieu"] = forms.ModelChoiceField(
            label="Lieu d'accueil",
            queryset=LieuAccueil.objects.de_la_structure(structure),
            required=False,
            empty_label="tous",
        )

    def filtrer(self, qs):
        donnees = self.cleaned_data
        if donnees["statut"]:
            qs = qs.filter(statut=donnees["statut"])
        qs = self.filtrer_periode(qs, "debut")
        if donnees["conseiller"]:
            qs = qs.filter(conseiller=donnees["conseiller"])
        if donnees["lieu"]:
            qs = qs.filter(lieu=donnees["lieu"])
        return qs


class FiltresEvenementsForm(FiltresDeLaPeriodeForm):
    type = forms.ChoiceField(
        label="Type", choices=[("", "tous"), *TypeEvenement.choices], required=False
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, structure=structure, **kwargs)
        self.fields["auteur"] = forms.ModelChoiceField(
            label="Noté par",
            queryset=Utilisateur.objects.de_la_structure(structure),
            required=False,
            empty_label="tous",
        )
        self.order_fields(["type", "du", "au", "auteur"])

    def filtrer(self, qs):
        donnees = self.cleaned_data
        if donnees["type"]:
            qs = qs.filter(type=donnees["type"])
        if donnees["auteur"]:
            qs = qs.filter(auteur=donnees["auteur"])
        return self.filtrer_periode(qs, "date")
