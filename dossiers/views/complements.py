"""Compléments (coverage, RSA, RQTH, France Travail, resources) and mobility (means of
transport, licences)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dossiers import services
from dossiers.forms.coordonnees import ComplementsForm, MobiliteForm, PermisForm, RessourceForm
from dossiers.models import Jeune, Permis, Ressource
from imilo.droits import Droit, droit_requis
from imilo.vues import agir, objet_de_la_ml, soumettre, valeurs_initiales


def _page_complements(request, jeune, formulaire=None, ressource_form=None):
    initial = valeurs_initiales(jeune, ComplementsForm.champs)
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    if request.method != "POST":
        return _page_complements(request, jeune)
    formulaire = ComplementsForm(
        request.POST,
        initial=valeurs_initiales(jeune, ComplementsForm.champs),
        structure=request.structure,
    )
    reponse = soumettre(
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = RessourceForm(request.POST, structure=request.structure)
    reponse = soumettre(
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    ressource = objet_de_la_ml(request, Ressource.objects.filter(jeune=jeune), pk=ressource_id)
    return agir(
        request,
        lambda: services.ressource_clore(
            ressource=ressource, par=request.user, fin=timezone.localdate()
        ),
        message="La ressource est close à la date du jour.",
        vers=reverse("dossiers:complements", kwargs={"jeune_id": jeune.pk}),
    )


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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    if request.method != "POST":
        return _page_mobilite(request, jeune)
    formulaire = MobiliteForm(
        request.POST, initial=_initial_mobilite(jeune), structure=request.structure
    )
    reponse = soumettre(
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = PermisForm(request.POST, structure=request.structure)
    reponse = soumettre(
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    permis = objet_de_la_ml(request, Permis.objects.filter(jeune=jeune), pk=permis_id)
    return agir(
        request,
        lambda: services.permis_retirer(permis=permis, par=request.user),
        message="Le permis est retiré.",
        vers=reverse("dossiers:mobilite", kwargs={"jeune_id": jeune.pk}),
    )
