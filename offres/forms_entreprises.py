"""Forms of the companies and partners, and of their job offers: parse and validate only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from imilo.formulaires import ChampDate, FormulaireDsfr, garder_valeurs_actuelles
from offres.enums import EtatOffreEmploi, PeriodeSalaire
from offres.models_entreprises import compacter
from offres.referents import referents_possibles
from referentiels.forms import ChampRome, CommuneField, champ_element


class ChampSiret(forms.CharField):
    """A SIRET typed with or without spaces; the key is checked (Luhn)."""

    longueur, module, nom = 14, stdnum_siret, "SIRET"

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        numero = compacter(super().clean(value) or "")
        if numero and not (
            len(numero) == self.longueur and numero.isdigit() and self.module.is_valid(numero)
        ):
            raise ValidationError(
                f"Ce {self.nom} n'est pas valide : {self.longueur} chiffres, le dernier étant "
                "une clé de contrôle. Vérifiez la saisie.",
                code="invalide",
            )
        return numero


class ChampSiren(ChampSiret):
    longueur, module, nom = 9, stdnum_siren, "SIREN"


class AdresseForm(forms.Form):
    """The establishment's address: typed with the company, typed again when it moves."""

    voie = forms.CharField(label="Numéro et voie", max_length=200, required=False)
    code_postal = forms.RegexField(
        label="Code postal",
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": "Le code postal comporte 5 chiffres."},
    )
    commune = CommuneField(label="Commune", required=False)


class EntrepriseForm(FormulaireDsfr, AdresseForm):
    # The fields in the page's order; the edit page's initial values too.
    champs = [
        "raison_sociale",
        "enseigne",
        "siret",
        "siren",
        "type",
        "voie",
        "code_postal",
        "commune",
        "telephone",
        "email",
        "referent",
    ]
    raison_sociale = forms.CharField(label="Raison sociale", max_length=200)
    enseigne = forms.CharField(label="Enseigne", max_length=200, required=False)
    siret = ChampSiret(label="SIRET", required=False)
    siren = ChampSiren(
        label="SIREN", required=False, help_text="Déduit du SIRET quand il est connu."
    )
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        error_messages={"invalid": "Saisissez une adresse électronique valide."},
    )

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"] = champ_element(
            "type_partenaire", structure, label="Type de partenaire"
        )
        self.fields["referent"] = forms.ModelChoiceField(
            label="Conseiller référent", queryset=referents_possibles(structure)
        )
        self.order_fields(self.champs)
        garder_valeurs_actuelles(self)

    def clean(self):
        donnees = super().clean()
        siret, siren = donnees.get("siret"), donnees.get("siren")
        if siret and siren and not siret.startswith(siren):
            self.add_error("siret", f"Ce SIRET n'est pas un établissement du SIREN {siren}.")
        return donnees


class CreationEntrepriseForm(EntrepriseForm):
    # Set when the counsellor saw the companies with the same SIREN or name and still
    # creates this one (another establishment, a homonym).
    confirmer = forms.CharField(required=False, widget=forms.HiddenInput)


class RegistreForm(FormulaireDsfr, forms.Form):
    numero = forms.CharField(
        label="SIRET ou SIREN",
        max_length=20,
        help_text="Le registre national (SIRENE) remplit la fiche ; le SIRET seul suffit.",
    )


class DemenagementForm(FormulaireDsfr, AdresseForm):
    field_order = ["siret"]

    siret = ChampSiret(label="Nouveau SIRET", help_text="Même SIREN : seul l'établissement change.")


class ContactForm(FormulaireDsfr, forms.Form):
    prenom = forms.CharField(label="Prénom", max_length=100, required=False)
    nom = forms.CharField(label="Nom", max_length=100)
    fonction = forms.CharField(label="Fonction", max_length=100, required=False)
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        error_messages={"invalid": "Saisissez une adresse électronique valide."},
    )


MESSAGE_SALAIRE = (
    "Le salaire est un nombre, par exemple 1850 ou 11,88 : pas de texte comme « SMIC » ou "
    "« 1500 brut » (précisez la période dans la liste)."
)


class ChampSalaire(forms.DecimalField):
    """Seed 002: a salary typed as text blocked the import of every file positioned on the
    offer. A number only, typed with a comma or a point."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": MESSAGE_SALAIRE,
                "min_value": "Le salaire est un montant positif.",
                "max_digits": "Ce montant est trop grand pour un salaire.",
                "max_whole_digits": "Ce montant est trop grand pour un salaire.",
                "max_decimal_places": "Deux chiffres après la virgule au plus.",
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            # « 1 850,50 » as people type it (spaces, non-breaking ones too).
            value = "".join(value.split()).replace("\u202f", "")
        return super().to_python(value)


class OffreEmploiForm(FormulaireDsfr, forms.Form):
    champs = [
        "intitule",
        "metier",
        "type_contrat",
        "duree_mois",
        "heures_hebdo",
        "salaire",
        "periode_salaire",
        "commune",
        "publiee_le",
        "debut_contrat",
        "date_limite",
        "nombre_postes",
        "etat",
        "contact",
        "description",
    ]
    intitule = forms.CharField(label="Intitulé du poste", max_length=200)
    metier = ChampRome(label="Métier (code ROME)")
    duree_mois = forms.IntegerField(
        label="Durée du contrat (mois)",
        min_value=1,
        max_value=60,
        required=False,
        help_text="Pour un CDD, un contrat saisonnier, d'intérim ou en alternance.",
    )
    heures_hebdo = forms.DecimalField(
        label="Heures par semaine",
        min_value=1,
        max_value=60,
        decimal_places=1,
        localize=True,
        required=False,
    )
    salaire = ChampSalaire(label="Salaire brut (€)", required=False)
    periode_salaire = forms.ChoiceField(
        label="Période du salaire",
        choices=[("", "—"), *PeriodeSalaire.choices],
        required=False,
    )
    commune = CommuneField(label="Lieu de travail", required=False)
    publiee_le = ChampDate(label="Publiée le", initial=timezone.localdate)
    debut_contrat = ChampDate(label="Début du contrat", required=False)
    date_limite = ChampDate(label="Date limite de candidature", required=False)
    nombre_postes = forms.IntegerField(label="Nombre de postes", min_value=1, initial=1)
    etat = forms.ChoiceField(
        label="État", choices=EtatOffreEmploi.choices, initial=EtatOffreEmploi.OUVERTE
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, structure, entreprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_contrat"] = champ_element(
            "type_contrat", structure, label="Type de contrat", required=True
        )
        self.fields["contact"] = forms.ModelChoiceField(
            label="Contact", queryset=entreprise.contacts.all(), required=False, empty_label="—"
        )
        self.order_fields(self.champs)
        garder_valeurs_actuelles(self)

    def clean(self):
        donnees = super().clean()
        if donnees.get("salaire") is not None and not donnees.get("periode_salaire"):
            self.add_error("periode_salaire", "Indiquez la période du salaire.")
        if (
            donnees.get("periode_salaire")
            and donnees.get("salaire") is None
            and "salaire" not in self.errors
        ):
            self.add_error("salaire", "Indiquez le montant, ou retirez la période.")
        return donnees


class FiltresOffresEmploiForm(FormulaireDsfr, forms.Form):
    etat = forms.ChoiceField(
        label="État",
        choices=[("", "tous"), *EtatOffreEmploi.choices],
        required=False,
        initial=EtatOffreEmploi.OUVERTE,
    )
    metier = ChampRome(label="Métier (code ROME)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A filter: the code is typed, no list of every métier on the page.
        self.fields["metier"].widget.attrs.pop("list", None)

    def filtrer(self, offres):
        donnees = self.cleaned_data
        if donnees["etat"]:
            offres = offres.filter(etat=donnees["etat"])
        if donnees["metier"]:
            offres = offres.filter(metier=donnees["metier"])
        return offres
