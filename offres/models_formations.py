"""The training catalogue (internal actions of an ML, external ones of the regional
catalogue) and the mises en relation of young people with job offers and actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from admin_ml.models import MissionLocale
from dossiers.enums import NiveauFormation
from dossiers.models import Jeune, Situation
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet, hors_de_la_structure
from imilo.texte import cle_de_recherche
from offres.enums import ETATS_MER_EN_COURS, EtatMer, OrigineAction
from offres.models_base import Saisie, champ_auteur
from offres.models_entreprises import OffreEmploi
from referentiels.models import (
    Commune,
    MetierRome,
    ReferenceField,
    RegionInsee,
    elements_indisponibles,
)


def valider_formacode(valeur: str) -> None:
    if valeur and not (len(valeur) == 5 and valeur.isdigit()):
        raise ValidationError("Un code Formacode a 5 chiffres.", code="formacode")


class ActionFormationQuerySet(StructureQuerySet):
    def de_la_structure(self, structure):
        """What an ML sees: its own internal actions and the regional catalogue (public
        data, shared by every ML); never another ML's internal actions."""
        if structure is None:
            return self.none()
        return self.filter(Q(structure=structure) | Q(origine=OrigineAction.EXTERNE))

    def rechercher(self, texte: str):
        """Keywords of the title, in any order, accents and case ignored (charte: « entrer
        un mot clé dans l'intitulé et pas l'intitulé complet »)."""
        resultats = self
        for mot in cle_de_recherche(texte).split():
            resultats = resultats.filter(cle_recherche__contains=mot)
        return resultats

    def non_terminees(self, jour=None):
        return self.filter(Q(fin__isnull=True) | Q(fin__gte=jour or timezone.localdate()))


class ActionFormation(models.Model):
    """A training action: typed by the ML (interne) or loaded from the regional catalogue
    by `importer_catalogue` (externe, identified by its identifiant externe)."""

    chemin_structure = "structure"

    origine = models.CharField(
        "origine", max_length=8, choices=OrigineAction.choices, default=OrigineAction.INTERNE
    )
    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_formation",
        verbose_name="mission locale",
    )
    identifiant_externe = models.CharField("identifiant externe", max_length=50, blank=True)
    intitule = models.CharField("intitulé", max_length=255)
    cle_recherche = models.CharField("clé de recherche", max_length=300, editable=False)
    organisme = models.CharField("organisme de formation", max_length=200)
    formacode = models.CharField(
        "Formacode", max_length=5, blank=True, validators=[valider_formacode]
    )
    metier = models.ForeignKey(
        MetierRome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="métier préparé (ROME)",
    )
    objectif = ReferenceField(
        table="objectif_formation",
        null=True,
        blank=True,
        verbose_name="objectif général de formation",
    )
    validation = ReferenceField(
        table="validation_formation", null=True, blank=True, verbose_name="validation préparée"
    )
    niveau = models.CharField("niveau", max_length=1, choices=NiveauFormation.choices, blank=True)
    region = models.ForeignKey(
        RegionInsee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="région",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    debut = models.DateField("début", null=True, blank=True)
    fin = models.DateField("fin", null=True, blank=True)
    places = models.PositiveIntegerField("places", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionFormationQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "action de formation"
        verbose_name_plural = "actions de formation"
        ordering = ["intitule", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    origine=OrigineAction.INTERNE,
                    structure__isnull=False,
                    identifiant_externe="",
                )
                | (
                    Q(origine=OrigineAction.EXTERNE, structure__isnull=True)
                    & ~Q(identifiant_externe="")
                ),
                name="action_origine_coherente",
                violation_error_message=(
                    "Une action interne appartient à une mission locale ; une action du "
                    "catalogue régional a son identifiant externe et n'appartient à aucune."
                ),
            ),
            models.UniqueConstraint(
                fields=["identifiant_externe"],
                condition=Q(origine=OrigineAction.EXTERNE),
                name="action_identifiant_externe_unique",
                violation_error_message=(
                    "Le catalogue régional a déjà une action de cet identifiant."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True)
                | Q(debut__isnull=True)
                | Q(fin__gte=models.F("debut")),
                name="action_fin_apres_debut",
                violation_error_message="La fin de l'action ne peut pas précéder son début.",
            ),
        ]

    def __str__(self):
        return f"{self.intitule} — {self.organisme}"

    def get_absolute_url(self):
        return reverse("offres:action_formation", kwargs={"action_formation_id": self.pk})

    @property
    def externe(self) -> bool:
        return self.origine == OrigineAction.EXTERNE

    @property
    def terminee(self) -> bool:
        return self.fin is not None and self.fin < timezone.localdate()

    def calculer_cles(self) -> None:
        from dossiers.models.situations import NIVEAU_DES_VALIDATIONS

        self.cle_recherche = cle_de_recherche(self.intitule)[:300]
        # The validation préparée sets the niveau (charte), as in the formation situation.
        if self.validation_id and self.validation.code in NIVEAU_DES_VALIDATIONS:
            self.niveau = NIVEAU_DES_VALIDATIONS[self.validation.code]

    def clean(self):
        if self.structure_id:
            erreurs = elements_indisponibles(self, self.structure)
            if erreurs:
                raise ValidationError(erreurs)


class MiseEnRelationQuerySet(StructureQuerySet):
    def en_cours(self):
        return self.filter(etat__in=ETATS_MER_EN_COURS)


class MiseEnRelation(Saisie):
    """A young person put in touch with a job offer or a training action (MER)."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="mises_en_relation", verbose_name="jeune"
    )
    offre_emploi = models.ForeignKey(
        OffreEmploi,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mises_en_relation",
        verbose_name="offre d'emploi",
    )
    action_formation = models.ForeignKey(
        ActionFormation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mises_en_relation",
        verbose_name="action de formation",
    )
    etat = models.CharField("état", max_length=8, choices=EtatMer.choices, default=EtatMer.PROPOSEE)
    proposee_le = models.DateField("proposée le", default=timezone.localdate)
    etat_le = models.DateField("état noté le", default=timezone.localdate)
    issue = ReferenceField(table="issue_mer", null=True, blank=True, verbose_name="résultat")
    commentaire = models.TextField("commentaire", blank=True)
    situation = models.OneToOneField(
        Situation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mise_en_relation",
        verbose_name="situation créée",
    )
    created_by = champ_auteur("proposée par")

    objects = MiseEnRelationQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["-proposee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offre_emploi__isnull=False, action_formation__isnull=True)
                | Q(offre_emploi__isnull=True, action_formation__isnull=False),
                name="mer_une_seule_cible",
                violation_error_message=(
                    "Une mise en relation porte sur une offre d'emploi ou sur une action de "
                    "formation, et une seule."
                ),
            ),
            models.UniqueConstraint(
                fields=["jeune", "offre_emploi"],
                condition=Q(offre_emploi__isnull=False, etat__in=ETATS_MER_EN_COURS),
                name="mer_en_cours_unique_par_offre",
                violation_error_message=(
                    "Ce jeune a déjà une mise en relation en cours sur cette offre."
                ),
            ),
            models.UniqueConstraint(
                fields=["jeune", "action_formation"],
                condition=Q(action_formation__isnull=False, etat__in=ETATS_MER_EN_COURS),
                name="mer_en_cours_unique_par_action",
                violation_error_message=(
                    "Ce jeune a déjà une mise en relation en cours sur cette action."
                ),
            ),
            models.CheckConstraint(
                condition=Q(etat_le__gte=models.F("proposee_le")),
                name="mer_etat_apres_proposition",
                violation_error_message="L'état ne peut pas précéder la proposition.",
            ),
        ]

    def __str__(self):
        return f"{self.cible} ({self.get_etat_display()})"

    def get_absolute_url(self):
        return reverse("offres:mer", kwargs={"jeune_id": self.jeune_id, "mer_id": self.pk})

    @property
    def cible(self):
        return self.offre_emploi if self.offre_emploi_id else self.action_formation

    @property
    def est_formation(self) -> bool:
        return self.action_formation_id is not None

    @property
    def en_cours(self) -> bool:
        return self.etat in ETATS_MER_EN_COURS

    def clean(self):
        structure = self.jeune.structure
        # The regional catalogue's actions belong to no ML (shared); a job offer always
        # belongs to one, through its company.
        erreurs = elements_indisponibles(self, structure) | hors_de_la_structure(
            self, structure.pk, "offre_emploi", "action_formation", communs_admis=True
        )
        if self.proposee_le and self.proposee_le > timezone.localdate():
            erreurs["proposee_le"] = "La date de proposition ne peut pas être future."
        if erreurs:
            raise ValidationError(erreurs)
