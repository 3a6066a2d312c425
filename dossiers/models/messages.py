"""Letters, SMS and emails to the young person: the ML's templates and the record of every
message in the file (what, to whom, when, delivery status).

The rules of sending are in dossiers/messagerie.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from admin_ml.models import MissionLocale
from dossiers.enums import CanalMessage, StatutMessage
from dossiers.fusion import erreur_de_fusion
from dossiers.telephones import telephone_affiche
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet


class ModeleCourrierQuerySet(StructureQuerySet):
    def actifs(self):
        return self.filter(actif=True)


class ModeleCourrier(models.Model):
    """A letter, SMS or email template of one Mission Locale, with merge fields
    (dossiers/fusion.py). The standard ones carry a `code` and are created on demand."""

    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.CASCADE,
        related_name="modeles_courrier",
        verbose_name="mission locale",
    )
    code = models.SlugField("code du modèle standard", max_length=30, blank=True, editable=False)
    nom = models.CharField("nom", max_length=100)
    canal = models.CharField("canal", max_length=10, choices=CanalMessage.choices)
    objet = models.CharField(
        "objet",
        max_length=200,
        blank=True,
        help_text="Objet du courriel, ou ligne « Objet » du courrier.",
    )
    corps = models.TextField("texte")
    actif = models.BooleanField("actif", default=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = ModeleCourrierQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "modèle de message"
        verbose_name_plural = "modèles de message"
        ordering = ["canal", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "nom"],
                name="modele_courrier_nom_unique_par_ml",
                violation_error_message="La mission locale a déjà un modèle de ce nom.",
            ),
            models.UniqueConstraint(
                fields=["structure", "code"],
                condition=~Q(code=""),
                name="modele_courrier_standard_unique",
            ),
            models.CheckConstraint(
                condition=~Q(canal=CanalMessage.COURRIEL) | ~Q(objet=""),
                name="modele_courrier_objet_du_courriel",
                violation_error_message="Un courriel a un objet.",
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.get_canal_display()})"

    def clean(self):
        erreurs = {}
        for champ in ("objet", "corps"):
            erreur = erreur_de_fusion(getattr(self, champ))
            if erreur:
                erreurs[champ] = erreur
        if self.canal == CanalMessage.COURRIEL and not self.objet.strip():
            erreurs["objet"] = "Un courriel a un objet."
        if erreurs:
            raise ValidationError(erreurs)


class MessageQuerySet(StructureQuerySet):
    def filtres(self, *, canal: str = "", statut: str = ""):
        if canal:
            self = self.filter(canal=canal)
        if statut:
            self = self.filter(statut=statut)
        return self


class Message(models.Model):
    """A letter, SMS or email sent to the young person, as it was sent: the text and the
    recipient are copies, kept even if the template or the contact details change."""

    chemin_structure = "jeune__structure"

    jeune = models.ForeignKey(
        "dossiers.Jeune", on_delete=models.CASCADE, related_name="messages", verbose_name="jeune"
    )
    canal = models.CharField("canal", max_length=10, choices=CanalMessage.choices)
    destinataire = models.CharField(
        "destinataire",
        max_length=500,
        help_text="Adresse postale, numéro de mobile ou adresse électronique utilisés.",
    )
    objet = models.CharField("objet", max_length=200, blank=True)
    contenu = models.TextField("texte")
    rendez_vous = models.ForeignKey(
        "dossiers.RendezVous",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="rendez-vous",
    )
    modele = models.ForeignKey(
        ModeleCourrier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modèle",
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutMessage.choices, default=StatutMessage.EN_ATTENTE
    )
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    detail_statut = models.CharField("détail", max_length=500, blank=True)
    identifiant_fournisseur = models.CharField(
        "identifiant chez le fournisseur", max_length=200, blank=True
    )

    objects = MessageQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(canal=CanalMessage.COURRIER, statut=StatutMessage.IMPRIME)
                | (~Q(canal=CanalMessage.COURRIER) & ~Q(statut=StatutMessage.IMPRIME)),
                name="message_courrier_imprime",
                violation_error_message="Un courrier est imprimé ; seul un courrier l'est.",
            ),
            models.CheckConstraint(
                condition=Q(
                    statut__in=[StatutMessage.ENVOYE, StatutMessage.IMPRIME],
                    envoye_le__isnull=False,
                )
                | (
                    ~Q(statut__in=[StatutMessage.ENVOYE, StatutMessage.IMPRIME])
                    & Q(envoye_le__isnull=True)
                ),
                name="message_date_d_envoi",
                violation_error_message="Un message envoyé a sa date d'envoi, et lui seul.",
            ),
        ]
        indexes = [models.Index(fields=["jeune", "-created_at"], name="message_jeune_cree_idx")]

    def __str__(self):
        return f"{self.get_canal_display()} du {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    @property
    def en_echec(self) -> bool:
        return self.statut in (StatutMessage.ECHEC, StatutMessage.NON_ENVOYE)

    @property
    def destinataire_court(self) -> str:
        """The number as people read it, the email, or the first line of the address."""
        if self.canal == CanalMessage.SMS:
            return telephone_affiche(self.destinataire)
        return self.destinataire.splitlines()[0] if self.destinataire else ""


def messages_du_dossier(jeune) -> list[Message]:
    """Every message of the file, newest first, read once per page: the timeline and the
    file's "Messages" section (`jeune.messages.all`) share the same query."""
    prefetch_related_objects([jeune], "messages")
    return list(jeune.messages.all())
