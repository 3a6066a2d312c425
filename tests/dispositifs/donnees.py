"""Shared data of the dispositif tests: the national reference elements, and the dispositifs
entered through the services (their rules checked)."""

from datetime import date, timedelta

from django.utils import timezone

from dispositifs import services
from dispositifs.models import Dispositif
from tests.referentiels.factories import element


def aujourdhui() -> date:
    return timezone.localdate()


def jours(n: int) -> date:
    return aujourdhui() + timedelta(days=n)


def type_dispositif(code: str):
    return element("type_dispositif", code, code.upper())


def motif(code: str):
    return element("motif_sortie", code, code.replace("_", " "))


def entrer(jeune, par, code: str, entree_le=None, **champs) -> Dispositif:
    return services.dispositif_entrer(
        jeune=jeune,
        par=par,
        type=type_dispositif(code),
        entree_le=entree_le or aujourdhui(),
        prescripteur=par,
        referent=par,
        **champs,
    ).objet


def diagnostic_clos(jeune, par, fin: date, motif_code: str = "pacea") -> Dispositif:
    diagnostic = entrer(jeune, par, "diagnostic", entree_le=fin - timedelta(days=20))
    return services.dispositif_sortir(
        dispositif=diagnostic, par=par, fin_reelle=fin, motif_sortie=motif(motif_code)
    )


def pacea(jeune, par, entree_le=None) -> Dispositif:
    entree_le = entree_le or aujourdhui()
    diagnostic_clos(jeune, par, entree_le - timedelta(days=1))
    return entrer(jeune, par, "pacea", entree_le=entree_le)
