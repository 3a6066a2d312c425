"""Pages of the offres de service: the catalogue, an offer, its sessions, enrolments from
the youth file or from « Ma liste ». Reading needs dossiers.voir, writing offres.gerer."""

from functools import partial

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from admin_ml.transferts import transfert_executer
from dossiers import ma_liste
from dossiers.models import Jeune
from imilo.droits import Droit, droit_requis
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.vues import (
    REFUS,
    agir,
    filtres_saisis,
    liste_filtree,
    objet_de_la_ml,
    retour_sur_le_site,
    soumettre,
    valeurs_initiales,
)
from offres import services
from offres.enums import ETATS_INSCRIPTION_OCCUPANT, EtatInscription
from offres.forms import (
    CHOIX_ETAT_INSCRIPTION,
    EtatInscriptionForm,
    FiltresOffresForm,
    FiltresSessionsForm,
    InscriptionForm,
    InscriptionGroupeeForm,
    OffreForm,
    SessionForm,
    TransfertReferentForm,
)
from offres.models import Inscription, OffreDeService, Session
from referentiels.models import MetierRome

PAR_PAGE = 50


def metiers_rome():
    """The ROME codes proposed under a ROME field (the `metiers-rome` datalist)."""
    return MetierRome.objects.filter(actif=True).only("code", "libelle")


def page_de_modification(
    request, objet, classe_du_formulaire, modifier, *, message, gabarit, contexte, **options
):
    """The edit page of a record: its form filled from the record (the form's `champs`,
    declared once on the form); on POST the service `modifier(**donnees)` through
    `imilo.vues.soumettre`, then back to the record, or the form again with the refusals
    next to their fields. `options`: what else the form takes."""
    formulaire = classe_du_formulaire(
        request.POST or None,
        structure=request.structure,
        initial=valeurs_initiales(objet, classe_du_formulaire.champs),
        **options,
    )
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: modifier(**donnees),
            message=message,
            vers=objet.get_absolute_url(),
        )
        if reponse is not None:
            return reponse
    return render(request, gabarit, {"form": formulaire, **contexte})


@droit_requis(Droit.DOSSIERS_VOIR)
def offres(request):
    """The ML's catalogue of offres de service, by group; en cours and permanent ones by
    default (charte: remove those filters to see the finished ones)."""
    formulaire = FiltresOffresForm(filtres_saisis(request), structure=request.structure)
    liste = (
        OffreDeService.objects.de_la_structure(request.structure)
        .select_related("groupe", "referent")
        .annotate(
            inscrits=Count(
                "inscriptions", filter=Q(inscriptions__etat__in=ETATS_INSCRIPTION_OCCUPANT)
            )
        )
        .order_by("groupe__ordre", "groupe__libelle", "code", "pk")
    )
    if not formulaire.is_bound:
        liste = liste.actives()
    peut_gerer = request.user.a_le_droit(Droit.OFFRES_GERER)
    return liste_filtree(
        request,
        liste,
        formulaire,
        "offres/offres.html",
        {
            "peut_gerer": peut_gerer,
            "transfert_form": TransfertReferentForm(structure=request.structure)
            if peut_gerer
            else None,
        },
        par_page=PAR_PAGE,
    )


def transferer_referent(request, genre: str, modele, champ: str, vers: str):
    """« Transférer au référent » from a list: the checked records go to another référent
    through the admin portal's registry of group transfers (its rules hold)."""
    retour = retour_sur_le_site(request, vers)
    formulaire = TransfertReferentForm(request.POST, structure=request.structure)
    identifiants = [i for i in request.POST.getlist(champ) if i.isdigit()]
    if not identifiants or not formulaire.is_valid():
        messages.error(
            request, "Cochez des éléments de la liste et choisissez le nouveau référent."
        )
        return redirect(retour)
    referent = formulaire.cleaned_data["referent"]
    return agir(
        request,
        lambda: transfert_executer(
            genre=genre,
            objets=modele.objects.filter(pk__in=identifiants),
            destination=referent,
            par=request.user,
        ),
        message=lambda nombre: f"{nombre} élément(s) confié(s) à {referent} (historique gardé).",
        vers=retour,
    )


@require_POST
@droit_requis(Droit.OFFRES_GERER)
def offres_transferer(request):
    return transferer_referent(
        request, "offres_referent", OffreDeService, "offres", reverse("offres:offres")
    )


@droit_requis(Droit.OFFRES_GERER)
def offre_creer(request):
    formulaire = OffreForm(
        request.POST or None, structure=request.structure, initial={"referent": request.user.pk}
    )
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.offre_creer(
            structure=request.structure, par=request.user, **donnees
        ),
        message=lambda offre: f"L'offre « {offre} » est créée.",
        vers=lambda offre: offre.get_absolute_url(),
    )
    if reponse:
        return reponse
    return render(request, "offres/offre_form.html", {"form": formulaire, "offre": None})


def _offre(request, offre_id):
    return objet_de_la_ml(
        request,
        OffreDeService.objects.select_related(
            "groupe", "referent", "lieu", "motif_sollicitation", "created_by"
        ),
        pk=offre_id,
    )


@droit_requis(Droit.OFFRES_GERER)
def offre_modifier(request, offre_id):
    offre = _offre(request, offre_id)
    return page_de_modification(
        request,
        offre,
        OffreForm,
        partial(services.offre_modifier, offre=offre, par=request.user),
        message="L'offre est enregistrée.",
        gabarit="offres/offre_form.html",
        contexte={"offre": offre},
    )


def _ma_liste(request):
    return ma_liste.selection(request.user).order_by("nom_usage", "prenom", "pk")


@droit_requis(Droit.DOSSIERS_VOIR)
def offre(request, offre_id, groupe_form=None):
    """An offer: its sessions (with their enrolments counted) and the enrolments on the
    offer itself; « Ma liste » to enrol for who may manage offers."""
    offre = _offre(request, offre_id)
    sessions = list(offre.sessions.avec_inscrits().select_related("type", "lieu", "animateur"))
    inscriptions = list(
        offre.inscriptions.filter(session__isnull=True).select_related("jeune", "prescrit_par")
    )
    peut_gerer = request.user.a_le_droit(Droit.OFFRES_GERER)
    if groupe_form is None and peut_gerer and offre.active and not sessions:
        groupe_form = InscriptionGroupeeForm(jeunes=_ma_liste(request))
    return render(
        request,
        "offres/offre.html",
        {
            "offre": offre,
            "sessions": sessions,
            "inscriptions": inscriptions,
            "peut_gerer": peut_gerer,
            "groupe_form": groupe_form,
            "issues": CHOIX_ETAT_INSCRIPTION,
        },
    )


@require_POST
@droit_requis(Droit.OFFRES_GERER)
@droit_requis(Droit.DOSSIERS_MODIFIER)
def offre_inscrire(request, offre_id):
    """« Ma liste » enrolled on an offer without sessions, all or nothing."""
    return _inscrire_le_groupe(request, offre, offre_id, offre=_offre(request, offre_id))


def _inscrire_le_groupe(request, page, identifiant, **cible):
    """« Ma liste » enrolled on the offer or the session (`cible`), back to it; otherwise
    its `page` again with the refusals."""
    (objet,) = cible.values()
    formulaire = InscriptionGroupeeForm(request.POST, jeunes=_ma_liste(request))
    if formulaire.is_valid():
        jeunes = list(formulaire.cleaned_data["jeunes"])
        try:
            services.inscriptions_creer(jeunes=jeunes, par=request.user, **cible)
        except REFUS as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            pluriel = "s" if len(jeunes) > 1 else ""
            messages.success(
                request,
                f"{len(jeunes)} jeune{pluriel} inscrit{pluriel} : la proposition est notée "
                "dans chaque dossier.",
            )
            return redirect(objet.get_absolute_url())
    return page(request, identifiant, groupe_form=formulaire)


@droit_requis(Droit.OFFRES_GERER)
def session_creer(request, offre_id):
    offre = _offre(request, offre_id)
    formulaire = SessionForm(
        request.POST or None,
        structure=request.structure,
        initial={"animateur": request.user.pk, "lieu": offre.lieu_id},
    )
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.session_creer(offre=offre, par=request.user, **donnees),
        message="La session est créée.",
        vers=lambda session: session.get_absolute_url(),
    )
    if reponse:
        return reponse
    return render(
        request, "offres/session_form.html", {"form": formulaire, "offre": offre, "session": None}
    )


def _session(request, session_id):
    return objet_de_la_ml(
        request,
        Session.objects.select_related("offre", "type", "lieu", "animateur"),
        pk=session_id,
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def sessions(request):
    """The ML's sessions, newest first, by offer and period, with their enrolled and present
    young people; reached from the Pilotage page with its perimeter (`jeunes`)."""
    formulaire = FiltresSessionsForm(filtres_saisis(request), structure=request.structure)
    restreint = formulaire.is_bound and formulaire.is_valid() and formulaire.cleaned_data["jeunes"]
    liste = (
        Session.objects.de_la_structure(request.structure)
        .select_related("offre", "type", "lieu", "animateur")
        .avec_presence(formulaire.inscriptions() if restreint else None)
        .order_by("-debut", "pk")
    )
    return liste_filtree(
        request, liste, formulaire, "offres/sessions.html", {"restreint": bool(restreint)}
    )


@droit_requis(Droit.OFFRES_GERER)
def session_modifier(request, session_id):
    session = _session(request, session_id)
    return page_de_modification(
        request,
        session,
        SessionForm,
        partial(services.session_modifier, session=session, par=request.user),
        message="La session est enregistrée.",
        gabarit="offres/session_form.html",
        contexte={"offre": session.offre, "session": session},
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def session(request, session_id, groupe_form=None):
    """A session: its enrolled young people with their state, and « Ma liste » to enrol."""
    session = _session(request, session_id)
    inscriptions = list(
        session.inscriptions.select_related("jeune", "prescrit_par").order_by(
            "jeune__nom_usage", "jeune__prenom", "pk"
        )
    )
    occupees = sum(1 for i in inscriptions if i.etat in ETATS_INSCRIPTION_OCCUPANT)
    peut_gerer = request.user.a_le_droit(Droit.OFFRES_GERER)
    if groupe_form is None and peut_gerer and session.offre.active:
        groupe_form = InscriptionGroupeeForm(jeunes=_ma_liste(request))
    return render(
        request,
        "offres/session.html",
        {
            "session": session,
            "offre": session.offre,
            "inscriptions": inscriptions,
            "places_libres": max(session.capacite - occupees, 0),
            "occupees": occupees,
            "peut_gerer": peut_gerer,
            "groupe_form": groupe_form,
            "issues": CHOIX_ETAT_INSCRIPTION,
        },
    )


@require_POST
@droit_requis(Droit.OFFRES_GERER)
@droit_requis(Droit.DOSSIERS_MODIFIER)
def session_inscrire(request, session_id):
    return _inscrire_le_groupe(request, session, session_id, session=_session(request, session_id))


@require_POST
@droit_requis(Droit.OFFRES_GERER)
@droit_requis(Droit.DOSSIERS_MODIFIER)
def inscription_noter(request, inscription_id):
    """Réalisé, refus tiers or refus jeune, from the session, the offer or the file."""
    inscription = objet_de_la_ml(
        request,
        Inscription.objects.select_related("session", "offre", "jeune"),
        pk=inscription_id,
    )
    retour = retour_sur_le_site(
        request,
        inscription.session.get_absolute_url()
        if inscription.session_id
        else inscription.offre.get_absolute_url(),
    )
    formulaire = EtatInscriptionForm(request.POST)
    if not formulaire.is_valid():
        messages.error(request, "Choisissez l'issue : réalisé, refus tiers ou refus jeune.")
        return redirect(retour)
    if formulaire.cleaned_data["etat"] == EtatInscription.REALISE:
        issue = "réalisé : la proposition est réalisée et l'événement noté dans le dossier"
    else:
        issue = "refusé : la proposition est close et la place libérée"
    return agir(
        request,
        lambda: services.inscription_noter(
            inscription=inscription, par=request.user, **formulaire.cleaned_data
        ),
        message=f"{services.nom_du_jeune(inscription.jeune)} — {issue}.",
        vers=retour,
    )


@droit_requis(Droit.OFFRES_GERER)
@droit_requis(Droit.DOSSIERS_MODIFIER)
def jeune_inscrire(request, jeune_id):
    """From the youth file: a session of an offer, or an offer without sessions."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = InscriptionForm(request.POST or None, structure=request.structure)
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.inscription_creer(
            jeune=jeune,
            par=request.user,
            offre=donnees["offre"],
            session=donnees["session"],
            commentaire=donnees["commentaire"],
        ),
        message=lambda inscription: (
            f"Inscription à « {inscription.offre} » notée, avec la proposition du dossier."
        ),
        vers=jeune.get_absolute_url(),
    )
    if reponse:
        return reponse
    return render(request, "offres/jeune_inscrire.html", {"form": formulaire, "jeune": jeune})
