from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dispositifs import services
from dispositifs.cerfa import cle_cerfa
from dispositifs.forms import (
    AllocationForm,
    BilanForm,
    DureesForm,
    EntreeForm,
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
    EtatAllocation,
    Phase,
    dispositifs_du_jeune,
)
from dossiers.models import Jeune
from imilo.droits import Droit, droit_requis, verifier_droit
from imilo.erreurs import RegleMetierError
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.tenancy import objet_de_la_structure
from imilo.vues import PAR_PAGE, objet_de_la_ml, soumettre
from referentiels.models import ElementReference

RELEVES = [
    ("situation", "Situation"),
    ("hebergement", "Hébergement"),
    ("mobilite", "Mobilité"),
    ("couverture", "Couverture sociale"),
]


def _dispositif(request, jeune, dispositif_id):
    return objet_de_la_structure(
        request.structure,
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


@droit_requis(Droit.DISPOSITIFS_GERER)
def dispositif_entrer(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = EntreeForm(
        request.POST or None,
        structure=request.structure,
        initial={"referent": jeune.conseiller_referent_id, "prescripteur": request.user.pk},
    )
    if request.method == "POST" and formulaire.is_valid():
        try:
            resultat = services.dispositif_entrer(
                jeune=jeune, par=request.user, **formulaire.cleaned_data
            )
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(request, f"Entrée en {resultat.objet.type} notée.")
            for avertissement in resultat.avertissements:
                messages.warning(request, avertissement)
            return redirect(resultat.objet.get_absolute_url())
    return render(request, "dispositifs/entrer.html", {"form": formulaire, "jeune": jeune})


def _page(request, jeune, dispositif, statut=200, **formulaires):
    """The dispositif page; a refused form comes back with what was typed."""
    structure = request.structure
    phases = list(
        Phase.objects.filter(dispositif=dispositif)
        .select_related("type")
        .prefetch_related("objectifs")
    )
    allocations = list(dispositif.allocations.select_related("demandee_par", "decidee_par"))
    formulaires.setdefault("prolongation_form", ProlongationForm())
    formulaires.setdefault("sortie_form", SortieForm(structure=structure, dispositif=dispositif))
    formulaires.setdefault("phase_form", PhaseForm(structure=structure))
    formulaires.setdefault("allocation_form", AllocationForm())
    return render(
        request,
        "dispositifs/dispositif.html",
        {
            "jeune": jeune,
            "dispositif": dispositif,
            "phases": phases,
            "phase_ouverte": next((p for p in phases if p.ouverte), None),
            "allocations": allocations,
            "peut_gerer": request.user.a_le_droit(Droit.DISPOSITIFS_GERER),
            "peut_valider": request.user.peut_valider_les_allocations,
            "releves": [
                (libelle, dispositif.releve_entree.get(cle), dispositif.releve_sortie.get(cle))
                for cle, libelle in RELEVES
            ]
            if dispositif.releve_entree
            else [],
            **formulaires,
        },
        status=statut,
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def dispositif(request, jeune_id, dispositif_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    return _page(request, jeune, _dispositif(request, jeune, dispositif_id))


def _action(request, jeune_id, dispositif_id, nom_formulaire, classe, action, message, kw=None):
    """A form of the dispositif page: done and back to the page, or the page again with the
    refusal next to the field and what was typed."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    dispositif = _dispositif(request, jeune, dispositif_id)
    formulaire = classe(request.POST, **(kw(dispositif) if kw else {}))
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: action(dispositif, donnees),
        message=message,
        vers=dispositif.get_absolute_url(),
    )
    return reponse or _page(request, jeune, dispositif, **{nom_formulaire: formulaire})


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def dispositif_prolonger(request, jeune_id, dispositif_id):
    return _action(
        request,
        jeune_id,
        dispositif_id,
        "prolongation_form",
        ProlongationForm,
        lambda d, donnees: services.dispositif_prolonger(dispositif=d, par=request.user, **donnees),
        "La fin prévue est repoussée.",
    )


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def dispositif_sortir(request, jeune_id, dispositif_id):
    return _action(
        request,
        jeune_id,
        dispositif_id,
        "sortie_form",
        SortieForm,
        lambda d, donnees: services.dispositif_sortir(dispositif=d, par=request.user, **donnees),
        "La sortie est notée.",
        kw=lambda d: {"structure": request.structure, "dispositif": d},
    )


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def phase_ajouter(request, jeune_id, dispositif_id):
    return _action(
        request,
        jeune_id,
        dispositif_id,
        "phase_form",
        PhaseForm,
        lambda d, donnees: services.phase_ajouter(dispositif=d, par=request.user, **donnees),
        "La phase est ajoutée au plan d'action.",
        kw=lambda d: {"structure": request.structure},
    )


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def allocation_demander(request, jeune_id, dispositif_id):
    return _action(
        request,
        jeune_id,
        dispositif_id,
        "allocation_form",
        AllocationForm,
        lambda d, donnees: services.allocation_demander(dispositif=d, par=request.user, **donnees),
        "La demande d'allocation est enregistrée.",
    )


@droit_requis(Droit.DISPOSITIFS_GERER)
def dispositif_supprimer(request, jeune_id, dispositif_id):
    """A dispositif entered by mistake: a confirmation page says what goes with it."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    dispositif = _dispositif(request, jeune, dispositif_id)
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
    try:
        services.dispositif_supprimer(dispositif=dispositif, par=request.user)
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
        return redirect(dispositif.get_absolute_url())
    messages.success(request, f"Le dispositif « {dispositif} » est supprimé (historique gardé).")
    return redirect(jeune.get_absolute_url())


@droit_requis(Droit.DISPOSITIFS_GERER)
def bilan_de_phase(request, jeune_id, dispositif_id, phase_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    dispositif = _dispositif(request, jeune, dispositif_id)
    phase = objet_de_la_structure(
        request.structure,
        Phase.objects.filter(dispositif=dispositif).select_related("type"),
        pk=phase_id,
    )
    formulaire = BilanForm(request.POST or None, structure=request.structure, phase=phase)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.bilan_de_phase(phase=phase, par=request.user, **donnees),
            message="Le bilan de phase est noté dans les événements.",
            vers=dispositif.get_absolute_url(),
        )
        if reponse:
            return reponse
    return render(
        request,
        "dispositifs/bilan.html",
        {"form": formulaire, "jeune": jeune, "dispositif": dispositif, "phase": phase},
    )


ACTIONS_ALLOCATION = {
    "soumettre": (services.allocation_soumettre, Droit.DISPOSITIFS_GERER, "soumise à validation"),
    "valider": (services.allocation_valider, Droit.DISPOSITIFS_VALIDER_ALLOCATION, "validée"),
    "rejeter": (services.allocation_rejeter, Droit.DISPOSITIFS_VALIDER_ALLOCATION, "rejetée"),
    "transmettre": (
        services.allocation_transmettre,
        Droit.DISPOSITIFS_VALIDER_ALLOCATION,
        "transmise à l'ASP",
    ),
}


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def allocation_action(request, jeune_id, dispositif_id, allocation_id, action):
    if action not in ACTIONS_ALLOCATION:
        raise Http404
    service, droit, fait = ACTIONS_ALLOCATION[action]
    verifier_droit(request.user, droit)
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    dispositif = _dispositif(request, jeune, dispositif_id)
    demande = objet_de_la_structure(
        request.structure, dispositif.allocations.all(), pk=allocation_id
    )
    extra = {}
    if action == "rejeter":
        formulaire = RejetForm(request.POST)
        if not formulaire.is_valid():
            messages.error(request, "Indiquez le motif du rejet.")
            return redirect(_retour(request, dispositif))
        extra = formulaire.cleaned_data
    try:
        service(demande=demande, par=request.user, **extra)
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(request, f"Demande de {demande.mois:%m/%Y} {fait}.")
    return redirect(_retour(request, dispositif))


def _retour(request, dispositif) -> str:
    """Back to the page the action came from (the allocations queue), on this site only."""
    retour = request.POST.get("retour", "")
    if url_has_allowed_host_and_scheme(retour, {request.get_host()}, request.is_secure()):
        return retour
    return dispositif.get_absolute_url()


@droit_requis(Droit.DISPOSITIFS_GERER)
def allocations_a_valider(request):
    """The ML's allocation requests, by state (soumises à validation by default)."""
    etat = request.GET.get("etat", EtatAllocation.SOUMISE)
    if etat not in EtatAllocation.values:
        etat = EtatAllocation.SOUMISE
    demandes = (
        DemandeAllocation.objects.de_la_structure(request.structure)
        .filter(etat=etat)
        .select_related("dispositif__type", "dispositif__jeune", "demandee_par", "decidee_par")
        .order_by("-mois", "pk")
    )
    page = Paginator(demandes, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispositifs/allocations.html",
        {
            "page": page,
            "etat": etat,
            "etats": EtatAllocation.choices,
            "parametres": f"etat={etat}",
            "peut_valider": request.user.peut_valider_les_allocations,
        },
    )


@require_POST
@droit_requis(Droit.DISPOSITIFS_GERER)
def action_annuler(request, jeune_id, action_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    action = objet_de_la_structure(
        request.structure, ActionAutomatique.objects.filter(jeune=jeune), pk=action_id
    )
    try:
        services.action_annuler(action=action, par=request.user)
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(request, f"Annulé : {action.libelle}.")
    return redirect(jeune.get_absolute_url())


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
        reponse = soumettre(
            request,
            formulaire,
            lambda _: services.durees_enregistrer(
                structure=request.structure, par=request.user, durees=formulaire.durees()
            ),
            message="Les durées par défaut sont enregistrées.",
            vers=request.path,
        )
        if reponse:
            return reponse
    return render(request, "dispositifs/durees.html", {"form": formulaire})
