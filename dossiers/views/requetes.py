"""Saved searches: the user's own and those shared within the ML; saving the current search
under a name; deleting one's own."""

from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dossiers.forms.requetes import RequeteForm
from dossiers.models import Requete
from imilo.droits import Droit, droit_requis
from imilo.historique import enregistrer, supprimer
from imilo.vues import agir, objet_de_la_ml, soumettre


def _enregistrer(request, donnees) -> Requete:
    # Said next to the name (the database constraint holds it whatever writes the row).
    if Requete.objects.filter(created_by=request.user, nom=donnees["nom"]).exists():
        raise ValidationError(
            {"nom": "Vous avez déjà une requête de ce nom : choisissez-en un autre."}
        )
    # The export's columns are kept apart from the search's criteria.
    paires = [(cle, valeur) for cle, valeur in parse_qsl(donnees["parametres"]) if cle != "page"]
    return enregistrer(
        Requete(
            structure=request.structure,
            nom=donnees["nom"],
            partagee=donnees["partagee"],
            parametres=urlencode([(c, v) for c, v in paires if c != "colonnes"]),
            colonnes=[v for c, v in paires if c == "colonnes"],
            created_by=request.user,
        ),
        par=request.user,
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def requetes(request):
    """The saved searches the user may use; the form saves the search it came from
    (`?parametres=…`)."""
    formulaire = RequeteForm(
        request.POST or None, initial={"parametres": request.GET.get("parametres", "")}
    )
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: _enregistrer(request, donnees),
            message=lambda requete: f"La requête « {requete} » est enregistrée.",
            vers=request.path,
        )
        if reponse:
            return reponse
    liste = Requete.objects.visibles_par(request.user).select_related("created_by")
    return render(
        request,
        "dossiers/requetes.html",
        {"requetes": liste, "form": formulaire, "a_enregistrer": formulaire["parametres"].value()},
    )


@require_POST
@droit_requis(Droit.DOSSIERS_VOIR)
def requete_supprimer(request, requete_id):
    # Only its author deletes a search, shared or not: another's answers 404.
    requete = objet_de_la_ml(
        request, Requete.objects.filter(created_by=request.user), pk=requete_id
    )
    return agir(
        request,
        lambda: supprimer(requete, par=request.user),
        message=f"La requête « {requete} » est supprimée.",
        vers=reverse("dossiers:requetes"),
    )
