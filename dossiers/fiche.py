"""Sections that apps on the right (dispositifs, offres) add to the file page.

Each app registers, in its AppConfig.ready(), a `Section`: a template and a function
`contexte(request, jeune) -> dict | None` (None: nothing to show for this user). The file
page renders them in its right-hand column, in their order, without knowing the apps.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    gabarit: str
    contexte: Callable
    ordre: int = 50


SECTIONS: list[Section] = []


def enregistrer_section(section: Section) -> None:
    if all(existante.gabarit != section.gabarit for existante in SECTIONS):
        SECTIONS.append(section)
        SECTIONS.sort(key=lambda s: s.ordre)


def sections_de_la_fiche(request, jeune) -> list[dict]:
    rendues = []
    for section in SECTIONS:
        contexte = section.contexte(request, jeune)
        if contexte is not None:
            rendues.append({"gabarit": section.gabarit, "contexte": contexte})
    return rendues
