"""Pages of the offres de service: the catalogue, an offer, its sessions, enrolments from
the youth file or from « Ma liste ». Reading needs dossiers.voir, writing offres.gerer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from admin_ml.transferts import transfert_executer
from dossiers import ma_liste
from dossiers.models import Jeune
from imilo.droits import Droit, droit_requis
from imilo.erreurs import RegleMetierError
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.tenancy import objet_de_la_structure
from imilo.vues import objet_de_la_ml, retour_sur_le_site, soumettre, valeurs_initiales
from offres import services
from offres.enums import ETATS_INSCRIPTION_OCCUPANT, ETATS_OFFRE_ACTIFS
from offres.forms import (
    CHOIX_ETAT_INSCRIPTION,
    EtatInscriptionForm,
    FiltresOffresForm,
    InscriptionForm,
    InscriptionGroupeeForm,
    OffreForm,
    SessionForm,
    TransfertReferentForm,
)
from offres.models import Inscription, OffreDeService, Session
from referentiels.models import MetierRome

PAR_PAGE = 50
CHAMPS_OFFRE = [
    "code",
    "intitule",
    "groupe",
    "theme",
    "description",
    "referent",
    "etat",
    "debut",
    "fin",
    "places",
    "lieu",
    "niveau_cep",
    "motif_sollicitation",
]
CHAMPS_SESSION = [
    "type",
    "debut",
    "duree",
    "lieu",
    "lieu_autre",
    "capacite",
    "animateur",
    "date_limite_inscription",
]


def metiers_rome():
    """The ROME codes proposed under a ROME field (the `metiers-rome` datalist)."""
    return MetierRome.objects.filter(actif=True).only("code", "libelle")


@droit_requis(Droit.DOSSIERS_VOIR)
def offres(request):
    """The ML's catalogue of offres de service, by group; en cours and permanent ones by
    default (charte: remove those filters to see the finished ones)."""
    donnees = request.GET if len(request.GET.keys() - {"page"}) else None
    formulaire = FiltresOffresForm(donnees, structure=request.structure)
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
    if formulaire.is_bound and formulaire.is_valid():
        liste = formulaire.filtrer(liste)
    elif formulaire.is_bound:
        liste = liste.none()
    else:
        liste = liste.filter(etat__in=ETATS_OFFRE_ACTIFS)
    page = Paginator(liste, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    peut_gerer = request.user.a_le_droit(Droit.OFFRES_GERER)
    return render(
        request,
        "offres/offres.html",
        {
            "page": page,
            "filtres": formulaire,
            "parametres": parametres.urlencode(),
            "peut_gerer": peut_gerer,
            "transfert_form": TransfertReferentForm(structure=request.structure)
            if peut_gerer
            else None,
        },
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
    try:
        nombre = transfert_executer(
            genre=genre,
            objets=modele.objects.filter(pk__in=identifiants),
            destination=referent,
            par=request.user,
        )
    except (ValidationError, RegleMetierError) as erreur:
        messages.error(request, getattr(erreur, "message", None) or " ".join(erreur.messages))
    else:
        messages.success(request, f"{nombre} élément(s) confié(s) à {referent} (historique gardé).")
    return redirect(retour)


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
    if request.method == "POST" and formulaire.is_valid():
        try:
            offre = services.offre_creer(
                structure=request.structure, par=request.user, **formulaire.cleaned_data
            )
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(request, f"L'offre « {offre} » est créée.")
            return redirect(offre.get_absolute_url())
    return render(request, "offres/offre_form.html", {"form": formulaire, "offre": None})


def _offre(request, offre_id):
    return objet_de_la_structure(
        request.structure,
        OffreDeService.objects.select_related(
            "groupe", "referent", "lieu", "motif_sollicitation", "created_by"
        ),
        pk=offre_id,
    )


@droit_requis(Droit.OFFRES_GERER)
def offre_modifier(request, offre_id):
    offre = _offre(request, offre_id)
    formulaire = OffreForm(
        request.POST or None,
        structure=request.structure,
        initial=valeurs_initiales(offre, CHAMPS_OFFRE),
    )
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.offre_modifier(offre=offre, par=request.user, **donnees),
            message="L'offre est enregistrée.",
            vers=offre.get_absolute_url(),
        )
        if reponse:
            return reponse
    return render(request, "offres/offre_form.html", {"form": formulaire, "offre": offre})


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
    objet = _offre(request, offre_id)
    formulaire = InscriptionGroupeeForm(request.POST, jeunes=_ma_liste(request))
    if _inscrire_le_groupe(request, formulaire, offre=objet):
        return redirect(objet.get_absolute_url())
    return offre(request, offre_id, groupe_form=formulaire)


def _inscrire_le_groupe(request, formulaire, **cible) -> bool:
    if not formulaire.is_valid():
        return False
    jeunes = list(formulaire.cleaned_data["jeunes"])
    try:
        services.inscriptions_creer(jeunes=jeunes, par=request.user, **cible)
    except (ValidationError, RegleMetierError) as erreur:
        erreurs_dans_le_formulaire(formulaire, erreur)
        return False
    messages.success(
        request,
        f"{len(jeunes)} jeune{'s' if len(jeunes) > 1 else ''} inscrit"
        f"{'s' if len(jeunes) > 1 else ''} : la proposition est notée dans chaque dossier.",
    )
    return True


@droit_requis(Droit.OFFRES_GERER)
def session_creer(request, offre_id):
    offre = _offre(request, offre_id)
    formulaire = SessionForm(
        request.POST or None,
        structure=request.structure,
        initial={"animateur": request.user.pk, "lieu": offre.lieu_id},
    )
    if request.method == "POST" and formulaire.is_valid():
        try:
            session = services.session_creer(
                offre=offre, par=request.user, **formulaire.cleaned_data
            )
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(request, "La session est créée.")
            return redirect(session.get_absolute_url())
    return render(
        request, "offres/session_form.html", {"form": formulaire, "offre": offre, "session": None}
    )


def _session(request, session_id):
    return objet_de_la_structure(
        request.structure,
        Session.objects.select_related("offre", "type", "lieu", "animateur"),
        pk=session_id,
    )


@droit_requis(Droit.OFFRES_GERER)
def session_modifier(request, session_id):
    session = _session(request, session_id)
    formulaire = SessionForm(
        request.POST or None,
        structure=request.structure,
        initial=valeurs_initiales(session, CHAMPS_SESSION),
    )
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.session_modifier(session=session, par=request.user, **donnees),
            message="La session est enregistrée.",
            vers=session.get_absolute_url(),
        )
        if reponse:
            return reponse
    return render(
        request,
        "offres/session_form.html",
        {"form": formulaire, "offre": session.offre, "session": session},
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
    objet = _session(request, session_id)
    formulaire = InscriptionGroupeeForm(request.POST, jeunes=_ma_liste(request))
    if _inscrire_le_groupe(request, formulaire, session=objet):
        return redirect(objet.get_absolute_url())
    return session(request, session_id, groupe_form=formulaire)


@require_POST
@droit_requis(Droit.OFFRES_GERER)
@droit_requis(Droit.DOSSIERS_MODIFIER)
def inscription_noter(request, inscription_id):
    """Réalisé, refus tiers or refus jeune, from the session, the offer or the file."""
    inscription = objet_de_la_structure(
        request.structure,
        Inscription.objects.select_related("session", "offre", "jeune"),
        pk=inscription_id,
    )
    defaut = (
        inscription.session.get_absolute_url()
        if inscription.session_id
        else inscription.offre.get_absolute_url()
    )
    formulaire = EtatInscriptionForm(request.POST)
    if not formulaire.is_valid():
        messages.error(request, "Choisissez l'issue : réalisé, refus tiers ou refus jeune.")
        return redirect(retour_sur_le_site(request, defaut))
    try:
        services.inscription_noter(
            inscription=inscription, par=request.user, **formulaire.cleaned_data
        )
    except (ValidationError, RegleMetierError) as erreur:
        messages.error(request, getattr(erreur, "message", None) or " ".join(erreur.messages))
    else:
        jeune = inscription.jeune
        if formulaire.cleaned_data["etat"] == "realise":
            message = "réalisé : la proposition est réalisée et l'événement noté dans le dossier"
        else:
            message = "refusé : la proposition est close et la place libérée"
        messages.success(request, f"{jeune.nom_usage} {jeune.prenom} — {message}.")
    return redirect(retour_sur_le_site(request, defaut))


@droit_requis(Droit.OFFRES_GERER)
@droit_requis(Droit.DOSSIERS_MODIFIER)
def jeune_inscrire(request, jeune_id):
    """From the youth file: a session of an offer, or an offer without sessions."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = InscriptionForm(request.POST or None, structure=request.structure)
    if request.method == "POST" and formulaire.is_valid():
        donnees = formulaire.cleaned_data
        try:
            inscription = services.inscription_creer(
                jeune=jeune,
                par=request.user,
                offre=donnees["offre"],
                session=donnees["session"],
                commentaire=donnees["commentaire"],
            )
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(
                request,
                f"Inscription à « {inscription.offre} » notée, avec la proposition du dossier.",
            )
            return redirect(jeune.get_absolute_url())
    return render(request, "offres/jeune_inscrire.html", {"form": formulaire, "jeune": jeune})
