"""Import of the regional training catalogue (external actions), idempotent.

The file is a CSV in UTF-8 (a BOM is accepted), comma or semicolon separated, with this
header (one action per line; empty cells allowed where said):

    identifiant   the action's identifier in the regional catalogue (required, unique)
    intitule      title (required)
    organisme     training body (required)
    formacode     Formacode, 5 digits (optional)
    rome          ROME code of the métier prepared, Z00 for none (optional)
    objectif      code of the LHEO general objective, table objectif_formation (optional)
    validation    code of the validation préparée, table validation_formation (optional)
    region        INSEE code of the region (required)
    commune       INSEE code of the commune (optional)
    debut, fin    dates, YYYY-MM-DD (optional; fin not before debut)
    places        number of places (optional)

An action is found by its identifier: new ones are created, changed ones updated, others
left alone; a line with an error is rejected with its reason (line number, identifier) and
the others are imported. Running the same file twice changes nothing.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.models.situations import NIVEAU_DES_VALIDATIONS
from imilo.historique import enregistrer
from imilo.texte import cle_de_recherche
from offres.enums import OrigineAction
from offres.models import ActionFormation
from referentiels.enums import Portee
from referentiels.models import Commune, ElementReference, MetierRome, RegionInsee

COLONNES = [
    "identifiant",
    "intitule",
    "organisme",
    "formacode",
    "rome",
    "objectif",
    "validation",
    "region",
    "commune",
    "debut",
    "fin",
    "places",
]
# The fields compared to tell an unchanged action from a changed one.
CHAMPS = [
    "intitule",
    "organisme",
    "formacode",
    "metier_id",
    "objectif_id",
    "validation_id",
    "niveau",
    "region_id",
    "commune_id",
    "debut",
    "fin",
    "places",
]


class CatalogueInvalide(Exception):
    """The file cannot be read as a catalogue (encoding, header)."""


@dataclass
class Rapport:
    compte: Counter = field(default_factory=Counter)
    rejets: list[str] = field(default_factory=list)


def lignes_du_catalogue(contenu: bytes) -> list[dict]:
    """The file's lines as dicts of stripped cells; CatalogueInvalide when it cannot be
    read (encoding, missing columns)."""
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueInvalide("Le fichier doit être encodé en UTF-8.") from exc
    entete = texte.split("\n", 1)[0]
    separateur = ";" if entete.count(";") > entete.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=separateur)
    manquantes = [c for c in COLONNES if c not in (lecteur.fieldnames or [])]
    if manquantes:
        raise CatalogueInvalide(f"Colonnes manquantes : {', '.join(manquantes)}.")
    return [
        {cle: (valeur or "").strip() for cle, valeur in ligne.items() if cle} for ligne in lecteur
    ]


def _date(texte: str, nom: str, erreurs: list) -> date | None:
    if not texte:
        return None
    try:
        return date.fromisoformat(texte)
    except ValueError:
        erreurs.append(f"{nom} « {texte} » n'est pas une date AAAA-MM-JJ")
        return None


class _Referentiels:
    """Everything the lines point at, read once for the whole file."""

    def __init__(self, lignes: list[dict]):
        self.metiers = set(MetierRome.objects.values_list("code", flat=True))
        self.regions = set(RegionInsee.objects.values_list("code", flat=True))
        codes_communes = {ligne["commune"] for ligne in lignes if ligne["commune"]}
        self.communes = set(
            Commune.objects.filter(pk__in=codes_communes).values_list("pk", flat=True)
        )
        self.elements = {
            (e.table_id, e.code): e
            for e in ElementReference.objects.filter(
                portee=Portee.NATIONALE, table_id__in=["objectif_formation", "validation_formation"]
            )
        }


def _valeurs(ligne: dict, refs: _Referentiels) -> tuple[dict, list[str]]:
    erreurs = []
    for obligatoire in ("intitule", "organisme", "region"):
        if not ligne[obligatoire]:
            erreurs.append(f"{obligatoire} manquant")
    formacode = ligne["formacode"]
    if formacode and not (len(formacode) == 5 and formacode.isdigit()):
        erreurs.append(f"Formacode « {formacode} » : 5 chiffres attendus")
    rome = ligne["rome"].upper()
    if rome and rome not in refs.metiers:
        erreurs.append(f"code ROME « {rome} » inconnu")
    if ligne["region"] and ligne["region"] not in refs.regions:
        erreurs.append(f"région « {ligne['region']} » inconnue (code INSEE attendu)")
    if ligne["commune"] and ligne["commune"] not in refs.communes:
        erreurs.append(f"commune « {ligne['commune']} » inconnue (code INSEE attendu)")
    elements = {}
    for colonne, table in (
        ("objectif", "objectif_formation"),
        ("validation", "validation_formation"),
    ):
        code = ligne[colonne]
        elements[colonne] = refs.elements.get((table, code)) if code else None
        if code and elements[colonne] is None:
            erreurs.append(f"{colonne} « {code} » absent de la table {table}")
    debut = _date(ligne["debut"], "début", erreurs)
    fin = _date(ligne["fin"], "fin", erreurs)
    if debut and fin and fin < debut:
        erreurs.append("la fin précède le début")
    places = None
    if ligne["places"]:
        if ligne["places"].isdigit():
            places = int(ligne["places"])
        else:
            erreurs.append(f"places « {ligne['places']} » : un nombre entier attendu")
    validation = elements["validation"]
    valeurs = {
        "intitule": ligne["intitule"][:255],
        "organisme": ligne["organisme"][:200],
        "formacode": formacode,
        "metier_id": rome or None,
        "objectif_id": elements["objectif"].pk if elements["objectif"] else None,
        "validation_id": validation.pk if validation else None,
        "niveau": NIVEAU_DES_VALIDATIONS.get(validation.code, "") if validation else "",
        "region_id": ligne["region"] or None,
        "commune_id": ligne["commune"] or None,
        "debut": debut,
        "fin": fin,
        "places": places,
    }
    return valeurs, erreurs


def catalogue_importer(contenu: bytes, *, ecrire: bool, par=None) -> Rapport:
    """Read the file and create or update the external actions (nothing is written unless
    `ecrire`). The whole import is one transaction."""
    lignes = lignes_du_catalogue(contenu)
    refs = _Referentiels(lignes)
    rapport = Rapport()
    existantes = {
        action.identifiant_externe: action
        for action in ActionFormation.objects.filter(
            origine=OrigineAction.EXTERNE,
            identifiant_externe__in=[ligne["identifiant"] for ligne in lignes],
        )
    }
    vus = set()
    with transaction.atomic():
        for numero, ligne in enumerate(lignes, start=2):
            identifiant = ligne["identifiant"]
            valeurs, erreurs = _valeurs(ligne, refs)
            if not identifiant:
                erreurs.insert(0, "identifiant manquant")
            elif identifiant in vus:
                erreurs.insert(0, "identifiant déjà présent plus haut dans le fichier")
            if erreurs:
                rapport.rejets.append(
                    f"ligne {numero} ({identifiant or '?'}) : {' ; '.join(erreurs)}"
                )
                rapport.compte["rejetées"] += 1
                continue
            vus.add(identifiant)
            action = existantes.get(identifiant)
            if action is not None and all(getattr(action, c) == valeurs[c] for c in CHAMPS):
                rapport.compte["inchangées"] += 1
                continue
            nouvelle = action is None
            action = action or ActionFormation(
                origine=OrigineAction.EXTERNE, identifiant_externe=identifiant
            )
            for champ, valeur in valeurs.items():
                setattr(action, champ, valeur)
            action.cle_recherche = cle_de_recherche(action.intitule)[:300]
            try:
                # A line the model refuses (an identifier too long, places out of range…)
                # is rejected with its reason, in a dry run too; the others still load.
                if ecrire:
                    # Without `par`, the author is the command's or the task's.
                    enregistrer(action, par=par)
                else:
                    action.full_clean()
            except ValidationError as refus:
                rapport.rejets.append(
                    f"ligne {numero} ({identifiant}) : {' ; '.join(refus.messages)}"
                )
                rapport.compte["rejetées"] += 1
                continue
            rapport.compte["créées" if nouvelle else "mises à jour"] += 1
    return rapport
