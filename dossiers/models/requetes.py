"""Saved searches (« requêtes »): a search's criteria and an export's columns kept under a
name, for their author or shared with the ML."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from admin_ml.models import MissionLocale
from imilo.historique import historique
from imilo.tenancy import StructureQuerySet


class RequeteQuerySet(StructureQuerySet):
    def visibles_par(self, utilisateur):
        """The user's own, and those shared within the ML."""
        return self.de_la_structure(utilisateur.structure).filter(
            Q(created_by=utilisateur) | Q(partagee=True)
        )


class Requete(models.Model):
    chemin_structure = "structure"

    structure = models.ForeignKey(
        MissionLocale,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="mission locale",
    )
    nom = models.CharField("nom", max_length=120)
    # The search's query string (criteria and text), without the page number.
    parametres = models.TextField("critères", blank=True)
    colonnes = models.JSONField("colonnes de l'export", default=list, blank=True)
    partagee = models.BooleanField(
        "partagée avec la mission locale",
        default=False,
        help_text="Visible et utilisable par toute l'équipe ; seul son auteur la supprime.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="enregistrée par",
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    objects = RequeteQuerySet.as_manager()
    history = historique()

    class Meta:
        verbose_name = "requête enregistrée"
        verbose_name_plural = "requêtes enregistrées"
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "nom"],
                name="requete_nom_unique_par_auteur",
                violation_error_message=(
                    "Vous avez déjà une requête de ce nom : choisissez-en un autre."
                ),
            ),
        ]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        """The search again, its export's columns ticked."""
        parametres = "&".join(
            filter(None, [self.parametres, urlencode([("colonnes", c) for c in self.colonnes])])
        )
        url = reverse("dossiers:liste")
        return f"{url}?{parametres}" if parametres else url
