import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import CommandError, call_command

from referentiels.adresses import (
    AdresseIntrouvable,
    AdresseSaisie,
    ApiAdresse,
    HorsLigne,
    ServiceIndisponible,
    statut_qpv,
)
from referentiels.models import Qpv
from referentiels.qpv import contient, qpv_contenant
from tests.referentiels.factories import CommuneFactory

pytestmark = pytest.mark.django_db

# A square quarter with a square hole, and a two-part quarter, around Rennes (WGS 84).
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code_qp": "QN03501M", "lib_qp": "Maurepas"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [-1.70, 48.10],
                        [-1.66, 48.10],
                        [-1.66, 48.14],
                        [-1.70, 48.14],
                        [-1.70, 48.10],
                    ],
                    [
                        [-1.69, 48.11],
                        [-1.68, 48.11],
                        [-1.68, 48.12],
                        [-1.69, 48.12],
                        [-1.69, 48.11],
                    ],
                ],
            },
        },
        {
            "type": "Feature",
            "properties": {"code_qp": "QN03502M", "lib_qp": "Le Blosne"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [
                    [[[-1.60, 48.05], [-1.58, 48.05], [-1.58, 48.07], [-1.60, 48.05]]],
                    [
                        [
                            [-1.50, 48.00],
                            [-1.48, 48.00],
                            [-1.48, 48.02],
                            [-1.50, 48.02],
                            [-1.50, 48.00],
                        ]
                    ],
                ],
            },
        },
    ],
}


@pytest.fixture
def fichier_qpv(tmp_path):
    chemin = tmp_path / "qpv.geojson"
    chemin.write_text(json.dumps(GEOJSON))
    return chemin


def test_import_qpv_et_point_dans_le_polygone(fichier_qpv, capsys):
    call_command("importer_qpv", str(fichier_qpv), millesime="2024")
    assert "2 quartiers prioritaires" in capsys.readouterr().out
    assert qpv_contenant(-1.675, 48.13).code == "QN03501M"
    # In the hole: not in the quarter.
    assert qpv_contenant(-1.685, 48.115) is None
    # Second part of a MultiPolygon.
    assert qpv_contenant(-1.49, 48.01).code == "QN03502M"
    # Inside the bounding box of the triangle, outside the triangle.
    assert qpv_contenant(-1.585, 48.068) is None
    assert statut_qpv(Decimal("48.13"), Decimal("-1.675")) == ("oui", "QN03501M")
    assert statut_qpv(Decimal("47.0"), Decimal("-1.0")) == ("non", "")
    assert statut_qpv(None, None) == ("a_verifier", "")


def test_sans_qpv_importes_le_statut_reste_a_verifier():
    assert statut_qpv(Decimal("48.13"), Decimal("-1.675")) == ("a_verifier", "")


def test_import_qpv_remplace_et_simulation(fichier_qpv):
    call_command("importer_qpv", str(fichier_qpv))
    call_command("importer_qpv", str(fichier_qpv), dry_run=True)
    assert Qpv.objects.count() == 2
    with pytest.raises(CommandError, match="introuvable"):
        call_command("importer_qpv", "/nulle/part.geojson")


def test_anneau_ferme_ou_non():
    carre = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2]]]}
    assert contient(carre, 1, 1)
    assert not contient(carre, 3, 1)


def test_hors_ligne_verifie_code_postal_et_commune():
    rennes = CommuneFactory(code_insee="35238", nom="Rennes", codes_postaux=["35000", "35200"])
    resultat = HorsLigne().normaliser(AdresseSaisie("12  rue de Brest", "35200", rennes))
    assert (resultat.voie, resultat.commune, resultat.latitude) == ("12 rue de Brest", rennes, None)
    with pytest.raises(AdresseIntrouvable, match="35700 n'est pas celui de Rennes"):
        HorsLigne().normaliser(AdresseSaisie("12 rue de Brest", "35700", rennes))


class _Ban(BaseHTTPRequestHandler):
    reponse: dict = {}

    def do_GET(self):
        corps = json.dumps(self.reponse).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(corps)

    def log_message(self, *args):
        pass


@pytest.fixture
def api_locale(settings):
    """A stand-in for the national address API, on the loopback."""
    serveur = HTTPServer(("127.0.0.1", 0), _Ban)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    settings.ADRESSE_API_URL = f"http://127.0.0.1:{serveur.server_port}"
    settings.ADRESSE_API_TIMEOUT = 2
    yield _Ban
    serveur.shutdown()
    serveur.server_close()


def test_api_adresse_renvoie_coordonnees(api_locale):
    rennes = CommuneFactory(code_insee="35238", nom="Rennes")
    api_locale.reponse = {
        "features": [
            {
                "geometry": {"coordinates": [-1.675, 48.13]},
                "properties": {
                    "score": 0.93,
                    "name": "12 Rue de Brest",
                    "postcode": "35000",
                    "citycode": "35238",
                },
            }
        ]
    }
    resultat = ApiAdresse().normaliser(AdresseSaisie("12 r de brest", "35000", rennes))
    assert resultat.voie == "12 Rue de Brest"
    assert (resultat.latitude, resultat.longitude) == (Decimal("48.130000"), Decimal("-1.675000"))


def test_api_adresse_score_faible_introuvable(api_locale):
    api_locale.reponse = {
        "features": [
            {
                "geometry": {"coordinates": [0, 0]},
                "properties": {"score": 0.2, "name": "x", "postcode": "35000", "citycode": "35238"},
            }
        ]
    }
    with pytest.raises(AdresseIntrouvable, match="lieu-dit"):
        ApiAdresse().normaliser(AdresseSaisie("nulle part", "35000", None))


def test_api_adresse_injoignable(settings):
    settings.ADRESSE_API_URL = "http://127.0.0.1:9"  # discard port: connection refused
    with pytest.raises(ServiceIndisponible):
        ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))


def test_lieu_dit_sans_voie_cherche_le_complement(api_locale):
    CommuneFactory(code_insee="35238", nom="Rennes")
    api_locale.reponse = {
        "features": [
            {
                "geometry": {"coordinates": [-1.6, 48.1]},
                "properties": {
                    "score": 0.8,
                    "name": "La Prévalaye",
                    "postcode": "35000",
                    "citycode": "35238",
                },
            }
        ]
    }
    resultat = ApiAdresse().normaliser(AdresseSaisie("-", "35000", None, complement="La Prévalaye"))
    assert resultat.voie == "La Prévalaye"
    with pytest.raises(AdresseIntrouvable, match="3 caractères"):
        ApiAdresse().normaliser(AdresseSaisie("-", "35000", None))


def test_api_adresse_refus_4xx_introuvable_et_pas_panne(settings):
    class Refus(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(400)
            self.end_headers()

        def log_message(self, *args):
            pass

    serveur = HTTPServer(("127.0.0.1", 0), Refus)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    settings.ADRESSE_API_URL = f"http://127.0.0.1:{serveur.server_port}"
    try:
        with pytest.raises(AdresseIntrouvable):
            ApiAdresse().normaliser(AdresseSaisie("12 rue de Brest", "35000", None))
    finally:
        serveur.shutdown()
        serveur.server_close()
