"""Companies and partners of the ML, their contacts and their job offers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from admin_ml.models import MissionLocale
from dossiers.models.situations import CONTRATS_A_TERME
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet, hors_de_la_structure
from imilo.texte import cle_de_recherche
from offres.enums import EtatOffreEmploi, PeriodeSalaire, TrancheEffectif
from offres.models_base import Saisie, champ_auteur
from referentiels.models import Commune, MetierRome, ReferenceField, elements_indisponibles


def valider_siret(valeur: str) -> None:
    if valeur and not stdnum_siret.is_valid(valeur):
        raise ValidationError(
            "Ce SIRET n'est pas valide : 14 chiffres, le dernier étant une clé de contrôle.",
            code="siret_invalide",
        )


def valider_siren(valeur: str) -> None:
    if valeur and not stdnum_siren.is_valid(valeur):
        raise ValidationError(
            "Ce SIREN n'est pas valide : 9 chiffres, le dernier étant une clé de contrôle.",
            code="siren_invalide",
        )


def compacter(numero: str) -> str:
    """A SIRET or SIREN as typed (« 123 456 789 00012 ») without its separators."""
    return "".join(numero.split()).replace(".", "").replace("-", "")


class EntrepriseQuerySet(StructureQuerySet):
    def rechercher(self, texte: str):
        """By SIRET or SIREN (digits) or by words of the raison sociale or enseigne."""
        chiffres = compacter(texte)
        if chiffres.isdigit():
            return self.filter(Q(siret__startswith=chiffres) | Q(siren__startswith=chiffres))
        resultats = self
        for mot in cle_de_recherche(texte).split():
            resultats = resultats.filter(cle_recherche__contains=mot)
        return resultats

    def doublons_possibles(self, *, siren: str, raison_sociale: str):
        """What to show before creating: same SIREN (another establishment or the same one)
        or the same name."""
        condition = Q(cle_recherche__startswith=cle_de_recherche(raison_sociale))
        if siren:
            condition |= Q(siren=siren)
        return self.filter(condition)


class Entreprise(Saisie):
    """A company or partner the ML works with. Attached to the national register (SIRENE)
    it gets its legal category and headcount; the SIREN never changes, the SIRET changes
    when the establishment moves (history keeps the previous ones)."""

    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        related_name="entreprises",
        verbose_name="mission locale",
    )
    raison_sociale = models.CharField("raison sociale", max_length=200)
    enseigne = models.CharField("enseigne", max_length=200, blank=True)
    cle_recherche = models.CharField("clé de recherche", max_length=410, editable=False)
    siren = models.CharField("SIREN", max_length=9, blank=True, validators=[valider_siren])
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[valider_siret])
    type = ReferenceField(
        table="type_partenaire", null=True, blank=True, verbose_name="type de partenaire"
    )
    voie = models.CharField("numéro et voie", max_length=200, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="entreprises_suivies",
        verbose_name="conseiller référent",
    )
    # From the national register (SIRENE), when attached.
    categorie_juridique = models.CharField("catégorie juridique", max_length=4, blank=True)
    categorie_juridique_libelle = models.CharField(
        "libellé de la catégorie juridique", max_length=200, blank=True
    )
    tranche_effectif = models.CharField(
        "effectif", max_length=2, choices=TrancheEffectif.choices, blank=True
    )
    code_naf = models.CharField("activité (code NAF)", max_length=6, blank=True)
    rattachee_le = models.DateTimeField("rattachée au registre le", null=True, blank=True)
    message_registre = models.CharField("réponse du registre", max_length=300, blank=True)

    objects = EntrepriseQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "entreprise ou partenaire"
        verbose_name_plural = "entreprises et partenaires"
        ordering = ["raison_sociale", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "siret"],
                condition=~Q(siret=""),
                name="entreprise_siret_unique_par_ml",
                violation_error_message=(
                    "Cet établissement (même SIRET) est déjà enregistré par la mission locale."
                ),
            ),
            models.CheckConstraint(
                condition=Q(siret="") | (~Q(siren="") & Q(siret__startswith=F("siren"))),
                name="entreprise_siret_du_siren",
                violation_error_message="Le SIRET commence par le SIREN de l'entreprise.",
            ),
        ]

    def __str__(self):
        if self.enseigne and self.enseigne != self.raison_sociale:
            return f"{self.raison_sociale} ({self.enseigne})"
        return self.raison_sociale

    def get_absolute_url(self):
        return reverse("offres:entreprise", kwargs={"entreprise_id": self.pk})

    @property
    def rattachee(self) -> bool:
        return self.rattachee_le is not None

    @property
    def adresse(self) -> str:
        ville = f"{self.code_postal} {self.commune.nom}" if self.commune_id else self.code_postal
        return ", ".join(filter(None, [self.voie, ville.strip()]))

    def calculer_cles(self) -> None:
        self.cle_recherche = cle_de_recherche(f"{self.raison_sociale} {self.enseigne}")
        self.siret = compacter(self.siret)
        self.siren = compacter(self.siren)
        # One fact typed once: the SIREN is the head of the SIRET.
        if self.siret and not self.siren:
            self.siren = self.siret[:9]

    def clean(self):
        erreurs = elements_indisponibles(self, self.structure) | hors_de_la_structure(
            self, self.structure_id, "referent"
        )
        if self.siret and self.siren and not self.siret.startswith(self.siren):
            erreurs["siret"] = f"Ce SIRET n'est pas un établissement du SIREN {self.siren}."
        if erreurs:
            raise ValidationError(erreurs)


class ContactEntreprise(models.Model):
    chemin_structure = "entreprise__structure"

    entreprise = models.ForeignKey(
        Entreprise, on_delete=models.CASCADE, related_name="contacts", verbose_name="entreprise"
    )
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField("nom", max_length=100)
    fonction = models.CharField("fonction", max_length=100, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "contact d'entreprise"
        verbose_name_plural = "contacts d'entreprise"
        ordering = ["nom", "prenom", "pk"]

    def __str__(self):
        nom = " ".join(filter(None, [self.prenom, self.nom]))
        return f"{nom} ({self.fonction})" if self.fonction else nom


class OffreEmploiQuerySet(StructureQuerySet):
    def ouvertes(self):
        return self.filter(etat=EtatOffreEmploi.OUVERTE)


class OffreEmploi(Saisie):
    """A job offer of a company. The salary is a number with its period (seed 002: one
    salary typed as text blocked the migration of every file positioned on the offer)."""

    chemin_structure = "entreprise__structure"

    entreprise = models.ForeignKey(
        Entreprise,
        on_delete=models.PROTECT,
        related_name="offres_emploi",
        verbose_name="entreprise",
    )
    intitule = models.CharField("intitulé du poste", max_length=200)
    metier = models.ForeignKey(
        MetierRome, on_delete=models.PROTECT, related_name="+", verbose_name="métier (ROME)"
    )
    type_contrat = ReferenceField(table="type_contrat", verbose_name="type de contrat")
    duree_mois = models.PositiveSmallIntegerField(
        "durée du contrat (mois)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    heures_hebdo = models.DecimalField(
        "heures par semaine",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    salaire = models.DecimalField(
        "salaire brut (€)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    periode_salaire = models.CharField(
        "période du salaire", max_length=8, choices=PeriodeSalaire.choices, blank=True
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lieu de travail",
    )
    publiee_le = models.DateField("publiée le", default=timezone.localdate)
    debut_contrat = models.DateField("début du contrat", null=True, blank=True)
    date_limite = models.DateField("date limite de candidature", null=True, blank=True)
    nombre_postes = models.PositiveSmallIntegerField("nombre de postes", default=1)
    etat = models.CharField(
        "état", max_length=8, choices=EtatOffreEmploi.choices, default=EtatOffreEmploi.OUVERTE
    )
    description = models.TextField("description", blank=True)
    contact = models.ForeignKey(
        ContactEntreprise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="contact",
    )
    created_by = champ_auteur("saisie par")

    objects = OffreEmploiQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "offre d'emploi"
        verbose_name_plural = "offres d'emploi"
        ordering = ["-publiee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salaire__isnull=True, periode_salaire="")
                | (Q(salaire__isnull=False) & ~Q(periode_salaire="")),
                name="offre_emploi_salaire_avec_periode",
                violation_error_message=(
                    "Un salaire se donne avec sa période : par heure, par mois ou par an."
                ),
            ),
            models.CheckConstraint(
                condition=Q(salaire__isnull=True) | Q(salaire__gte=0),
                name="offre_emploi_salaire_positif",
                violation_error_message="Le salaire est un montant positif.",
            ),
            models.CheckConstraint(
                condition=Q(nombre_postes__gte=1),
                name="offre_emploi_au_moins_un_poste",
                violation_error_message="Une offre a au moins un poste.",
            ),
            models.CheckConstraint(
                condition=Q(date_limite__isnull=True) | Q(date_limite__gte=models.F("publiee_le")),
                name="offre_emploi_limite_apres_publication",
                violation_error_message="La date limite ne peut pas précéder la publication.",
            ),
        ]

    def __str__(self):
        return f"{self.intitule} — {self.entreprise}"

    def get_absolute_url(self):
        return reverse("offres:offre_emploi", kwargs={"offre_emploi_id": self.pk})

    @property
    def salaire_affiche(self) -> str:
        if self.salaire is None:
            return ""
        montant = f"{self.salaire:,.2f}".replace(",", " ").replace(".", ",").replace(",00", "")
        return f"{montant} € brut {self.get_periode_salaire_display()}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.entreprise.structure)
        if self.type_contrat_id:
            code = self.type_contrat.code
            if code in CONTRATS_A_TERME and not self.duree_mois:
                erreurs["duree_mois"] = f"Un contrat « {self.type_contrat} » a une durée."
            elif code not in CONTRATS_A_TERME and self.duree_mois:
                erreurs["duree_mois"] = (
                    f"Un contrat « {self.type_contrat} » n'a pas de durée : laissez-la vide."
                )
        if self.contact_id and self.contact.entreprise_id != self.entreprise_id:
            erreurs["contact"] = "Ce contact n'est pas un contact de l'entreprise."
        if erreurs:
            raise ValidationError(erreurs)
