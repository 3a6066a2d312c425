"""Address normalisation (referentiels/adresses.py): the offline provider, and the national
address API through its real class (ApiAdresse) and real transport, against a stand-in on
the loopback."""

from decimal import Decimal

import pytest

from referentiels.adresses import (
    AdresseIntrouvable,
    AdresseSaisie,
    ApiAdresse,
    HorsLigne,
    ServiceIndisponible,
)
from tests.referentiels.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def trouve(name, citycode="35238", score=0.93, coordonnees=(-1.675, 48.13), postcode="35000"):
    """What the API answers for one address found (GeoJSON, longitude first)."""
    return {
        "features": [
            {
                "geometry": {"coordinates": list(coordonnees)},
                "properties": {
                    "score": score,
                    "name": name,
                    "postcode": postcode,
                    "citycode": citycode,
                },
            }
        ]
    }


@pytest.fixture
def api_locale(settings, serveur_http):
    """The national address API, stood in for on the loopback."""
    settings.ADRESSE_API_URL = serveur_http.url
    settings.ADRESSE_API_TIMEOUT = 2
    return serveur_http


def test_hors_ligne_verifie_code_postal_et_commune():
    rennes = CommuneFactory(code_insee="35238", nom="Rennes", codes_postaux=["35000", "35200"])
    resultat = HorsLigne().normaliser(AdresseSaisie("12  rue de Brest", "35200", rennes))
    assert (resultat.voie, resultat.commune, resultat.latitude) == ("12 rue de Brest", rennes, None)
    with pytest.raises(AdresseIntrouvable, match="35700 n'est pas celui de Rennes"):
        HorsLigne().normaliser(AdresseSaisie("12 rue de Brest", "35700", rennes))


def test_api_adresse_renvoie_coordonnees(api_locale):
    rennes = CommuneFactory(code_insee="35238", nom="Rennes")
    api_locale.repondre(reponse=trouve("12 Rue de Brest"))
    resultat = ApiAdresse().normaliser(AdresseSaisie("12 r de brest", "35000", rennes))
    assert resultat.voie == "12 Rue de Brest"
    assert (resultat.latitude, resultat.longitude) == (Decimal("48.130000"), Decimal("-1.675000"))


def test_api_adresse_rend_la_voie_le_code_postal_et_la_commune_de_la_base_nationale(api_locale):
    rennes = CommuneFactory(code_insee="35238", nom="Rennes")
    api_locale.repondre(reponse=trouve("12 Rue de Brest", postcode="35200"))
    resultat = ApiAdresse().normaliser(AdresseSaisie("12 r de brest", "35000", None))
    assert (resultat.voie, resultat.code_postal, resultat.commune) == (
        "12 Rue de Brest",
        "35200",
        rennes,
    )


def test_api_adresse_demande_la_voie_dans_le_code_postal_et_la_commune(settings, api_locale):
    settings.ADRESSE_API_URL = f"{api_locale.url}/"
    rennes = CommuneFactory(code_insee="35238", nom="Rennes")
    api_locale.repondre(reponse=trouve("12 Rue de Brest"))
    ApiAdresse().normaliser(AdresseSaisie("12 r de brest", "35000", rennes))
    (requete,) = api_locale.recues
    # One GET on /search/ (the base URL's slash is not doubled), the best match only.
    assert (requete.methode, requete.chemin) == ("GET", "/search/")
    assert requete.parametres == {
        "q": ["12 r de brest"],
        "postcode": ["35000"],
        "limit": ["1"],
        "citycode": ["35238"],
    }


def test_api_adresse_sans_commune_cherche_dans_le_code_postal_seul(api_locale):
    CommuneFactory(code_insee="35238", nom="Rennes")
    api_locale.repondre(reponse=trouve("12 Rue de Brest"))
    ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))
    (requete,) = api_locale.recues
    assert "citycode" not in requete.parametres
    assert requete.parametres["postcode"] == ["35000"]


def test_api_adresse_score_faible_introuvable(api_locale):
    api_locale.repondre(reponse=trouve("x", score=0.2, coordonnees=(0, 0)))
    with pytest.raises(AdresseIntrouvable, match="lieu-dit"):
        ApiAdresse().normaliser(AdresseSaisie("nulle part", "35000", None))


def test_api_adresse_sans_resultat_introuvable(api_locale):
    api_locale.repondre(reponse={"type": "FeatureCollection", "features": []})
    with pytest.raises(AdresseIntrouvable, match="introuvable dans la base nationale"):
        ApiAdresse().normaliser(AdresseSaisie("99 rue de Nulle Part", "35000", None))


def test_api_adresse_commune_inconnue_des_referentiels_introuvable(api_locale):
    api_locale.repondre(reponse=trouve("1 Place de la Mairie", citycode="99999"))
    with pytest.raises(AdresseIntrouvable, match="commune de cette adresse est inconnue"):
        ApiAdresse().normaliser(AdresseSaisie("1 place de la Mairie", "35000", None))


def test_api_adresse_injoignable(settings):
    settings.ADRESSE_API_URL = "http://127.0.0.1:9"  # discard port: connection refused
    with pytest.raises(ServiceIndisponible):
        ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))


def test_api_adresse_delai_depasse_indisponible(settings, api_locale):
    settings.ADRESSE_API_TIMEOUT = 0.2
    api_locale.repondre(reponse=trouve("12 Rue de Brest"), delai=5)
    with pytest.raises(ServiceIndisponible, match="ne répond pas"):
        ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))


@pytest.mark.parametrize("statut", [500, 502, 503])
def test_api_adresse_en_erreur_5xx_indisponible(api_locale, statut):
    api_locale.repondre(statut, {"message": "maintenance"})
    with pytest.raises(ServiceIndisponible, match="ne répond pas"):
        ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))


def test_api_adresse_reponse_illisible_indisponible(api_locale):
    api_locale.repondre(reponse=b"<html>Bad gateway</html>")
    with pytest.raises(ServiceIndisponible):
        ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))


def test_lieu_dit_sans_voie_cherche_le_complement(api_locale):
    CommuneFactory(code_insee="35238", nom="Rennes")
    api_locale.repondre(reponse=trouve("La Prévalaye", score=0.8, coordonnees=(-1.6, 48.1)))
    resultat = ApiAdresse().normaliser(AdresseSaisie("-", "35000", None, complement="La Prévalaye"))
    assert resultat.voie == "La Prévalaye"
    assert api_locale.recues[0].parametres["q"] == ["La Prévalaye"]
    with pytest.raises(AdresseIntrouvable, match="3 caractères"):
        ApiAdresse().normaliser(AdresseSaisie("-", "35000", None))
    # Refused before asking: one request only.
    assert len(api_locale.recues) == 1


def test_api_adresse_refus_4xx_introuvable_et_pas_panne(api_locale):
    api_locale.repondre(400)
    with pytest.raises(AdresseIntrouvable):
        ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))
