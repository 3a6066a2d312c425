"""What every record a counsellor types in offres carries: who created it and when (the
history says who changed it since)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


def champ_auteur(verbose_name: str = "créée par") -> models.ForeignKey:
    """The author of the record; `verbose_name` as the record's pages say it (« saisie
    par » for a job offer, « proposée par » for a mise en relation)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
    )


class Saisie(models.Model):
    created_by = champ_auteur()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
