import pytest

from tests.dispositifs.donnees import jeune_de


@pytest.fixture
def jeune(conseiller):
    """A young person of 20 followed by `conseiller`, who also prescribes."""
    return jeune_de(conseiller)
