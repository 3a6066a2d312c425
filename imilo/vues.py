"""The view toolkit every app uses: form → service → message, actions from a button, lists
cut into pages, objects fetched inside the ML, files to download.

A view stays short: it fetches through the ML (`objet_de_la_ml`: another ML's object is a
404, exactly like a missing one), hands the form's data to a service, says what happened
and redirects; a refusal of the service goes next to its field and what was typed stays.
"""

from collections.abc import Callable
from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from imilo.erreurs import RegleMetierError
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.tenancy import objet_de_la_structure

PAR_PAGE = 25

# What a service raises when a rule refuses: shown to the user, never a 500.
REFUS = (ValidationError, RegleMetierError)


def objet_de_la_ml(request, modele_ou_queryset, **recherche):
    """The object of the signed-in user's ML matching `recherche`, or a 404 (another ML's
    object answers like a missing one)."""
    return objet_de_la_structure(request.structure, modele_ou_queryset, **recherche)


def texte_du_refus(erreur: Exception) -> str:
    """A refusal in one line, whatever raised it."""
    if isinstance(erreur, RegleMetierError):
        return erreur.message
    if isinstance(erreur, ValidationError):
        return " ".join(erreur.messages)
    return str(erreur)


def soumettre(
    request,
    formulaire,
    action: Callable[[dict], object],
    *,
    message: str | Callable[[object], str],
    vers,
):
    """Validate the form, run the service with its data; its refusals go next to their
    fields (what was typed stays). A redirect on success, None to render the page again.
    `message` and `vers` may be built from what the service returned (the record it
    created)."""
    if not formulaire.is_valid():
        return None
    try:
        resultat = action(dict(formulaire.cleaned_data))
    except REFUS as erreur:
        erreurs_dans_le_formulaire(formulaire, erreur)
        return None
    messages.success(request, message(resultat) if callable(message) else message)
    return redirect(vers(resultat) if callable(vers) else vers)


def agir(request, action: Callable[[], object], *, message: str | Callable[[object], str], vers):
    """A button's action (no form to show again): run it, say what happened or why it was
    refused, and go back to `vers`. `message` may be built from what the action returned."""
    try:
        resultat = action()
    except REFUS as erreur:
        messages.error(request, texte_du_refus(erreur))
    else:
        messages.success(request, message(resultat) if callable(message) else message)
    return redirect(vers)


def paginer(request, queryset, par_page: int = PAR_PAGE) -> tuple[Page, str]:
    """The page asked for, and the query string without `page` (for the page links)."""
    page = Paginator(queryset, par_page).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return page, parametres.urlencode()


def filtres_saisis(request):
    """The query string when a filter was chosen (not just a page number), else None: an
    unbound filter form shows the list's default."""
    return request.GET if len(request.GET.keys() - {"page"}) else None


def liste_filtree(request, queryset, formulaire, gabarit, contexte=None, *, par_page=PAR_PAGE):
    """A list narrowed by its filter form; invalid filters select nothing (never
    "everything": a group action may follow)."""
    if formulaire.is_bound and not formulaire.is_valid():
        queryset = queryset.none()
    elif formulaire.is_bound:
        queryset = formulaire.filtrer(queryset)
    page, parametres = paginer(request, queryset, par_page)
    return render(
        request,
        gabarit,
        {"page": page, "filtres": formulaire, "parametres": parametres, **(contexte or {})},
    )


def valeurs_initiales(objet, champs) -> dict:
    """A record's values for its form; foreign keys by their id (no query per field)."""
    valeurs = {}
    for champ in champs:
        try:
            attribut = objet._meta.get_field(champ).attname
        except FieldDoesNotExist:
            attribut = champ
        valeurs[champ] = getattr(objet, attribut)
    return valeurs


def retour_sur_le_site(request, defaut: str) -> str:
    """The page a form came from (`retour`), when it is a path of this site; never an
    address given by someone else."""
    retour = request.POST.get("retour", "")
    sure = retour.startswith("/") and url_has_allowed_host_and_scheme(
        retour, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return retour if sure else defaut


def telechargement(contenu: bytes, type_mime: str, nom: str) -> HttpResponse:
    """A generated file (CSV, PDF…) the browser saves under `nom`."""
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def lire_date_iso(texte: str | None) -> date | None:
    """A date from the query string (`2026-12-05`); None when absent or malformed."""
    try:
        return datetime.strptime(texte or "", "%Y-%m-%d").date()
    except ValueError:
        return None
