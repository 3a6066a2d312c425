import pytest

from tests.offres.donnees import offre_de


@pytest.fixture
def offre(conseiller):
    """P61 « Ateliers projets » of ML A, in progress, `conseiller` its référent."""
    return offre_de(conseiller)
