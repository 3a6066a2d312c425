"""Coordonnées and compléments kept as rows: the dated address history, resources; and
mobility (driving licences, means of transport)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dossiers.enums import EtapePermis, StatutNormalisation
from dossiers.models.jeune import Jeune
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet
from referentiels.enums import StatutQpv, StatutZrr
from referentiels.models import Commune, Epci, ReferenceField, elements_indisponibles


class AdresseQuerySet(StructureQuerySet):
    def courantes(self):
        return self.filter(fin__isnull=True)


class Adresse(models.Model):
    """An address of a young person. Changing the address closes this one (`fin`) and
    opens a new one, so the previous addresses stay, dated (charte: « la précédente sera
    historisée »). The territorial statuses are those found at normalisation."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="adresses", verbose_name="jeune"
    )
    voie = models.CharField(
        "numéro et voie", max_length=200, help_text="« - » pour un lieu-dit sans voie."
    )
    complement = models.CharField("complément", max_length=200, blank=True)
    code_postal = models.CharField("code postal", max_length=5)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    statut = models.CharField(
        "normalisation",
        max_length=15,
        choices=StatutNormalisation.choices,
        default=StatutNormalisation.A_NORMALISER,
    )
    message_normalisation = models.CharField("message", max_length=300, blank=True)
    normalisation_tentee_le = models.DateTimeField(
        "dernière tentative de normalisation", null=True, blank=True
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    epci = models.ForeignKey(
        Epci,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="EPCI",
    )
    zrr = models.CharField("statut ZRR", max_length=2, choices=StatutZrr.choices, blank=True)
    qpv = models.CharField(
        "QPV", max_length=10, choices=StatutQpv.choices, default=StatutQpv.A_VERIFIER
    )
    code_qpv = models.CharField("code du QPV", max_length=20, blank=True)
    debut = models.DateField("depuis le", default=timezone.localdate)
    fin = models.DateField("jusqu'au", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AdresseQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "adresse"
        verbose_name_plural = "adresses"
        ordering = ["-debut", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune"],
                condition=Q(fin__isnull=True),
                name="adresse_une_seule_courante",
                violation_error_message="Un jeune n'a qu'une adresse en cours.",
            ),
            models.CheckConstraint(
                condition=Q(code_postal__regex=r"^\d{5}$"),
                name="adresse_code_postal_5_chiffres",
                violation_error_message="Le code postal comporte 5 chiffres.",
            ),
        ]
        indexes = [models.Index(fields=["statut"], name="adresse_statut_idx")]

    def __str__(self):
        lignes = [self.voie if self.voie != "-" else "", self.complement]
        lignes.append(f"{self.code_postal} {self.commune.nom}")
        return ", ".join(ligne for ligne in lignes if ligne)


# Charte: « Aucun » and « Autre » (daily life covered by the family) are noted with 0.
TYPES_RESSOURCE_SANS_MONTANT = {"aucun", "autre"}


class Ressource(models.Model):
    """A resource of the young person (not the household's), historised by its dates."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="ressources", verbose_name="jeune"
    )
    type = ReferenceField(table="type_ressource", verbose_name="type de ressource")
    montant = models.DecimalField("montant mensuel (€)", max_digits=8, decimal_places=2)
    debut = models.DateField("depuis le")
    fin = models.DateField("jusqu'au", null=True, blank=True)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0),
                name="ressource_montant_positif",
                violation_error_message="Le montant ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="ressource_fin_apres_debut",
                violation_error_message="La fin ne peut pas précéder le début.",
            ),
        ]

    def __str__(self):
        return f"{self.type} : {self.montant} €"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if erreurs:
            raise ValidationError(erreurs)
        if (
            self.type_id
            and self.type.code in TYPES_RESSOURCE_SANS_MONTANT
            and self.montant not in (None, 0)
        ):
            raise ValidationError({"montant": f"« {self.type} » se note avec un montant de 0."})

    @property
    def en_cours(self) -> bool:
        return self.fin is None or self.fin >= timezone.localdate()


class Permis(models.Model):
    """A driving (or special) licence and where the young person stands with it."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="permis", verbose_name="jeune"
    )
    permis = ReferenceField(table="permis", verbose_name="permis")
    etape = models.CharField("étape", max_length=10, choices=EtapePermis.choices)
    date_obtention = models.DateField("obtenu le", null=True, blank=True)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "permis"
        verbose_name_plural = "permis"
        ordering = ["permis__ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune", "permis"],
                name="permis_unique_par_jeune",
                violation_error_message="Ce permis est déjà noté : modifiez son étape.",
            ),
            models.CheckConstraint(
                condition=Q(etape=EtapePermis.OBTENU, date_obtention__isnull=False)
                | (~Q(etape=EtapePermis.OBTENU) & Q(date_obtention__isnull=True)),
                name="permis_date_si_obtenu",
                violation_error_message="Un permis obtenu a sa date d'obtention, et lui seul.",
            ),
        ]

    def __str__(self):
        return f"{self.permis} — {self.get_etape_display()}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if erreurs:
            raise ValidationError(erreurs)


class MoyenLocomotion(models.Model):
    """How the young person gets around; several possible, one principal."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="locomotions", verbose_name="jeune"
    )
    moyen = ReferenceField(table="locomotion", verbose_name="moyen de locomotion")
    principal = models.BooleanField("principal", default=False)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "moyen de locomotion"
        verbose_name_plural = "moyens de locomotion"
        constraints = [
            models.UniqueConstraint(fields=["jeune", "moyen"], name="locomotion_unique"),
            models.UniqueConstraint(
                fields=["jeune"],
                condition=Q(principal=True),
                name="locomotion_un_seul_principal",
                violation_error_message="Un seul moyen de locomotion est principal.",
            ),
        ]

    def __str__(self):
        return f"{self.moyen}{' (principal)' if self.principal else ''}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if erreurs:
            raise ValidationError(erreurs)
