from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from admin_ml.models import Utilisateur
from dispositifs.enums import Decision, EtapeAllocation, EtatAllocation, EtatObjectif
from dispositifs.models import DATE_DE_L_ETAPE
from dispositifs.regles import CEP, PACEA, regles
from dossiers.forms.suivi import FiltresDeLaPeriodeForm
from imilo.formulaires import ChampDate, FormulaireDsfr
from referentiels.forms import champ_element


def champ_motif_sortie(structure, code_type: str, **kwargs):
    champ = champ_element("motif_sortie", structure, label="Motif de sortie", **kwargs)
    champ.queryset = champ.queryset.filter(code__in=regles(code_type).motifs)
    return champ


class EntreeForm(FormulaireDsfr, forms.Form):
    entree_le = ChampDate(label="Entrée le", initial=timezone.localdate)
    fin_prevue = ChampDate(
        label="Fin prévue",
        required=False,
        help_text="Vide : la durée par défaut du dispositif pour la mission locale.",
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"] = champ_element(
            "type_dispositif", structure, label="Dispositif", required=True
        )
        # The CEP opens by itself when an offer of a CEP level is mobilised.
        self.fields["type"].queryset = self.fields["type"].queryset.exclude(code=CEP)
        self.fields["prescripteur"] = forms.ModelChoiceField(
            label="Prescripteur",
            queryset=Utilisateur.objects.de_la_structure(structure).prescripteurs_possibles(),
        )
        self.fields["referent"] = forms.ModelChoiceField(
            label="Référent",
            queryset=Utilisateur.objects.de_la_structure(structure).referents_possibles(),
        )
        self.order_fields(["type", "entree_le", "prescripteur", "referent", "fin_prevue"])


class FormulaireDuDispositif(FormulaireDsfr, forms.Form):
    """A form of the dispositif page (all are built alike); its lists may depend on the ML
    and on the dispositif."""

    def __init__(self, *args, structure, dispositif, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.dispositif = dispositif


class ProlongationForm(FormulaireDuDispositif):
    fin_prevue = ChampDate(label="Nouvelle fin prévue")


class SortieForm(FormulaireDuDispositif):
    fin_reelle = ChampDate(label="Sortie le", initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motif_sortie"] = champ_motif_sortie(
            self.structure, self.dispositif.code, required=True
        )


def _lignes(texte: str) -> list[str]:
    return [ligne.strip() for ligne in texte.splitlines() if ligne.strip()]


class ChampObjectifs(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        return _lignes(super().clean(value) or "")


class PhaseForm(FormulaireDuDispositif):
    debut = ChampDate(label="Début", initial=timezone.localdate)
    fin_prevue = ChampDate(label="Fin prévue")
    objectifs = ChampObjectifs(
        label="Objectifs", required=False, help_text="Un objectif par ligne."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"] = champ_element(
            "type_phase", self.structure, label="Type de phase", required=True
        )
        self.order_fields(["type", "debut", "fin_prevue", "objectifs"])


class BilanForm(FormulaireDsfr, forms.Form):
    le = ChampDate(label="Date du bilan", initial=timezone.localdate)
    decision = forms.ChoiceField(
        label="Décision", choices=Decision.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label="Notes de l'entretien", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    fin_prevue = ChampDate(label="Fin prévue (phase prolongée ou nouvelle phase)", required=False)
    objectifs_suivante = ChampObjectifs(
        label="Objectifs de la nouvelle phase", required=False, help_text="Un par ligne."
    )

    def __init__(self, *args, structure, phase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectifs_atteints"] = forms.TypedMultipleChoiceField(
            label="Objectifs atteints",
            choices=[
                (o.pk, o.libelle) for o in phase.objectifs.all() if o.etat == EtatObjectif.EN_COURS
            ],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Les autres sont clos « non atteint » si la phase se termine.",
        )
        self.fields["type_suivante"] = champ_element(
            "type_phase", structure, label="Type de la nouvelle phase"
        )
        self.fields["motif_sortie"] = champ_motif_sortie(structure, PACEA)
        self.order_fields(
            [
                "le",
                "objectifs_atteints",
                "decision",
                "fin_prevue",
                "type_suivante",
                "objectifs_suivante",
                "motif_sortie",
                "notes",
            ]
        )


class ChampMois(forms.DateField):
    """A month typed as « 2026-11 » (the browser's month picker) or « 11/2026 »."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value.replace(day=1)
        for motif in ("%Y-%m", "%m/%Y"):
            try:
                return datetime.strptime(value.strip(), motif).date()
            except ValueError:
                continue
        raise ValidationError("Indiquez le mois sous la forme 2026-11.", code="invalid")


class AllocationForm(FormulaireDuDispositif):
    mois = ChampMois(label="Mois", initial=lambda: timezone.localdate().replace(day=1))
    montant = forms.DecimalField(
        label="Montant (€)", min_value=0.01, max_digits=7, decimal_places=2
    )


class RejetForm(FormulaireDsfr, forms.Form):
    motif = forms.CharField(label="Motif du rejet", max_length=300)


class DureesForm(FormulaireDsfr, forms.Form):
    """One length (in months) per type of dispositif available to the ML."""

    def __init__(self, *args, types, durees: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = list(types)
        for type_dispositif in self.types:
            regle = regles(type_dispositif.code)
            self.fields[f"type_{type_dispositif.pk}"] = forms.IntegerField(
                label=f"{type_dispositif} (mois)",
                min_value=1,
                max_value=regle.duree_max_mois or 36,
                initial=durees.get(type_dispositif.pk, regle.duree_mois),
                help_text=f"Par défaut : {regle.duree_mois} mois"
                + (f", au plus {regle.duree_max_mois}." if regle.duree_max_mois else "."),
            )

    def durees(self) -> dict:
        return {t: self.cleaned_data[f"type_{t.pk}"] for t in self.types}


class FiltresAllocationsForm(FiltresDeLaPeriodeForm):
    """The list of requests: by state now, by a step reached in a period (a figure of the
    Pilotage page: « validées en mars », whatever became of them since), by the young
    people of a search (`jeunes`, hidden)."""

    etat = forms.ChoiceField(
        label="État", choices=[("", "tous"), *EtatAllocation.choices], required=False
    )
    etape = forms.ChoiceField(
        label="Étape atteinte",
        choices=[("", "toutes"), *EtapeAllocation.choices],
        required=False,
        help_text="La période porte sur la date de cette étape (de la demande pour « toutes »).",
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, structure=structure, **kwargs)
        self.order_fields(["etat", "etape", "du", "au"])

    def filtrer(self, qs):
        donnees = self.cleaned_data
        if donnees["etat"]:
            qs = qs.filter(etat=donnees["etat"])
        etape = donnees["etape"] or EtapeAllocation.DEMANDEE
        if donnees["etape"]:
            qs = qs.passees_par(etape)
        return self.filtrer_periode(qs, DATE_DE_L_ETAPE[etape], chemin="dispositif__jeune")
