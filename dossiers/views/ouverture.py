"""Opening a youth file (premier accueil): possible duplicates shown before."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from dossiers import services
from dossiers.forms.identite import OuvertureForm
from dossiers.models import Jeune
from imilo.droits import Droit, droit_requis
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.texte import cle_de_recherche


def _empreinte(donnees) -> str:
    """What the counsellor confirmed as "not a duplicate": these names, this birth date."""
    cles = [
        cle_de_recherche(donnees.get(c) or "") for c in ("prenom", "nom_usage", "nom_naissance")
    ]
    return "|".join([*cles, str(donnees["date_naissance"])])


@droit_requis(Droit.DOSSIERS_CREER)
def ouvrir(request):
    formulaire = OuvertureForm(request.POST or None, structure=request.structure)
    doublons = []
    if request.method == "POST" and formulaire.is_valid():
        donnees = dict(formulaire.cleaned_data)
        # The confirmation holds for the names it was given for: edited names are checked
        # again.
        confirme = donnees.pop("confirmer_nouveau") == _empreinte(donnees)
        doublons = list(
            Jeune.objects.de_la_structure(request.structure)
            .doublons_possibles(
                noms=[donnees["nom_usage"], donnees["nom_naissance"]],
                prenom=donnees["prenom"],
                date_naissance=donnees["date_naissance"],
            )
            .avec_donnees_liste()
        )
        if not doublons or confirme:
            try:
                jeune = services.jeune_creer(
                    structure=request.structure, par=request.user, **donnees
                )
            except ValidationError as erreur:
                erreurs_dans_le_formulaire(formulaire, erreur)
            else:
                messages.success(request, "Le dossier est ouvert.")
                return redirect(jeune.get_absolute_url())
        else:
            # The counsellor sees the candidates and chooses: open one, or confirm.
            formulaire = OuvertureForm(
                {**request.POST.dict(), "confirmer_nouveau": _empreinte(donnees)},
                structure=request.structure,
            )
            formulaire.is_valid()
    return render(request, "dossiers/ouvrir.html", {"form": formulaire, "doublons": doublons})
