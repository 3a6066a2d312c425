"""Identity: the form, justification by a piece, the situation familiale still true,
the NIR certified."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dossiers import services
from dossiers.forms.identite import CHAMPS_IDENTITE, IdentiteForm, JustificationForm
from dossiers.models import Jeune
from imilo.dates import debut_du_jour
from imilo.droits import Droit, droit_requis
from imilo.erreurs import RegleMetierError
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.vues import agir, objet_de_la_ml, soumettre, valeurs_initiales


@droit_requis(Droit.DOSSIERS_MODIFIER)
def identite(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    initial = valeurs_initiales(jeune, CHAMPS_IDENTITE)
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
        reponse = soumettre(
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    formulaire = JustificationForm(request.POST, structure=request.structure)
    if formulaire.is_valid():
        vue_le = formulaire.cleaned_data["date"]
        # A document seen today is dated now; one seen earlier at the start of that day.
        quand = timezone.now() if vue_le == timezone.localdate() else debut_du_jour(vue_le)
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    return agir(
        request,
        lambda: services.jeune_modifier(
            jeune=jeune, par=request.user, situation_familiale_confirmee_le=timezone.localdate()
        ),
        message="Situation familiale confirmée à la date du jour.",
        vers=jeune.get_absolute_url(),
    )


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def certifier_nir(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    return agir(
        request,
        lambda: services.jeune_certifier_nir(jeune=jeune, par=request.user),
        message="Le NIR est certifié.",
        vers=jeune.get_absolute_url(),
    )
