"""Situations (employment, training…) with their derived state, and the cursus of diplomas."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dossiers.enums import (
    CATEGORIES_AVEC_CONTRAT,
    CATEGORIES_DIPLOMANTES,
    CategorieSituation,
    EtatSituation,
    NiveauFormation,
    ResultatFormation,
)
from dossiers.models.jeune import Jeune
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet
from referentiels.models import MetierRome, ReferenceField, elements_indisponibles

# Validation préparée → niveau (nomenclature 2019). A local element the ML adds has no level:
# the niveau then stays to be chosen by hand.
NIVEAU_DES_VALIDATIONS = {
    "clea": NiveauFormation.N2,
    "cap": NiveauFormation.N3,
    "bep": NiveauFormation.N3,
    "titre_pro_3": NiveauFormation.N3,
    "bac_pro": NiveauFormation.N4,
    "bac": NiveauFormation.N4,
    "bp": NiveauFormation.N4,
    "titre_pro_4": NiveauFormation.N4,
    "daeu": NiveauFormation.N4,
    "bts": NiveauFormation.N5,
    "titre_pro_5": NiveauFormation.N5,
    "but": NiveauFormation.N6,
    "licence": NiveauFormation.N6,
    "titre_pro_6": NiveauFormation.N6,
    "master": NiveauFormation.N7,
    "doctorat": NiveauFormation.N8,
}


# LHEO: "perfectionnement, élargissement des compétences" counts as professionnalisation.
OBJECTIFS_COMPTES_ENSEMBLE = {"professionnalisation": ("professionnalisation", "perfectionnement")}


# Contracts with a term: their expected end is known when they are signed.
CONTRATS_A_TERME = {
    "cdd",
    "interim",
    "saisonnier",
    "apprentissage",
    "professionnalisation",
    "pec",
    "iae",
}


CONTRATS_EN_ALTERNANCE = {"apprentissage", "professionnalisation"}


_FORMACODE = RegexValidator(r"^\d{5}$", "Un code Formacode a 5 chiffres.")


class SituationQuerySet(StructureQuerySet):
    """The state of a situation is derived from its dates (see EtatSituation)."""

    def prevues(self, jour=None):
        return self.filter(debut__gt=jour or timezone.localdate())

    def en_cours(self, jour=None):
        jour = jour or timezone.localdate()
        return self.filter(debut__lte=jour).filter(
            Q(fin_reelle__isnull=True) | Q(fin_reelle__gt=jour)
        )

    def terminees(self, jour=None):
        return self.filter(fin_reelle__lte=jour or timezone.localdate())

    def non_terminees(self, jour=None):
        """En cours or prévues."""
        return self.filter(
            Q(fin_reelle__isnull=True) | Q(fin_reelle__gt=jour or timezone.localdate())
        )

    def dans_l_etat(self, etat: str, jour=None):
        return {
            EtatSituation.PREVUE: self.prevues,
            EtatSituation.EN_COURS: self.en_cours,
            EtatSituation.TERMINEE: self.terminees,
        }[etat](jour)


class Situation(models.Model):
    """What the young person is doing over a period: emploi, formation, inactivité…"""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="situations", verbose_name="jeune"
    )
    categorie = models.CharField("catégorie", max_length=12, choices=CategorieSituation.choices)
    intitule = models.CharField(
        "intitulé",
        max_length=200,
        blank=True,
        help_text="Poste occupé, intitulé de la formation, classe…",
    )
    organisme = models.CharField(
        "employeur ou organisme",
        max_length=200,
        blank=True,
        help_text="Employeur, organisme de formation, établissement, structure d'accueil.",
    )
    debut = models.DateField("début")
    fin_prevue = models.DateField("fin prévue", null=True, blank=True)
    fin_reelle = models.DateField("fin réelle", null=True, blank=True)
    # Emploi, alternance.
    type_contrat = ReferenceField(
        table="type_contrat", null=True, blank=True, verbose_name="type de contrat"
    )
    heures_hebdo = models.DecimalField(
        "heures par semaine",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    metier = models.ForeignKey(
        MetierRome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="métier (ROME)",
        help_text="Z00 pour une formation générale ou de mobilisation, sans métier visé.",
    )
    # Formation (and the diploma an alternance prepares).
    objectif = ReferenceField(
        table="objectif_formation",
        null=True,
        blank=True,
        verbose_name="objectif général de formation",
    )
    validation = ReferenceField(
        table="validation_formation",
        null=True,
        blank=True,
        verbose_name="validation préparée",
    )
    niveau = models.CharField("niveau", max_length=1, choices=NiveauFormation.choices, blank=True)
    nsf = ReferenceField(table="nsf", null=True, blank=True, verbose_name="spécialité (NSF)")
    formacode = models.CharField("Formacode", max_length=5, blank=True, validators=[_FORMACODE])
    resultat = models.CharField(
        "résultat", max_length=6, choices=ResultatFormation.choices, blank=True
    )
    motif_interruption = ReferenceField(
        table="motif_interruption",
        null=True,
        blank=True,
        verbose_name="motif d'interruption",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="noté par",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SituationQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "situation"
        verbose_name_plural = "situations"
        ordering = ["-debut", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin_prevue__isnull=True) | Q(fin_prevue__gte=models.F("debut")),
                name="situation_fin_prevue_apres_debut",
                violation_error_message="La fin prévue ne peut pas précéder le début.",
            ),
            models.CheckConstraint(
                condition=Q(fin_reelle__isnull=True) | Q(fin_reelle__gte=models.F("debut")),
                name="situation_fin_reelle_apres_debut",
                violation_error_message="La fin réelle ne peut pas précéder le début.",
            ),
            models.CheckConstraint(
                condition=~Q(categorie=CategorieSituation.FORMATION)
                | (Q(fin_prevue__isnull=False) & ~Q(organisme="")),
                name="situation_formation_organisme_et_fin",
                violation_error_message=(
                    "Une formation a son organisme et sa date de fin (estimez-la)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(type_contrat__isnull=True) | Q(categorie__in=CATEGORIES_AVEC_CONTRAT),
                name="situation_contrat_si_emploi",
                violation_error_message="Seuls un emploi ou une alternance ont un contrat.",
            ),
            models.CheckConstraint(
                condition=Q(categorie__in=CATEGORIES_DIPLOMANTES)
                | (
                    Q(objectif__isnull=True)
                    & Q(validation__isnull=True)
                    & Q(niveau="")
                    & Q(nsf__isnull=True)
                    & Q(formacode="")
                    & Q(resultat="")
                ),
                name="situation_champs_formation",
                violation_error_message="Ces champs ne concernent qu'une formation.",
            ),
            models.CheckConstraint(
                condition=Q(resultat="") | Q(fin_reelle__isnull=False),
                name="situation_resultat_en_fin",
                violation_error_message="Le résultat se note à la fin de la formation.",
            ),
            models.CheckConstraint(
                condition=Q(motif_interruption__isnull=True)
                | Q(
                    fin_reelle__isnull=False,
                    fin_prevue__isnull=False,
                    fin_reelle__lt=models.F("fin_prevue"),
                ),
                name="situation_motif_si_sortie_anticipee",
                violation_error_message=(
                    "Le motif d'interruption ne se note que pour une sortie avant la fin prévue."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["categorie", "debut"], name="situation_categorie_debut_idx"),
        ]

    def __str__(self):
        libelle = self.get_categorie_display()
        return f"{libelle} : {self.intitule}" if self.intitule else libelle.capitalize()

    def get_absolute_url(self):
        return reverse(
            "dossiers:situation_modifier",
            kwargs={"jeune_id": self.jeune_id, "situation_id": self.pk},
        )

    @property
    def etat(self) -> EtatSituation:
        jour = timezone.localdate()
        if self.debut > jour:
            return EtatSituation.PREVUE
        if self.fin_reelle and self.fin_reelle <= jour:
            return EtatSituation.TERMINEE
        return EtatSituation.EN_COURS

    def get_etat_display(self) -> str:
        return self.etat.label

    @property
    def sortie_anticipee(self) -> bool:
        return bool(self.fin_reelle and self.fin_prevue and self.fin_reelle < self.fin_prevue)

    @property
    def duree_contrat_mois(self) -> int | None:
        """The contract's term in whole months, derived from its dates."""
        if not (self.fin_prevue and self.type_contrat_id):
            return None
        mois = (self.fin_prevue.year - self.debut.year) * 12 + self.fin_prevue.month
        mois -= self.debut.month
        return mois + (1 if self.fin_prevue.day >= self.debut.day else 0)

    @property
    def sans_objectif(self) -> bool:
        """The national tool's alert n° 43: a formation without its objective."""
        return self.categorie == CategorieSituation.FORMATION and self.objectif_id is None

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        aujourdhui = timezone.localdate()
        if self.fin_reelle and self.fin_reelle > aujourdhui:
            erreurs["fin_reelle"] = (
                "La fin réelle ne peut pas être future : notez la date prévue en fin prévue."
            )
        if self.categorie == CategorieSituation.FORMATION:
            if not self.organisme:
                erreurs["organisme"] = "Indiquez l'organisme de formation."
            if not self.fin_prevue:
                erreurs["fin_prevue"] = (
                    "La date de fin d'une formation n'est jamais vide : estimez-la."
                )
            if self.sortie_anticipee and not self.motif_interruption_id:
                erreurs["motif_interruption"] = (
                    "Sortie avant la fin prévue : indiquez le motif d'interruption."
                )
        if self.motif_interruption_id and not self.sortie_anticipee:
            erreurs["motif_interruption"] = (
                "Le motif d'interruption ne se note que pour une sortie avant la fin prévue."
            )
        if self.resultat and not self.fin_reelle:
            erreurs["resultat"] = (
                "Le résultat se note à la fin de la formation : notez la fin réelle."
            )
        if self.type_contrat_id:
            code = self.type_contrat.code
            if (
                self.categorie == CategorieSituation.ALTERNANCE
                and code not in CONTRATS_EN_ALTERNANCE
            ):
                erreurs["type_contrat"] = (
                    "Une alternance est un contrat d'apprentissage ou de professionnalisation."
                )
            elif code in CONTRATS_A_TERME and not self.fin_prevue:
                erreurs.setdefault(
                    "fin_prevue", f"Un contrat « {self.type_contrat} » a une fin prévue."
                )
        if erreurs:
            raise ValidationError(erreurs)


class Cursus(models.Model):
    """The young person's diplomas and certifications: typed, or created when a formation
    ends with « obtenu ». The highest level is the file's niveau de formation."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="cursus", verbose_name="jeune"
    )
    intitule = models.CharField("intitulé", max_length=200)
    validation = ReferenceField(
        table="validation_formation", null=True, blank=True, verbose_name="validation"
    )
    niveau = models.CharField("niveau", max_length=1, choices=NiveauFormation.choices, blank=True)
    obtenu_le = models.DateField("obtenu le")
    situation = models.OneToOneField(
        Situation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cursus",
        verbose_name="formation d'origine",
    )

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "diplôme du cursus"
        verbose_name_plural = "cursus"
        ordering = ["-obtenu_le", "-pk"]

    def __str__(self):
        return f"{self.intitule} ({self.obtenu_le:%Y})"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if self.obtenu_le and self.obtenu_le > timezone.localdate():
            erreurs["obtenu_le"] = "Un diplôme obtenu a une date passée."
        if erreurs:
            raise ValidationError(erreurs)
