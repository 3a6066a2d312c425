from django.db.models import F

from dossiers.enums import StatutNormalisation
from dossiers.models import Adresse
from dossiers.services import adresse_normaliser
from imilo.celery import app
from imilo.taches import TacheImilo


@app.task(base=TacheImilo, name="dossiers.renormaliser_adresses")
def renormaliser_adresses(lot: int = 2000) -> int:
    """Retry the current addresses left "à normaliser" (service down when they were typed),
    least recently tried first, so that every address gets its turn."""
    adresses = (
        Adresse.objects.courantes()
        .filter(statut=StatutNormalisation.A_NORMALISER)
        .select_related("commune")
        .order_by(F("normalisation_tentee_le").asc(nulls_first=True), "pk")[:lot]
    )
    return sum(
        adresse_normaliser(adresse=adresse).statut != StatutNormalisation.A_NORMALISER
        for adresse in adresses
    )


@app.task(base=TacheImilo, name="dossiers.expedier_message")
def expedier_message(message_id: int) -> str | None:
    """Send one SMS or email recorded in a file; safe to re-run (never sent twice)."""
    # Imported here: dossiers.messagerie queues this task.
    from dossiers.messagerie import message_expedier

    return message_expedier(message_id=message_id)
