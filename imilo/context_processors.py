"""The main navigation: entries follow the user's rights, the current one is marked.

Each app registers its entries in imilo.registres.NAVIGATION, and which entry its own pages
belong to in PAGES_DE_NAVIGATION, from its AppConfig.ready(): imilo lists no URL of the
apps, and no app names another's pages.
"""

from django.urls import reverse

from imilo.droits import Droit
from imilo.registres import NAVIGATION, PAGES_DE_NAVIGATION


def entree_courante(view_name: str | None):
    """The entry a page belongs to: a named page first, else its URL namespace."""
    if not view_name:
        return None
    for pages in (view_name, view_name.rpartition(":")[0]):
        if pages in PAGES_DE_NAVIGATION:
            return NAVIGATION.get(PAGES_DE_NAVIGATION[pages].entree)
    return None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "recherche_jeunes": False, "recherche_texte": ""}
    match = getattr(request, "resolver_match", None)
    courante = entree_courante(match.view_name if match else None)
    return {
        # The one search box of the shell (name, birth date, NIR), for who may see files.
        "recherche_jeunes": user.a_le_droit(Droit.DOSSIERS_VOIR),
        "recherche_texte": request.GET.get("q", ""),
        "navigation": [
            {"libelle": entree.libelle, "url": reverse(entree.url), "actif": entree is courante}
            for entree in NAVIGATION
            if entree.droit is None or user.a_le_droit(entree.droit)
        ],
    }
