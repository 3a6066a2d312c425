from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from admin_ml.models import LieuAccueil, Utilisateur
from dossiers.enums import (
    CATEGORIES_AVEC_CONTRAT,
    CATEGORIES_AVEC_ORGANISME,
    CATEGORIES_DIPLOMANTES,
    CategorieSituation,
    EtapePermis,
    EtatSituation,
    Nationalite,
    NatureProposition,
    NiveauFormation,
    ResultatFormation,
    Rsa,
    Sexe,
    StatutRendezVous,
    ThemeProposition,
    TypeEvenement,
)
from dossiers.models.situations import OBJECTIFS_COMPTES_ENSEMBLE
from imilo.formulaires import FormulaireDsfr, garder_valeurs_actuelles
from referentiels.forms import CommuneField, champ_element, champ_pays
from referentiels.models import MetierRome

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


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
        ).filter(actif=True)


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


class CoordonneesForm(FormulaireDsfr, forms.Form):
    voie = forms.CharField(
        label="Numéro et voie",
        max_length=200,
        required=False,
        help_text="Lieu-dit sans voie : « - » ici et le lieu-dit en complément.",
    )
    complement = forms.CharField(label="Complément d'adresse", max_length=200, required=False)
    code_postal = forms.RegexField(
        label="Code postal",
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": "Le code postal comporte 5 chiffres."},
    )
    commune = CommuneField(label="Commune", required=False)
    npai = forms.BooleanField(label="NPAI (n'habite pas à l'adresse indiquée)", required=False)
    probleme_logement = forms.BooleanField(label="Problématique logement", required=False)
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        error_messages={"invalid": "Saisissez une adresse électronique valide."},
    )
    telephone_mobile = forms.CharField(label="Téléphone mobile", max_length=20, required=False)
    mobile_joignable = forms.BooleanField(label="Joignable sur le mobile", required=False)
    mobile_commentaire = forms.CharField(
        label="Commentaire (mobile)",
        max_length=200,
        required=False,
        help_text="À qui est ce numéro, quand appeler…",
    )
    telephone_fixe = forms.CharField(label="Téléphone fixe", max_length=20, required=False)
    fixe_joignable = forms.BooleanField(label="Joignable sur le fixe", required=False)
    fixe_commentaire = forms.CharField(label="Commentaire (fixe)", max_length=200, required=False)
    iban = forms.CharField(label="IBAN", max_length=42, required=False)
    bic = forms.CharField(label="BIC", max_length=11, required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hebergement"] = champ_element("hebergement", structure, label="Hébergement")
        self.order_fields(
            [
                "voie",
                "complement",
                "code_postal",
                "commune",
                "npai",
                "hebergement",
                "probleme_logement",
            ]
        )
        garder_valeurs_actuelles(self)

    def clean(self):
        donnees = super().clean()
        adresse = [donnees.get(c) for c in ("voie", "code_postal", "commune")]
        if any(adresse) and not all(adresse):
            for champ, valeur in zip(("voie", "code_postal", "commune"), adresse, strict=True):
                if not valeur and champ not in self.errors:
                    self.add_error(champ, "Complétez l'adresse : voie, code postal et commune.")
        return donnees


class ComplementsForm(FormulaireDsfr, forms.Form):
    rsa = forms.ChoiceField(label="RSA", choices=[("", "non"), *Rsa.choices], required=False)
    rqth = forms.BooleanField(label="RQTH", required=False)
    inscrit_france_travail = forms.BooleanField(label="Inscrit à France Travail", required=False)
    identifiant_france_travail = forms.CharField(
        label="Identifiant France Travail",
        max_length=13,
        required=False,
        help_text="Indispensable aux rapprochements de fichiers (cotraitance).",
    )
    codes_auxiliaires = forms.CharField(label="Codes auxiliaires", max_length=100, required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        for nom, table, libelle in (
            ("couverture_principale", "couverture_principale", "Couverture sociale principale"),
            ("couverture_complementaire", "couverture_complementaire", "Couverture complémentaire"),
            ("categorie_rqth", "categorie_rqth", "Catégorie RQTH"),
            ("origine_venue", "origine_venue", "Origine de la venue"),
            ("savoirs_base", "savoirs_base", "Savoirs de base"),
        ):
            self.fields[nom] = champ_element(table, structure, label=libelle)
        self.fields["conseiller_referent"] = forms.ModelChoiceField(
            label="Conseiller référent",
            queryset=Utilisateur.objects.de_la_structure(structure).referents_possibles(),
            required=False,
            empty_label="—",
        )
        self.fields["lieu_rattachement"] = forms.ModelChoiceField(
            label="Lieu de rattachement",
            queryset=LieuAccueil.objects.de_la_structure(structure).filter(actif=True),
            required=False,
            empty_label="—",
        )
        self.order_fields(
            [
                "conseiller_referent",
                "lieu_rattachement",
                "couverture_principale",
                "couverture_complementaire",
                "rsa",
                "rqth",
                "categorie_rqth",
                "inscrit_france_travail",
                "identifiant_france_travail",
                "origine_venue",
                "savoirs_base",
                "codes_auxiliaires",
            ]
        )
        garder_valeurs_actuelles(self)


class RessourceForm(FormulaireDsfr, forms.Form):
    montant = forms.DecimalField(
        label="Montant mensuel (€)",
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text="0 pour « Aucun » et pour « Autre » (quotidien assuré par l'entourage).",
    )
    debut = ChampDate(label="Depuis le", initial=timezone.localdate)
    fin = ChampDate(label="Jusqu'au", required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"] = champ_element(
            "type_ressource", structure, label="Type de ressource", required=True
        )
        self.order_fields(["type", "montant", "debut", "fin"])


class MobiliteForm(FormulaireDsfr, forms.Form):
    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobilite"] = champ_element(
            "mobilite",
            structure,
            label="Mobilité",
            help_text="Jusqu'où le jeune est prêt à se déplacer.",
        )
        moyens = champ_element("locomotion", structure).queryset
        self.fields["locomotions"] = forms.ModelMultipleChoiceField(
            label="Moyens de locomotion",
            queryset=moyens,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="À pied : « Aucun ». Vélo électrique ou trottinette : « Vélo ».",
        )
        self.fields["principal"] = forms.ModelChoiceField(
            label="Moyen principal", queryset=moyens, required=False, empty_label="—"
        )
        garder_valeurs_actuelles(self)


class PermisForm(FormulaireDsfr, forms.Form):
    etape = forms.ChoiceField(label="Étape", choices=EtapePermis.choices)
    date_obtention = ChampDate(
        label="Obtenu le",
        required=False,
        help_text="Date inconnue : laissez vide, le 1er janvier de l'année est noté.",
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permis"] = champ_element("permis", structure, label="Permis", required=True)
        self.order_fields(["permis", "etape", "date_obtention"])


class ChampDateHeure(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]


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
        self.fields["lieu"] = forms.ModelChoiceField(
            label="Lieu d'accueil",
            queryset=LieuAccueil.objects.de_la_structure(structure).filter(actif=True),
            required=False,
            empty_label="—",
        )
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


class ChampRome(forms.CharField):
    """A ROME code typed or picked from the list (« M1607 » or « M1607 Secrétariat »)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 210)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "metiers-rome", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, MetierRome):
            return str(value)
        if isinstance(value, str) and len(value) == 5:
            return str(MetierRome.objects.filter(code=value.upper()).first() or value)
        return value

    def clean(self, value):
        texte = super().clean(value)
        if not texte:
            return None
        code = texte.split()[0].upper()
        metier = MetierRome.objects.filter(code=code).first()
        if metier is None:
            raise ValidationError(
                "Code ROME inconnu : tapez un code comme M1607, ou Z00 sans métier visé.",
                code="rome_inconnu",
            )
        return metier


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


class FiltresRendezVousForm(FormulaireDsfr, forms.Form):
    statut = forms.ChoiceField(
        label="Statut", choices=[("", "tous"), *StatutRendezVous.choices], required=False
    )
    du = ChampDate(label="Du", required=False)
    au = ChampDate(label="Au (inclus)", required=False)

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
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

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["au"] < donnees["du"]:
            self.add_error("au", "La fin de la période précède son début.")
        return donnees

    def filtrer(self, qs):
        donnees = self.cleaned_data
        if donnees["statut"]:
            qs = qs.filter(statut=donnees["statut"])
        if donnees["du"]:
            qs = qs.filter(debut__gte=debut_du_jour(donnees["du"]))
        if donnees["au"]:
            qs = qs.filter(debut__lt=debut_du_jour(donnees["au"] + timedelta(days=1)))
        if donnees["conseiller"]:
            qs = qs.filter(conseiller=donnees["conseiller"])
        if donnees["lieu"]:
            qs = qs.filter(lieu=donnees["lieu"])
        return qs


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


def debut_du_jour(jour):
    return timezone.make_aware(datetime.combine(jour, time.min))


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
            queryset=LieuAccueil.objects.de_la_structure(structure).filter(actif=True),
            required=False,
            empty_label="—",
        )
