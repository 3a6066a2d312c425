from datetime import date

import pytest

from dossiers.models import Jeune
from tests.dossiers.factories import JeuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chloe(ml_a):
    return JeuneFactory(
        structure=ml_a,
        prenom="Chloé",
        nom_usage="Dupont",
        nom_naissance="Durand",
        date_naissance=date(2005, 3, 14),
        nir="205033523800156",
    )


def trouve(ml, texte):
    return list(Jeune.objects.de_la_structure(ml).rechercher(texte))


@pytest.mark.parametrize(
    "texte",
    [
        "dupont",
        "DUPONT chloe",
        "chloé dup",
        "Durand Chl",
        "dup",
        "14/03/2005",
        "2050335",
        "2 05 03",
    ],
)
def test_recherche_trouve(chloe, ml_a, texte):
    assert trouve(ml_a, texte) == [chloe]


@pytest.mark.parametrize("texte", ["pont", "chloé durant", "15/03/2005", "1050335", ""])
def test_recherche_ne_trouve_pas(chloe, ml_a, texte):
    assert trouve(ml_a, texte) == []


def test_recherche_limitee_a_la_ml(chloe, ml_b):
    assert trouve(ml_b, "dupont") == []
