"""Coordonnées, compléments (with resources) and mobility (with licences)."""

from django import forms
from django.utils import timezone

from admin_ml.forms import champ_lieu, champ_referent
from dossiers.enums import EtapePermis, Rsa
from imilo.formulaires import ChampDate, FormulaireDsfr, garder_valeurs_actuelles
from referentiels.forms import CommuneField, champ_element


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
    # The fields of the file this form edits, in their order on the page.
    champs = [
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
        self.fields["conseiller_referent"] = champ_referent(structure)
        self.fields["lieu_rattachement"] = champ_lieu(structure, "Lieu de rattachement")
        self.order_fields(self.champs)
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
