"""The company register (offres/sirene.py): the API « Recherche d'entreprises » through
its real class (ApiRechercheEntreprises) and real transport, against a stand-in on the
loopback or with urllib's opener patched; what an outage leaves for the counsellor."""

import io
import json
from unittest import mock

import pytest

from offres import services_entreprises as services
from offres.sirene import ApiRechercheEntreprises, RegistreIndisponible

pytestmark = pytest.mark.django_db

# Establishments of the shipped register (offres/data/entreprises_exemple.csv).
ECLUSE = "84377210400017"
SIEGE_ECLUSE = "84377210400025"


def unite(siren="843772104", siege=None, etablissements=()):
    """A legal unit as the API answers it, with its head office and matching establishments."""
    return {
        "siren": siren,
        "nom_raison_sociale": "SAS L'ECLUSE",
        "nature_juridique": "5720",
        "tranche_effectif_salarie": "03",
        "activite_principale": "56.10A",
        "siege": siege or {"siret": SIEGE_ECLUSE, "etat_administratif": "A"},
        "matching_etablissements": list(etablissements),
    }


QUAI = {
    "siret": ECLUSE,
    "numero_voie": "1",
    "type_voie": "QUAI",
    "libelle_voie": "SAINT-CYR",
    "code_postal": "35000",
    "commune": "35238",
    "etat_administratif": "A",
    "liste_enseignes": ["RESTAURANT L'ECLUSE"],
}


@pytest.fixture
def api_locale(settings, serveur_http):
    """The register's API, stood in for on the loopback."""
    settings.ENTREPRISES_API_URL = serveur_http.url
    settings.ENTREPRISES_API_TIMEOUT = 2
    return serveur_http


def test_registre_api_lit_la_reponse_de_recherche_entreprises(settings):
    settings.ENTREPRISES_API_URL = "https://registre.example.org/"
    reponse = {"results": [unite(etablissements=[QUAI])]}
    corps = io.BytesIO(json.dumps(reponse).encode())
    with mock.patch("urllib.request.urlopen") as ouvrir:
        ouvrir.return_value.__enter__.return_value = corps
        trouves = ApiRechercheEntreprises().chercher(ECLUSE)
    requete = ouvrir.call_args.args[0]
    assert requete.full_url.startswith("https://registre.example.org/search?q=84377210400017")
    assert ouvrir.call_args.kwargs["timeout"] == settings.ENTREPRISES_API_TIMEOUT
    [etablissement] = trouves
    assert etablissement.siret == ECLUSE
    assert etablissement.voie == "1 QUAI SAINT-CYR"
    assert etablissement.enseigne == "RESTAURANT L'ECLUSE"
    assert etablissement.categorie_juridique_libelle.startswith("Société par actions simplifiée")


def test_registre_api_en_panne_leve_indisponible():
    with (
        mock.patch("urllib.request.urlopen", side_effect=TimeoutError("délai")),
        pytest.raises(RegistreIndisponible),
    ):
        ApiRechercheEntreprises().chercher(ECLUSE)


def test_registre_api_demande_le_numero_en_json(api_locale):
    api_locale.repondre(reponse={"results": []})
    ApiRechercheEntreprises().chercher(ECLUSE)
    (requete,) = api_locale.recues
    assert (requete.methode, requete.chemin) == ("GET", "/search")
    assert requete.parametres == {"q": [ECLUSE], "page": ["1"], "per_page": ["5"]}
    assert requete.entetes["Accept"] == "application/json"


def test_registre_api_siren_rend_le_siege_et_les_etablissements_une_fois(api_locale):
    ferme = {**QUAI, "siret": "84377210400033", "etat_administratif": "F"}
    api_locale.repondre(
        reponse={
            "results": [
                # The head office also among the matching establishments: listed once.
                unite(etablissements=[QUAI, ferme, {"siret": SIEGE_ECLUSE}]),
                # Another unit the full-text search brought: not this SIREN.
                unite(siren="111111118", siege={"siret": "11111111800015"}),
            ]
        }
    )
    trouves = ApiRechercheEntreprises().chercher("843772104")
    assert [e.siret for e in trouves] == [SIEGE_ECLUSE, ECLUSE, "84377210400033"]
    assert [e.ferme for e in trouves] == [False, False, True]
    assert {e.raison_sociale for e in trouves} == {"SAS L'ECLUSE"}
    assert trouves[1].code_naf == "56.10A"


def test_registre_api_siret_rend_cet_etablissement_seul(api_locale):
    api_locale.repondre(reponse={"results": [unite(etablissements=[QUAI])]})
    (etablissement,) = ApiRechercheEntreprises().chercher(ECLUSE)
    assert (etablissement.siret, etablissement.voie, etablissement.code_commune) == (
        ECLUSE,
        "1 QUAI SAINT-CYR",
        "35238",
    )
    assert etablissement.tranche_effectif_libelle == "6 à 9 salariés"


@pytest.mark.parametrize("statut", [400, 404])
def test_registre_api_refus_4xx_numero_inconnu(api_locale, statut):
    api_locale.repondre(statut, {"erreur": "Aucun résultat"})
    assert ApiRechercheEntreprises().chercher(ECLUSE) == []


@pytest.mark.parametrize("statut", [429, 500, 503])
def test_registre_api_trop_sollicite_ou_en_erreur_indisponible(api_locale, statut):
    api_locale.repondre(statut, {"erreur": "Réessayez plus tard"})
    with pytest.raises(RegistreIndisponible, match="ne répond pas"):
        ApiRechercheEntreprises().chercher(ECLUSE)


def test_registre_api_delai_depasse_indisponible(settings, api_locale):
    settings.ENTREPRISES_API_TIMEOUT = 0.2
    api_locale.repondre(reponse={"results": [unite(etablissements=[QUAI])]}, delai=5)
    with pytest.raises(RegistreIndisponible, match="ne répond pas"):
        ApiRechercheEntreprises().chercher(ECLUSE)


def test_registre_api_reponse_illisible_indisponible(api_locale):
    api_locale.repondre(reponse=b"<html>Bad gateway</html>")
    with pytest.raises(RegistreIndisponible):
        ApiRechercheEntreprises().chercher(ECLUSE)


def test_registre_api_en_panne_l_entreprise_est_enregistree_puis_rattachee(
    settings, api_locale, conseiller
):
    settings.ENTREPRISES_FOURNISSEUR = "api"
    api_locale.repondre(503)
    entreprise = services.entreprise_creer(
        structure=conseiller.structure,
        par=conseiller,
        raison_sociale="Restaurant L'Écluse",
        siret=ECLUSE,
        referent=conseiller,
    )
    entreprise.refresh_from_db()
    assert not entreprise.rattachee
    assert "ne répond pas" in entreprise.message_registre
    # The register is back: the counsellor attaches it.
    api_locale.repondre(reponse={"results": [unite(etablissements=[QUAI])]})
    entreprise = services.entreprise_rattacher(entreprise=entreprise, par=conseiller)
    assert entreprise.rattachee
    assert (entreprise.categorie_juridique, entreprise.code_naf) == ("5720", "56.10A")
