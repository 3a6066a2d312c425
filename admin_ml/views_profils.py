"""Profiles of the ML (standard ones read-only, its own editable) with the rights matrix,
and who may validate allocations. Right: `admin_ml.gerer_utilisateurs`."""

from django.db.models import Exists, F, OuterRef
from django.shortcuts import render
from django.urls import reverse

from admin_ml import services
from admin_ml.forms import ProfilForm
from admin_ml.models import Profil, ProfilDroit, Utilisateur
from imilo.droits import Droit, droit_requis
from imilo.vues import objet_de_la_ml, soumettre


def _validateurs(structure) -> tuple[list[Utilisateur], list[Utilisateur]]:
    """Active validateurs of the ML: those who may validate allocations (the rule of
    `Utilisateur.objects.peuvent_valider()`), and those who lack something, with what
    (one query)."""
    validateurs = (
        Utilisateur.objects.de_la_structure(structure)
        .actifs()
        .filter(fonction_validateur=True)
        .annotate(
            peut_valider=Exists(Utilisateur.objects.peuvent_valider().filter(pk=OuterRef("pk"))),
            a_le_droit_de_valider=Exists(
                ProfilDroit.objects.filter(
                    profil=OuterRef("profil"), droit=Droit.DISPOSITIFS_VALIDER_ALLOCATION
                )
            ),
        )
        .order_by("nom", "prenom")
    )
    peuvent, manque = [], []
    for validateur in validateurs:
        (peuvent if validateur.peut_valider else manque).append(validateur)
    return peuvent, manque


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def profils(request):
    liste = list(
        Profil.objects.disponibles_pour(request.structure)
        .prefetch_related("droits")
        .order_by(F("structure").asc(nulls_first=True), "nom")
    )
    droits_par_profil = {
        profil.pk: {ligne.droit for ligne in profil.droits.all()} for profil in liste
    }
    # Rows: the rights; columns: the profiles (a readable table with headers both ways).
    matrice = [
        {
            "droit": libelle,
            "code": code,
            "cases": [code in droits_par_profil[profil.pk] for profil in liste],
        }
        for code, libelle in Droit.choices
    ]
    peuvent, manque = _validateurs(request.structure)
    return render(
        request,
        "admin_ml/profils.html",
        {
            "profils": liste,
            "matrice": matrice,
            "peuvent_valider": peuvent,
            "validateurs_incomplets": manque,
        },
    )


def _vers_le_profil(profil) -> str:
    return reverse("admin_ml:profil", kwargs={"profil_id": profil.pk})


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def profil_creer(request):
    formulaire = ProfilForm(request.POST or None)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.profil_creer(
                structure=request.structure, par=request.user, **donnees
            ),
            message="Le profil est créé.",
            vers=_vers_le_profil,
        )
        if reponse:
            return reponse
    return render(request, "admin_ml/profil.html", {"form": formulaire, "profil": None})


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def profil(request, profil_id):
    """Only the ML's own profiles open here (the standard ones are in the matrix)."""
    fiche = objet_de_la_ml(request, Profil, pk=profil_id)
    initial = {
        "nom": fiche.nom,
        "description": fiche.description,
        "droits": list(fiche.droits.values_list("droit", flat=True)),
    }
    formulaire = ProfilForm(request.POST or None, initial=initial)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.profil_modifier(profil=fiche, par=request.user, **donnees),
            message="Le profil est enregistré.",
            vers=_vers_le_profil,
        )
        if reponse:
            return reponse
    return render(
        request,
        "admin_ml/profil.html",
        {
            "form": formulaire,
            "profil": fiche,
            "nombre_utilisateurs": fiche.utilisateur_set.non_desabonnes().count(),
        },
    )
