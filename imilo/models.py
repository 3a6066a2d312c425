from django.db import models


class TacheEnAttente(models.Model):
    """A task that could not be queued (broker down): kept here, re-sent when Redis is back.

    Queuing a task never fails a counsellor's request (docs/architecture.md).
    """

    nom = models.CharField("tâche", max_length=200)
    args = models.JSONField("arguments positionnels", default=list)
    kwargs = models.JSONField("arguments nommés", default=dict)
    erreur = models.TextField("dernière erreur", blank=True)
    tentatives = models.PositiveIntegerField("tentatives", default=1)
    created_at = models.DateTimeField("mise en attente le", auto_now_add=True)
    updated_at = models.DateTimeField("dernière tentative le", auto_now=True)

    class Meta:
        verbose_name = "tâche en attente d'envoi"
        verbose_name_plural = "tâches en attente d'envoi"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.nom} ({self.tentatives} tentative(s))"
