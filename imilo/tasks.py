from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from imilo.celery import app
from imilo.models import TacheEnAttente
from imilo.taches import TacheImilo, envoyer_maintenant


@app.task(base=TacheImilo, name="imilo.envoyer_email")
def envoyer_email(*, sujet: str, corps: str, destinataires: list[str], html: str = "") -> None:
    """Send one email; queued so that a slow or broken SMTP server never blocks a page."""
    message = EmailMultiAlternatives(subject=sujet, body=corps, to=destinataires)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@app.task(base=TacheImilo, name="imilo.renvoyer_taches_en_attente")
def renvoyer_taches_en_attente(lot: int = 500) -> int:
    """Re-send the tasks kept while the broker was down; stops at the first failure."""
    renvoyees = 0
    with transaction.atomic():
        attente = TacheEnAttente.objects.select_for_update(skip_locked=True)[:lot]
        for tache in attente:
            if tache.nom not in app.tasks:
                # A task renamed or removed since: kept for ops to look at, never blocking.
                tache.erreur = "tâche inconnue de cette version"
                tache.save(update_fields=["erreur", "updated_at"])
                continue
            if not envoyer_maintenant(tache.nom, tache.args, tache.kwargs):
                tache.tentatives += 1
                tache.save(update_fields=["tentatives", "updated_at"])
                break
            tache.delete()
            renvoyees += 1
    return renvoyees
