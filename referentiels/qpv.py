"""QPV outlines: import from GeoJSON and point-in-polygon (no GIS dependency needed for
a few thousand polygons: a bounding-box query, then the even-odd rule)."""

import json
from pathlib import Path

from django.db import transaction

CLES_CODE = ("code_qp", "CODE_QP", "code_qpv", "code")
CLES_NOM = ("lib_qp", "LIB_QP", "nom_qp", "nom")


def _anneaux(geometrie: dict) -> list[list[list[list[float]]]]:
    """Polygons as lists of rings (outer ring first, then holes)."""
    if geometrie["type"] == "Polygon":
        return [geometrie["coordinates"]]
    if geometrie["type"] == "MultiPolygon":
        return geometrie["coordinates"]
    raise ValueError(f"Géométrie non gérée : {geometrie['type']}")


def _dans_l_anneau(x: float, y: float, anneau: list[list[float]]) -> bool:
    dedans = False
    precedent = anneau[-1]
    for point in anneau:
        (x1, y1), (x2, y2) = precedent[:2], point[:2]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            dedans = not dedans
        precedent = point
    return dedans


def contient(geometrie: dict, longitude: float, latitude: float) -> bool:
    for polygone in _anneaux(geometrie):
        exterieur, *trous = polygone
        if _dans_l_anneau(longitude, latitude, exterieur) and not any(
            _dans_l_anneau(longitude, latitude, trou) for trou in trous
        ):
            return True
    return False


def qpv_contenant(longitude: float, latitude: float):
    from referentiels.models import Qpv

    candidats = Qpv.objects.filter(
        lon_min__lte=longitude, lon_max__gte=longitude, lat_min__lte=latitude, lat_max__gte=latitude
    )
    return next((q for q in candidats if contient(q.geometrie, longitude, latitude)), None)


def _propriete(proprietes: dict, cles: tuple[str, ...]) -> str:
    for cle in cles:
        if proprietes.get(cle):
            return str(proprietes[cle])
    raise ValueError(f"Aucune des propriétés {', '.join(cles)} dans l'élément GeoJSON.")


@transaction.atomic
def importer_qpv(chemin: Path, *, millesime: str) -> int:
    """Replace the QPV list by the features of a GeoJSON FeatureCollection (WGS 84)."""
    from referentiels.models import Qpv

    collection = json.loads(Path(chemin).read_text(encoding="utf-8"))
    quartiers = []
    for element in collection["features"]:
        points = [p for poly in _anneaux(element["geometry"]) for anneau in poly for p in anneau]
        longitudes, latitudes = [p[0] for p in points], [p[1] for p in points]
        quartiers.append(
            Qpv(
                code=_propriete(element["properties"], CLES_CODE),
                nom=_propriete(element["properties"], CLES_NOM),
                geometrie=element["geometry"],
                lon_min=min(longitudes),
                lon_max=max(longitudes),
                lat_min=min(latitudes),
                lat_max=max(latitudes),
                millesime=millesime,
            )
        )
    Qpv.objects.all().delete()
    Qpv.objects.bulk_create(quartiers)
    return len(quartiers)
