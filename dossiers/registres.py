"""The registries of dossiers, filled by the apps on its right (dispositifs, offres) from
their AppConfig.ready(), so that dossiers never imports them.

- `FRISE`: the timeline of a youth file. A provider `fournisseur(jeune) -> list[Fait]`
  reads its own dated facts in one query; the timeline merges them, newest first.
- `SECTIONS_DE_LA_FICHE`: sections of the file page's right-hand column: a template and
  `contexte(request, jeune) -> dict | None` (None: nothing to show for this user).
- `CRITERES`: the criteria of the multi-criteria search (their dispositifs, their
  enrolments…), each a form field and a filter.
- `PROPRIETAIRES_DE_PROPOSITION`: a proposition another app keeps in step with its own
  record (offres: an enrolment) ends there, not here: `fonction(proposition) -> str | None`
  says where.
- `EMPECHEMENTS`: `fonction(jeune) -> str | None`, a reason that closes every channel of
  messages (dispositifs: exit motif « Décès »); it reads what the file page already loads,
  or makes one query at most.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django import forms

from imilo.registres import Registre


@dataclass(frozen=True)
class Fait:
    date: datetime
    libelle: str
    categorie: str
    detail: str = ""
    # Missed appointments and other facts to notice are shown in red.
    alerte: bool = False


FRISE: Registre[Callable] = Registre("les fournisseurs de la frise chronologique du dossier")


@dataclass(frozen=True)
class Section:
    gabarit: str
    contexte: Callable
    ordre: int = 50


SECTIONS_DE_LA_FICHE: Registre[Section] = Registre(
    "les sections de la page du dossier",
    cle=lambda section: section.gabarit,
    ordre=lambda section: section.ordre,
)


@dataclass(frozen=True)
class Critere:
    nom: str
    # (structure) -> a form field; the empty value means "not filtered".
    champ: Callable[..., forms.Field]
    # (queryset, value) -> queryset
    filtre: Callable
    # A period: the form gets `<nom>_du` and `<nom>_au` (both from `champ`, each optional)
    # and the filter receives the pair (du, au), either of them possibly None.
    periode: bool = False

    def noms(self) -> list[str]:
        return [f"{self.nom}_du", f"{self.nom}_au"] if self.periode else [self.nom]


CRITERES: Registre[Critere] = Registre(
    "les critères de la recherche multicritère", cle=lambda critere: critere.nom
)

PROPRIETAIRES_DE_PROPOSITION: Registre[Callable] = Registre(
    "les applications qui terminent elles-mêmes certaines propositions"
)

EMPECHEMENTS: Registre[Callable] = Registre(
    "les raisons qui ferment tous les canaux de message d'un jeune"
)


# --- Pilotage ---------------------------------------------------------------------------

# The sections of the Pilotage page, in their order.
RUBRIQUES = {
    "activite": "Activité",
    "dispositifs": "Dispositifs",
    "situations": "Situations",
    "public": "Public",
    "territoire": "Territoire",
}


@dataclass(frozen=True)
class Indicateur:
    """One figure of the Pilotage page, defined once: the figure, the list it opens and the
    activity report read this definition (docs/pilotage.md).

    Either `jeunes(queryset, periode, valeur) -> queryset`: the young people it counts,
    among those of the perimeter; the figure opens the multi-criteria search restricted to
    exactly them (the hidden criterion `indicateur`), so the figure is the length of the
    list. Or `lignes(perimetre, periode, valeur) -> (queryset, url)`: rows it counts
    (appointments, interviews…) and the filtered list of those rows.

    `complement(comptes, periode, valeur, perimetre) -> str`, optional: what is read beside
    the figure and is not a count (an average length, a ratio, an amount), from `comptes`,
    what the figure counts (young people or rows), and `perimetre` (the dict `lignes`
    gets: the page's perimeter, `structure` and the search `criteres`)."""

    code: str
    libelle: str
    rubrique: str
    # What is counted, in plain French, shown one click away from the figure.
    definition: str
    # Where the rule comes from (« CPO État 2019-2022 », « charte de saisie »…).
    source: str
    jeunes: Callable | None = None
    lignes: Callable | None = None
    # One figure per value: (structure) -> [(valeur, libellé)]; None for a single figure.
    valeurs: Callable | None = None
    complement: Callable | None = None
    ordre: int = 50

    def __post_init__(self):
        if (self.jeunes is None) == (self.lignes is None):
            raise ValueError(f"Indicateur « {self.code} » : `jeunes` ou `lignes`, l'un des deux.")
        if self.rubrique not in RUBRIQUES:
            raise ValueError(f"Indicateur « {self.code} » : rubrique inconnue {self.rubrique}.")


INDICATEURS: Registre[Indicateur] = Registre(
    "les indicateurs du pilotage",
    cle=lambda indicateur: indicateur.code,
    ordre=lambda indicateur: (list(RUBRIQUES).index(indicateur.rubrique), indicateur.ordre),
)

# What counts as a contact with the young person during a period: each app registers
# `fonction(du, au) -> Q` on `Jeune` (an event, an appointment kept, a session attended).
CONTACTS: Registre[Callable] = Registre("ce qui compte comme un contact avec le jeune")

# Perimeters of the Pilotage page other apps add (a dispositif: dispositifs). Each is a
# criterion of the search, registered in CRITERES too, whose field the page shows and whose
# value is `<id>|<du>|<au>`: the young people of that perimeter during the period.
PERIMETRES: Registre[Critere] = Registre(
    "les périmètres du pilotage que d'autres applications ajoutent",
    cle=lambda critere: critere.nom,
)


# --- Exports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Colonne:
    """A column the user may choose for an export of youth files."""

    code: str
    titre: str
    # (jeune) -> the cell's value, from what dossiers.exports loads for every file.
    valeur: Callable
    # Shown when the user chooses nothing.
    par_defaut: bool = False
    # A column showing what a right protects (the NIR) is offered only to who has it.
    droit: str | None = None


COLONNES: Registre[Colonne] = Registre(
    "les colonnes des exports de dossiers", cle=lambda colonne: colonne.code
)
