"""Files a French spreadsheet opens as they are: CSV separated by semicolons, UTF-8 with a
BOM, or XLSX. Every cell goes through `cellule`: a text starting like a formula is
neutralised, since a spreadsheet would run it (CSV injection)."""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule(valeur):
    """The value as written in the file; free text that looks like a formula gets a
    leading apostrophe, which the spreadsheet shows as text."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def csv_francais(lignes: Iterable[list]) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";")
    for ligne in lignes:
        ecrivain.writerow([cellule(valeur) for valeur in ligne])
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def xlsx(lignes: Iterable[list], *, feuille: str) -> bytes:
    classeur = Workbook(write_only=True)
    onglet = classeur.create_sheet(feuille)
    for ligne in lignes:
        onglet.append([cellule(valeur) for valeur in ligne])
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
