"""Follow-up: appointments (from the file, the agenda, the ML's list), events, demands and
propositions."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from admin_ml.models import Utilisateur
from dossiers import services
from dossiers.enums import StatutRendezVous, TypeEvenement
from dossiers.forms.suivi import (
    EvenementForm,
    FiltresEvenementsForm,
    FiltresRendezVousForm,
    PropositionForm,
    RendezVousForm,
)
from dossiers.models import Evenement, Jeune, Proposition, RendezVous
from dossiers.views.fiche import fiche
from imilo.dates import debut_du_jour
from imilo.droits import Droit, droit_requis
from imilo.vues import (
    REFUS,
    agir,
    filtres_saisis,
    lire_date_iso,
    liste_filtree,
    objet_de_la_ml,
    soumettre,
    texte_du_refus,
)
from referentiels.models import ElementReference


def _empreinte_rdv(donnees) -> str:
    return f"{donnees['conseiller'].pk}|{donnees['debut']:%Y-%m-%dT%H:%M}|{donnees['duree']}"


@droit_requis(Droit.DOSSIERS_MODIFIER)
def rendez_vous_prendre(request, jeune_id):
    """An appointment from the file; the counsellor's overlapping ones are shown before
    saving, and a second submission with the same slot keeps it."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = RendezVousForm(
        request.POST or None,
        initial={"conseiller": request.user.pk, "lieu": jeune.lieu_rattachement_id},
        structure=request.structure,
    )
    conflits = []
    if request.method == "POST" and formulaire.is_valid():
        donnees = dict(formulaire.cleaned_data)
        confirme = donnees.pop("confirmer") == _empreinte_rdv(donnees)
        conflits = list(
            services.rendez_vous_conflits(
                conseiller=donnees["conseiller"], debut=donnees["debut"], duree=donnees["duree"]
            )
        )
        if not conflits or confirme:
            reponse = soumettre(
                request,
                formulaire,
                lambda _: services.rendez_vous_planifier(jeune=jeune, par=request.user, **donnees),
                message="Le rendez-vous est pris.",
                vers=jeune.get_absolute_url(),
            )
            if reponse:
                return reponse
        else:
            formulaire = RendezVousForm(
                {**request.POST.dict(), "confirmer": _empreinte_rdv(donnees)},
                structure=request.structure,
            )
            formulaire.is_valid()
    return render(
        request,
        "dossiers/rendez_vous.html",
        {"form": formulaire, "jeune": jeune, "conflits": conflits},
    )


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def rendez_vous_statut(request, jeune_id, rendez_vous_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    rendez_vous = objet_de_la_ml(request, RendezVous.objects.filter(jeune=jeune), pk=rendez_vous_id)
    statut = request.POST.get("statut", "")
    if statut not in StatutRendezVous.values:
        messages.error(request, "Statut inconnu.")
        return redirect(jeune.get_absolute_url())
    motif = None
    if request.POST.get("motif_absence", "").isdigit():
        motif = (
            ElementReference.objects.de_la_table("motif_absence")
            .disponibles_pour(request.structure)
            .filter(pk=request.POST["motif_absence"])
            .first()
        )
    try:
        services.rendez_vous_marquer(
            rendez_vous=rendez_vous, par=request.user, statut=statut, motif_absence=motif
        )
    except REFUS as erreur:
        messages.error(request, texte_du_refus(erreur))
        return redirect(jeune.get_absolute_url())
    if (
        statut == StatutRendezVous.PRESENT
        and not Evenement.objects.filter(rendez_vous=rendez_vous).exists()
    ):
        # One fact typed once: the event of this appointment, already filled in.
        messages.success(request, "Présence notée : complétez l'entretien.")
        return redirect(
            f"{reverse('dossiers:evenement_noter', kwargs={'jeune_id': jeune.pk})}"
            f"?rendez_vous={rendez_vous.pk}"
        )
    messages.success(request, f"Rendez-vous {rendez_vous.get_statut_display()}.")
    return redirect(jeune.get_absolute_url())


@droit_requis(Droit.DOSSIERS_MODIFIER)
def evenement_noter(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    rendez_vous = None
    source = request.POST.get("rendez_vous") or request.GET.get("rendez_vous", "")
    if source.isdigit():
        rendez_vous = RendezVous.objects.filter(jeune=jeune, pk=source).first()
    initial = {}
    if rendez_vous is not None:
        initial = {"type": TypeEvenement.ENTRETIEN, "date": rendez_vous.debut}
    formulaire = EvenementForm(request.POST or None, initial=initial, structure=request.structure)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.evenement_noter(
                jeune=jeune, par=request.user, rendez_vous=rendez_vous, **donnees
            ),
            message="L'événement est noté.",
            vers=jeune.get_absolute_url(),
        )
        if reponse:
            return reponse
    return render(
        request,
        "dossiers/evenement.html",
        {"form": formulaire, "jeune": jeune, "rendez_vous": rendez_vous},
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def agenda(request):
    """A counsellor's day or week (the ML's sites); another counsellor's by choice."""
    jour = lire_date_iso(request.GET.get("jour")) or timezone.localdate()
    semaine = request.GET.get("vue") == "semaine"
    debut_periode = jour - timedelta(days=jour.weekday()) if semaine else jour
    fin_periode = debut_periode + timedelta(days=7 if semaine else 1)
    conseillers = Utilisateur.objects.de_la_structure(request.structure).actifs()
    conseiller_id = request.GET.get("conseiller", "")
    conseiller = (
        conseillers.filter(pk=conseiller_id).first() if conseiller_id.isdigit() else None
    ) or request.user
    debut = debut_du_jour(debut_periode)
    fin = debut_du_jour(fin_periode)
    rendez_vous = (
        RendezVous.objects.de_la_structure(request.structure)
        .filter(conseiller=conseiller, debut__gte=debut, debut__lt=fin)
        .select_related("jeune", "lieu", "motif_absence")
    )
    return render(
        request,
        "dossiers/agenda.html",
        {
            "rendez_vous": rendez_vous,
            "conseiller": conseiller,
            "conseillers": conseillers,
            "jour": jour,
            "semaine": semaine,
            "debut_periode": debut_periode,
            "precedent": debut_periode - timedelta(days=7 if semaine else 1),
            "suivant": fin_periode if semaine else jour + timedelta(days=1),
        },
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def evenements_liste(request):
    """The ML's events (interviews, calls, workshops…) by type, period and author."""
    evenements = (
        Evenement.objects.de_la_structure(request.structure)
        .select_related("jeune", "auteur", "contexte")
        .order_by("-date", "pk")
    )
    formulaire = FiltresEvenementsForm(filtres_saisis(request), structure=request.structure)
    return liste_filtree(request, evenements, formulaire, "dossiers/evenements_liste.html")


@droit_requis(Droit.DOSSIERS_VOIR)
def rendez_vous_liste(request):
    """The ML's appointments by status, period, counsellor and site."""
    rendez_vous = (
        RendezVous.objects.de_la_structure(request.structure)
        .select_related("jeune", "conseiller", "lieu", "motif_absence")
        .order_by("-debut", "pk")
    )
    formulaire = FiltresRendezVousForm(filtres_saisis(request), structure=request.structure)
    return liste_filtree(request, rendez_vous, formulaire, "dossiers/rendez_vous_liste.html", {})


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def proposition_ajouter(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = PropositionForm(request.POST)
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.proposition_noter(jeune=jeune, par=request.user, **donnees),
        message="La demande est notée.",
        vers=jeune.get_absolute_url(),
    )
    return reponse or fiche(request, jeune_id, proposition_form=formulaire)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def proposition_terminer(request, jeune_id, proposition_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    proposition = objet_de_la_ml(
        request, Proposition.objects.filter(jeune=jeune), pk=proposition_id
    )
    return agir(
        request,
        lambda: services.proposition_terminer(
            proposition=proposition, par=request.user, etat=request.POST.get("etat", "")
        ),
        message="La demande est terminée.",
        vers=jeune.get_absolute_url(),
    )
