import pytest


@pytest.fixture
def conseiller(conseiller):
    """Here the counsellor also prescribes: the dispositifs are entered in his name, as
    prescripteur and référent (a rule of dispositifs.services)."""
    conseiller.fonction_prescripteur = True
    conseiller.save(update_fields=["fonction_prescripteur"])
    return conseiller
