"""Who may be référent, prescripteur, or validate allocations: one rule each (admin_ml),
read as a list by the forms and as a predicate by the services; both always agree."""

import pytest

from admin_ml.models import Utilisateur
from imilo.droits import Droit
from tests.admin_ml.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipe(ml_a, ml_b):
    return {
        "referent": UtilisateurFactory(structure=ml_a),
        "parti": UtilisateurFactory(structure=ml_a, desactive=True),
        "accueil": UtilisateurFactory(structure=ml_a, accueil=True),
        "prescripteur": UtilisateurFactory(structure=ml_a, fonction_prescripteur=True),
        "validateur": UtilisateurFactory(structure=ml_a, validateur=True, delegation_rgs=True),
        "sans_delegation": UtilisateurFactory(structure=ml_a, validateur=True),
        "ailleurs": UtilisateurFactory(structure=ml_b),
    }


def test_referents_possibles(ml_a, equipe):
    liste = set(Utilisateur.objects.de_la_structure(ml_a).referents_possibles())
    assert liste == {
        equipe["referent"],
        equipe["prescripteur"],
        equipe["validateur"],
        equipe["sans_delegation"],
    }
    for utilisateur in equipe.values():
        assert utilisateur.peut_etre_referent(ml_a) == (utilisateur in liste)
    # The id of the ML does as well as the ML.
    assert equipe["referent"].peut_etre_referent(ml_a.pk)


def test_prescripteurs_possibles(ml_a, equipe):
    liste = set(Utilisateur.objects.de_la_structure(ml_a).prescripteurs_possibles())
    assert liste == {equipe["prescripteur"]}
    for utilisateur in equipe.values():
        assert utilisateur.peut_etre_prescripteur(ml_a) == (utilisateur in liste)


def test_qui_peut_valider(ml_a, equipe):
    liste = set(Utilisateur.objects.de_la_structure(ml_a).peuvent_valider())
    assert liste == {equipe["validateur"]}
    for utilisateur in equipe.values():
        assert utilisateur.peut_valider_les_allocations == (utilisateur in liste)
    assert equipe["validateur"].a_le_droit(Droit.DISPOSITIFS_VALIDER_ALLOCATION)
