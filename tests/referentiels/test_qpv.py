"""Quarters of the city policy (QPV): the import of their contours, a point in a quarter."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from referentiels.adresses import statut_qpv
from referentiels.models import Qpv
from referentiels.qpv import contient, qpv_contenant

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
