"""The programmes a young person enters: diagnostic approfondi, PACEA and its plan d'action,
CEJ, CEP, parrainage, regional and local ones; allocation requests.

Rules live in `services/` (entering, extending, leaving; the PACEA plan; allocations; the
CEP), `regles.py` (by type) and here for one object (`DemandeAllocation.TRANSITIONS`)."""

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from admin_ml.models import MissionLocale
from dispositifs.enums import ActionAllocation, EtapeAllocation, EtatAllocation, EtatObjectif
from dispositifs.regles import (
    CEJ,
    CEP,
    DIAGNOSTIC,
    GARANTIE_JEUNES,
    NIVEAUX_CEP,
    PACEA,
    REFUS_NIVEAU_CEP,
    ajouter_mois,
    regles,
)
from dossiers.models import Jeune
from imilo.droits import Droit
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet
from referentiels.models import ReferenceField, elements_indisponibles


class DureeDispositif(models.Model):
    """The ML's default length of a type of dispositif (the code's default otherwise)."""

    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.CASCADE,
        related_name="durees_dispositif",
        verbose_name="mission locale",
    )
    type = ReferenceField(table="type_dispositif", verbose_name="type de dispositif")
    duree_mois = models.PositiveSmallIntegerField("durée par défaut (mois)")

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "durée par défaut d'un dispositif"
        verbose_name_plural = "durées par défaut des dispositifs"
        constraints = [
            models.UniqueConstraint(fields=["structure", "type"], name="duree_unique_par_type"),
            models.CheckConstraint(
                condition=Q(duree_mois__gte=1, duree_mois__lte=36),
                name="duree_dispositif_plausible",
                violation_error_message="La durée va de 1 à 36 mois.",
            ),
        ]

    def __str__(self):
        return f"{self.type} : {self.duree_mois} mois"

    def clean(self):
        erreurs = elements_indisponibles(self, self.structure)
        if erreurs:
            raise ValidationError(erreurs)


class DispositifQuerySet(StructureQuerySet):
    def ouverts(self):
        return self.filter(fin_reelle__isnull=True)

    def du_type(self, code: str):
        return self.filter(type__code=code)


def _du_type(code: str) -> property:
    return property(lambda dispositif: dispositif.code == code)


class Dispositif(models.Model):
    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="dispositifs", verbose_name="jeune"
    )
    type = ReferenceField(table="type_dispositif", verbose_name="type de dispositif")
    initialise_le = models.DateField("initialisé le", default=timezone.localdate)
    entree_le = models.DateField("entrée le")
    prescripteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dispositifs_prescrits",
        verbose_name="prescripteur",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dispositifs_suivis",
        verbose_name="référent",
    )
    fin_prevue = models.DateField("fin prévue")
    fin_reelle = models.DateField("sortie le", null=True, blank=True)
    motif_sortie = ReferenceField(
        table="motif_sortie", null=True, blank=True, verbose_name="motif de sortie"
    )
    # PACEA: the diagnostic closed with motif « PACEA » it follows.
    diagnostic = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pacea_suivant",
        verbose_name="diagnostic d'origine",
    )
    numero_cerfa = models.PositiveSmallIntegerField("n° de CERFA", null=True, blank=True)
    # CEP: level, who sent the young person, why.
    niveau_cep = models.PositiveSmallIntegerField("niveau CEP", null=True, blank=True)
    aiguilleur = ReferenceField(
        table="aiguilleur_cep", null=True, blank=True, verbose_name="aiguilleur"
    )
    motif_sollicitation = ReferenceField(
        table="motif_sollicitation_cep",
        null=True,
        blank=True,
        verbose_name="motif de sollicitation",
    )
    # What the young person's situation, housing, mobility and coverage were at entry and
    # at exit (PACEA), as labels, for the comparison.
    releve_entree = models.JSONField("relevé à l'entrée", default=dict, blank=True)
    releve_sortie = models.JSONField("relevé à la sortie", default=dict, blank=True)
    # When a CERFA was last asked for (the page shows « en cours de génération » until the
    # document is there).
    cerfa_demande_le = models.DateTimeField("CERFA demandé le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="saisi par",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DispositifQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"
        ordering = ["-entree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune", "type"],
                condition=Q(fin_reelle__isnull=True),
                name="un_dispositif_ouvert_par_type",
                violation_error_message="Le jeune est déjà dans un dispositif de ce type.",
            ),
            models.CheckConstraint(
                condition=Q(fin_prevue__gte=models.F("entree_le")),
                name="dispositif_fin_prevue_apres_entree",
                violation_error_message="La fin prévue ne peut pas précéder l'entrée.",
            ),
            models.CheckConstraint(
                condition=Q(fin_reelle__isnull=True) | Q(fin_reelle__gte=models.F("entree_le")),
                name="dispositif_sortie_apres_entree",
                violation_error_message="La sortie ne peut pas précéder l'entrée.",
            ),
            models.CheckConstraint(
                condition=Q(fin_reelle__isnull=True, motif_sortie__isnull=True)
                | Q(fin_reelle__isnull=False, motif_sortie__isnull=False),
                name="dispositif_sortie_avec_motif",
                violation_error_message="Une sortie a sa date et son motif.",
            ),
            models.CheckConstraint(
                condition=Q(niveau_cep__isnull=True) | Q(niveau_cep__in=list(NIVEAUX_CEP)),
                name="dispositif_niveau_cep",
                violation_error_message=REFUS_NIVEAU_CEP,
            ),
        ]
        indexes = [
            models.Index(fields=["type", "fin_reelle"], name="dispositif_type_sortie_idx"),
        ]

    def __str__(self):
        return f"{self.type} du {self.entree_le:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse(
            "dispositifs:dispositif",
            kwargs={"jeune_id": self.jeune_id, "dispositif_id": self.pk},
        )

    @property
    def code(self) -> str:
        return self.type.code

    @property
    def regles(self):
        return regles(self.code)

    @property
    def ouvert(self) -> bool:
        return self.fin_reelle is None

    est_pacea = _du_type(PACEA)
    est_cej = _du_type(CEJ)
    est_diagnostic = _du_type(DIAGNOSTIC)
    est_cep = _du_type(CEP)

    @property
    def ouvre_droit_a_allocation(self) -> bool:
        """Monthly allocation requests: a PACEA or a CEJ (page, services)."""
        return self.est_pacea or self.est_cej

    @property
    def duree_depassee(self) -> bool:
        """A diagnostic should last less than a month: flagged beyond."""
        fin = self.fin_reelle or timezone.localdate()
        return self.est_diagnostic and fin > ajouter_mois(self.entree_le, 1)

    def clean(self):
        # Prescripteur and référent are checked when chosen (services.verifier_acteurs), not
        # here: a closed dispositif keeps them after they move to another ML, and must still
        # save.
        erreurs = elements_indisponibles(self, self.jeune.structure)
        if (
            self.motif_sortie_id
            and self.type_id
            and self.motif_sortie.code not in self.regles.motifs
        ):
            erreurs["motif_sortie"] = (
                f"« {self.motif_sortie} » n'est pas un motif de sortie de ce dispositif."
            )
        if erreurs:
            raise ValidationError(erreurs)


class PhaseQuerySet(StructureQuerySet):
    def ouvertes(self):
        return self.filter(fin_reelle__isnull=True)


class Phase(models.Model):
    """A phase of a PACEA's plan d'action (the Garantie jeunes was one until 2022)."""

    chemin_structure = "dispositif__jeune__structure"

    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.CASCADE, related_name="phases", verbose_name="PACEA"
    )
    type = ReferenceField(table="type_phase", verbose_name="type de phase")
    debut = models.DateField("début")
    fin_prevue = models.DateField("fin prévue")
    fin_reelle = models.DateField("fin réelle", null=True, blank=True)
    numero_cerfa = models.PositiveSmallIntegerField("n° de CERFA", null=True, blank=True)

    objects = PhaseQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "phase"
        verbose_name_plural = "phases"
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin_prevue__gte=models.F("debut")),
                name="phase_fin_prevue_apres_debut",
                violation_error_message="La fin prévue ne peut pas précéder le début.",
            ),
            models.CheckConstraint(
                condition=Q(fin_reelle__isnull=True) | Q(fin_reelle__gte=models.F("debut")),
                name="phase_fin_apres_debut",
                violation_error_message="La fin ne peut pas précéder le début.",
            ),
        ]

    def __str__(self):
        return f"{self.type} du {self.debut:%d/%m/%Y}"

    @property
    def ouverte(self) -> bool:
        return self.fin_reelle is None

    def clean(self):
        erreurs = elements_indisponibles(self, self.dispositif.jeune.structure)
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def est_garantie_jeunes(self) -> bool:
        return self.type.code == GARANTIE_JEUNES


class Objectif(models.Model):
    chemin_structure = "phase__dispositif__jeune__structure"

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="objectifs", verbose_name="phase"
    )
    libelle = models.CharField("objectif", max_length=200)
    etat = models.CharField(
        "état", max_length=11, choices=EtatObjectif.choices, default=EtatObjectif.EN_COURS
    )
    clos_le = models.DateField("clos le", null=True, blank=True)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat=EtatObjectif.EN_COURS, clos_le__isnull=True)
                | (~Q(etat=EtatObjectif.EN_COURS) & Q(clos_le__isnull=False)),
                name="objectif_clos_date",
                violation_error_message="Un objectif clos a sa date, et lui seul.",
            ),
        ]

    def __str__(self):
        return self.libelle


@dataclass(frozen=True)
class Transition:
    """An action on an allocation request: the state it starts from, the state it leads
    to, who may do it, and why it is refused otherwise."""

    depuis: str
    vers: str
    # The right the page asks for (403 without it).
    droit: Droit
    refus_etat: str
    refus_utilisateur: str

    def permise_a(self, utilisateur) -> bool:
        # Validating and transmitting also need the RGS delegation of the ML's certificate.
        if self.droit == Droit.DISPOSITIFS_VALIDER_ALLOCATION:
            return utilisateur.peut_valider_les_allocations
        return utilisateur.a_le_droit(self.droit)


# Validating and rejecting: the same decision on a request submitted to validation.
_DECISION = Transition(
    depuis=EtatAllocation.SOUMISE,
    vers=EtatAllocation.VALIDEE,
    droit=Droit.DISPOSITIFS_VALIDER_ALLOCATION,
    refus_etat="Seule une demande soumise à validation se valide ou se rejette.",
    refus_utilisateur=(
        "Seul un validateur ayant la délégation du certificat RGS de la mission locale valide "
        "ou rejette une demande d'allocation."
    ),
)


# The date a request reached each step (a rejected request was decided, not validated).
DATE_DE_L_ETAPE = {
    EtapeAllocation.DEMANDEE: "demandee_le",
    EtapeAllocation.VALIDEE: "decidee_le",
    EtapeAllocation.TRANSMISE: "transmise_le",
}


class DemandeAllocationQuerySet(StructureQuerySet):
    def passees_par(self, etape: str):
        """The requests that reached `etape`, whatever their state now (a validated request
        transmitted since was validated all the same); filter their period on
        `DATE_DE_L_ETAPE[etape]`."""
        if etape == EtapeAllocation.VALIDEE:
            return self.filter(etat__in=[EtatAllocation.VALIDEE, EtatAllocation.TRANSMISE])
        if etape == EtapeAllocation.TRANSMISE:
            return self.filter(etat=EtatAllocation.TRANSMISE)
        return self.all()


class DemandeAllocation(models.Model):
    """A monthly allocation request of a PACEA or a CEJ."""

    chemin_structure = "dispositif__jeune__structure"

    dispositif = models.ForeignKey(
        Dispositif,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name="dispositif",
    )
    mois = models.DateField("mois", help_text="Premier jour du mois demandé.")
    montant = models.DecimalField("montant (€)", max_digits=7, decimal_places=2)
    etat = models.CharField(
        "état",
        max_length=11,
        choices=EtatAllocation.choices,
        default=EtatAllocation.ENREGISTREE,
    )
    # Why it stays « enregistrée » (what the file lacks) or why it was rejected.
    motif = models.CharField("motif", max_length=300, blank=True)
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="demandée par",
    )
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validée ou rejetée par",
    )
    decidee_le = models.DateTimeField("validée ou rejetée le", null=True, blank=True)
    transmise_le = models.DateTimeField("transmise le", null=True, blank=True)

    objects = DemandeAllocationQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "demande d'allocation"
        verbose_name_plural = "demandes d'allocation"
        ordering = ["-mois", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispositif", "mois"],
                condition=~Q(etat=EtatAllocation.REJETEE),
                name="une_allocation_par_mois",
                violation_error_message="Une demande existe déjà pour ce mois.",
            ),
            models.CheckConstraint(
                condition=Q(montant__gt=0),
                name="allocation_montant_positif",
                violation_error_message="Le montant est positif.",
            ),
            models.CheckConstraint(
                condition=Q(mois__day=1),
                name="allocation_premier_du_mois",
                violation_error_message="Une demande porte sur un mois entier.",
            ),
            models.CheckConstraint(
                condition=~Q(etat=EtatAllocation.TRANSMISE) | Q(transmise_le__isnull=False),
                name="allocation_transmise_datee",
                violation_error_message="Une demande transmise a sa date de transmission.",
            ),
        ]
        # The validation queue (soumises, validées) is a small part of millions of requests.
        indexes = [
            models.Index(
                fields=["etat", "mois"],
                name="allocation_a_traiter_idx",
                condition=Q(etat__in=[EtatAllocation.SOUMISE, EtatAllocation.VALIDEE]),
            )
        ]

    # enregistrée → soumise → validée → transmise, or rejetée; the buttons (`actions_possibles`),
    # the view and the services follow this table.
    TRANSITIONS = {
        ActionAllocation.SOUMETTRE: Transition(
            depuis=EtatAllocation.ENREGISTREE,
            vers=EtatAllocation.SOUMISE,
            droit=Droit.DISPOSITIFS_GERER,
            refus_etat="Seule une demande enregistrée se soumet à validation.",
            refus_utilisateur=(
                "Seul un utilisateur qui gère les dispositifs soumet une demande à validation."
            ),
        ),
        ActionAllocation.VALIDER: _DECISION,
        ActionAllocation.REJETER: replace(_DECISION, vers=EtatAllocation.REJETEE),
        ActionAllocation.TRANSMETTRE: Transition(
            depuis=EtatAllocation.VALIDEE,
            vers=EtatAllocation.TRANSMISE,
            droit=Droit.DISPOSITIFS_VALIDER_ALLOCATION,
            refus_etat="Seule une demande validée se transmet à l'ASP.",
            refus_utilisateur="Seul un validateur transmet les demandes à l'ASP.",
        ),
    }

    def __str__(self):
        return f"Allocation de {self.mois:%m/%Y} : {self.montant} €"

    def refus(self, action: str, utilisateur) -> str:
        """Why `utilisateur` may not do `action` on this request now ("" when they may)."""
        transition = self.TRANSITIONS[action]
        if not transition.permise_a(utilisateur):
            return transition.refus_utilisateur
        if self.etat != transition.depuis:
            return transition.refus_etat
        return ""

    def actions_possibles(self, utilisateur) -> list[str]:
        """The actions `utilisateur` may do on this request now (its buttons)."""
        return [action for action in self.TRANSITIONS if not self.refus(action, utilisateur)]


class ActionAutomatique(models.Model):
    """What the application did on its own (e.g. the CEP opened by an offer), shown to the
    counsellor with its reason, and undoable."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune,
        on_delete=models.CASCADE,
        related_name="actions_automatiques",
        verbose_name="jeune",
    )
    dispositif = models.ForeignKey(
        Dispositif,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dispositif",
    )
    libelle = models.CharField("action", max_length=200)
    raison = models.CharField("raison", max_length=300)
    # What undoing restores: {"supprimer": true} or {"niveau_cep": 2, …}.
    retour = models.JSONField("pour annuler", default=dict)
    faite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="déclenchée par",
    )
    faite_le = models.DateTimeField("le", default=timezone.now)
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)

    objects = StructureQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "action automatique"
        verbose_name_plural = "actions automatiques"
        ordering = ["-faite_le", "-pk"]

    def __str__(self):
        return self.libelle


def dispositifs_du_jeune(jeune) -> list:
    """The file's dispositifs with their phases, read once per loaded file (the file page's
    section, the timeline and the messages' check of a « Décès » exit share it)."""
    if "_dispositifs" not in jeune.__dict__:
        jeune.__dict__["_dispositifs"] = list(
            Dispositif.objects.filter(jeune=jeune)
            .select_related("type", "motif_sortie")
            .prefetch_related(
                models.Prefetch("phases", queryset=Phase.objects.select_related("type"))
            )
        )
    return jeune.__dict__["_dispositifs"]
