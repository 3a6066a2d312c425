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
