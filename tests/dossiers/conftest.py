import pytest

from tests.dossiers.donnees import rendez_vous_demain


@pytest.fixture
def rdv(jeune_joignable, conseiller):
    """Tomorrow at 14:30 with `conseiller`, at a site with a full address (what the
    convocations and reminders print)."""
    return rendez_vous_demain(jeune_joignable, conseiller)
