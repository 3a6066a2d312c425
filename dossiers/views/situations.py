"""Situations (employment, training…) and the cursus of diplomas."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dossiers import services
from dossiers.enums import CategorieSituation, EtatSituation
from dossiers.forms.situations import (
    CHAMPS_SITUATION,
    CursusForm,
    FiltresSituationsForm,
    SituationForm,
)
from dossiers.models import Cursus, Jeune, Situation
from imilo.droits import Droit, droit_requis
from imilo.vues import agir, liste_filtree, objet_de_la_ml, soumettre
from referentiels.models import MetierRome


def _situation_initial(situation):
    initial = {champ: getattr(situation, champ) for champ in CHAMPS_SITUATION}
    for champ in ("type_contrat", "objectif", "validation", "nsf", "motif_interruption"):
        initial[champ] = getattr(situation, f"{champ}_id")
    return initial


def _page_situation(request, jeune, formulaire, situation=None):
    return render(
        request,
        "dossiers/situation.html",
        {
            "form": formulaire,
            "jeune": jeune,
            "situation": situation,
            "categorie": CategorieSituation(formulaire.categorie),
            "metiers": MetierRome.objects.filter(actif=True).only("code", "libelle")
            if "metier" in formulaire.fields
            else [],
        },
    )


@droit_requis(Droit.DOSSIERS_MODIFIER)
def situation_ajouter(request, jeune_id):
    """Chosen from the file by its category, the form shows that category's fields."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    categorie = request.GET.get("categorie", "")
    if categorie not in CategorieSituation.values:
        messages.error(request, "Choisissez la catégorie de la situation.")
        return redirect(jeune.get_absolute_url())
    # Values proposed by another page (a realised job MER: the offer's contract, métier,
    # employer): shown for the counsellor to check, saved only when the form is sent.
    initial = {champ: request.GET[champ] for champ in CHAMPS_SITUATION if request.GET.get(champ)}
    formulaire = SituationForm(
        request.POST or None, initial=initial, structure=request.structure, categorie=categorie
    )
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.situation_noter(
                jeune=jeune, par=request.user, categorie=categorie, **donnees
            ),
            message="La situation est notée.",
            vers=jeune.get_absolute_url(),
        )
        if reponse:
            return reponse
    return _page_situation(request, jeune, formulaire)


@droit_requis(Droit.DOSSIERS_MODIFIER)
def situation_modifier(request, jeune_id, situation_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    situation = objet_de_la_ml(request, Situation.objects.filter(jeune=jeune), pk=situation_id)
    formulaire = SituationForm(
        request.POST or None,
        initial=_situation_initial(situation),
        structure=request.structure,
        categorie=situation.categorie,
    )
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.situation_modifier(
                situation=situation, par=request.user, **donnees
            ),
            message="La situation est enregistrée.",
            vers=jeune.get_absolute_url(),
        )
        if reponse:
            return reponse
    return _page_situation(request, jeune, formulaire, situation)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def situation_supprimer(request, jeune_id, situation_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    situation = objet_de_la_ml(request, Situation.objects.filter(jeune=jeune), pk=situation_id)
    return agir(
        request,
        lambda: services.situation_supprimer(situation=situation, par=request.user),
        message=f"La situation « {situation} » est supprimée (historique gardé).",
        vers=jeune.get_absolute_url(),
    )


@droit_requis(Droit.DOSSIERS_MODIFIER)
def cursus_ajouter(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = CursusForm(request.POST or None, structure=request.structure)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.cursus_ajouter(jeune=jeune, par=request.user, **donnees),
            message="Le diplôme est ajouté au cursus.",
            vers=jeune.get_absolute_url(),
        )
        if reponse:
            return reponse
    return render(request, "dossiers/cursus.html", {"form": formulaire, "jeune": jeune})


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def cursus_retirer(request, jeune_id, cursus_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    entree = objet_de_la_ml(request, Cursus.objects.filter(jeune=jeune), pk=cursus_id)
    return agir(
        request,
        lambda: services.cursus_retirer(cursus=entree, par=request.user),
        message="Le diplôme est retiré du cursus.",
        vers=jeune.get_absolute_url(),
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def situations_liste(request):
    """The ML's situations by category and state (en cours by default)."""
    situations = (
        Situation.objects.de_la_structure(request.structure)
        .select_related("jeune", "type_contrat", "objectif", "metier")
        .order_by("-debut", "pk")
    )
    donnees = (
        request.GET if len(request.GET.keys() - {"page"}) else {"etat": EtatSituation.EN_COURS}
    )
    formulaire = FiltresSituationsForm(donnees, structure=request.structure)
    return liste_filtree(request, situations, formulaire, "dossiers/situations_liste.html", {})
