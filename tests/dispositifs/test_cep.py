"""The CEP opened or raised by an offer of a CEP level, and undoing it
(services/cep.py)."""

import pytest

from dispositifs import services
from dispositifs.models import (
    ActionAutomatique,
    Dispositif,
)
from imilo.erreurs import RegleMetierError
from tests.dispositifs.donnees import entrer, jours, type_dispositif
from tests.dispositifs.factories import DispositifFactory
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


@pytest.fixture
def cep_elements():
    type_dispositif("cep")
    element("aiguilleur_cep", "suite_niveau_1")
    element("aiguilleur_cep", "entree_directe")
    return element("motif_sollicitation_cep", "projet", "Construire un projet")


def test_cep_ouvert_par_une_offre_de_niveau_2(jeune, conseiller, cep_elements):
    action = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
    )
    cep = action.dispositif
    assert (cep.niveau_cep, cep.aiguilleur.code, cep.motif_sollicitation) == (
        2,
        "entree_directe",
        cep_elements,
    )
    assert "P61 est une offre de niveau CEP 2" in action.raison


def test_cep_passe_du_niveau_2_au_niveau_3_et_s_annule(jeune, conseiller, cep_elements):
    services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
    )
    hausse = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=3, motif_sollicitation=cep_elements, origine="P62"
    )
    assert hausse.dispositif.niveau_cep == 3
    assert (
        services.cep_mobiliser(
            jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
        )
        is None
    )
    services.action_annuler(action=hausse, par=conseiller)
    hausse.dispositif.refresh_from_db()
    assert hausse.dispositif.niveau_cep == 2
    ouverture = ActionAutomatique.objects.exclude(pk=hausse.pk).get()
    services.action_annuler(action=ouverture, par=conseiller)
    assert not Dispositif.objects.filter(type__code="cep").exists()


def test_cep_apres_un_niveau_1_aiguilleur_suite_niveau_1(jeune, conseiller, cep_elements):
    ancien = DispositifFactory(
        jeune=jeune,
        par=conseiller,
        code="cep",
        sorti=True,
        motif="objectif_atteint",
        entree_le=jours(-30),
        fin_prevue=jours(30),
        fin_reelle=jours(-5),
        niveau_cep=1,
    )
    action = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=3, motif_sollicitation=cep_elements, origine="P70"
    )
    assert action.dispositif.pk != ancien.pk
    assert action.dispositif.aiguilleur.code == "suite_niveau_1"


def test_cep_niveau_1_puis_niveau_2_aiguilleur_suite_niveau_1(jeune, conseiller, cep_elements):
    ouverture = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=1, motif_sollicitation=cep_elements, origine="P10"
    )
    assert (ouverture.dispositif.niveau_cep, ouverture.dispositif.aiguilleur) == (1, None)
    hausse = services.cep_mobiliser(
        jeune=jeune, par=conseiller, niveau=2, motif_sollicitation=cep_elements, origine="P61"
    )
    assert hausse.dispositif.aiguilleur.code == "suite_niveau_1"
    services.action_annuler(action=hausse, par=conseiller)
    hausse.dispositif.refresh_from_db()
    assert (hausse.dispositif.niveau_cep, hausse.dispositif.aiguilleur) == (1, None)


def test_cep_jamais_saisi_a_la_main(jeune, conseiller):
    with pytest.raises(RegleMetierError, match="s'ouvre seul"):
        entrer(jeune, conseiller, "cep")
