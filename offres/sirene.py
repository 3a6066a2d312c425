"""The national company register (SIRENE), behind one small interface with interchangeable
providers, chosen by the ENTREPRISES_FOURNISSEUR setting:

- `HorsLigne` (default, `make run` and tests): the establishments of
  `offres/data/entreprises_exemple.csv`, a small file shipped with the project;
- `ApiRechercheEntreprises` ("api", production): the public API « Recherche
  d'entreprises » (`/search?q=<SIRET or SIREN>`); URL and timeout in settings. An outage,
  a timeout or a refusal for load raises `RegistreIndisponible`: the caller saves anyway
  and the counsellor attaches the company later;
- `Factice`: answers what a test tells it to.

`chercher(numero)` takes a SIRET (the establishment) or a SIREN (its establishments) and
returns a list, empty when the register does not know the number.
"""

import csv
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from offres.enums import TrancheEffectif

logger = logging.getLogger(__name__)

DONNEES = Path(__file__).resolve().parent / "data"


class RegistreIndisponible(Exception):
    """The register did not answer (outage, timeout, too many requests): try later."""


@dataclass(frozen=True)
class Etablissement:
    siret: str
    raison_sociale: str
    enseigne: str = ""
    categorie_juridique: str = ""
    tranche_effectif: str = ""
    code_naf: str = ""
    voie: str = ""
    code_postal: str = ""
    code_commune: str = ""
    ferme: bool = False

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def categorie_juridique_libelle(self) -> str:
        return libelle_categorie(self.categorie_juridique)

    @property
    def tranche_effectif_libelle(self) -> str:
        if self.tranche_effectif in TrancheEffectif.values:
            return TrancheEffectif(self.tranche_effectif).label
        return ""


@cache
def _categories() -> dict[str, str]:
    with (DONNEES / "categories_juridiques.csv").open(encoding="utf-8") as fichier:
        return {ligne["code"]: ligne["libelle"] for ligne in csv.DictReader(fichier)}


def libelle_categorie(code: str) -> str:
    if not code:
        return ""
    return _categories().get(code, f"catégorie juridique {code}")


@cache
def etablissements_livres() -> tuple[Etablissement, ...]:
    with (DONNEES / "entreprises_exemple.csv").open(encoding="utf-8") as fichier:
        return tuple(
            Etablissement(
                siret=ligne["siret"],
                raison_sociale=ligne["raison_sociale"],
                enseigne=ligne["enseigne"],
                categorie_juridique=ligne["categorie_juridique"],
                tranche_effectif=ligne["tranche_effectif"],
                code_naf=ligne["code_naf"],
                voie=ligne["voie"],
                code_postal=ligne["code_postal"],
                code_commune=ligne["commune"],
                ferme=ligne["etat"] == "F",
            )
            for ligne in csv.DictReader(fichier)
        )


class HorsLigne:
    def chercher(self, numero: str) -> list[Etablissement]:
        if len(numero) == 14:
            return [e for e in etablissements_livres() if e.siret == numero]
        return [e for e in etablissements_livres() if e.siren == numero]


class ApiRechercheEntreprises:
    """https://recherche-entreprises.api.gouv.fr — /search?q=… answers legal units, each
    with its head office (`siege`) and the establishments matching the query."""

    def chercher(self, numero: str) -> list[Etablissement]:
        parametres = urllib.parse.urlencode({"q": numero, "page": 1, "per_page": 5})
        url = f"{settings.ENTREPRISES_API_URL.rstrip('/')}/search?{parametres}"
        requete = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(requete, timeout=settings.ENTREPRISES_API_TIMEOUT) as r:
                reponse = json.load(r)
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 and exc.code != 429:
                # The API refuses this query as such: the number is unknown to it.
                return []
            logger.warning("API Recherche d'entreprises en erreur %s", exc.code)
            raise RegistreIndisponible("Le registre des entreprises ne répond pas.") from exc
        except (OSError, ValueError) as exc:
            logger.warning("API Recherche d'entreprises injoignable : %s", exc)
            raise RegistreIndisponible("Le registre des entreprises ne répond pas.") from exc
        trouves = []
        for unite in reponse.get("results") or []:
            if unite.get("siren") != numero[:9]:
                continue
            etablissements = [
                unite.get("siege") or {},
                *(unite.get("matching_etablissements") or []),
            ]
            vus = set()
            for etablissement in etablissements:
                siret = etablissement.get("siret") or ""
                if not siret or siret in vus or (len(numero) == 14 and siret != numero):
                    continue
                vus.add(siret)
                trouves.append(self._etablissement(unite, etablissement))
        return trouves

    @staticmethod
    def _etablissement(unite: dict, etablissement: dict) -> Etablissement:
        voie = " ".join(
            str(etablissement.get(cle) or "")
            for cle in ("numero_voie", "indice_repetition", "type_voie", "libelle_voie")
        )
        enseignes = etablissement.get("liste_enseignes") or []
        return Etablissement(
            siret=etablissement["siret"],
            raison_sociale=unite.get("nom_raison_sociale") or unite.get("nom_complet") or "",
            enseigne=enseignes[0] if enseignes else "",
            categorie_juridique=str(unite.get("nature_juridique") or ""),
            tranche_effectif=str(unite.get("tranche_effectif_salarie") or ""),
            code_naf=str(
                etablissement.get("activite_principale") or unite.get("activite_principale") or ""
            ),
            voie=" ".join(voie.split()),
            code_postal=str(etablissement.get("code_postal") or ""),
            code_commune=str(etablissement.get("commune") or ""),
            ferme=etablissement.get("etat_administratif") == "F",
        )


class Factice:
    """For tests: `Factice.reponses` maps a number to a list of establishments or to an
    exception; other numbers are answered from the shipped file."""

    reponses: dict = {}

    def chercher(self, numero: str) -> list[Etablissement]:
        reponse = self.reponses.get(numero)
        if reponse is None:
            return HorsLigne().chercher(numero)
        if isinstance(reponse, Exception):
            raise reponse
        return list(reponse)


FOURNISSEURS = {
    "hors_ligne": "offres.sirene.HorsLigne",
    "api": "offres.sirene.ApiRechercheEntreprises",
    "factice": "offres.sirene.Factice",
}


def fournisseur():
    return import_string(FOURNISSEURS[settings.ENTREPRISES_FOURNISSEUR])()
