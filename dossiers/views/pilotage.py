"""The Pilotage page: the indicators of a period and a perimeter, each opening its list.
The direction (right `admin_ml.voir_pilotage`) chooses the perimeter; a counsellor sees the
same page for their own portfolio."""

from django.shortcuts import render
from django.utils import timezone

from dossiers.pilotage import PilotageForm, figures, par_rubrique
from imilo.droits import Droit, droit_requis


@droit_requis(Droit.DOSSIERS_VOIR)
def pilotage(request):
    formulaire = PilotageForm(
        request.GET or {}, structure=request.structure, utilisateur=request.user
    )
    rubriques, periode = [], None
    if formulaire.is_valid():
        periode = formulaire.cleaned_data["periode"]
        perimetre = dict(formulaire.cleaned_data)
        if not formulaire.direction:
            perimetre["conseiller"] = request.user
        rubriques = par_rubrique(figures(request.structure, perimetre, periode))
    return render(
        request,
        "dossiers/pilotage.html",
        {
            "form": formulaire,
            "periode": periode,
            "rubriques": rubriques,
            "portefeuille": not formulaire.direction,
            "calcule_le": timezone.localtime(),
        },
    )
