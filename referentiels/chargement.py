"""Loading the shipped reference files (referentiels/data/) into the database.

Each loader upserts by official code, deactivates what a newer file no longer lists, and
returns a count of rows per table. Re-running with the same files changes nothing.
"""

import csv
from collections import Counter
from pathlib import Path

from django.db import transaction

from imilo.texte import cle_de_recherche
from referentiels.enums import Portee, StatutZrr
from referentiels.models import (
    CodePostal,
    Commune,
    Departement,
    ElementReference,
    Epci,
    MetierRome,
    Pays,
    RegionInsee,
    TableReference,
)

DOSSIER_DONNEES = Path(__file__).resolve().parent / "data"
MILLESIME_COG = "COG 2026"
LOT = 2000


def lire(chemin: Path) -> list[dict]:
    with chemin.open(newline="", encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


def _upsert(modele, objets: list, cle: str, champs: list[str]) -> int:
    modele.objects.bulk_create(
        objets,
        batch_size=LOT,
        update_conflicts=True,
        unique_fields=[cle],
        update_fields=champs,
    )
    return len(objets)


def charger_geographie(dossier: Path) -> Counter:
    compte = Counter()
    regions = lire(dossier / "regions.csv")
    compte["régions"] = _upsert(
        RegionInsee,
        [RegionInsee(code=r["code"], nom=r["nom"], zone=r["zone"]) for r in regions],
        "code",
        ["nom", "zone"],
    )
    codes_regions = {r["code"] for r in regions}
    compte["départements"] = _upsert(
        Departement,
        [
            Departement(
                code=d["code"],
                nom=d["nom"],
                region_id=d["region"] if d["region"] in codes_regions else None,
                zone=d["zone"],
            )
            for d in lire(dossier / "departements.csv")
        ],
        "code",
        ["nom", "region", "zone"],
    )
    compte["EPCI"] = _upsert(
        Epci,
        [
            Epci(
                siren=e["code_siren"],
                nom=e["nom"],
                type=e["type"],
                population=int(e["population"]) if e["population"] else None,
            )
            for e in lire(dossier / "epci.csv")
        ],
        "siren",
        ["nom", "type", "population"],
    )
    lignes = lire(dossier / "communes.csv")
    communes = [
        Commune(
            code_insee=c["code_insee"],
            nom=c["nom"],
            nom_recherche=cle_de_recherche(c["nom"]),
            type=c["type"],
            commune_parente_id=c["commune_parente"] or None,
            departement_id=c["departement"],
            epci_id=c["epci"] or None,
            zone=c["zone"],
            population=int(c["population"]) if c["population"] else None,
            millesime=MILLESIME_COG,
            actif=True,
        )
        for c in lignes
    ]
    compte["communes"] = _upsert(
        Commune,
        communes,
        "code_insee",
        [
            "nom",
            "nom_recherche",
            "type",
            "commune_parente",
            "departement",
            "epci",
            "zone",
            "population",
            "millesime",
            "actif",
        ],
    )
    # A commune merged into another since the previous vintage stays for the files that
    # point at it, marked as no longer in force.
    codes = {c.code_insee for c in communes}
    compte["communes retirées"] = (
        Commune.objects.filter(actif=True).exclude(code_insee__in=codes).update(actif=False)
    )
    compte["codes postaux"] = _synchroniser_codes_postaux(lignes)
    return compte


def _synchroniser_codes_postaux(lignes: list[dict]) -> int:
    voulus = {
        (code_postal, ligne["code_insee"])
        for ligne in lignes
        for code_postal in ligne["codes_postaux"].split()
    }
    presents = set(CodePostal.objects.values_list("code_postal", "commune_id"))
    for code_postal, commune in presents - voulus:
        CodePostal.objects.filter(code_postal=code_postal, commune_id=commune).delete()
    CodePostal.objects.bulk_create(
        [CodePostal(code_postal=cp, commune_id=commune) for cp, commune in voulus - presents],
        batch_size=LOT,
    )
    return len(voulus)


def charger_zrr(fichier: Path) -> Counter:
    """The ZRR status per commune; a newer zone list (FRR…) replaces it the same way."""
    statuts: dict[StatutZrr, list[str]] = {}
    for ligne in lire(fichier):
        statuts.setdefault(StatutZrr(ligne["statut"]), []).append(ligne["code_insee"])
    compte = Counter()
    Commune.objects.exclude(code_insee__in=[c for v in statuts.values() for c in v]).update(zrr="")
    for statut, codes in statuts.items():
        for debut in range(0, len(codes), LOT):
            compte[f"ZRR {statut.label}"] += Commune.objects.filter(
                code_insee__in=codes[debut : debut + LOT]
            ).update(zrr=statut)
    return compte


def _pays_sans_doublons(lignes: list[dict]) -> tuple[list[dict], int]:
    """The ASP file lists 99411-99415 twice: the French southern territories (group 1) and
    Honduras, Nicaragua, Panama, El Salvador, Argentina (INSEE COG codes). A 99xxx code is a
    foreign country's in the COG, so the foreign row wins; the other is counted as set aside.
    """
    retenues: dict[str, dict] = {}
    ecartees = 0
    for ligne in lignes:
        deja = retenues.get(ligne["code_insee"])
        if deja is not None:
            ecartees += 1
            if deja["groupe"] != "1":
                continue
        retenues[ligne["code_insee"]] = ligne
    return list(retenues.values()), ecartees


def charger_pays(fichier: Path) -> Counter:
    lignes, ecartees = _pays_sans_doublons(lire(fichier))
    total = _upsert(
        Pays,
        [
            Pays(code_insee=p["code_insee"], libelle=p["libelle"], groupe=p["groupe"], actif=True)
            for p in lignes
        ],
        "code_insee",
        ["libelle", "groupe", "actif"],
    )
    Pays.objects.exclude(code_insee__in=[p["code_insee"] for p in lignes]).update(actif=False)
    return Counter({"pays": total, "pays en double écartés": ecartees})


# Not a ROME fiche: the code the charte uses for a formation with no job in view (general
# education, (re)mobilisation), so that "métier préparé" is never left blank.
ROME_SANS_METIER = {
    "code": "Z00",
    "libelle": "Formation générale ou mobilisation, sans métier visé",
}


def charger_rome(fichier: Path) -> Counter:
    lignes = [*lire(fichier), ROME_SANS_METIER]
    total = _upsert(
        MetierRome,
        [MetierRome(code=m["code"], libelle=m["libelle"], actif=True) for m in lignes],
        "code",
        ["libelle", "actif"],
    )
    MetierRome.objects.exclude(code__in=[m["code"] for m in lignes]).update(actif=False)
    return Counter({"métiers ROME": total})


def charger_tables(fichier: Path) -> Counter:
    """National elements of the reference tables; regional and local ones are left alone."""
    compte = Counter()
    lignes = lire(fichier)
    for ligne in lignes:
        TableReference.objects.update_or_create(
            code=ligne["table"], defaults={"libelle": ligne["table_libelle"]}
        )
    for ligne in lignes:
        _, cree = ElementReference.objects.update_or_create(
            table_id=ligne["table"],
            code=ligne["code"],
            portee=Portee.NATIONALE,
            defaults={"libelle": ligne["libelle"], "ordre": int(ligne["ordre"])},
        )
        compte["éléments créés" if cree else "éléments à jour"] += 1
    # A national element no longer shipped is deactivated (files may still point at it).
    livres = {(ligne["table"], ligne["code"]) for ligne in lignes}
    for element in ElementReference.objects.filter(portee=Portee.NATIONALE, actif=True):
        if (element.table_id, element.code) not in livres:
            element.actif = False
            element.save(update_fields=["actif"])
            compte["éléments retirés"] += 1
    return compte


@transaction.atomic
def charger_tout(dossier: Path = DOSSIER_DONNEES, *, zrr: Path | None = None) -> Counter:
    compte = charger_geographie(dossier)
    compte += charger_zrr(zrr or dossier / "zrr_2022.csv")
    compte += charger_pays(dossier / "pays.csv")
    compte += charger_rome(dossier / "rome.csv")
    compte += charger_tables(dossier / "tables_reference.csv")
    return compte
