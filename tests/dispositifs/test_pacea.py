"""The PACEA's plan d'action (services/pacea.py and bilan.py): phases, objectives,
the end-of-phase interview, the Garantie jeunes and its CERFA numbers."""

from datetime import date

import pytest

from dispositifs import services
from dispositifs.models import (
    Objectif,
)
from dispositifs.regles import ajouter_mois
from dossiers.models import Evenement
from imilo.erreurs import RegleMetierError
from tests.dispositifs.donnees import aujourdhui, jours, motif, pacea
from tests.dispositifs.factories import DispositifFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import ElementReferenceFactory, element

pytestmark = pytest.mark.django_db


def test_plan_d_action_phases_et_objectifs(jeune, conseiller):
    parcours = pacea(jeune, conseiller)
    phase = services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=aujourdhui(),
        fin_prevue=jours(60),
        objectifs=["CV à jour", "", "Trois candidatures"],
    )
    assert [o.libelle for o in phase.objectifs.all()] == ["CV à jour", "Trois candidatures"]
    with pytest.raises(RegleMetierError, match="faites son bilan"):
        services.phase_ajouter(
            dispositif=parcours,
            par=conseiller,
            type=element("type_phase", "formation"),
            debut=aujourdhui(),
            fin_prevue=jours(30),
        )
    prolongee = services.phase_prolonger(phase=phase, par=conseiller, fin_prevue=jours(90))
    assert prolongee.fin_prevue == jours(90)


def test_type_de_phase_d_une_autre_ml_refuse(jeune, conseiller, ml_b):
    parcours = pacea(jeune, conseiller, entree_le=jours(-10))
    etranger = ElementReferenceFactory(
        table=element("type_phase", "emploi").table,
        code="atelier-b",
        libelle="Atelier de B",
        locale=True,
        structure=ml_b,
    )
    with pytest.raises(Exception, match="pas disponible pour la structure"):
        services.phase_ajouter(
            dispositif=parcours, par=conseiller, type=etranger, debut=jours(-1), fin_prevue=jours(9)
        )


def test_bilan_de_phase_note_l_evenement_et_ouvre_la_phase_suivante(jeune, conseiller):
    element("contexte", "bilan_phase_pacea", "Bilan de phase PACEA")
    parcours = pacea(jeune, conseiller, entree_le=jours(-30))
    phase = services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=jours(-30),
        fin_prevue=jours(0),
        objectifs=["CV", "Candidatures"],
    )
    cv = phase.objectifs.get(libelle="CV")
    services.bilan_de_phase(
        phase=phase,
        par=conseiller,
        le=aujourdhui(),
        decision="suivante",
        objectifs_atteints=[cv.pk],
        type_suivante=element("type_phase", "formation"),
        fin_prevue=jours(60),
        objectifs_suivante=["Entrer en formation"],
    )
    evenement = Evenement.objects.get(jeune=jeune)
    assert evenement.contexte.code == "bilan_phase_pacea"
    phase.refresh_from_db()
    assert phase.fin_reelle == aujourdhui()
    assert dict(Objectif.objects.filter(phase=phase).values_list("libelle", "etat")) == {
        "CV": "atteint",
        "Candidatures": "non_atteint",
    }
    assert parcours.phases.filter(fin_reelle__isnull=True).get().type.code == "formation"


def test_bilan_de_phase_jamais_a_l_avance_et_prolongation_qui_repousse(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-10))
    phase = services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=jours(-10),
        fin_prevue=jours(20),
    )
    with pytest.raises(RegleMetierError, match="pas à l'avance"):
        services.bilan_de_phase(
            phase=phase, par=conseiller, le=jours(3), decision="prolonger", fin_prevue=jours(40)
        )
    with pytest.raises(RegleMetierError, match="repousse la fin prévue"):
        services.phase_prolonger(phase=phase, par=conseiller, fin_prevue=jours(10))


def test_sortie_de_pacea_clot_phases_objectifs_et_releve_la_sortie(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-30))
    services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi"),
        debut=jours(-30),
        fin_prevue=jours(30),
        objectifs=["CV"],
    )
    sorti = services.dispositif_sortir(
        dispositif=parcours,
        par=conseiller,
        fin_reelle=aujourdhui(),
        motif_sortie=motif("autonomie"),
    )
    assert not sorti.phases.filter(fin_reelle__isnull=True).exists()
    assert Objectif.objects.get().etat == "non_atteint"
    assert (
        set(sorti.releve_entree)
        == set(sorti.releve_sortie)
        == {
            "situation",
            "hebergement",
            "mobilite",
            "couverture",
        }
    )


def test_garantie_jeunes_phase_de_pacea_avant_mars_2022(conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, age=20)
    parcours = pacea(jeune, conseiller, entree_le=jours(-10))
    with pytest.raises(RegleMetierError, match="février 2022"):
        services.phase_ajouter(
            dispositif=parcours,
            par=conseiller,
            type=element("type_phase", "garantie_jeunes"),
            debut=aujourdhui(),
            fin_prevue=jours(30),
        )


def _pacea_historique(jeune, conseiller, entree_le):
    """A PACEA of 2021 (history kept), written as the migration of old files does."""
    return DispositifFactory(
        jeune=jeune,
        par=conseiller,
        pacea=True,
        entree_le=entree_le,
        fin_prevue=ajouter_mois(entree_le, 24),
    )


def test_numerotation_cerfa_garantie_jeunes(conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, age=19)
    meme_jour = _pacea_historique(jeune, conseiller, date(2021, 3, 1))
    gj = services.phase_ajouter(
        dispositif=meme_jour,
        par=conseiller,
        type=element("type_phase", "garantie_jeunes"),
        debut=date(2021, 3, 1),
        fin_prevue=date(2021, 9, 1),
    )
    assert gj.numero_cerfa == 0
    autre = JeuneFactory(suivi_par=conseiller, age=19)
    apres = _pacea_historique(autre, conseiller, date(2021, 1, 4))
    premiere = services.phase_ajouter(
        dispositif=apres,
        par=conseiller,
        type=element("type_phase", "garantie_jeunes"),
        debut=date(2021, 2, 1),
        fin_prevue=date(2021, 8, 1),
    )
    premiere.fin_reelle = date(2021, 8, 1)
    premiere.save()
    renouvellement = services.phase_ajouter(
        dispositif=apres,
        par=conseiller,
        type=element("type_phase", "garantie_jeunes"),
        debut=date(2021, 8, 2),
        fin_prevue=date(2022, 2, 1),
    )
    assert (premiere.numero_cerfa, renouvellement.numero_cerfa) == (1, 2)
