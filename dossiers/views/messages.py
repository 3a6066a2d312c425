"""Messages of a youth file (letters, SMS, emails) and the ML's message templates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from dossiers import messagerie
from dossiers.enums import CanalMessage
from dossiers.forms.messages import FiltresMessagesForm, MessageForm, ModeleCourrierForm
from dossiers.models import Jeune, Message, ModeleCourrier, RendezVous
from imilo.droits import Droit, droit_requis
from imilo.erreurs import RegleMetierError
from imilo.formulaires import erreurs_dans_le_formulaire
from imilo.vues import objet_de_la_ml, paginer, soumettre, telechargement

ENVOYE = {
    CanalMessage.SMS: "Le SMS est en file d'envoi : son statut est suivi dans les messages.",
    CanalMessage.COURRIEL: (
        "Le courriel est en file d'envoi : son statut est suivi dans les messages."
    ),
}


def _nom_du_courrier(message: Message, prefixe: str) -> str:
    instant = timezone.localtime(message.envoye_le or message.created_at)
    return f"{prefixe}-{slugify(message.jeune.nom_usage)}-{instant:%Y%m%d-%H%M}.pdf"


@droit_requis(Droit.DOSSIERS_VOIR)
def messages_du_jeune(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    filtres = FiltresMessagesForm(request.GET or None)
    liste = Message.objects.filter(jeune=jeune).select_related("auteur")
    if filtres.is_valid():
        liste = liste.filtres(**filtres.cleaned_data)
    page, parametres = paginer(request, liste)
    return render(
        request,
        "dossiers/messages.html",
        {
            "jeune": jeune,
            "page": page,
            "filtres": filtres,
            "parametres": parametres,
            "peut_modifier": request.user.a_le_droit(Droit.DOSSIERS_MODIFIER),
        },
    )


@droit_requis(Droit.DOSSIERS_VOIR)
def message_detail(request, jeune_id, message_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    envoi = objet_de_la_ml(
        request,
        Message.objects.filter(jeune=jeune).select_related("auteur", "rendez_vous", "modele"),
        pk=message_id,
    )
    return render(request, "dossiers/message.html", {"jeune": jeune, "envoi": envoi})


@droit_requis(Droit.DOSSIERS_VOIR)
def message_copie_pdf(request, jeune_id, message_id):
    """A copy of a printed letter, made again from what was recorded."""
    envoi = objet_de_la_ml(
        request,
        Message.objects.filter(jeune_id=jeune_id, canal=CanalMessage.COURRIER).select_related(
            "jeune__structure", "auteur", "rendez_vous__lieu", "rendez_vous__conseiller"
        ),
        pk=message_id,
    )
    return telechargement(
        messagerie.courrier_pdf(envoi, copie=True),
        "application/pdf",
        _nom_du_courrier(envoi, "copie-courrier"),
    )


def _lire_id(request, nom):
    valeur = request.GET.get(nom, "")
    return valeur if valeur.isdigit() else None


@droit_requis(Droit.DOSSIERS_MODIFIER)
def message_ecrire(request, jeune_id):
    """Write a letter, an SMS or an email; « Reprendre le modèle » fills the text from a
    template (fields merged) for the counsellor to read and change before sending."""
    jeune = objet_de_la_ml(request, Jeune.objects.prefetch_related("adresses"), pk=jeune_id)
    # The standard templates are there from the first letter written, not only once the
    # ML has opened its list of templates.
    messagerie.modeles_par_defaut(structure=request.structure, par=request.user)
    initial = {
        "canal": request.GET.get("canal", CanalMessage.SMS),
        "modele": _lire_id(request, "modele"),
        "rendez_vous": _lire_id(request, "rendez_vous"),
    }
    formulaire = MessageForm(request.POST or None, initial=initial, jeune=jeune)
    if request.method == "POST" and "reprendre" in request.POST:
        formulaire = _reprendre_le_modele(request, formulaire, jeune)
    elif request.method == "POST" and formulaire.is_valid():
        donnees = formulaire.cleaned_data
        if donnees["canal"] == CanalMessage.COURRIER:
            try:
                envoi = messagerie.message_envoyer(jeune=jeune, par=request.user, **donnees)
            except RegleMetierError as erreur:
                erreurs_dans_le_formulaire(formulaire, erreur)
            else:
                return telechargement(
                    messagerie.courrier_pdf(envoi),
                    "application/pdf",
                    _nom_du_courrier(envoi, "courrier"),
                )
        else:
            reponse = soumettre(
                request,
                formulaire,
                lambda donnees: messagerie.message_envoyer(
                    jeune=jeune, par=request.user, **donnees
                ),
                message=ENVOYE[donnees["canal"]],
                vers=reverse("dossiers:messages", kwargs={"jeune_id": jeune.pk}),
            )
            if reponse:
                return reponse
    return render(
        request,
        "dossiers/message_ecrire.html",
        {"form": formulaire, "jeune": jeune, "blocages": messagerie.empechements(jeune)},
    )


def _reprendre_le_modele(request, formulaire, jeune):
    if not formulaire.is_valid():
        return formulaire
    modele = formulaire.cleaned_data["modele"]
    if modele is None:
        formulaire.add_error("modele", "Choisissez le modèle à reprendre.")
        return formulaire
    try:
        contenu, objet = messagerie.rediger(
            jeune=jeune,
            par=request.user,
            canal=modele.canal,
            modele=modele,
            rendez_vous=formulaire.cleaned_data["rendez_vous"],
        )
    except RegleMetierError as erreur:
        erreurs_dans_le_formulaire(formulaire, erreur)
        return formulaire
    donnees = request.POST.copy()
    donnees.update({"canal": modele.canal, "contenu": contenu, "objet": objet})
    return MessageForm(donnees, jeune=jeune)


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def convocation_pdf(request, jeune_id, rendez_vous_id):
    """The ML's convocation letter for this appointment, recorded in the file (imprimé)
    and downloaded to be printed."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    rendez_vous = objet_de_la_ml(request, RendezVous.objects.filter(jeune=jeune), pk=rendez_vous_id)
    try:
        envoi = messagerie.message_envoyer(
            jeune=jeune,
            par=request.user,
            canal=CanalMessage.COURRIER,
            modele=messagerie.modele_standard(
                structure=request.structure, canal=CanalMessage.COURRIER
            ),
            rendez_vous=rendez_vous,
        )
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
        return redirect(jeune.get_absolute_url())
    return telechargement(
        messagerie.courrier_pdf(envoi), "application/pdf", _nom_du_courrier(envoi, "convocation")
    )


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def rappel(request, jeune_id, rendez_vous_id, canal):
    """A reminder of the appointment by SMS or email, from the ML's standard template."""
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    rendez_vous = objet_de_la_ml(request, RendezVous.objects.filter(jeune=jeune), pk=rendez_vous_id)
    try:
        messagerie.message_envoyer(
            jeune=jeune,
            par=request.user,
            canal=canal,
            modele=messagerie.modele_standard(structure=request.structure, canal=canal),
            rendez_vous=rendez_vous,
        )
    except RegleMetierError as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(request, ENVOYE[canal])
    return redirect(jeune.get_absolute_url())


@droit_requis(Droit.ADMIN_ML_GERER_STRUCTURE)
def modeles_courrier(request):
    """The ML's templates; the standard ones are given the first time."""
    messagerie.modeles_par_defaut(structure=request.structure, par=request.user)
    return render(
        request,
        "dossiers/modeles_courrier.html",
        {"modeles": ModeleCourrier.objects.de_la_structure(request.structure)},
    )


def _page_modele(request, modele):
    formulaire = ModeleCourrierForm(request.POST or None, instance=modele)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: messagerie.modele_courrier_enregistrer(
                modele=modele, par=request.user, **donnees
            ),
            message="Le modèle est enregistré.",
            vers=reverse("dossiers:modeles_courrier"),
        )
        if reponse:
            return reponse
    return render(request, "dossiers/modele_courrier.html", {"form": formulaire, "modele": modele})


@droit_requis(Droit.ADMIN_ML_GERER_STRUCTURE)
def modele_courrier(request, modele_id):
    modele = objet_de_la_ml(request, ModeleCourrier, pk=modele_id)
    return _page_modele(request, modele)


@droit_requis(Droit.ADMIN_ML_GERER_STRUCTURE)
def modele_courrier_creer(request):
    return _page_modele(request, ModeleCourrier(structure=request.structure))
