"""The dispositif pages: entering one, its page and the forms on it (extend, leave, add a
phase, ask for an allocation), the end-of-phase interview, deleting it, the buttons of the
allocation requests and their queue, undoing an automatic action, the ML's default lengths.
"""

from typing import NamedTuple

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dispositifs import services
from dispositifs.cerfa import cle_cerfa
from dispositifs.enums import ActionAllocation, EtatAllocation
from dispositifs.forms import (
    AllocationForm,
    BilanForm,
    DureesForm,
    EntreeForm,
    FiltresAllocationsForm,
    PhaseForm,
    ProlongationForm,
    RejetForm,
    SortieForm,
)
from dispositifs.models import (
    ActionAutomatique,
    DemandeAllocation,
    Dispositif,
    DureeDispositif,
    Phase,
    dispositifs_du_jeune,
)
from dossiers.models import Jeune
from imilo.droits import Droit, droit_requis, verifier_droit
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.vues import (
    REFUS,
    agir,
    filtres_saisis,
    objet_de_la_ml,
    paginer,
    retour_sur_le_site,
    soumettre,
    texte_du_refus,
)
from referentiels.models import ElementReference

RELEVES = [
    ("situation", "Situation"),
    ("hebergement", "Hébergement"),
    ("mobilite", "Mobilité"),
    ("couverture", "Couverture sociale"),
]


def jeune_et_dispositif(request, jeune_id, dispositif_id) -> tuple[Jeune, Dispositif]:
    """The youth file and its dispositif inside the ML (404 otherwise), with what the
    dispositif page shows of it."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    dispositif = objet_de_la_ml(
        request,
        Dispositif.objects.filter(jeune=jeune).select_related(
            "type",
            "motif_sortie",
            "prescripteur",
            "referent",
            "aiguilleur",
            "motif_sollicitation",
        ),
        pk=dispositif_id,
    )
    return jeune, dispositif


@droit_requis(Droit.DISPOSITIFS_GERER)
def dispositif_entrer(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = EntreeForm(
        request.POST or None,
        structure=request.structure,
        initial={"referent": jeune.conseiller_referent_id, "prescripteur": request.user.pk},
    )
    # Not `soumettre`: the page to go to and the warnings come from what the service did.
    if request.method == "POST" and formulaire.is_valid():
        try:
            resultat = services.dispositif_entrer(
                jeune=jeune, par=request.user, **formulaire.cleaned_data
            )
        except REFUS as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(request, f"Entrée en {resultat.objet.type} notée.")
            for avertissement in resultat.avertissements:
                messages.warning(request, avertissement)
            return redirect(resultat.objet.get_absolute_url())
    return render(request, "dispositifs/entrer.html", {"form": formulaire, "jeune": jeune})


class FormulaireDeLaPage(NamedTuple):
    """A form of the dispositif page: its class, the service its data go to (with the
    dispositif and the acting user), what is said once done."""

    classe: type
    service: object
    message: str


# By their name in the page.
FORMULAIRES_DE_LA_PAGE = {
    "prolongation_form": FormulaireDeLaPage(
        ProlongationForm, services.dispositif_prolonger, "La fin prévue est repoussée."
    ),
    "sortie_form": FormulaireDeLaPage(
        SortieForm, services.dispositif_sortir, "La sortie est notée."
    ),
    "phase_form": FormulaireDeLaPage(
        PhaseForm, services.phase_ajouter, "La phase est ajoutée au plan d'action."
    ),
    "allocation_form": FormulaireDeLaPage(
        AllocationForm, services.allocation_demander, "La demande d'allocation est enregistrée."
    ),
}


def _avec_leurs_actions(demandes, utilisateur) -> list[tuple[DemandeAllocation, list[str]]]:
    """Each allocation request with the buttons `utilisateur` gets for it."""
    return [(demande, demande.actions_possibles(utilisateur)) for demande in demandes]


def _page(request, jeune, dispositif, **refuses):
    """The dispositif page; a form in `refuses` comes back with its refusal and what was
    typed, the others are empty."""
    phases = list(
        Phase.objects.filter(dispositif=dispositif)
        .select_related("type")
        .prefetch_related("objectifs")
    )
    demandes = dispositif.allocations.select_related("demandee_par", "decidee_par")
    formulaires = {
        nom: refuses.get(nom) or classe(structure=request.structure, dispositif=dispositif)
        for nom, (classe, _, _) in FORMULAIRES_DE_LA_PAGE.items()
    }
    return render(
        request,
        "dispositifs/dispositif.html",
        {
            "jeune": jeune,
            "dispositif": dispositif,
            "phases": phases,
            "phase_ouverte": next((p for p in phases if p.ouverte), None),
            "allocations": _avec_leurs_actions(demandes, request.user),
            "peut_gerer": request.user.a_le_droit(Droit.DISPOSITIFS_GERER),
            "releves": [
                (libelle, dispositif.releve_entree.get(cle), dispositif.releve_sortie.get(cle))
                for cle, libelle in RELEVES
            ]
            if dispositif.releve_entree
            else [],
            **formulaires,
        },
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def dispositif(request, jeune_id, dispositif_id):
    return _page(request, *jeune_et_dispositif(request, jeune_id, dispositif_id))


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def formulaire_du_dispositif(request, jeune_id, dispositif_id, formulaire: str):
    """The POST of a form of the dispositif page (`formulaire`: its name in
    FORMULAIRES_DE_LA_PAGE, given by the URL): done and back to the page, or the page again
    with the refusal next to its field and what was typed."""
    jeune, dispositif = jeune_et_dispositif(request, jeune_id, dispositif_id)
    classe, service, message = FORMULAIRES_DE_LA_PAGE[formulaire]
    envoye = classe(request.POST, structure=request.structure, dispositif=dispositif)
    fait = soumettre(
        request,
        envoye,
        lambda donnees: service(dispositif=dispositif, par=request.user, **donnees),
        message=message,
        vers=dispositif.get_absolute_url(),
    )
    return fait or _page(request, jeune, dispositif, **{formulaire: envoye})


@droit_requis(Droit.DISPOSITIFS_GERER)
def dispositif_supprimer(request, jeune_id, dispositif_id):
    """A dispositif entered by mistake: a confirmation page says what goes with it."""
    jeune, dispositif = jeune_et_dispositif(request, jeune_id, dispositif_id)
    if request.method != "POST":
        return render(
            request,
            "dispositifs/supprimer.html",
            {
                "jeune": jeune,
                "dispositif": dispositif,
                "phases": dispositif.phases.count(),
                "allocations": dispositif.allocations.count(),
                "documents": jeune.documents.filter(cle=cle_cerfa(dispositif)).count(),
            },
        )
    # Not `agir`: a refusal goes back to the dispositif, a deletion to the youth file.
    try:
        services.dispositif_supprimer(dispositif=dispositif, par=request.user)
    except REFUS as erreur:
        messages.error(request, texte_du_refus(erreur))
        return redirect(dispositif.get_absolute_url())
    messages.success(request, f"Le dispositif « {dispositif} » est supprimé (historique gardé).")
    return redirect(jeune.get_absolute_url())


@droit_requis(Droit.DISPOSITIFS_GERER)
def bilan_de_phase(request, jeune_id, dispositif_id, phase_id):
    jeune, dispositif = jeune_et_dispositif(request, jeune_id, dispositif_id)
    phase = objet_de_la_ml(
        request, Phase.objects.filter(dispositif=dispositif).select_related("type"), pk=phase_id
    )
    formulaire = BilanForm(request.POST or None, structure=request.structure, phase=phase)
    if request.method == "POST":
        fait = soumettre(
            request,
            formulaire,
            lambda donnees: services.bilan_de_phase(phase=phase, par=request.user, **donnees),
            message="Le bilan de phase est noté dans les événements.",
            vers=dispositif.get_absolute_url(),
        )
        if fait:
            return fait
    return render(
        request,
        "dispositifs/bilan.html",
        {"form": formulaire, "jeune": jeune, "dispositif": dispositif, "phase": phase},
    )


SERVICES_DES_ACTIONS = {
    ActionAllocation.SOUMETTRE: services.allocation_soumettre,
    ActionAllocation.VALIDER: services.allocation_valider,
    ActionAllocation.REJETER: services.allocation_rejeter,
    ActionAllocation.TRANSMETTRE: services.allocation_transmettre,
}


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def allocation_action(request, jeune_id, dispositif_id, allocation_id, action):
    """A button of an allocation request; back to the page it came from (the dispositif or
    the queue). Only the actions `DemandeAllocation.actions_possibles` offers are done."""
    if action not in SERVICES_DES_ACTIONS:
        raise Http404
    transition = DemandeAllocation.TRANSITIONS[action]
    verifier_droit(request.user, transition.droit)
    _, dispositif = jeune_et_dispositif(request, jeune_id, dispositif_id)
    demande = objet_de_la_ml(request, dispositif.allocations.all(), pk=allocation_id)
    vers = retour_sur_le_site(request, dispositif.get_absolute_url())
    # The same table as the buttons: an action the page does not offer is refused.
    refus = demande.refus(action, request.user)
    if refus:
        messages.error(request, refus)
        return redirect(vers)
    donnees = {}
    if action == ActionAllocation.REJETER:
        formulaire = RejetForm(request.POST)
        if not formulaire.is_valid():
            messages.error(request, "Indiquez le motif du rejet.")
            return redirect(vers)
        donnees = formulaire.cleaned_data
    return agir(
        request,
        lambda: SERVICES_DES_ACTIONS[action](demande=demande, par=request.user, **donnees),
        message=f"Demande de {demande.mois:%m/%Y} {EtatAllocation(transition.vers).label}.",
        vers=vers,
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def allocations_a_valider(request):
    """The ML's allocation requests: soumises à validation by default (the validateurs'
    queue); by state, by a step reached in a period and by the young people of a search (a
    figure of the Pilotage page). Reading them needs what reading a dispositif page does;
    the buttons are those `DemandeAllocation.actions_possibles` gives."""
    formulaire = FiltresAllocationsForm(
        filtres_saisis(request),
        structure=request.structure,
        initial={"etat": EtatAllocation.SOUMISE},
    )
    demandes = (
        DemandeAllocation.objects.de_la_structure(request.structure)
        .select_related("dispositif__type", "dispositif__jeune", "demandee_par", "decidee_par")
        .order_by("-mois", "pk")
    )
    if not formulaire.is_bound:
        demandes = demandes.filter(etat=EtatAllocation.SOUMISE)
    elif formulaire.is_valid():
        demandes = formulaire.filtrer(demandes)
    else:
        demandes = demandes.none()
    page, parametres = paginer(request, demandes)
    return render(
        request,
        "dispositifs/allocations.html",
        {
            "page": page,
            "filtres": formulaire,
            "demandes": _avec_leurs_actions(page.object_list, request.user),
            "etat": request.GET.get("etat", "") if formulaire.is_bound else EtatAllocation.SOUMISE,
            "etats": EtatAllocation.choices,
            "parametres": parametres,
            "peut_valider": request.user.peut_valider_les_allocations,
        },
    )


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def action_annuler(request, jeune_id, action_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    action = objet_de_la_ml(request, ActionAutomatique.objects.filter(jeune=jeune), pk=action_id)
    return agir(
        request,
        lambda: services.action_annuler(action=action, par=request.user),
        message=f"Annulé : {action.libelle}.",
        vers=jeune.get_absolute_url(),
    )


def section_de_la_fiche(request, jeune):
    """The « Dispositifs » section of the file page (one query with its automatic
    actions)."""
    if not request.user.a_le_droit(Droit.DOSSIERS_VOIR):
        return None
    dispositifs = dispositifs_du_jeune(jeune)
    return {
        "dispositifs": dispositifs,
        "actions": list(ActionAutomatique.objects.filter(jeune=jeune, annulee_le__isnull=True)[:5]),
        "peut_gerer": request.user.a_le_droit(Droit.DISPOSITIFS_GERER),
    }


@droit_requis(Droit.ADMIN_ML_GERER_STRUCTURE)
def durees(request):
    """The ML's default length of each type of dispositif (the expected end at entry)."""
    types = (
        ElementReference.objects.de_la_table("type_dispositif")
        .disponibles_pour(request.structure)
        .filter(actif=True)
    )
    propres = dict(
        DureeDispositif.objects.filter(structure=request.structure).values_list(
            "type_id", "duree_mois"
        )
    )
    formulaire = DureesForm(request.POST or None, types=types, durees=propres)
    if request.method == "POST":
        fait = soumettre(
            request,
            formulaire,
            lambda _: services.durees_enregistrer(
                structure=request.structure, par=request.user, durees=formulaire.durees()
            ),
            message="Les durées par défaut sont enregistrées.",
            vers=request.path,
        )
        if fait:
            return fait
    return render(request, "dispositifs/durees.html", {"form": formulaire})
