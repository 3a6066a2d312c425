"""The users of the ML in the admin portal: list, creation (search across MLs, recovery or
homonym), page with functions and profile, change of name, deactivation, unsubscription,
group transfers. Right: `admin_ml.gerer_utilisateurs`; another ML's user answers 404."""

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from admin_ml import services
from admin_ml.blocages import blocages
from admin_ml.forms import (
    ChangementNomForm,
    ConfirmationForm,
    CreationUtilisateurForm,
    RechercheCompteForm,
    RecuperationForm,
    UtilisateurForm,
)
from admin_ml.models import Utilisateur
from admin_ml.regles import comptes_existants, identifiant_libre, verifier_personne
from admin_ml.transferts import genres_pour
from imilo.droits import Droit, droit_requis
from imilo.erreurs import RegleMetierError
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.taches import mettre_en_file
from imilo.tasks import envoyer_email
from imilo.texte import cle_de_recherche
from imilo.vues import agir, objet_de_la_ml, soumettre

TRIS = {"nom": ["nom", "prenom", "pk"], "naissance": ["date_naissance", "nom", "pk"]}


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateurs(request):
    actifs = request.GET.get("etat", "actifs") != "tous"
    # Seed 003: sorting by birth date finds the retired accounts left to unsubscribe.
    tri = request.GET.get("tri") if request.GET.get("tri") in TRIS else "nom"
    # Unsubscribed accounts leave the list (seed 003); their traces stay anonymised.
    liste = (
        Utilisateur.objects.de_la_structure(request.structure)
        .non_desabonnes()
        .select_related("profil")
        .order_by(*TRIS[tri])
    )
    if actifs:
        liste = liste.filter(is_active=True)
    return render(
        request,
        "admin_ml/utilisateurs.html",
        {"utilisateurs": liste, "seulement_actifs": actifs, "tri": tri},
    )


def _fiche(request, utilisateur_id):
    return objet_de_la_ml(request, Utilisateur.objects.select_related("profil"), pk=utilisateur_id)


def _historique_du_compte(fiche) -> list[dict]:
    """The account's changes with their author, newest first (one query)."""
    versions = list(
        fiche.history.select_related("history_user").order_by("history_date", "history_id")
    )
    lignes, precedente = [], None
    for version in versions:
        changements = []
        if precedente is not None:
            ecarts = version.diff_against(precedente, excluded_fields=["created_at"])
            changements = [
                str(Utilisateur._meta.get_field(ecart.field).verbose_name)
                for ecart in ecarts.changes
            ]
        lignes.append({"version": version, "changements": changements})
        precedente = version
    return lignes[::-1]


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateur(request, utilisateur_id):
    fiche = _fiche(request, utilisateur_id)
    initial = {champ: getattr(fiche, champ) for champ in services.CHAMPS_MODIFIABLES}
    initial["profil"] = fiche.profil_id
    formulaire = UtilisateurForm(request.POST or None, initial=initial, structure=request.structure)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.utilisateur_modifier(
                utilisateur=fiche, par=request.user, **donnees
            ),
            message="Le compte est enregistré.",
            vers=request.path,
        )
        if reponse:
            return reponse
    return render(
        request,
        "admin_ml/utilisateur.html",
        {
            "fiche": fiche,
            "form": formulaire,
            "historique": _historique_du_compte(fiche),
            "soi_meme": fiche.pk == request.user.pk,
        },
    )


def _empreinte(personne: dict) -> str:
    """What the search was run for: these names, this birth date."""
    prenom, nom = cle_de_recherche(personne["prenom"]), cle_de_recherche(personne["nom"])
    return f"{prenom}|{nom}|{personne['date_naissance']}"


CHAMPS_PERSONNE = ("prenom", "nom", "date_naissance")


def _personne(donnees: dict) -> dict:
    return {cle: donnees[cle] for cle in CHAMPS_PERSONNE}


def _identifiant_propose(personne) -> str:
    """The identifier a new account would get; none for names the creation refuses."""
    try:
        verifier_personne(nom=personne["nom"], prenom=personne["prenom"])
    except ValidationError:
        return ""
    return identifiant_libre(prenom=personne["prenom"], nom=personne["nom"])


def _resultats(request, personne, *, creation=None, recuperation=None):
    """Step 2: the accounts found in every ML, the recovery of one, or a new account."""
    comptes = comptes_existants(**personne)
    ici = [compte for compte in comptes if compte.structure_id == request.structure.pk]
    ailleurs = [compte for compte in comptes if compte.structure_id != request.structure.pk]
    if creation is None:
        creation = CreationUtilisateurForm(
            initial={**personne, "empreinte": _empreinte(personne)},
            structure=request.structure,
        )
    if recuperation is None and ailleurs:
        recuperation = RecuperationForm(
            initial=personne, structure=request.structure, comptes=ailleurs
        )
    return render(
        request,
        "admin_ml/utilisateur_creer.html",
        {
            "etape": "resultats",
            "personne": personne,
            "ici": ici,
            "ailleurs": ailleurs,
            "creation": creation,
            "recuperation": recuperation,
            "identifiant_propose": _identifiant_propose(personne),
        },
    )


def _envoyer_bienvenue(request, utilisateur) -> None:
    """The link to choose a password (the reset token of Django, valid 24 hours by
    PASSWORD_RESET_TIMEOUT), sent by a task after the commit."""
    contexte = {
        "utilisateur": utilisateur,
        "structure": request.structure,
        "lien": request.build_absolute_uri(
            reverse(
                "mot_de_passe_reinitialiser",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(utilisateur.pk)),
                    "token": default_token_generator.make_token(utilisateur),
                },
            )
        ),
    }
    mettre_en_file(
        envoyer_email,
        sujet=loader.render_to_string("registration/bienvenue_sujet.txt", contexte).strip(),
        corps=loader.render_to_string("registration/bienvenue_email.txt", contexte),
        destinataires=[utilisateur.email],
        par=request.user,
    )


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateur_creer(request):
    """Seed 003: « Lorsque vous créez le compte une vérification du nom et du prénom est
    effectuée » — across all MLs, before anything is created."""
    etape = request.POST.get("etape") if request.method == "POST" else None
    if etape == "creer":
        return _creer(request)
    recherche = RechercheCompteForm(request.POST if etape == "rechercher" else None)
    if recherche.is_valid():
        return _resultats(request, recherche.cleaned_data)
    return render(
        request, "admin_ml/utilisateur_creer.html", {"etape": "recherche", "recherche": recherche}
    )


def _creer(request):
    formulaire = CreationUtilisateurForm(request.POST, structure=request.structure)
    valide = formulaire.is_valid()
    personne = {cle: formulaire.cleaned_data.get(cle) for cle in CHAMPS_PERSONNE}
    if valide:
        donnees = dict(formulaire.cleaned_data)
        empreinte = donnees.pop("empreinte")
        if empreinte != _empreinte(personne) and comptes_existants(**personne):
            # Names edited since the search: what they find is shown before creating.
            messages.warning(
                request, "Le nom a changé depuis la recherche : voici les comptes trouvés."
            )
            return _resultats(request, personne)
        try:
            nouveau = services.utilisateur_creer(
                structure=request.structure, par=request.user, **donnees
            )
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            _envoyer_bienvenue(request, nouveau)
            messages.success(
                request,
                f"Le compte {nouveau.identifiant} est créé. Un courriel invite "
                f"{nouveau.prenom} à choisir son mot de passe.",
            )
            return redirect("admin_ml:utilisateur", utilisateur_id=nouveau.pk)
    if all(personne.values()):
        # What was typed stays, next to the accounts the names find.
        return _resultats(request, personne, creation=formulaire)
    return render(
        request,
        "admin_ml/utilisateur_creer.html",
        {"etape": "recherche", "recherche": RechercheCompteForm(request.POST)},
    )


@require_POST
@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateur_recuperer(request):
    """Only an account the search finds for the posted names and birth date, in another
    ML, can be recovered: nobody can take an account by its number."""
    recherche = RechercheCompteForm(request.POST)
    if not recherche.is_valid():
        return redirect("admin_ml:utilisateur_creer")
    personne = _personne(recherche.cleaned_data)
    ailleurs = [
        compte
        for compte in comptes_existants(**personne)
        if compte.structure_id != request.structure.pk
    ]
    formulaire = RecuperationForm(request.POST, structure=request.structure, comptes=ailleurs)
    if formulaire.is_valid():
        compte = next(c for c in ailleurs if c.pk == formulaire.cleaned_data["compte"])
        try:
            services.utilisateur_recuperer(
                utilisateur=compte,
                structure=request.structure,
                profil=formulaire.cleaned_data["profil"],
                par=request.user,
            )
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
        else:
            messages.success(
                request,
                f"Le compte {compte.identifiant} rejoint votre mission locale : la personne "
                "garde son identifiant et son mot de passe. Réglez ses fonctions ci-dessous.",
            )
            return redirect("admin_ml:utilisateur", utilisateur_id=compte.pk)
    return _resultats(request, personne, recuperation=formulaire)


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateur_nom(request, utilisateur_id):
    fiche = _fiche(request, utilisateur_id)
    formulaire = ChangementNomForm(request.POST or None, initial={"nom": fiche.nom})
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.utilisateur_changer_de_nom(
                utilisateur=fiche, nom=donnees["nom"], par=request.user
            ),
            message="Le nouveau nom est enregistré ; l'identifiant reste.",
            vers=reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": fiche.pk}),
        )
        if reponse:
            return reponse
    return render(request, "admin_ml/utilisateur_nom.html", {"fiche": fiche, "form": formulaire})


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateur_desactiver(request, utilisateur_id):
    fiche = _fiche(request, utilisateur_id)
    erreur = None
    if request.method == "POST":
        try:
            services.utilisateur_desactiver(utilisateur=fiche, par=request.user)
        except RegleMetierError as refus:
            erreur = refus.message
        else:
            messages.success(
                request,
                f"Le compte de {fiche.nom_complet} est désactivé : il n'est plus facturé à "
                "partir du mois prochain.",
            )
            return redirect("admin_ml:utilisateur", utilisateur_id=fiche.pk)
    return render(
        request,
        "admin_ml/utilisateur_desactiver.html",
        {"fiche": fiche, "erreur": erreur, "soi_meme": fiche.pk == request.user.pk},
    )


@require_POST
@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateur_reactiver(request, utilisateur_id):
    fiche = _fiche(request, utilisateur_id)
    return agir(
        request,
        lambda: services.utilisateur_reactiver(utilisateur=fiche, par=request.user),
        message=f"Le compte de {fiche.nom_complet} est réactivé.",
        vers=reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": fiche.pk}),
    )


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def utilisateur_desabonner(request, utilisateur_id):
    fiche = _fiche(request, utilisateur_id)
    liens = [] if fiche.est_desabonne else blocages(fiche)
    # Bound on any POST: an unchecked box posts nothing, and must be refused.
    formulaire = ConfirmationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and formulaire.is_valid():
        nom = fiche.nom_complet
        try:
            services.utilisateur_desabonner(utilisateur=fiche, par=request.user)
        except (ValidationError, RegleMetierError) as erreur:
            erreurs_dans_le_formulaire(formulaire, erreur)
            liens = blocages(fiche)
        else:
            messages.success(
                request,
                f"{nom} est désabonné : son nom est remplacé par « Donnée anonymisée » partout "
                "où il apparaissait.",
            )
            return redirect("admin_ml:utilisateurs")
    return render(
        request,
        "admin_ml/utilisateur_desabonner.html",
        {
            "fiche": fiche,
            "blocages": liens,
            "form": formulaire,
            "soi_meme": fiche.pk == request.user.pk,
        },
    )


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def transferts(request):
    """The kinds of group transfer and where their selection is made."""
    return render(request, "admin_ml/transferts.html", {"genres": genres_pour(request.user)})
