"""Follow-up: appointments, events (contacts) and demands or propositions."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from admin_ml.models import LieuAccueil
from dossiers.enums import (
    EtatProposition,
    NatureProposition,
    StatutRendezVous,
    ThemeProposition,
    TypeEvenement,
)
from dossiers.models.jeune import Jeune
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet, hors_de_la_structure
from referentiels.models import ReferenceField, elements_indisponibles


class RendezVousQuerySet(StructureQuerySet):
    def chevauchant(self, *, conseiller, debut, fin):
        """The counsellor's kept appointments overlapping [debut, fin)."""
        return self.filter(
            conseiller=conseiller,
            statut__in=[StatutRendezVous.PREVU, StatutRendezVous.PRESENT],
            debut__lt=fin,
            fin__gt=debut,
        )


class RendezVous(models.Model):
    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="rendez_vous", verbose_name="jeune"
    )
    debut = models.DateTimeField("date et heure")
    duree = models.PositiveSmallIntegerField("durée (minutes)", default=30)
    # Derived from debut + duree by the services; stored for the overlap query (indexed).
    fin = models.DateTimeField("fin", editable=False)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rendez_vous",
        verbose_name="conseiller",
    )
    lieu = models.ForeignKey(
        LieuAccueil,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lieu d'accueil",
    )
    lieu_autre = models.CharField("autre lieu", max_length=200, blank=True)
    objet = models.CharField("objet", max_length=200)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutRendezVous.choices, default=StatutRendezVous.PREVU
    )
    motif_absence = ReferenceField(
        table="motif_absence", null=True, blank=True, verbose_name="motif d'absence"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="pris par",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RendezVousQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree__gte=5, duree__lte=480),
                name="rdv_duree_plausible",
                violation_error_message="La durée va de 5 minutes à 8 heures.",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutRendezVous.ABSENT, motif_absence__isnull=False)
                | (~Q(statut=StatutRendezVous.ABSENT) & Q(motif_absence__isnull=True)),
                name="rdv_motif_si_absent",
                violation_error_message="Une absence a son motif, et seule une absence en a un.",
            ),
            models.CheckConstraint(
                condition=Q(lieu__isnull=False) | ~Q(lieu_autre=""),
                name="rdv_lieu_indique",
                violation_error_message="Indiquez le lieu d'accueil ou un autre lieu.",
            ),
        ]
        indexes = [models.Index(fields=["conseiller", "debut"], name="rdv_conseiller_debut_idx")]

    def __str__(self):
        return f"{self.debut:%d/%m/%Y %H:%M} — {self.objet}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        erreurs.update(hors_de_la_structure(self, self.jeune.structure_id, "conseiller", "lieu"))
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def manque(self) -> bool:
        return self.statut == StatutRendezVous.ABSENT

    @property
    def ou(self) -> str:
        return self.lieu.nom if self.lieu_id else self.lieu_autre


class Evenement(models.Model):
    """A contact with the young person (entretien, téléphone, atelier…)."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="evenements", verbose_name="jeune"
    )
    date = models.DateTimeField("date", default=timezone.now)
    type = models.CharField("type", max_length=10, choices=TypeEvenement.choices)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="auteur",
    )
    contexte = ReferenceField(table="contexte", null=True, blank=True, verbose_name="contexte")
    notes = models.TextField("notes", blank=True)
    rendez_vous = models.OneToOneField(
        RendezVous,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evenement",
        verbose_name="rendez-vous",
    )

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"

    def clean(self):
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if self.date and self.date > timezone.now() + timedelta(minutes=5):
            erreurs["date"] = "Un événement est un contact qui a eu lieu : pas de date future."
        if erreurs:
            raise ValidationError(erreurs)


class Proposition(models.Model):
    """A demand of the young person or a proposal of the ML, by theme, followed to its end.

    A demand noted at a first reception may be dated the day it was expressed."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="propositions", verbose_name="jeune"
    )
    nature = models.CharField("nature", max_length=12, choices=NatureProposition.choices)
    theme = models.CharField("thème", max_length=12, choices=ThemeProposition.choices)
    libelle = models.CharField("libellé", max_length=200)
    date = models.DateField("date", default=timezone.localdate)
    etat = models.CharField(
        "état", max_length=10, choices=EtatProposition.choices, default=EtatProposition.EN_COURS
    )
    date_fin = models.DateField("terminée le", null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="auteur",
    )

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "demande ou proposition"
        verbose_name_plural = "demandes et propositions"
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat=EtatProposition.EN_COURS, date_fin__isnull=True)
                | (~Q(etat=EtatProposition.EN_COURS) & Q(date_fin__isnull=False)),
                name="proposition_fin_si_terminee",
                violation_error_message="Une demande terminée a sa date de fin, et elle seule.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date")),
                name="proposition_fin_apres_debut",
                violation_error_message="La fin ne peut pas précéder la date de la demande.",
            ),
        ]

    def __str__(self):
        return f"{self.get_theme_display()} : {self.libelle}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "La date ne peut pas être future."})
