"""Situations (and the filters of their list), the cursus."""

from django import forms

from admin_ml.models import Utilisateur
from dossiers.enums import (
    CATEGORIES_AVEC_CONTRAT,
    CATEGORIES_AVEC_ORGANISME,
    CATEGORIES_DIPLOMANTES,
    CategorieSituation,
    EtatSituation,
    NiveauFormation,
    ResultatFormation,
)
from dossiers.models.situations import OBJECTIFS_COMPTES_ENSEMBLE
from imilo.formulaires import ChampDate, FormulaireDsfr, garder_valeurs_actuelles
from referentiels.forms import ChampRome, champ_element

# The fields of the situation form, in order; each category shows the ones it has.
CHAMPS_SITUATION = [
    "intitule",
    "organisme",
    "debut",
    "fin_prevue",
    "fin_reelle",
    "type_contrat",
    "heures_hebdo",
    "metier",
    "objectif",
    "validation",
    "niveau",
    "nsf",
    "formacode",
    "resultat",
    "motif_interruption",
]


class SituationForm(FormulaireDsfr, forms.Form):
    intitule = forms.CharField(label="Intitulé", max_length=200, required=False)
    organisme = forms.CharField(label="Employeur ou organisme", max_length=200, required=False)
    debut = ChampDate(label="Début")
    fin_prevue = ChampDate(label="Fin prévue", required=False)
    fin_reelle = ChampDate(
        label="Fin réelle", required=False, help_text="À noter quand la situation s'arrête."
    )
    heures_hebdo = forms.DecimalField(
        label="Heures par semaine", min_value=1, max_value=60, decimal_places=1, required=False
    )
    metier = ChampRome(label="Métier (code ROME)", required=False)
    niveau = forms.ChoiceField(
        label="Niveau",
        choices=[("", "—"), *NiveauFormation.choices],
        required=False,
        help_text="Déduit de la validation préparée quand elle a un niveau.",
    )
    formacode = forms.CharField(label="Formacode", max_length=5, required=False)
    resultat = forms.ChoiceField(
        label="Résultat",
        choices=[("", "—"), *ResultatFormation.choices],
        required=False,
        help_text="« Obtenu » ajoute le diplôme au cursus.",
    )

    def __init__(self, *args, structure, categorie, **kwargs):
        super().__init__(*args, **kwargs)
        self.categorie = categorie
        for champ, table, libelle in [
            ("type_contrat", "type_contrat", "Type de contrat"),
            ("objectif", "objectif_formation", "Objectif général de formation"),
            ("validation", "validation_formation", "Validation préparée"),
            ("nsf", "nsf", "Spécialité (NSF)"),
            ("motif_interruption", "motif_interruption", "Motif d'interruption"),
        ]:
            self.fields[champ] = champ_element(table, structure, label=libelle)
        self.fields[
            "motif_interruption"
        ].help_text = "Seulement pour une sortie avant la fin prévue."
        formation = categorie == CategorieSituation.FORMATION
        if formation:
            self.fields["organisme"].label = "Organisme de formation"
            self.fields["organisme"].required = True
            self.fields["fin_prevue"].required = True
            self.fields["fin_prevue"].help_text = "Jamais vide : estimez-la."
            self.fields["metier"].label = "Métier préparé (code ROME)"
        gardes = set(CHAMPS_SITUATION)
        if categorie not in CATEGORIES_AVEC_CONTRAT:
            gardes -= {"type_contrat", "heures_hebdo"}
        if categorie not in CATEGORIES_DIPLOMANTES:
            gardes -= {"objectif", "validation", "niveau", "nsf", "formacode", "resultat"}
        if categorie not in CATEGORIES_AVEC_ORGANISME:
            gardes -= {"organisme", "metier"}
        if categorie not in (*CATEGORIES_DIPLOMANTES, CategorieSituation.SCOLARITE):
            gardes.discard("motif_interruption")
        for nom in set(self.fields) - gardes:
            del self.fields[nom]
        self.order_fields(CHAMPS_SITUATION)
        garder_valeurs_actuelles(self)


class CursusForm(FormulaireDsfr, forms.Form):
    intitule = forms.CharField(label="Diplôme ou certification", max_length=200)
    obtenu_le = ChampDate(label="Obtenu le")
    niveau = forms.ChoiceField(
        label="Niveau", choices=[("", "—"), *NiveauFormation.choices], required=False
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["validation"] = champ_element(
            "validation_formation", structure, label="Validation"
        )
        self.order_fields(["intitule", "validation", "niveau", "obtenu_le"])


class FiltresSituationsForm(FormulaireDsfr, forms.Form):
    categorie = forms.ChoiceField(
        label="Catégorie", choices=[("", "toutes"), *CategorieSituation.choices], required=False
    )
    etat = forms.ChoiceField(
        label="État", choices=[("", "tous"), *EtatSituation.choices], required=False
    )
    sans_objectif = forms.BooleanField(label="Formations sans objectif", required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectif"] = champ_element(
            "objectif_formation",
            structure,
            label="Objectif de formation",
            help_text="« Professionnalisation » compte aussi le perfectionnement.",
        )
        self.fields["conseiller"] = forms.ModelChoiceField(
            label="Conseiller référent du jeune",
            queryset=Utilisateur.objects.de_la_structure(structure).conseillers_referents(),
            required=False,
            empty_label="tous",
        )
        self.order_fields(["categorie", "etat", "objectif", "sans_objectif", "conseiller"])

    def filtrer(self, qs):
        donnees = self.cleaned_data
        if donnees["categorie"]:
            qs = qs.filter(categorie=donnees["categorie"])
        if donnees["etat"]:
            qs = qs.dans_l_etat(donnees["etat"])
        if donnees["objectif"]:
            codes = OBJECTIFS_COMPTES_ENSEMBLE.get(
                donnees["objectif"].code, (donnees["objectif"].code,)
            )
            qs = qs.filter(objectif__code__in=codes)
        if donnees["sans_objectif"]:
            qs = qs.filter(categorie=CategorieSituation.FORMATION, objectif__isnull=True)
        if donnees["conseiller"]:
            qs = qs.filter(jeune__conseiller_referent=donnees["conseiller"])
        return qs
