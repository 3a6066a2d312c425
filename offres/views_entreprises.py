"""Pages of the companies and partners, their contacts and job offers."""

from functools import partial

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from admin_ml.models import Utilisateur
from imilo.droits import Droit, droit_requis
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.texte import cle_de_recherche
from imilo.vues import (
    REFUS,
    agir,
    filtres_saisis,
    liste_filtree,
    objet_de_la_ml,
    paginer,
    soumettre,
)
from offres import services_entreprises as services
from offres.enums import ETATS_MER_EN_COURS, EtatMer, EtatOffreEmploi
from offres.forms import TransfertReferentForm
from offres.forms_entreprises import (
    ContactForm,
    CreationEntrepriseForm,
    DemenagementForm,
    EntrepriseForm,
    FiltresOffresEmploiForm,
    OffreEmploiForm,
    RegistreForm,
)
from offres.models import ContactEntreprise, Entreprise, MiseEnRelation, OffreEmploi
from offres.views import metiers_rome, page_de_modification, transferer_referent


@droit_requis(Droit.DOSSIERS_VOIR)
def entreprises(request):
    """The ML's companies and partners: by name or SIRET, by référent, attached or not."""
    texte = request.GET.get("q", "").strip()
    liste = (
        Entreprise.objects.de_la_structure(request.structure)
        .select_related("type", "referent", "commune")
        .annotate(
            offres_ouvertes=Count(
                "offres_emploi", filter=Q(offres_emploi__etat=EtatOffreEmploi.OUVERTE)
            )
        )
        .order_by("raison_sociale", "pk")
    )
    if texte:
        liste = liste.rechercher(texte)
    referents = Utilisateur.objects.de_la_structure(request.structure).filter(
        pk__in=Entreprise.objects.de_la_structure(request.structure).values("referent_id")
    )
    referent = request.GET.get("referent", "")
    if referent.isdigit():
        liste = liste.filter(referent_id=referent)
    rattachee = request.GET.get("rattachee", "")
    if rattachee in ("oui", "non"):
        liste = liste.filter(rattachee_le__isnull=rattachee == "non")
    page, parametres = paginer(request, liste)
    peut_gerer = request.user.a_le_droit(Droit.OFFRES_GERER)
    return render(
        request,
        "offres/entreprises.html",
        {
            "page": page,
            "parametres": parametres,
            "texte": texte,
            "referents": referents,
            "referent": referent,
            "rattachee": rattachee,
            "peut_gerer": peut_gerer,
            "transfert_form": TransfertReferentForm(structure=request.structure)
            if peut_gerer
            else None,
        },
    )


@require_POST
@droit_requis(Droit.OFFRES_GERER)
def entreprises_transferer(request):
    return transferer_referent(
        request, "partenaires_referent", Entreprise, "entreprises", reverse("offres:entreprises")
    )


def _empreinte(donnees) -> str:
    """What the counsellor confirmed as "not a duplicate": this SIREN, this name."""
    siren = donnees.get("siren") or (donnees.get("siret") or "")[:9]
    return f"{siren}|{cle_de_recherche(donnees.get('raison_sociale') or '')}"


@droit_requis(Droit.OFFRES_GERER)
def entreprise_creer(request):
    """Look the number up in the register first: the form comes back filled, with the
    companies of the ML that share the SIREN or the name (duplicates are shown before
    creating, never silently)."""
    structure = request.structure
    registre = RegistreForm(request.GET if "numero" in request.GET else None)
    initial = {"referent": request.user.pk}
    consultation = None
    if registre.is_bound and registre.is_valid():
        consultation = services.registre_consulter(registre.cleaned_data["numero"])
        if consultation.etablissements:
            ouverts = [e for e in consultation.etablissements if not e.ferme]
            initial.update(
                services.valeurs_du_registre((ouverts or consultation.etablissements)[0])
            )
    formulaire = CreationEntrepriseForm(request.POST or None, structure=structure, initial=initial)
    doublons = []
    if request.method == "POST" and formulaire.is_valid():
        donnees = dict(formulaire.cleaned_data)
        confirme = donnees.pop("confirmer") == _empreinte(donnees)
        doublons = list(
            Entreprise.objects.de_la_structure(structure)
            .doublons_possibles(
                siren=donnees["siren"] or donnees["siret"][:9],
                raison_sociale=donnees["raison_sociale"],
            )
            .select_related("commune")
        )
        if not doublons or confirme:
            try:
                entreprise = services.entreprise_creer(
                    structure=structure, par=request.user, **donnees
                )
            except REFUS as erreur:
                erreurs_dans_le_formulaire(formulaire, erreur)
            else:
                _message_du_registre(request, entreprise, "L'entreprise est créée")
                return redirect(entreprise.get_absolute_url())
        else:
            formulaire = CreationEntrepriseForm(
                {**request.POST.dict(), "confirmer": _empreinte(donnees)}, structure=structure
            )
            formulaire.is_valid()
    return render(
        request,
        "offres/entreprise_creer.html",
        {
            "form": formulaire,
            "registre": registre,
            "consultation": consultation,
            "doublons": doublons,
        },
    )


def _message_du_registre(request, entreprise, debut: str) -> None:
    if entreprise.rattachee:
        details = ", ".join(
            filter(
                None,
                [entreprise.categorie_juridique_libelle, entreprise.get_tranche_effectif_display()],
            )
        )
        messages.success(request, f"{debut} et rattachée au registre SIRENE ({details}).")
        if entreprise.message_registre:
            messages.warning(request, entreprise.message_registre)
    else:
        messages.success(request, f"{debut}.")
        messages.warning(
            request, f"Non rattachée au registre : {entreprise.message_registre or 'à faire'}"
        )


def _entreprise(request, entreprise_id):
    return objet_de_la_ml(
        request,
        Entreprise.objects.select_related("type", "referent", "commune", "created_by"),
        pk=entreprise_id,
    )


def _anciens_siret(entreprise) -> list[dict]:
    """The SIRETs the company had before its moves, from its history (one query)."""
    anciens = {}
    for siret, date in entreprise.history.order_by("history_date").values_list(
        "siret", "history_date"
    ):
        if siret and siret != entreprise.siret:
            anciens.setdefault(siret, {"siret": siret, "depuis": date})
            anciens[siret]["jusqu_au"] = date
    return list(anciens.values())


@droit_requis(Droit.DOSSIERS_VOIR)
def entreprise(request, entreprise_id, contact_form=None):
    """The partner's file: identity and register, contacts, job offers, the young people
    placed there (realised mises en relation)."""
    entreprise = _entreprise(request, entreprise_id)
    offres_emploi = list(
        entreprise.offres_emploi.select_related("metier", "type_contrat", "commune").annotate(
            mer_en_cours=Count(
                "mises_en_relation",
                filter=Q(mises_en_relation__etat__in=ETATS_MER_EN_COURS),
            )
        )
    )
    places = list(
        MiseEnRelation.objects.filter(
            offre_emploi__entreprise=entreprise, etat=EtatMer.REALISEE
        ).select_related("jeune", "offre_emploi")
    )
    return render(
        request,
        "offres/entreprise.html",
        {
            "entreprise": entreprise,
            "contacts": list(entreprise.contacts.all()),
            "offres_emploi": offres_emploi,
            "places": places,
            "anciens_siret": _anciens_siret(entreprise),
            "peut_gerer": request.user.a_le_droit(Droit.OFFRES_GERER),
            "contact_form": contact_form or ContactForm(),
        },
    )


@droit_requis(Droit.OFFRES_GERER)
def entreprise_modifier(request, entreprise_id):
    entreprise = _entreprise(request, entreprise_id)
    return page_de_modification(
        request,
        entreprise,
        EntrepriseForm,
        partial(services.entreprise_modifier, entreprise=entreprise, par=request.user),
        message="L'entreprise est enregistrée.",
        gabarit="offres/entreprise_form.html",
        contexte={"entreprise": entreprise},
    )


@droit_requis(Droit.OFFRES_GERER)
def entreprise_demenager(request, entreprise_id):
    entreprise = _entreprise(request, entreprise_id)
    formulaire = DemenagementForm(request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        try:
            entreprise = services.entreprise_demenager(
                entreprise=entreprise, par=request.user, **formulaire.cleaned_data
            )
        except REFUS as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            _message_du_registre(request, entreprise, "Le déménagement est noté (nouveau SIRET)")
            return redirect(entreprise.get_absolute_url())
    return render(
        request,
        "offres/entreprise_demenager.html",
        {"form": formulaire, "entreprise": entreprise},
    )


@require_POST
@droit_requis(Droit.OFFRES_GERER)
def entreprise_rattacher(request, entreprise_id):
    entreprise = services.entreprise_rattacher(
        entreprise=_entreprise(request, entreprise_id), par=request.user
    )
    if entreprise.rattachee:
        _message_du_registre(request, entreprise, "L'entreprise est à jour")
    else:
        messages.error(request, entreprise.message_registre)
    return redirect(entreprise.get_absolute_url())


@require_POST
@droit_requis(Droit.OFFRES_GERER)
def contact_ajouter(request, entreprise_id):
    objet = _entreprise(request, entreprise_id)
    formulaire = ContactForm(request.POST)
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.contact_ajouter(entreprise=objet, par=request.user, **donnees),
        message="Le contact est ajouté.",
        vers=objet.get_absolute_url(),
    )
    return reponse or entreprise(request, entreprise_id, contact_form=formulaire)


@require_POST
@droit_requis(Droit.OFFRES_GERER)
def contact_retirer(request, entreprise_id, contact_id):
    objet = _entreprise(request, entreprise_id)
    contact = objet_de_la_ml(
        request, ContactEntreprise.objects.filter(entreprise=objet), pk=contact_id
    )
    return agir(
        request,
        lambda: services.contact_retirer(contact=contact, par=request.user),
        message=f"Le contact {contact} est retiré (historique gardé).",
        vers=objet.get_absolute_url(),
    )


@droit_requis(Droit.OFFRES_GERER)
def offre_emploi_creer(request, entreprise_id):
    entreprise = _entreprise(request, entreprise_id)
    formulaire = OffreEmploiForm(
        request.POST or None,
        structure=request.structure,
        entreprise=entreprise,
        initial={"commune": entreprise.commune_id},
    )
    reponse = soumettre(
        request,
        formulaire,
        lambda donnees: services.offre_emploi_creer(
            entreprise=entreprise, par=request.user, **donnees
        ),
        message="L'offre d'emploi est enregistrée.",
        vers=lambda offre: offre.get_absolute_url(),
    )
    if reponse:
        return reponse
    return render(
        request,
        "offres/offre_emploi_form.html",
        {
            "form": formulaire,
            "entreprise": entreprise,
            "offre_emploi": None,
            "metiers": metiers_rome(),
        },
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def offres_emploi(request):
    """The job offers of the ML's partners; open ones by default."""
    formulaire = FiltresOffresEmploiForm(
        filtres_saisis(request) or {"etat": EtatOffreEmploi.OUVERTE}
    )
    liste = (
        OffreEmploi.objects.de_la_structure(request.structure)
        .select_related("entreprise", "metier", "type_contrat", "commune")
        .annotate(
            mer_en_cours=Count(
                "mises_en_relation",
                filter=Q(mises_en_relation__etat__in=ETATS_MER_EN_COURS),
            )
        )
        .order_by("-publiee_le", "-pk")
    )
    return liste_filtree(request, liste, formulaire, "offres/offres_emploi.html")


def _offre_emploi(request, offre_emploi_id):
    return objet_de_la_ml(
        request,
        OffreEmploi.objects.select_related(
            "entreprise", "metier", "type_contrat", "commune", "contact", "created_by"
        ),
        pk=offre_emploi_id,
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def offre_emploi(request, offre_emploi_id):
    offre = _offre_emploi(request, offre_emploi_id)
    return render(
        request,
        "offres/offre_emploi.html",
        {
            "offre_emploi": offre,
            "mises_en_relation": list(
                offre.mises_en_relation.select_related("jeune", "issue").order_by(
                    "-proposee_le", "-pk"
                )
            ),
            "peut_gerer": request.user.a_le_droit(Droit.OFFRES_GERER),
        },
    )


@droit_requis(Droit.OFFRES_GERER)
def offre_emploi_modifier(request, offre_emploi_id):
    offre = _offre_emploi(request, offre_emploi_id)
    return page_de_modification(
        request,
        offre,
        OffreEmploiForm,
        partial(services.offre_emploi_modifier, offre_emploi=offre, par=request.user),
        message="L'offre d'emploi est enregistrée.",
        gabarit="offres/offre_emploi_form.html",
        contexte={"entreprise": offre.entreprise, "offre_emploi": offre, "metiers": metiers_rome()},
        entreprise=offre.entreprise,
    )
