"""What the Mission Locale offers young people: its offres de service, their sessions and the
enrolments; companies and partners with their job offers (models_entreprises.py); the
training catalogue and the mises en relation (models_formations.py).

Rules live in `services.py`; the database holds what it can (constraints below)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from admin_ml.models import LieuAccueil, MissionLocale
from dossiers.enums import ThemeProposition
from dossiers.models import Evenement, Jeune, Proposition
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet, hors_de_la_structure
from offres.enums import (
    ETATS_INSCRIPTION_OCCUPANT,
    ETATS_OFFRE_ACTIFS,
    EtatInscription,
    EtatOffre,
    NiveauCep,
)
from offres.models_base import Saisie
from referentiels.models import ReferenceField, elements_indisponibles


class OffreDeServiceQuerySet(StructureQuerySet):
    def actives(self):
        """En cours and permanent: what the catalogue shows by default."""
        return self.filter(etat__in=ETATS_OFFRE_ACTIFS)


class OffreDeService(Saisie):
    """An offre de service of the ML's catalogue (« P61 Ateliers projets »)."""

    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.PROTECT,
        related_name="offres_de_service",
        verbose_name="mission locale",
    )
    code = models.CharField("code", max_length=10, help_text="Par exemple P61.")
    intitule = models.CharField("intitulé", max_length=200)
    groupe = ReferenceField(table="groupe_offre", null=True, blank=True, verbose_name="groupe")
    theme = models.CharField(
        "thème",
        max_length=12,
        choices=ThemeProposition.choices,
        help_text="Le thème de la proposition notée dans le dossier à l'inscription.",
    )
    description = models.TextField("description", blank=True)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="offres_de_service_suivies",
        verbose_name="conseiller référent",
    )
    etat = models.CharField(
        "état", max_length=10, choices=EtatOffre.choices, default=EtatOffre.EN_COURS
    )
    debut = models.DateField("début", null=True, blank=True)
    fin = models.DateField("fin", null=True, blank=True)
    places = models.PositiveIntegerField(
        "places",
        null=True,
        blank=True,
        help_text="Toutes sessions confondues ; vide : sans limite.",
    )
    lieu = models.ForeignKey(
        LieuAccueil,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lieu d'accueil",
    )
    # Seed 000: each offre de service is mapped to a CEP level; the motif de sollicitation
    # of the CEP is deduced from the offer.
    niveau_cep = models.PositiveSmallIntegerField(
        "niveau CEP", choices=NiveauCep.choices, null=True, blank=True
    )
    motif_sollicitation = ReferenceField(
        table="motif_sollicitation_cep",
        null=True,
        blank=True,
        verbose_name="motif de sollicitation CEP",
    )

    objects = OffreDeServiceQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "offre de service"
        verbose_name_plural = "offres de service"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "code"],
                name="offre_code_unique_par_ml",
                violation_error_message="La mission locale a déjà une offre de service de ce code.",
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True)
                | Q(debut__isnull=True)
                | Q(fin__gte=models.F("debut")),
                name="offre_fin_apres_debut",
                violation_error_message="La fin de l'offre ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=~Q(etat=EtatOffre.PERMANENT) | Q(fin__isnull=True),
                name="offre_permanente_sans_fin",
                violation_error_message="Une offre permanente n'a pas de date de fin.",
            ),
            models.CheckConstraint(
                condition=Q(niveau_cep__isnull=True, motif_sollicitation__isnull=True)
                | Q(niveau_cep__in=NiveauCep.values, motif_sollicitation__isnull=False),
                name="offre_cep_avec_motif",
                violation_error_message=(
                    "Une offre de niveau CEP indique le motif de sollicitation, et seule elle "
                    "en a un."
                ),
            ),
            models.CheckConstraint(
                condition=Q(places__isnull=True) | Q(places__gte=1),
                name="offre_places_positives",
                violation_error_message="Une offre a au moins une place (vide : sans limite).",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.intitule}"

    def get_absolute_url(self):
        return reverse("offres:offre", kwargs={"offre_id": self.pk})

    @property
    def active(self) -> bool:
        return self.etat in ETATS_OFFRE_ACTIFS

    def clean(self):
        erreurs = elements_indisponibles(self, self.structure) | hors_de_la_structure(
            self, self.structure_id, "referent", "lieu"
        )
        if erreurs:
            raise ValidationError(erreurs)


class SessionQuerySet(StructureQuerySet):
    def avec_inscrits(self):
        """Each session with `inscrits`, the enrolments that hold a place (one query)."""
        return self.annotate(
            inscrits=Count(
                "inscriptions", filter=Q(inscriptions__etat__in=ETATS_INSCRIPTION_OCCUPANT)
            )
        )

    def entre(self, debut, fin):
        return self.filter(debut__gte=debut, debut__lt=fin)

    def ou_sont_inscrits(self, inscriptions):
        """The sessions `inscriptions` hold a place in (once each)."""
        return self.filter(pk__in=inscriptions.values("session"))

    def avec_presence(self, inscriptions=None):
        """Each session with `nombre_inscrits` (enrolments that hold a place) and
        `nombre_presents` (noted « réalisé ») among `inscriptions` (all by default), one
        query: a subquery each."""
        inscriptions = Inscription.objects.all() if inscriptions is None else inscriptions
        inscriptions = inscriptions.occupant().filter(session=OuterRef("pk")).order_by()

        def compte(lignes):
            nombre = lignes.values("session").annotate(nombre=Count("pk")).values("nombre")
            return Coalesce(Subquery(nombre), 0)

        return self.annotate(
            nombre_inscrits=compte(inscriptions),
            nombre_presents=compte(inscriptions.filter(etat=EtatInscription.REALISE)),
        )


class Session(Saisie):
    """A dated occurrence of an offer: an atelier, an information collective…"""

    chemin_structure = "offre__structure"

    offre = models.ForeignKey(
        OffreDeService, on_delete=models.PROTECT, related_name="sessions", verbose_name="offre"
    )
    type = ReferenceField(table="type_session", verbose_name="type de session")
    debut = models.DateTimeField("date et heure")
    duree = models.PositiveSmallIntegerField("durée (minutes)", default=120)
    lieu = models.ForeignKey(
        LieuAccueil,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lieu d'accueil",
    )
    lieu_autre = models.CharField("autre lieu", max_length=200, blank=True)
    capacite = models.PositiveSmallIntegerField("capacité (places)")
    animateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sessions_animees",
        verbose_name="animateur",
    )
    date_limite_inscription = models.DateField(
        "date limite d'inscription",
        null=True,
        blank=True,
        help_text="Vide : on peut s'inscrire jusqu'à la session.",
    )

    objects = SessionQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacite__gte=1),
                name="session_capacite_positive",
                violation_error_message="Une session a au moins une place.",
            ),
            models.CheckConstraint(
                condition=Q(duree__gte=15, duree__lte=720),
                name="session_duree_plausible",
                violation_error_message="Une session dure de 15 minutes à 12 heures.",
            ),
            models.CheckConstraint(
                condition=Q(lieu__isnull=False) | ~Q(lieu_autre=""),
                name="session_lieu_indique",
                violation_error_message="Indiquez le lieu d'accueil ou un autre lieu.",
            ),
        ]
        indexes = [models.Index(fields=["animateur", "debut"], name="session_animateur_debut_idx")]

    def __str__(self):
        return f"{self.offre.code} — {timezone.localtime(self.debut):%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("offres:session", kwargs={"session_id": self.pk})

    @property
    def fin(self):
        return self.debut + timedelta(minutes=self.duree)

    @property
    def ou(self) -> str:
        return self.lieu.nom if self.lieu_id else self.lieu_autre

    @property
    def passee(self) -> bool:
        return self.debut <= timezone.now()

    def clean(self):
        erreurs = elements_indisponibles(self, self.offre.structure) | hors_de_la_structure(
            self, self.offre.structure_id, "animateur", "lieu"
        )
        if (
            self.date_limite_inscription
            and self.debut
            and self.date_limite_inscription > timezone.localtime(self.debut).date()
        ):
            erreurs["date_limite_inscription"] = (
                "La date limite d'inscription ne peut pas suivre la session."
            )
        if erreurs:
            raise ValidationError(erreurs)


class InscriptionQuerySet(StructureQuerySet):
    def occupant(self):
        return self.filter(etat__in=ETATS_INSCRIPTION_OCCUPANT)


class Inscription(models.Model):
    """A young person enrolled on an offer (and one of its sessions, if it has some).

    Enrolment notes the proposition in the file; « réalisé » closes it and notes the event:
    the counsellor types the fact once."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        Jeune, on_delete=models.CASCADE, related_name="inscriptions", verbose_name="jeune"
    )
    offre = models.ForeignKey(
        OffreDeService,
        on_delete=models.PROTECT,
        related_name="inscriptions",
        verbose_name="offre de service",
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inscriptions",
        verbose_name="session",
    )
    etat = models.CharField(
        "état", max_length=12, choices=EtatInscription.choices, default=EtatInscription.PRESCRIT
    )
    prescrit_le = models.DateField("prescrit le", default=timezone.localdate)
    prescrit_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="prescrit par",
    )
    cloturee_le = models.DateField("réalisé ou refusé le", null=True, blank=True)
    commentaire = models.CharField("commentaire", max_length=300, blank=True)
    proposition = models.OneToOneField(
        Proposition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inscription",
        verbose_name="proposition du dossier",
    )
    evenement = models.OneToOneField(
        Evenement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inscription",
        verbose_name="événement du dossier",
    )

    objects = InscriptionQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["-prescrit_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat=EtatInscription.PRESCRIT, cloturee_le__isnull=True)
                | (~Q(etat=EtatInscription.PRESCRIT) & Q(cloturee_le__isnull=False)),
                name="inscription_date_si_cloturee",
                violation_error_message=(
                    "Une inscription réalisée ou refusée a sa date, et elle seule."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cloturee_le__isnull=True) | Q(cloturee_le__gte=models.F("prescrit_le")),
                name="inscription_cloture_apres_prescription",
                violation_error_message="La réalisation ne peut pas précéder la prescription.",
            ),
            models.UniqueConstraint(
                fields=["jeune", "session"],
                condition=Q(session__isnull=False, etat__in=ETATS_INSCRIPTION_OCCUPANT),
                name="inscription_unique_par_session",
                violation_error_message="Ce jeune est déjà inscrit à cette session.",
            ),
            models.UniqueConstraint(
                fields=["jeune", "offre"],
                condition=Q(session__isnull=True, etat=EtatInscription.PRESCRIT),
                name="inscription_en_cours_unique_par_offre",
                violation_error_message="Ce jeune a déjà une inscription en cours à cette offre.",
            ),
        ]

    def __str__(self):
        cible = self.session if self.session_id else self.offre
        return f"{cible} ({self.get_etat_display()})"

    @property
    def cloturee(self) -> bool:
        return self.etat != EtatInscription.PRESCRIT

    def clean(self):
        erreurs = (
            hors_de_la_structure(self, self.jeune.structure_id, "offre") if self.jeune_id else {}
        )
        if self.session_id and self.session.offre_id != self.offre_id:
            erreurs["session"] = "Cette session n'est pas une session de l'offre."
        if self.prescrit_le and self.prescrit_le > timezone.localdate():
            erreurs["prescrit_le"] = "La date de prescription ne peut pas être future."
        if erreurs:
            raise ValidationError(erreurs)


from offres.models_entreprises import ContactEntreprise, Entreprise, OffreEmploi  # noqa: E402, F401
from offres.models_formations import ActionFormation, MiseEnRelation  # noqa: E402, F401
