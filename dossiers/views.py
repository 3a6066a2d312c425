from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from admin_ml.models import LieuAccueil, Utilisateur
from admin_ml.transferts import transfert_executer
from dossiers import ma_liste, services
from dossiers.criteres import appliquer_criteres, criteres_form
from dossiers.enums import CategorieSituation, EtatSituation, StatutRendezVous, TypeEvenement
from dossiers.fiche import sections_de_la_fiche
from dossiers.forms import (
    CHAMPS_IDENTITE,
    CHAMPS_SITUATION,
    ComplementsForm,
    CoordonneesForm,
    CursusForm,
    EvenementForm,
    FiltresRendezVousForm,
    FiltresSituationsForm,
    IdentiteForm,
    JustificationForm,
    MobiliteForm,
    OuvertureForm,
    PermisForm,
    PropositionForm,
    RendezVousForm,
    RessourceForm,
    SituationForm,
)
from dossiers.frise import frise
from dossiers.models import (
    Adresse,
    Cursus,
    Evenement,
    Jeune,
    JustificationIdentite,
    MoyenLocomotion,
    Permis,
    Proposition,
    RendezVous,
    Ressource,
    SelectionJeune,
    Situation,
)
from dossiers.models_documents import Document
from dossiers.models_messages import Message
from imilo.droits import Droit, droit_requis
from imilo.erreurs import RegleMetierError
from imilo.formulaires import FormulaireDsfr, erreurs_dans_le_formulaire
from imilo.tenancy import objet_de_la_structure
from imilo.texte import cle_de_recherche
from referentiels.models import ElementReference, MetierRome

PAR_PAGE = 25


def _soumettre(request, formulaire, action, *, message, vers):
    """Validate the form, run the service; its refusals go next to their fields (what was
    typed stays). A redirect on success, None to render the page again."""
    if not formulaire.is_valid():
        return None
    try:
        action(dict(formulaire.cleaned_data))
    except (ValidationError, RegleMetierError) as erreur:
        erreurs_dans_le_formulaire(formulaire, erreur)
        return None
    messages.success(request, message)
    return redirect(vers)


def _jeune(request, jeune_id, queryset=None):
    if queryset is None:
        queryset = Jeune.objects.all()
    return objet_de_la_structure(request.structure, queryset, pk=jeune_id)


def _resultats(request):
    """The files matching the search box and the criteria of the request's query string."""
    texte = request.GET.get("q", "").strip()
    jeunes = Jeune.objects.de_la_structure(request.structure)
    if texte:
        jeunes = jeunes.rechercher(texte, voit_nir=request.user.a_le_droit(Droit.DOSSIERS_VOIR_NIR))
    criteres = criteres_form(request.structure, request.GET if len(request.GET) else None)
    return texte, appliquer_criteres(jeunes, criteres), criteres


@droit_requis(Droit.DOSSIERS_VOIR)
def liste(request):
    """The search box of the shell lands here; one exact answer opens the file directly.
    Criteria narrow the list; files go to « Ma liste » one by one or all at once."""
    texte, jeunes, criteres = _resultats(request)
    page = Paginator(
        jeunes.avec_donnees_liste().order_by("nom_usage", "prenom", "pk"), PAR_PAGE
    ).get_page(request.GET.get("page"))
    if texte and page.paginator.count == 1 and not request.GET.get("page"):
        return redirect("dossiers:fiche", jeune_id=page.object_list[0].pk)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "dossiers/liste.html",
        {
            "page": page,
            "texte": texte,
            "criteres": criteres,
            "parametres": parametres.urlencode(),
            "peut_ouvrir": request.user.a_le_droit(Droit.DOSSIERS_CREER),
            "taille_ma_liste": SelectionJeune.objects.filter(utilisateur=request.user).count(),
        },
    )


@require_POST
@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_ajouter(request):
    """Checked files, or every result of the search (`tous`, with its query string)."""
    if request.POST.get("tous"):
        request.GET = QueryDict(request.POST.get("parametres", ""))
        jeunes = _resultats(request)[1]
    else:
        identifiants = [i for i in request.POST.getlist("jeunes") if i.isdigit()]
        jeunes = Jeune.objects.de_la_structure(request.structure).filter(pk__in=identifiants)
    nombre = ma_liste.ma_liste_ajouter(utilisateur=request.user, jeunes=jeunes)
    messages.success(request, f"{nombre} dossier(s) ajouté(s) à Ma liste.")
    return redirect(f"{reverse('dossiers:liste')}?{request.POST.get('parametres', '')}")


class ActionGroupeeForm(FormulaireDsfr, forms.Form):
    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"] = forms.ModelChoiceField(
            label="Nouveau conseiller référent",
            queryset=Utilisateur.objects.de_la_structure(structure).referents_possibles(),
            required=False,
            empty_label="—",
        )
        self.fields["lieu"] = forms.ModelChoiceField(
            label="Nouveau lieu de rattachement",
            queryset=LieuAccueil.objects.de_la_structure(structure).filter(actif=True),
            required=False,
            empty_label="—",
        )


@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_page(request):
    jeunes = ma_liste.selection(request.user)
    page = Paginator(
        jeunes.avec_donnees_liste().order_by("nom_usage", "prenom", "pk"), PAR_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/ma_liste.html",
        {
            "page": page,
            "action_form": ActionGroupeeForm(structure=request.structure),
            "peut_modifier": request.user.a_le_droit(Droit.DOSSIERS_MODIFIER),
        },
    )


@require_POST
@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_retirer(request):
    if request.POST.get("tout"):
        ma_liste.ma_liste_retirer(utilisateur=request.user)
    else:
        ma_liste.ma_liste_retirer(
            utilisateur=request.user,
            jeune_ids=[i for i in request.POST.getlist("jeunes") if i.isdigit()],
        )
    return redirect("dossiers:ma_liste")


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def ma_liste_action(request):
    formulaire = ActionGroupeeForm(request.POST, structure=request.structure)
    jeunes = ma_liste.selection(request.user)
    if not formulaire.is_valid():
        messages.error(request, "Ce conseiller ou ce lieu n'est pas disponible.")
        return redirect("dossiers:ma_liste")
    referent, lieu = formulaire.cleaned_data["referent"], formulaire.cleaned_data["lieu"]
    try:
        # Both changes or neither; through the admin portal's registry of group transfers
        # (its rules hold whatever page asks for a transfer).
        with transaction.atomic():
            if referent:
                nombre = transfert_executer(
                    genre="jeunes_referent", objets=jeunes, destination=referent, par=request.user
                )
                messages.success(request, f"{nombre} dossier(s) confiés à {referent}.")
            if lieu:
                nombre = transfert_executer(
                    genre="jeunes_lieu", objets=jeunes, destination=lieu, par=request.user
                )
                messages.success(request, f"{nombre} dossier(s) rattachés à {lieu}.")
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
    if not (referent or lieu):
        messages.warning(request, "Choisissez un conseiller ou un lieu.")
    return redirect("dossiers:ma_liste")


@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_export(request, format):
    jeunes = ma_liste.selection(request.user)
    # An export reads the files: each is logged like an opening.
    ma_liste.noter_export(jeunes=jeunes, par=request.user)
    if format == "xlsx":
        contenu = ma_liste.export_xlsx(jeunes)
        type_mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        contenu = ma_liste.export_csv(jeunes)
        type_mime = "text/csv; charset=utf-8"
    reponse = HttpResponse(contenu, content_type=type_mime)
    nom = f"ma-liste-{timezone.localdate():%Y-%m-%d}.{format}"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


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


@droit_requis(Droit.DOSSIERS_VOIR)
def fiche(request, jeune_id, proposition_form=None):
    """The file page; a refused demand comes back here with what was typed."""
    jeune = _jeune(
        request,
        jeune_id,
        Jeune.objects.select_related(
            "conseiller_referent",
            "lieu_rattachement",
            "commune_naissance__departement",
            "pays_naissance",
            "situation_familiale",
            "moyen_garde",
            "created_by",
            "nir_certifie_par",
            "hebergement",
            "couverture_principale",
            "couverture_complementaire",
            "categorie_rqth",
            "origine_venue",
            "savoirs_base",
            "mobilite",
        ).prefetch_related(
            Prefetch(
                "justifications",
                queryset=JustificationIdentite.objects.select_related("piece", "par"),
            ),
            Prefetch("adresses", queryset=Adresse.objects.select_related("commune", "epci")),
            Prefetch("ressources", queryset=Ressource.objects.select_related("type")),
            Prefetch("locomotions", queryset=MoyenLocomotion.objects.select_related("moyen")),
            Prefetch("permis", queryset=Permis.objects.select_related("permis")),
            Prefetch(
                "rendez_vous",
                queryset=RendezVous.objects.select_related("conseiller", "motif_absence", "lieu"),
            ),
            Prefetch("evenements", queryset=Evenement.objects.select_related("auteur", "contexte")),
            "propositions",
            Prefetch(
                "situations",
                queryset=Situation.objects.select_related(
                    "type_contrat", "objectif", "validation", "metier", "motif_interruption"
                ),
            ),
            "cursus",
        ),
    )
    services.jeune_noter_acces(jeune=jeune, par=request.user)
    return render(
        request,
        "dossiers/fiche.html",
        {
            "jeune": jeune,
            "sections": sections_de_la_fiche(request, jeune),
            "frise": frise(jeune),
            "voit_nir": request.user.a_le_droit(Droit.DOSSIERS_VOIR_NIR),
            "peut_modifier": request.user.a_le_droit(Droit.DOSSIERS_MODIFIER),
            "justification_form": JustificationForm(structure=request.structure),
            "proposition_form": proposition_form or PropositionForm(),
            "categories_situation": CategorieSituation.choices,
            "motifs_absence": ElementReference.objects.de_la_table(
                "motif_absence"
            ).disponibles_pour(request.structure),
        },
    )


@droit_requis(Droit.DOSSIERS_MODIFIER)
def identite(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    initial = _initial(jeune, CHAMPS_IDENTITE)
    voit_nir = request.user.a_le_droit(Droit.DOSSIERS_VOIR_NIR)
    if not voit_nir:
        del initial["nir"]
    formulaire = IdentiteForm(
        request.POST or None, initial=initial, structure=request.structure, voit_nir=voit_nir
    )

    def modifier(donnees):
        piece = donnees.pop("piece")
        services.jeune_modifier_identite(
            jeune=jeune,
            par=request.user,
            justification={"piece": piece} if piece else None,
            **donnees,
        )

    if request.method == "POST":
        reponse = _soumettre(
            request,
            formulaire,
            modifier,
            message="L'identité est enregistrée.",
            vers=jeune.get_absolute_url(),
        )
        if reponse:
            return reponse
    return render(request, "dossiers/identite.html", {"form": formulaire, "jeune": jeune})


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def justifier(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    formulaire = JustificationForm(request.POST, structure=request.structure)
    if formulaire.is_valid():
        vue_le = formulaire.cleaned_data["date"]
        # A document seen today is dated now; one seen earlier at the start of that day.
        quand = (
            timezone.now()
            if vue_le == timezone.localdate()
            else timezone.make_aware(datetime.combine(vue_le, time.min))
        )
        try:
            with transaction.atomic():
                services.jeune_justifier_identite(
                    jeune=jeune,
                    par=request.user,
                    piece=formulaire.cleaned_data["piece"],
                    date=quand,
                )
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(request, "L'identité est justifiée.")
            return redirect("dossiers:fiche", jeune_id=jeune.pk)
    for erreurs in formulaire.errors.values():
        for erreur in erreurs:
            messages.error(request, erreur)
    return redirect("dossiers:fiche", jeune_id=jeune.pk)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def confirmer_situation(request, jeune_id):
    """Charte: an icon validates that the situation familiale is still true today."""
    jeune = _jeune(request, jeune_id)
    try:
        services.jeune_modifier(
            jeune=jeune, par=request.user, situation_familiale_confirmee_le=timezone.localdate()
        )
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "Situation familiale confirmée à la date du jour.")
    return redirect("dossiers:fiche", jeune_id=jeune.pk)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def certifier_nir(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    try:
        services.jeune_certifier_nir(jeune=jeune, par=request.user)
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(request, "Le NIR est certifié.")
    return redirect("dossiers:fiche", jeune_id=jeune.pk)


# The file and its rows, each with its own history: one query per model.
HISTORIQUES = [
    (Jeune, "id", "dossier"),
    (Adresse, "jeune_id", "adresse"),
    (JustificationIdentite, "jeune_id", "justification"),
    (Ressource, "jeune_id", "ressource"),
    (Permis, "jeune_id", "permis"),
    (MoyenLocomotion, "jeune_id", "locomotion"),
    (RendezVous, "jeune_id", "rendez-vous"),
    (Evenement, "jeune_id", "événement"),
    (Proposition, "jeune_id", "demande"),
    (Situation, "jeune_id", "situation"),
    (Cursus, "jeune_id", "cursus"),
    (Message, "jeune_id", "message"),
    (Document, "jeune_id", "document"),
]


def _lignes_historique(modele, versions, objet):
    """One line per historical row: what changed since the previous version of that row."""
    precedentes: dict = {}
    lignes = []
    for version in sorted(versions, key=lambda v: v.history_date):
        precedente = precedentes.get(version.id)
        changements = []
        if precedente is not None:
            difference = version.diff_against(precedente, foreign_keys_are_objs=False)
            changements = [
                str(modele._meta.get_field(c.field).verbose_name) for c in difference.changes
            ]
        precedentes[version.id] = version
        lignes.append({"version": version, "objet": objet, "changements": changements})
    return lignes


@droit_requis(Droit.DOSSIERS_VOIR)
def historique(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    lignes = []
    for modele, cle, objet in HISTORIQUES:
        versions = modele.history.filter(**{cle: jeune.pk}).select_related("history_user")
        lignes += _lignes_historique(modele, list(versions), objet)
    lignes.sort(key=lambda ligne: ligne["version"].history_date, reverse=True)
    return render(request, "dossiers/historique.html", {"jeune": jeune, "lignes": lignes})


CHAMPS_COORDONNEES = [
    "npai",
    "hebergement",
    "probleme_logement",
    "email",
    "telephone_mobile",
    "mobile_joignable",
    "mobile_commentaire",
    "telephone_fixe",
    "fixe_joignable",
    "fixe_commentaire",
    "iban",
    "bic",
]


@droit_requis(Droit.DOSSIERS_MODIFIER)
def coordonnees(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    courante = jeune.adresses.courantes().select_related("commune").first()
    initial = _initial(jeune, CHAMPS_COORDONNEES)
    if courante is not None:
        initial.update({c: getattr(courante, c) for c in services.CHAMPS_ADRESSE})
    formulaire = CoordonneesForm(request.POST or None, initial=initial, structure=request.structure)

    def modifier(donnees):
        adresse = {champ: donnees.pop(champ) for champ in services.CHAMPS_ADRESSE}
        services.jeune_modifier_coordonnees(
            jeune=jeune,
            par=request.user,
            adresse=adresse if adresse["voie"] else None,
            **donnees,
        )

    if request.method == "POST":
        reponse = _soumettre(
            request,
            formulaire,
            modifier,
            message="Les coordonnées sont enregistrées.",
            vers=jeune.get_absolute_url(),
        )
        if reponse:
            return reponse
    return render(request, "dossiers/coordonnees.html", {"form": formulaire, "jeune": jeune})


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def normaliser_adresse(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    adresse = jeune.adresses.courantes().select_related("commune").first()
    if adresse is None:
        messages.error(request, "Ce dossier n'a pas d'adresse à normaliser.")
    else:
        adresse = services.adresse_normaliser(adresse=adresse, par=request.user)
        if adresse.statut == "normalisee":
            messages.success(request, "L'adresse est normalisée.")
        else:
            messages.warning(request, f"Adresse non normalisée : {adresse.message_normalisation}")
    return redirect("dossiers:fiche", jeune_id=jeune.pk)


CHAMPS_COMPLEMENTS = [
    "conseiller_referent",
    "lieu_rattachement",
    "couverture_principale",
    "couverture_complementaire",
    "rsa",
    "rqth",
    "categorie_rqth",
    "inscrit_france_travail",
    "identifiant_france_travail",
    "origine_venue",
    "savoirs_base",
    "codes_auxiliaires",
]


def _initial(jeune, champs):
    """The form's starting values; foreign keys by id (no query per field)."""
    return {
        champ: getattr(jeune, f"{champ}_id" if hasattr(jeune, f"{champ}_id") else champ)
        for champ in champs
    }


def _page_complements(request, jeune, formulaire=None, ressource_form=None):
    initial = _initial(jeune, CHAMPS_COMPLEMENTS)
    return render(
        request,
        "dossiers/complements.html",
        {
            "jeune": jeune,
            "form": formulaire or ComplementsForm(initial=initial, structure=request.structure),
            "ressource_form": ressource_form or RessourceForm(structure=request.structure),
            "ressources": jeune.ressources.select_related("type"),
        },
    )


@droit_requis(Droit.DOSSIERS_MODIFIER)
def complements(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    if request.method != "POST":
        return _page_complements(request, jeune)
    formulaire = ComplementsForm(
        request.POST, initial=_initial(jeune, CHAMPS_COMPLEMENTS), structure=request.structure
    )
    reponse = _soumettre(
        request,
        formulaire,
        lambda donnees: services.jeune_modifier(jeune=jeune, par=request.user, **donnees),
        message="Les compléments sont enregistrés.",
        vers=jeune.get_absolute_url(),
    )
    return reponse or _page_complements(request, jeune, formulaire=formulaire)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def ressource_ajouter(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    formulaire = RessourceForm(request.POST, structure=request.structure)
    reponse = _soumettre(
        request,
        formulaire,
        lambda donnees: services.ressource_ajouter(jeune=jeune, par=request.user, **donnees),
        message="La ressource est ajoutée.",
        vers=reverse("dossiers:complements", kwargs={"jeune_id": jeune.pk}),
    )
    return reponse or _page_complements(request, jeune, ressource_form=formulaire)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def ressource_clore(request, jeune_id, ressource_id):
    jeune = _jeune(request, jeune_id)
    ressource = objet_de_la_structure(
        request.structure, Ressource.objects.filter(jeune=jeune), pk=ressource_id
    )
    try:
        services.ressource_clore(ressource=ressource, par=request.user, fin=timezone.localdate())
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "La ressource est close à la date du jour.")
    return redirect("dossiers:complements", jeune_id=jeune.pk)


def _initial_mobilite(jeune):
    locomotions = list(jeune.locomotions.all())
    return {
        "mobilite": jeune.mobilite_id,
        "locomotions": [ligne.moyen_id for ligne in locomotions],
        "principal": next((ligne.moyen_id for ligne in locomotions if ligne.principal), None),
    }


def _page_mobilite(request, jeune, formulaire=None, permis_form=None):
    initial = _initial_mobilite(jeune)
    return render(
        request,
        "dossiers/mobilite.html",
        {
            "jeune": jeune,
            "form": formulaire or MobiliteForm(initial=initial, structure=request.structure),
            "permis_form": permis_form or PermisForm(structure=request.structure),
            "permis": jeune.permis.select_related("permis"),
        },
    )


@droit_requis(Droit.DOSSIERS_MODIFIER)
def mobilite(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    if request.method != "POST":
        return _page_mobilite(request, jeune)
    formulaire = MobiliteForm(
        request.POST, initial=_initial_mobilite(jeune), structure=request.structure
    )
    reponse = _soumettre(
        request,
        formulaire,
        lambda donnees: services.jeune_modifier_mobilite(
            jeune=jeune,
            par=request.user,
            mobilite=donnees["mobilite"],
            locomotions=list(donnees["locomotions"]),
            principal=donnees["principal"],
        ),
        message="La mobilité est enregistrée.",
        vers=jeune.get_absolute_url(),
    )
    return reponse or _page_mobilite(request, jeune, formulaire=formulaire)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def permis_noter(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    formulaire = PermisForm(request.POST, structure=request.structure)
    reponse = _soumettre(
        request,
        formulaire,
        lambda donnees: services.permis_noter(jeune=jeune, par=request.user, **donnees),
        message="Le permis est noté.",
        vers=reverse("dossiers:mobilite", kwargs={"jeune_id": jeune.pk}),
    )
    return reponse or _page_mobilite(request, jeune, permis_form=formulaire)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def permis_retirer(request, jeune_id, permis_id):
    jeune = _jeune(request, jeune_id)
    permis = objet_de_la_structure(
        request.structure, Permis.objects.filter(jeune=jeune), pk=permis_id
    )
    services.permis_retirer(permis=permis, par=request.user)
    messages.success(request, "Le permis est retiré.")
    return redirect("dossiers:mobilite", jeune_id=jeune.pk)


def _empreinte_rdv(donnees) -> str:
    return f"{donnees['conseiller'].pk}|{donnees['debut']:%Y-%m-%dT%H:%M}|{donnees['duree']}"


@droit_requis(Droit.DOSSIERS_MODIFIER)
def rendez_vous_prendre(request, jeune_id):
    """An appointment from the file; the counsellor's overlapping ones are shown before
    saving, and a second submission with the same slot keeps it."""
    jeune = _jeune(request, jeune_id)
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
            reponse = _soumettre(
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
    jeune = _jeune(request, jeune_id)
    rendez_vous = objet_de_la_structure(
        request.structure, RendezVous.objects.filter(jeune=jeune), pk=rendez_vous_id
    )
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
    except (ValidationError, RegleMetierError) as erreur:
        messages.error(request, erreur.message if hasattr(erreur, "message") else str(erreur))
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
    jeune = _jeune(request, jeune_id)
    rendez_vous = None
    source = request.POST.get("rendez_vous") or request.GET.get("rendez_vous", "")
    if source.isdigit():
        rendez_vous = RendezVous.objects.filter(jeune=jeune, pk=source).first()
    initial = {}
    if rendez_vous is not None:
        initial = {"type": TypeEvenement.ENTRETIEN, "date": rendez_vous.debut}
    formulaire = EvenementForm(request.POST or None, initial=initial, structure=request.structure)
    if request.method == "POST":
        reponse = _soumettre(
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
    debut = timezone.make_aware(datetime.combine(debut_periode, time.min))
    fin = timezone.make_aware(datetime.combine(fin_periode, time.min))
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


def lire_date_iso(texte):
    try:
        return datetime.strptime(texte or "", "%Y-%m-%d").date()
    except ValueError:
        return None


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def proposition_ajouter(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    formulaire = PropositionForm(request.POST)
    reponse = _soumettre(
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
    jeune = _jeune(request, jeune_id)
    proposition = objet_de_la_structure(
        request.structure, Proposition.objects.filter(jeune=jeune), pk=proposition_id
    )
    try:
        services.proposition_terminer(
            proposition=proposition, par=request.user, etat=request.POST.get("etat", "")
        )
    except (ValidationError, RegleMetierError) as erreur:
        messages.error(request, getattr(erreur, "message", None) or " ".join(erreur.messages))
    else:
        messages.success(request, "La demande est terminée.")
    return redirect(jeune.get_absolute_url())


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
    jeune = _jeune(request, jeune_id)
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
        reponse = _soumettre(
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
    jeune = _jeune(request, jeune_id)
    situation = objet_de_la_structure(
        request.structure, Situation.objects.filter(jeune=jeune), pk=situation_id
    )
    formulaire = SituationForm(
        request.POST or None,
        initial=_situation_initial(situation),
        structure=request.structure,
        categorie=situation.categorie,
    )
    if request.method == "POST":
        reponse = _soumettre(
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
    jeune = _jeune(request, jeune_id)
    situation = objet_de_la_structure(
        request.structure, Situation.objects.filter(jeune=jeune), pk=situation_id
    )
    services.situation_supprimer(situation=situation, par=request.user)
    messages.success(request, f"La situation « {situation} » est supprimée (historique gardé).")
    return redirect(jeune.get_absolute_url())


@droit_requis(Droit.DOSSIERS_MODIFIER)
def cursus_ajouter(request, jeune_id):
    jeune = _jeune(request, jeune_id)
    formulaire = CursusForm(request.POST or None, structure=request.structure)
    if request.method == "POST":
        reponse = _soumettre(
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
    jeune = _jeune(request, jeune_id)
    entree = objet_de_la_structure(
        request.structure, Cursus.objects.filter(jeune=jeune), pk=cursus_id
    )
    try:
        services.cursus_retirer(cursus=entree, par=request.user)
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(request, "Le diplôme est retiré du cursus.")
    return redirect(jeune.get_absolute_url())


def _liste_filtree(request, queryset, formulaire, gabarit, contexte):
    """A list of the ML narrowed by its filter form (invalid filters select nothing)."""
    if formulaire.is_bound and not formulaire.is_valid():
        queryset = queryset.none()
    elif formulaire.is_bound:
        queryset = formulaire.filtrer(queryset)
    page = Paginator(queryset, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        gabarit,
        {"page": page, "filtres": formulaire, "parametres": parametres.urlencode(), **contexte},
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def rendez_vous_liste(request):
    """The ML's appointments by status, period, counsellor and site."""
    rendez_vous = (
        RendezVous.objects.de_la_structure(request.structure)
        .select_related("jeune", "conseiller", "lieu", "motif_absence")
        .order_by("-debut", "pk")
    )
    formulaire = FiltresRendezVousForm(
        request.GET if len(request.GET.keys() - {"page"}) else None, structure=request.structure
    )
    return _liste_filtree(request, rendez_vous, formulaire, "dossiers/rendez_vous_liste.html", {})


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
    return _liste_filtree(request, situations, formulaire, "dossiers/situations_liste.html", {})
