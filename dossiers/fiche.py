"""The sections that apps on the right (dispositifs, offres) add to the file page, from the
registry dossiers.registres.SECTIONS_DE_LA_FICHE: the page renders them in its right-hand
column, in their order, without knowing the apps."""

from dossiers.registres import SECTIONS_DE_LA_FICHE


def sections_de_la_fiche(request, jeune) -> list[dict]:
    rendues = []
    for section in SECTIONS_DE_LA_FICHE:
        contexte = section.contexte(request, jeune)
        if contexte is not None:
            rendues.append({"gabarit": section.gabarit, "contexte": contexte})
    return rendues
