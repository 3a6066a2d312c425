"""Queuing background work: on commit, never failing the request, always with an author.

- `mettre_en_file(tache, ..., par=user)` queues after the transaction commits; if the broker
  is unreachable the task is kept in `TacheEnAttente` and re-sent every minute by
  `imilo.renvoyer_taches_en_attente`.
- `TacheImilo`, the base of every task, runs the task body as its author (`par_id`) so that
  history records who asked for the change, and as origin "tâche <name>".
"""

import logging

from celery import Task
from django.contrib.auth import get_user_model
from django.db import transaction
from kombu.exceptions import OperationalError

from imilo.celery import app
from imilo.historique import agir_en_tant_que
from imilo.models import TacheEnAttente

logger = logging.getLogger(__name__)

# What a broker outage raises when publishing: kombu's wrapper and the raw socket errors
# (ConnectionError and TimeoutError are OSErrors).
ERREURS_BROKER = (OperationalError, OSError)


class TacheImilo(Task):
    # `par_id` travels with every task but is not a parameter of the task's function.
    typing = False

    def __call__(self, *args, **kwargs):
        par_id = kwargs.pop("par_id", None)
        auteur = get_user_model().objects.filter(pk=par_id).first() if par_id else None
        with agir_en_tant_que(auteur, origine=f"tâche {self.name}"):
            return super().__call__(*args, **kwargs)


def envoyer_maintenant(nom: str, args: list, kwargs: dict) -> bool:
    """Publish one task; False (and logged) when the broker cannot be reached."""
    try:
        app.tasks[nom].apply_async(args=args, kwargs=kwargs)
    except ERREURS_BROKER as exc:
        logger.warning("Broker injoignable pour %s : %s", nom, exc)
        return False
    return True


def _envoyer_ou_garder(nom: str, args: list, kwargs: dict) -> None:
    if not envoyer_maintenant(nom, args, kwargs):
        TacheEnAttente.objects.create(
            nom=nom, args=args, kwargs=kwargs, erreur="broker injoignable"
        )


def mettre_en_file(tache, *args, par=None, **kwargs) -> None:
    if par is not None and par.pk:
        kwargs["par_id"] = par.pk
    transaction.on_commit(lambda: _envoyer_ou_garder(tache.name, list(args), kwargs))
