"""History of case data, with its author, whatever wrote the row.

Models holding case data declare `history = historique()`. The author of a change is:
- in a request, the signed-in user (simple_history's request middleware);
- in a task or a command, the user given to `agir_en_tant_que(...)`, which the Celery base
  task (imilo.taches) and the commands' base (imilo.commandes) set up.
Services save through `enregistrer(objet, par=…)`. Every historical row also says where
the change came from (`history_origine`: "web", "tâche …", "commande …"), so a change made
by a night job is never anonymous.
"""

import contextvars
from contextlib import contextmanager

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_update_with_history

_acteur: contextvars.ContextVar = contextvars.ContextVar("acteur", default=None)


@contextmanager
def agir_en_tant_que(utilisateur=None, *, origine: str):
    jeton = _acteur.set((utilisateur, origine))
    try:
        yield
    finally:
        _acteur.reset(jeton)


def _auteur(instance=None, request=None, **kwargs):
    courant = _acteur.get()
    if courant is not None:
        return courant[0]
    if request is not None:
        return request.user
    return None


class OrigineHistorique(models.Model):
    history_origine = models.CharField("origine de la modification", max_length=200, blank=True)

    class Meta:
        abstract = True


def enregistrer(objet, *, par, raison: str = "", champs: list[str] | None = None):
    """The one way a service saves a row: every rule of the model checked (`full_clean`),
    then saved with its author (and the reason, when the act has one) in its history.
    `champs`: only these columns, which the service computed itself on a row already valid
    (a certification date, a normalisation result): saved without `full_clean`."""
    if champs is None:
        objet.full_clean()
    _noter_auteur(objet, par, raison)
    objet.save(update_fields=champs)
    return objet


def supprimer(objet, *, par, raison: str = "") -> None:
    """Delete a row, its last historical version naming who deleted it."""
    _noter_auteur(objet, par, raison)
    objet.delete()


def _noter_auteur(objet, par, raison: str) -> None:
    # Without `par` (a nightly job acting for nobody), the author is the one of the context
    # (`agir_en_tant_que`, or the signed-in user).
    if par is not None:
        objet._history_user = par
    if raison:
        objet._change_reason = raison


def modifier_en_masse(queryset, *, par, raison: str, **champs) -> int:
    """Set `champs` on every row of `queryset` (locked while the transaction lasts): one
    UPDATE per batch and one historical row per row, with its author and the reason. For
    group actions, inside the caller's transaction."""
    lignes = list(queryset.select_for_update(of=("self",)))
    for ligne in lignes:
        for champ, valeur in champs.items():
            setattr(ligne, champ, valeur)
    bulk_update_with_history(
        lignes,
        queryset.model,
        list(champs),
        batch_size=500,
        default_user=par,
        default_change_reason=raison,
    )
    return len(lignes)


def historique(**kwargs) -> HistoricalRecords:
    return HistoricalRecords(get_user=_auteur, bases=[OrigineHistorique], **kwargs)


@receiver(pre_create_historical_record)
def _noter_origine(sender, history_instance, **kwargs):
    courant = _acteur.get()
    if courant is not None:
        history_instance.history_origine = courant[1][:200]
    elif getattr(HistoricalRecords.context, "request", None) is not None:
        history_instance.history_origine = "web"
