"""Pages of the training catalogue and of the mises en relation (MER)."""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from dossiers.models import Jeune
from imilo.droits import Droit, droit_requis, verifier_droit
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.vues import REFUS, liste_filtree, objet_de_la_ml, soumettre
from offres import services_formations as services
from offres.enums import EtatMer
from offres.forms import ActionFormationForm, EtatMerForm, MerForm, RechercheCatalogueForm
from offres.models import ActionFormation, MiseEnRelation
from offres.views import metiers_rome, page_de_modification
from referentiels.models import RegionInsee


def _jeune_de_la_recherche(request, identifiant):
    """The young person to put in touch (catalogue opened from the file), in the ML."""
    if not identifiant:
        return None
    return Jeune.objects.de_la_structure(request.structure).filter(pk=identifiant).first()


@droit_requis(Droit.DOSSIERS_VOIR)
def catalogue(request):
    """Search the internal and regional catalogue by keywords of the title, ROME and
    region; finished actions on demand. The region of the ML by default."""
    donnees = request.GET.copy()
    if not request.GET.keys() - {"page", "jeune"}:
        region = RegionInsee.objects.filter(pk=request.structure.region.code).first()
        if region is not None:
            donnees["region"] = region.pk
    formulaire = RechercheCatalogueForm(donnees)
    actions = (
        ActionFormation.objects.de_la_structure(request.structure)
        .select_related("metier", "region", "commune", "objectif", "validation")
        .order_by("intitule", "pk")
    )
    jeune = (
        _jeune_de_la_recherche(request, formulaire.cleaned_data["jeune"])
        if formulaire.is_valid()
        else None
    )
    return liste_filtree(
        request,
        actions,
        formulaire,
        "offres/catalogue.html",
        {"jeune": jeune, "peut_gerer": request.user.a_le_droit(Droit.OFFRES_GERER)},
    )


@droit_requis(Droit.OFFRES_GERER)
def action_formation_creer(request):
    formulaire = ActionFormationForm(request.POST or None, structure=request.structure)
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.action_formation_creer(
            structure=request.structure, par=request.user, **donnees
        ),
        message="L'action est ajoutée au catalogue interne.",
        vers=lambda action: action.get_absolute_url(),
    )
    if reponse:
        return reponse
    return render(
        request,
        "offres/action_formation_form.html",
        {"form": formulaire, "action": None, "metiers": metiers_rome()},
    )


def _action(request, action_formation_id, queryset=None):
    return objet_de_la_ml(
        request,
        queryset
        if queryset is not None
        else ActionFormation.objects.select_related(
            "metier", "region", "commune", "objectif", "validation", "structure"
        ),
        pk=action_formation_id,
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def action_formation(request, action_formation_id):
    """An action and the ML's young people put in touch with it."""
    action = _action(request, action_formation_id)
    return render(
        request,
        "offres/action_formation.html",
        {
            "action": action,
            "mises_en_relation": list(
                MiseEnRelation.objects.de_la_structure(request.structure)
                .filter(action_formation=action)
                .select_related("jeune", "issue")
            ),
            "peut_gerer": request.user.a_le_droit(Droit.OFFRES_GERER),
        },
    )


@droit_requis(Droit.OFFRES_GERER)
def action_formation_modifier(request, action_formation_id):
    # Only the ML's own actions: the regional catalogue changes by its import.
    action = _action(
        request,
        action_formation_id,
        ActionFormation.objects.filter(structure=request.structure),
    )
    return page_de_modification(
        request,
        action,
        ActionFormationForm,
        partial(services.action_formation_modifier, action=action, par=request.user),
        message="L'action est enregistrée.",
        gabarit="offres/action_formation_form.html",
        contexte={"action": action, "metiers": metiers_rome()},
    )


@droit_requis(Droit.OFFRES_GERER)
@droit_requis(Droit.DOSSIERS_MODIFIER)
def mer_creer(request, jeune_id):
    """Put the young person in touch with a job offer of the ML, or with the action of the
    catalogue chosen in the search (carried by the query string)."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    initial = {
        champ: request.GET[champ]
        for champ in ("offre_emploi", "action_formation")
        if request.GET.get(champ, "").isdigit()
    }
    formulaire = MerForm(request.POST or None, structure=request.structure, initial=initial)
    action = None
    identifiant = formulaire["action_formation"].value()
    if str(identifiant or "").isdigit():
        action = (
            ActionFormation.objects.de_la_structure(request.structure)
            .filter(pk=identifiant)
            .first()
        )
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.mer_creer(jeune=jeune, par=request.user, **donnees),
        message=lambda mer: f"Mise en relation notée : {mer.cible}.",
        vers=jeune.get_absolute_url(),
    )
    if reponse:
        return reponse
    return render(
        request,
        "offres/mer_creer.html",
        {"form": formulaire, "jeune": jeune, "action": action},
    )


def _mer(request, jeune, mer_id):
    return objet_de_la_ml(
        request,
        MiseEnRelation.objects.filter(jeune=jeune).select_related(
            "offre_emploi__entreprise",
            "offre_emploi__type_contrat",
            "action_formation",
            "issue",
            "situation",
            "created_by",
        ),
        pk=mer_id,
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def mer(request, jeune_id, mer_id):
    """A mise en relation and its next state. A realised job MER leads to the employment
    situation prefilled from the offer; a realised training MER creates the formation
    situation from the action."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    mise = _mer(request, jeune, mer_id)
    formulaire = None
    if mise.en_cours:
        initial = {}
        if mise.est_formation:
            action = mise.action_formation
            initial = {"debut": action.debut, "fin_prevue": action.fin}
        formulaire = EtatMerForm(
            request.POST or None, structure=request.structure, mer=mise, initial=initial
        )
    if request.method == "POST":
        # Its effects are written into the youth file (situation, proposition).
        verifier_droit(request.user, Droit.OFFRES_GERER)
        verifier_droit(request.user, Droit.DOSSIERS_MODIFIER)
        if formulaire is None:
            messages.error(request, "Cette mise en relation ne change plus d'état.")
            return redirect(mise.get_absolute_url())
        if formulaire.is_valid():
            try:
                mise = services.mer_changer_etat(
                    mer=mise, par=request.user, **formulaire.cleaned_data
                )
            except REFUS as erreur:
                erreurs_dans_le_formulaire(formulaire, erreur)
            else:
                return _apres_changement(request, jeune, mise)
    return render(
        request,
        "offres/mer.html",
        {
            "jeune": jeune,
            "mer": mise,
            "form": formulaire,
            "peut_gerer": request.user.a_le_droit(Droit.OFFRES_GERER),
        },
    )


def _apres_changement(request, jeune, mise):
    if mise.etat != EtatMer.REALISEE:
        messages.success(request, f"Mise en relation {mise.get_etat_display()}.")
        return redirect(jeune.get_absolute_url())
    if mise.est_formation:
        messages.success(
            request,
            "Mise en relation réalisée : la situation de formation est créée avec les données "
            "de l'action (organisme, dates, objectif, Formacode, niveau).",
        )
        return redirect(jeune.get_absolute_url())
    valeurs = services.situation_de_l_emploi(mise)
    messages.success(
        request,
        "Mise en relation réalisée : vérifiez et enregistrez la situation, pré-remplie depuis "
        "l'offre d'emploi.",
    )
    url = reverse("dossiers:situation_ajouter", kwargs={"jeune_id": jeune.pk})
    return redirect(f"{url}?{urlencode(valeurs)}")
