import pytest

from referentiels.recherche import communes_rechercher
from tests.referentiels.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def saint_pierre():
    charente = DepartementFactory(code="17", nom="Charente-Maritime")
    reunion = DepartementFactory(code="974", nom="La Réunion", zone="drom")
    return {
        "oleron": CommuneFactory(
            code_insee="17385", nom="Saint-Pierre-d'Oléron", departement=charente, population=6000
        ),
        "reunion": CommuneFactory(
            code_insee="97416", nom="Saint-Pierre", departement=reunion, population=84000
        ),
    }


def noms(resultats):
    return [c.nom for c in resultats]


def test_au_plus_dix_propositions():
    for n in range(15):
        CommuneFactory(nom=f"Villeneuve {n}")
    assert len(communes_rechercher("villeneuve")) == 10


def test_saint_pierre_17_se_limite_au_departement(saint_pierre):
    assert noms(communes_rechercher("Saint Pierre 17")) == ["Saint-Pierre-d'Oléron"]
    assert noms(communes_rechercher("St Pierre")) == ["Saint-Pierre", "Saint-Pierre-d'Oléron"]


def test_accents_casse_et_tirets_ignores(saint_pierre):
    assert noms(communes_rechercher("saint pierre d oleron")) == ["Saint-Pierre-d'Oléron"]


def test_code_985_trouve_mayotte():
    mayotte = DepartementFactory(code="976", nom="Mayotte", zone="drom")
    CommuneFactory(code_insee="97601", nom="Acoua", departement=mayotte)
    CommuneFactory(code_insee="35999", nom="Acouacourt")
    assert noms(communes_rechercher("985 Acoua")) == ["Acoua"]


def test_code_postal_ou_code_insee():
    rennes = CommuneFactory(code_insee="35238", nom="Rennes", codes_postaux=["35000", "35200"])
    assert list(communes_rechercher("35200")) == [rennes]
    assert list(communes_rechercher("35238")) == [rennes]


def test_commune_qui_n_est_plus_en_vigueur_non_proposee():
    CommuneFactory(nom="Ancienne", actif=False)
    assert noms(communes_rechercher("ancienne")) == []


def test_saisie_vide_ne_propose_rien():
    CommuneFactory()
    assert list(communes_rechercher("  ")) == []


def test_champ_commune_ne_confond_pas_code_insee_et_code_postal():
    from referentiels.forms import CommuneField

    bouches = DepartementFactory(code="13", nom="Bouches-du-Rhône")
    aix = CommuneFactory(code_insee="13001", nom="Aix-en-Provence", departement=bouches)
    marseille = CommuneFactory(
        code_insee="13201",
        nom="Marseille 1er Arrondissement",
        departement=bouches,
        codes_postaux=["13001"],
    )
    champ = CommuneField()
    assert champ.clean("13001 Aix-en-Provence (13)") == aix
    assert champ.clean("13001") == aix
    assert champ.clean("13001 Marseille") == marseille


def test_champ_commune_nom_exact_et_commune_retiree():
    from referentiels.forms import CommuneField

    agen = CommuneFactory(code_insee="47001", nom="Agen")
    CommuneFactory(code_insee="12001", nom="Agen-d'Aveyron")
    ancienne = CommuneFactory(code_insee="35999", nom="Ancienne", actif=False)
    champ = CommuneField()
    assert champ.clean("agen") == agen
    # A commune no longer in force stays valid for the files that point at it.
    assert champ.clean("35999 Ancienne (35)") == ancienne
