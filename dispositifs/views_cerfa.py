"""The CERFA button of a PACEA or a CEJ, and the weekly list of PACEA exits for
réorientation anticipée (page and PDF)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dispositifs.cerfa import cerfa_demander
from dispositifs.forms_cerfa import SemaineForm
from dispositifs.listes import Semaine, lundi_de, semaine_precedente, sorties_reorientation
from dispositifs.views import jeune_et_dispositif
from imilo.droits import Droit, droit_requis
from imilo.pdf import rendre_pdf
from imilo.vues import REFUS, telechargement, texte_du_refus


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def cerfa(request, jeune_id, dispositif_id):
    """Ask for the CERFA; it is generated in the background (or already up to date)."""
    _, dispositif = jeune_et_dispositif(request, jeune_id, dispositif_id)
    # Not `agir`: an up-to-date CERFA is an information, not a success.
    try:
        document = cerfa_demander(dispositif=dispositif, par=request.user)
    except REFUS as erreur:
        messages.error(request, texte_du_refus(erreur))
    else:
        if document is None:
            messages.success(
                request,
                "Le CERFA est en cours de génération : il apparaîtra dans quelques instants "
                "sur cette page et dans les documents du dossier.",
            )
        else:
            messages.info(
                request,
                f"Rien n'a changé depuis le CERFA du "
                f"{timezone.localtime(document.created_at):%d/%m/%Y à %H:%M} (version "
                f"{document.version}) : il est à jour.",
            )
    return redirect(dispositif.get_absolute_url())


def _semaine(request) -> tuple[SemaineForm, Semaine]:
    """The week asked for in the query string; last week by default (or when the date
    typed is not one: the form then says so)."""
    if "semaine" in request.GET:
        formulaire = SemaineForm(request.GET)
    else:
        formulaire = SemaineForm(initial={"semaine": semaine_precedente()})
    jour = (
        formulaire.cleaned_data["semaine"]
        if formulaire.is_bound and formulaire.is_valid()
        else None
    )
    return formulaire, Semaine(lundi_de(jour) if jour else semaine_precedente())


@droit_requis(Droit.DISPOSITIFS_GERER)
def sorties_pacea(request):
    formulaire, semaine = _semaine(request)
    return render(
        request,
        "dispositifs/sorties_pacea.html",
        {
            "form": formulaire,
            "semaine": semaine,
            "lignes": list(sorties_reorientation(request.structure, semaine)),
        },
    )


@droit_requis(Droit.DISPOSITIFS_GERER)
def sorties_pacea_pdf(request):
    _, semaine = _semaine(request)
    contenu = rendre_pdf(
        "pdf/sorties_pacea.html",
        {
            "structure": request.structure,
            "semaine": semaine,
            "lignes": list(sorties_reorientation(request.structure, semaine)),
            "edite_le": timezone.localtime(),
            "edite_par": request.user,
        },
    )
    return telechargement(
        contenu, "application/pdf", f"sorties-pacea-reorientation-{semaine.lundi:%Y-%m-%d}.pdf"
    )
