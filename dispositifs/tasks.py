import logging

from dispositifs.models import Dispositif
from imilo.celery import app
from imilo.erreurs import RegleMetierError
from imilo.taches import TacheImilo

logger = logging.getLogger(__name__)


@app.task(base=TacheImilo, name="dispositifs.generer_cerfa")
def generer_cerfa(dispositif_id: int, demandeur_id: int | None = None) -> int | None:
    """Generate the CERFA of a PACEA or a CEJ into the youth file's documents; safe to
    re-run (the same data never make a second document). Returns the document's id."""
    # Imported here: dispositifs.cerfa queues this task.
    from dispositifs.cerfa import cerfa_generer

    try:
        document = cerfa_generer(dispositif_id=dispositif_id, demandeur_id=demandeur_id)
    except Dispositif.DoesNotExist:
        logger.warning("CERFA non généré : le dispositif %s n'existe plus.", dispositif_id)
        return None
    except RegleMetierError as refus:
        # Nothing to retry: the page shows the reason next to the button again.
        logger.warning("CERFA du dispositif %s refusé : %s", dispositif_id, refus.message)
        return None
    return document.pk
