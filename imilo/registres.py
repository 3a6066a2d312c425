"""The one registry type of the project, and the registries of imilo itself.

Where an app on the left must learn about apps on its right (the home page's widgets, the
navigation, the timeline of a youth file, what blocks unsubscribing a user…), it declares a
`Registre` in its own `registres.py`; the apps on the right fill it from their
`AppConfig.ready()`. Nothing imports upwards (docs/architecture.md, « Registres »).

Registering is idempotent (ready() may run twice in tests): an element whose key is already
there replaces nothing and is not added again.
"""

import sys
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from imilo.droits import Droit

T = TypeVar("T")

# Every registry of the project, by the module that declares it: the coherence test checks
# they all live in a module named `registres`, where a newcomer looks for them.
TOUS: list["Registre"] = []


class Registre(Generic[T]):
    def __init__(
        self,
        description: str,
        *,
        cle: Callable[[T], Hashable] | None = None,
        ordre: Callable[[T], Any] | None = None,
    ):
        # « ce qui empêche de désabonner un utilisateur »: said in docs and error messages.
        self.description = description
        self._cle = cle or (lambda element: element)
        self._ordre = ordre
        self._elements: dict[Hashable, T] = {}
        self.module = sys._getframe(1).f_globals.get("__name__", "")
        TOUS.append(self)

    def enregistrer(self, element: T) -> T:
        """Add `element` (usable as a decorator); returns it unchanged."""
        self._elements.setdefault(self._cle(element), element)
        return element

    def remplacer(self, element: T) -> T:
        """Put `element` in the place of the one with its key (tests registering a
        stand-in); the order of the others does not change."""
        self._elements[self._cle(element)] = element
        return element

    def retirer(self, element: T) -> None:
        """Take an element out (tests registering a stand-in)."""
        self._elements.pop(self._cle(element), None)

    def get(self, cle: Hashable, defaut=None):
        return self._elements.get(cle, defaut)

    def __iter__(self) -> Iterator[T]:
        elements = list(self._elements.values())
        return iter(sorted(elements, key=self._ordre) if self._ordre else elements)

    def __len__(self) -> int:
        return len(self._elements)

    def __contains__(self, cle: Hashable) -> bool:
        return cle in self._elements

    def __getitem__(self, cle: Hashable) -> T:
        return self._elements[cle]

    def __repr__(self) -> str:
        return f"<Registre {self.module} : {self.description} ({len(self)})>"


# --- The home page's widgets ------------------------------------------------------------


@dataclass
class Widget:
    titre: str
    gabarit: str
    contexte: dict = field(default_factory=dict)
    ordre: int = 50


# A widget is a function of the request returning a `Widget`, or None when it has nothing
# to show for this user; one query each.
WIDGETS: Registre[Callable] = Registre("les encarts de la page d'accueil")


# --- The main navigation ----------------------------------------------------------------


@dataclass(frozen=True)
class EntreeNavigation:
    libelle: str
    # The URL name the entry leads to.
    url: str
    droit: Droit | None
    ordre: int


NAVIGATION: Registre[EntreeNavigation] = Registre(
    "les entrées de la navigation principale",
    cle=lambda entree: entree.libelle,
    ordre=lambda entree: entree.ordre,
)


@dataclass(frozen=True)
class Rattachement:
    """Pages that mark an entry as current, registered by the app that owns them: a whole
    URL namespace (« dossiers ») or one URL name (« dossiers:agenda », which wins over its
    namespace)."""

    pages: str
    # The libellé of the entry.
    entree: str


PAGES_DE_NAVIGATION: Registre[Rattachement] = Registre(
    "les pages de chaque entrée de la navigation", cle=lambda rattachement: rattachement.pages
)
