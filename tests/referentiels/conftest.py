import pytest

from referentiels import services
from tests.referentiels.factories import element


@pytest.fixture
def famille(db):
    return element("origine_venue", "famille_amis", "Famille / amis")


@pytest.fixture
def presse(db):
    return element("origine_venue", "presse_medias", "Presse, médias, internet")


@pytest.fixture
def bouche(ml_a, direction, famille):
    """A local element of ML A that duplicates the national « Famille / amis »."""
    return services.element_ajouter(
        structure=ml_a, table=famille.table, libelle="Bouche à oreille", par=direction
    )
