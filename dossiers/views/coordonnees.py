"""Coordonnées: address (dated history, normalisation), phones, email, bank details."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dossiers import services
from dossiers.forms.coordonnees import CoordonneesForm
from dossiers.models import Jeune
from imilo.droits import Droit, droit_requis
from imilo.vues import objet_de_la_ml, soumettre, valeurs_initiales

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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    courante = jeune.adresses.courantes().select_related("commune").first()
    initial = valeurs_initiales(jeune, CHAMPS_COORDONNEES)
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
        reponse = soumettre(
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
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
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
