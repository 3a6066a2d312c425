from dossiers.models import Adresse, StatutNormalisation
from dossiers.services import adresse_normaliser
from imilo.celery import app
from imilo.taches import TacheImilo


@app.task(base=TacheImilo, name="dossiers.renormaliser_adresses")
def renormaliser_adresses(lot: int = 2000) -> int:
    """Retry the current addresses left "à normaliser" (service down when they were typed)."""
    adresses = (
        Adresse.objects.courantes()
        .filter(statut=StatutNormalisation.A_NORMALISER)
        .select_related("commune")
        .order_by("pk")[:lot]
    )
    return sum(
        adresse_normaliser(adresse=adresse).statut != StatutNormalisation.A_NORMALISER
        for adresse in adresses
    )
