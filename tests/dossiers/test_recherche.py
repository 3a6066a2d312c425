"""Finding a file: the search box (names, birth date, NIR) and the criteria of the list."""

import pytest
from django.urls import reverse

from dossiers.models import Jeune
from tests.dossiers.factories import JeuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chloe(ml_a):
    """Chloé DUPONT, born DURAND, with her NIR; followed by nobody yet."""
    return JeuneFactory(structure=ml_a, chloe=True, avec_nir=True, nom_naissance="Durand")


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


def test_sans_droit_de_voir_le_nir_pas_de_recherche_par_debut(client_de, accueil, jeune_avec_nir):
    client = client_de(accueil)
    assert client.get(reverse("dossiers:liste"), {"q": "2050335"}).status_code == 200
    reponse = client.get(reverse("dossiers:liste"), {"q": "2050335"})
    assert reponse.context["page"].paginator.count == 0
    # The complete number still finds the file.
    reponse = client.get(reverse("dossiers:liste"), {"q": "2 05 03 35 238 001 56"})
    assert reponse.status_code == 302


def test_criteres_invalides_ne_selectionnent_rien(client_de, conseiller, jeune):
    reponse = client_de(conseiller).get(reverse("dossiers:liste"), {"age_min": "150"})
    assert reponse.context["page"].paginator.count == 0
