"""Demo messages: each ML's standard templates, convocations and reminders for the
appointments of the coming days, and a note of what a closed channel looks like."""

from datetime import timedelta

from django.utils import timezone

from dossiers.enums import CanalMessage, StatutRendezVous
from dossiers.messagerie import empechements, message_envoyer, modele_standard, modeles_par_defaut
from dossiers.models import Jeune, Message
from dossiers.services import rendez_vous_planifier


def peupler_messages(demo) -> None:
    """Safe to re-run: a file that already has messages is left as it is."""
    for structure in demo.objets.get("structures", []):
        ml, lieux = structure["ml"], structure["lieux"]
        direction = structure["utilisateurs"].get("direction")
        modeles_par_defaut(structure=ml, par=direction)
        modeles = {
            canal: modele_standard(structure=ml, canal=canal) for canal in CanalMessage.values
        }
        jeunes = (
            Jeune.objects.filter(structure=ml, conseiller_referent__isnull=False)
            .exclude(pk__in=Message.objects.values("jeune"))
            .select_related("conseiller_referent")
            .prefetch_related("adresses")
            .order_by("pk")[:6]
        )
        envoyes = 0
        for rang, jeune in enumerate(jeunes):
            conseiller = jeune.conseiller_referent
            rendez_vous = _rendez_vous_a_venir(jeune, rang, conseiller, lieux)
            for canal in CanalMessage.values:
                if empechements(jeune, rendez_vous)[canal]:
                    continue
                message_envoyer(
                    jeune=jeune,
                    par=conseiller,
                    canal=canal,
                    modele=modeles[canal],
                    rendez_vous=rendez_vous,
                )
                envoyes += 1
        demo.resume.append(f"{ml.nom} : {envoyes} messages (convocations, rappels)")


def _rendez_vous_a_venir(jeune, rang, conseiller, lieux):
    """The young person's next planned appointment, or one in the coming days."""
    existant = (
        jeune.rendez_vous.filter(statut=StatutRendezVous.PREVU, debut__gt=timezone.now())
        .order_by("debut")
        .first()
    )
    if existant is not None:
        return existant
    jour = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    return rendez_vous_planifier(
        jeune=jeune,
        par=conseiller,
        debut=jour + timedelta(days=2 + rang % 3, minutes=30 * rang),
        duree=45,
        conseiller=conseiller,
        objet="Point d'étape sur le projet",
        lieu=lieux[rang % len(lieux)],
    )
