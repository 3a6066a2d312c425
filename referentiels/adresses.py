"""Address normalisation, behind one small interface with interchangeable providers.

- `ApiAdresse`: the national address API (BAN), in production (ADRESSE_FOURNISSEUR="api");
  base URL and timeout in settings. An outage or a timeout raises `ServiceIndisponible`:
  the caller keeps the address "à normaliser" and a nightly task retries.
- `HorsLigne` (default, make run and tests): checks the postcode against the commune with
  the COG data shipped in referentiels; no coordinates, so the QPV stays "à vérifier".
- `Factice`: answers what a test tells it to.

The QPV and ZRR status and the EPCI come from the commune and the coordinates
(`statuts_territoriaux`), whatever the provider.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string

from referentiels.enums import StatutQpv
from referentiels.models import Commune
from referentiels.qpv import qpv_contenant

logger = logging.getLogger(__name__)


class AdresseIntrouvable(Exception):
    """The address does not exist as typed: the message says what to check."""


class ServiceIndisponible(Exception):
    """The provider did not answer (outage, timeout): try again later."""


@dataclass(frozen=True)
class AdresseSaisie:
    voie: str
    code_postal: str
    commune: Commune | None
    complement: str = ""


@dataclass(frozen=True)
class AdresseNormalisee:
    voie: str
    code_postal: str
    commune: Commune
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class HorsLigne:
    def normaliser(self, saisie: AdresseSaisie) -> AdresseNormalisee:
        if saisie.commune is None:
            raise AdresseIntrouvable("Indiquez la commune.")
        if not saisie.commune.codes_postaux.filter(code_postal=saisie.code_postal).exists():
            codes = ", ".join(saisie.commune.codes_postaux.values_list("code_postal", flat=True))
            raise AdresseIntrouvable(
                f"Le code postal {saisie.code_postal} n'est pas celui de {saisie.commune.nom}"
                + (f" ({codes})." if codes else ".")
            )
        return AdresseNormalisee(
            voie=" ".join(saisie.voie.split()),
            code_postal=saisie.code_postal,
            commune=saisie.commune,
        )


class ApiAdresse:
    """https://adresse.data.gouv.fr/outils/api-doc/adresse — /search/?q=…&postcode=…"""

    score_minimum = 0.5

    def normaliser(self, saisie: AdresseSaisie) -> AdresseNormalisee:
        # A lieu-dit without a street: the charte puts "-" as voie and the lieu-dit in the
        # complément.
        requete = saisie.complement if saisie.voie.strip() == "-" else saisie.voie
        if len(requete.strip()) < 3:
            raise AdresseIntrouvable("Précisez la voie ou le lieu-dit (3 caractères au moins).")
        parametres = {"q": requete, "postcode": saisie.code_postal, "limit": 1}
        if saisie.commune is not None:
            parametres["citycode"] = saisie.commune.code_insee
        url = f"{settings.ADRESSE_API_URL.rstrip('/')}/search/?{urllib.parse.urlencode(parametres)}"
        try:
            with urllib.request.urlopen(url, timeout=settings.ADRESSE_API_TIMEOUT) as reponse:
                resultat = json.load(reponse)
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500:
                # The API refuses this query as such: retrying tonight would not help.
                raise AdresseIntrouvable(
                    "Le service de normalisation refuse cette adresse : vérifiez la saisie."
                ) from exc
            logger.warning("API Adresse en erreur %s", exc.code)
            raise ServiceIndisponible("Le service de normalisation ne répond pas.") from exc
        except (OSError, ValueError) as exc:
            logger.warning("API Adresse injoignable : %s", exc)
            raise ServiceIndisponible("Le service de normalisation ne répond pas.") from exc
        caracteristiques = resultat.get("features") or []
        if not caracteristiques or caracteristiques[0]["properties"]["score"] < self.score_minimum:
            raise AdresseIntrouvable(
                "Adresse introuvable dans la base nationale : vérifiez le numéro et la voie "
                "(un lieu-dit sans voie : lieu-dit en complément et « - » comme voie)."
            )
        proprietes = caracteristiques[0]["properties"]
        longitude, latitude = caracteristiques[0]["geometry"]["coordinates"]
        commune = Commune.objects.filter(pk=proprietes["citycode"]).first()
        if commune is None:
            raise AdresseIntrouvable("La commune de cette adresse est inconnue des référentiels.")
        return AdresseNormalisee(
            voie=proprietes.get("name", saisie.voie),
            code_postal=proprietes.get("postcode", saisie.code_postal),
            commune=commune,
            latitude=Decimal(str(latitude)).quantize(Decimal("0.000001")),
            longitude=Decimal(str(longitude)).quantize(Decimal("0.000001")),
        )


class Factice:
    """For tests: `Factice.reponses` maps a voie to an AdresseNormalisee or an exception."""

    reponses: dict = {}

    def normaliser(self, saisie: AdresseSaisie) -> AdresseNormalisee:
        reponse = self.reponses.get(saisie.voie)
        if reponse is None:
            return HorsLigne().normaliser(saisie)
        if isinstance(reponse, Exception):
            raise reponse
        return reponse


FOURNISSEURS = {
    "hors_ligne": "referentiels.adresses.HorsLigne",
    "api": "referentiels.adresses.ApiAdresse",
    "factice": "referentiels.adresses.Factice",
}


def fournisseur():
    return import_string(FOURNISSEURS[settings.ADRESSE_FOURNISSEUR])()


def statut_qpv(latitude, longitude) -> tuple[str, str]:
    """("oui" | "non" | "a_verifier", QPV code) for a point; unknown without coordinates
    or while no QPV has been imported."""
    from referentiels.models import Qpv

    if latitude is None or longitude is None or not Qpv.objects.exists():
        return StatutQpv.A_VERIFIER, ""
    qpv = qpv_contenant(float(longitude), float(latitude))
    return (StatutQpv.OUI, qpv.code) if qpv else (StatutQpv.NON, "")
