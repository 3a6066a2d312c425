"""The one registry type (imilo.registres) and the navigation the apps register in it."""

import pytest
from django.urls import reverse

from imilo.context_processors import entree_courante
from imilo.registres import NAVIGATION, Registre

pytestmark = pytest.mark.django_db


def test_enregistrer_deux_fois_ne_double_pas_et_l_ordre_est_tenu():
    registre = Registre("essai", cle=lambda e: e[0], ordre=lambda e: e[1])
    registre.enregistrer(("b", 2))
    registre.enregistrer(("a", 1))
    # ready() may run twice (tests): the first registration of a key stays.
    assert registre.enregistrer(("b", 9)) == ("b", 9)
    assert list(registre) == [("a", 1), ("b", 2)]
    assert "b" in registre and registre["b"] == ("b", 2)
    registre.remplacer(("b", 0))
    assert list(registre) == [("b", 0), ("a", 1)]
    registre.retirer(("b", 0))
    assert list(registre) == [("a", 1)]
    assert registre.get("b") is None


def test_un_registre_sait_ou_il_est_declare():
    assert Registre("essai").module == __name__


@pytest.mark.parametrize(
    ("page", "entree"),
    [
        ("dossiers:fiche", "Jeunes"),
        ("dossiers:messages", "Jeunes"),
        ("dispositifs:dispositif", "Jeunes"),
        ("dossiers:agenda", "Agenda"),
        ("dossiers:pilotage", "Pilotage"),
        ("dossiers:evenements_liste", "Agenda"),
        ("dispositifs:allocations", "Allocations"),
        # Pages of other apps that belong to the ML's set-up.
        ("dispositifs:durees", "Ma structure"),
        ("dossiers:modeles_courrier", "Ma structure"),
        ("admin_ml:profils", "Utilisateurs"),
        ("offres:catalogue", "Offres"),
        ("referentiels:transferts_reference", "Tables de référence"),
        ("accueil", "Accueil"),
        ("compte", None),
    ],
)
def test_chaque_page_appartient_a_une_entree(page, entree):
    courante = entree_courante(page)
    assert (courante.libelle if courante else None) == entree


def test_l_entree_courante_est_marquee(client_de, direction):
    navigation = client_de(direction).get(reverse("dispositifs:durees")).context["navigation"]
    assert [e["libelle"] for e in navigation if e["actif"]] == ["Ma structure"]


def test_les_entrees_dans_leur_ordre():
    assert [entree.libelle for entree in NAVIGATION] == [
        "Accueil",
        "Jeunes",
        "Agenda",
        "Offres",
        "Allocations",
        "Pilotage",
        "Ma structure",
        "Utilisateurs",
        "Tables de référence",
    ]
