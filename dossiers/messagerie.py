"""Letters, SMS and emails to the young person: who may be written to, how the text is
made, how it leaves.

- **Never** to a file marked NPAI (no letter, no SMS: charte de saisie), to a mobile noted
  not reachable, nor to a young person known to be deceased. There is no death field
  (charte: exit motif « Décès » on a dispositif): the apps that know register a function
  in `dossiers.registres.EMPECHEMENTS`, and every channel is then closed.
- The text comes from an ML template (dossiers/fusion.py: plain merge fields, no template
  engine) or is typed by the counsellor; the message recorded in the file keeps a copy of
  the text and of the recipient, with its delivery status.
- SMS and emails leave from a Celery task queued after the commit (`message_expedier`),
  which never sends a message twice. SMS go through `settings.SMS_BACKEND` (console by
  default, a folder of files, or an HTTP provider); emails through Django's mail backend.
  A provider failure marks the message « échec » with the reason; it never breaks a page.
- A letter is printed by the counsellor: the message is recorded « imprimé » and its PDF
  is made from the recorded copy (`courrier_pdf`).
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import datetime
from email.utils import formataddr, parseaddr
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string

from dossiers.enums import CanalMessage, StatutMessage, StatutRendezVous
from dossiers.fusion import CHAMPS_RENDEZ_VOUS, champs_utilises, fusionner
from dossiers.models import Jeune, Message, ModeleCourrier, RendezVous
from dossiers.registres import EMPECHEMENTS
from dossiers.tasks import expedier_message
from dossiers.telephones import est_mobile
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer
from imilo.pdf import rendre_pdf
from imilo.taches import mettre_en_file
from imilo.texte import majuscules_sans_accents

logger = logging.getLogger(__name__)

# Three concatenated SMS of 153 characters (GSM 7-bit alphabet): a longer text is refused
# rather than billed as many messages.
LONGUEUR_MAX_SMS = 3 * 153


# --- Who may be written to -------------------------------------------------------------


def _empechements_du_jeune(jeune: Jeune) -> dict[str, str]:
    for fonction in EMPECHEMENTS:
        raison = fonction(jeune)
        if raison:
            return dict.fromkeys(CanalMessage.values, raison)
    raisons = dict.fromkeys(CanalMessage.values, "")
    # Charte de saisie: NPAI, « il est important d'éviter que des courriers ou SMS ne
    # partent ». An email may still be written: the counsellor judges.
    if jeune.npai:
        raisons[CanalMessage.COURRIER] = (
            "Dossier NPAI (n'habite pas à l'adresse indiquée) : aucun courrier."
        )
        raisons[CanalMessage.SMS] = "Dossier NPAI (n'habite pas à l'adresse indiquée) : aucun SMS."
    else:
        if jeune.adresse_courante is None:
            raisons[CanalMessage.COURRIER] = (
                "Aucune adresse en cours : renseignez-la dans les coordonnées."
            )
        if not jeune.telephone_mobile:
            raisons[CanalMessage.SMS] = "Aucun téléphone mobile renseigné."
        elif not jeune.mobile_joignable:
            raisons[CanalMessage.SMS] = "Le mobile est noté non joignable : aucun SMS."
        elif not est_mobile(jeune.telephone_mobile):
            raisons[CanalMessage.SMS] = (
                "Le numéro noté comme mobile n'est pas un numéro de mobile : aucun SMS."
            )
    if not jeune.email:
        raisons[CanalMessage.COURRIEL] = "Aucune adresse électronique renseignée."
    return raisons


def raison_rendez_vous(rendez_vous: RendezVous | None) -> str:
    """Why no convocation or reminder may be sent for this appointment ("" if it may)."""
    if rendez_vous is None:
        return ""
    if rendez_vous.statut != StatutRendezVous.PREVU:
        return f"Ce rendez-vous est {rendez_vous.get_statut_display()} : ni convocation ni rappel."
    if rendez_vous.debut <= timezone.now():
        return "Ce rendez-vous est passé : ni convocation ni rappel."
    return ""


def empechements(jeune: Jeune, rendez_vous: RendezVous | None = None) -> dict[str, str]:
    """For each channel, why nothing may be sent on it ("" when it may). The part about the
    young person is computed once per loaded file (the file page asks for each of its
    appointments); the services load the file afresh, so they always decide on the
    current state."""
    if "_empechements_messages" not in jeune.__dict__:
        jeune.__dict__["_empechements_messages"] = _empechements_du_jeune(jeune)
    raisons = dict(jeune.__dict__["_empechements_messages"])
    raison = raison_rendez_vous(rendez_vous)
    if raison:
        raisons = {canal: existante or raison for canal, existante in raisons.items()}
    return raisons


# --- The text --------------------------------------------------------------------------


def _date_longue(instant: datetime) -> str:
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(instant), "l j F Y")


def valeurs_de_fusion(*, jeune: Jeune, rendez_vous: RendezVous | None, auteur) -> dict:
    structure = jeune.structure
    valeurs = {
        "prenom": jeune.prenom,
        "nom": jeune.nom_usage,
        "structure": structure.nom,
        "conseiller": str(auteur),
        "telephone": structure.telephone,
    }
    if rendez_vous is not None:
        lieu = rendez_vous.lieu
        valeurs |= {
            "date_rdv": _date_longue(rendez_vous.debut),
            "heure_rdv": formats.date_format(timezone.localtime(rendez_vous.debut), "G \\h i"),
            "objet_rdv": rendez_vous.objet,
            "lieu_rdv": rendez_vous.ou,
            "adresse_lieu": lieu.adresse_complete if lieu else rendez_vous.lieu_autre,
            "conseiller": str(rendez_vous.conseiller),
        }
        if lieu is not None and lieu.telephone:
            valeurs["telephone"] = lieu.telephone
    return valeurs


def adresse_postale(jeune: Jeune) -> str:
    """The recipient block of a letter (norme postale: the last line in capitals without
    accents); the complément (bâtiment, résidence, lieu-dit, chez…) is kept."""
    adresse = jeune.adresse_courante
    lignes = [f"{jeune.prenom} {jeune.nom_usage}"]
    if adresse is not None:
        lignes += [adresse.complement, "" if adresse.voie.strip() == "-" else adresse.voie]
        lignes.append(f"{adresse.code_postal} {majuscules_sans_accents(adresse.commune.nom)}")
    return "\n".join(ligne.strip() for ligne in lignes if ligne and ligne.strip())


# --- The ML's templates ----------------------------------------------------------------

MODELES_STANDARD = {
    "convocation": {
        "nom": "Convocation à un rendez-vous",
        "canal": CanalMessage.COURRIER,
        "objet": "Convocation à un rendez-vous",
        "corps": (
            "Bonjour {prenom} {nom},\n\n"
            "Vous êtes attendu(e) le {date_rdv} à {heure_rdv} pour un rendez-vous avec "
            "{conseiller} : {objet_rdv}.\n\n"
            "Lieu : {lieu_rdv}, {adresse_lieu}.\n\n"
            "Pensez à apporter une pièce d'identité. Si vous ne pouvez pas venir, "
            "prévenez-nous au {telephone}.\n\n"
            "Nous vous prions d'agréer nos salutations distinguées."
        ),
    },
    "rappel_sms": {
        "nom": "Rappel de rendez-vous par SMS",
        "canal": CanalMessage.SMS,
        "objet": "",
        "corps": (
            "{structure} : rappel de votre rendez-vous du {date_rdv} à {heure_rdv}, "
            "{lieu_rdv}, avec {conseiller}. Empêché(e) ? Appelez le {telephone}."
        ),
    },
    "convocation_courriel": {
        "nom": "Convocation par courriel",
        "canal": CanalMessage.COURRIEL,
        "objet": "Votre rendez-vous du {date_rdv} — {structure}",
        "corps": (
            "Bonjour {prenom},\n\n"
            "Vous avez rendez-vous le {date_rdv} à {heure_rdv} avec {conseiller} : "
            "{objet_rdv}.\n"
            "Lieu : {lieu_rdv}, {adresse_lieu}.\n\n"
            "Si vous ne pouvez pas venir, prévenez-nous au {telephone}.\n\n"
            "À bientôt,\n{structure}"
        ),
    },
}
# The standard template each action of an appointment uses.
MODELE_DU_CANAL = {
    CanalMessage.COURRIER: "convocation",
    CanalMessage.SMS: "rappel_sms",
    CanalMessage.COURRIEL: "convocation_courriel",
}


def modeles_par_defaut(*, structure, par=None) -> None:
    """Give the ML the standard templates it does not have yet (safe to call again: a
    standard template the ML changed or deactivated is left as it is)."""
    existants = ModeleCourrier.objects.filter(structure=structure)
    codes = set(existants.exclude(code="").values_list("code", flat=True))
    if codes >= MODELES_STANDARD.keys():
        return
    noms = set(existants.values_list("nom", flat=True))
    for code, donnees in MODELES_STANDARD.items():
        if code in codes:
            continue
        nom = donnees["nom"] if donnees["nom"] not in noms else f"{donnees['nom']} (standard)"
        modele = ModeleCourrier(structure=structure, code=code, **{**donnees, "nom": nom})
        try:
            with transaction.atomic():
                enregistrer(modele, par=par)
        except (IntegrityError, ValidationError):
            # Two first visits at once: the other one gave it. Anything else is a defect
            # of the standard templates, which must not pass unnoticed.
            if not ModeleCourrier.objects.filter(structure=structure, code=code).exists():
                raise


def modele_standard(*, structure, canal: str) -> ModeleCourrier:
    """The ML's standard template for an appointment's letter, SMS or email."""
    modeles_par_defaut(structure=structure)
    modele = ModeleCourrier.objects.get(structure=structure, code=MODELE_DU_CANAL[canal])
    if not modele.actif:
        raise RegleMetierError(
            f"Le modèle « {modele.nom} » est désactivé : réactivez-le dans les modèles de "
            "message de la mission locale, ou écrivez le message."
        )
    return modele


@transaction.atomic
def modele_courrier_enregistrer(*, modele: ModeleCourrier, par, **champs) -> ModeleCourrier:
    """Create or change a template; its merge fields are checked (`clean`)."""
    if modele.pk is not None:
        modele = ModeleCourrier.objects.select_for_update(of=("self",)).get(pk=modele.pk)
        # The channel of a template is chosen once: the messages made from it keep it.
        champs.pop("canal", None)
    for champ, valeur in champs.items():
        setattr(modele, champ, valeur)
    homonymes = ModeleCourrier.objects.filter(structure=modele.structure, nom=modele.nom)
    if homonymes.exclude(pk=modele.pk).exists():
        raise ValidationError({"nom": "La mission locale a déjà un modèle de ce nom."})
    return enregistrer(modele, par=par)


# --- Sending ---------------------------------------------------------------------------


@transaction.atomic
def message_envoyer(
    *,
    jeune: Jeune,
    par,
    canal: str,
    modele: ModeleCourrier | None = None,
    rendez_vous: RendezVous | None = None,
    contenu: str | None = None,
    objet: str | None = None,
) -> Message:
    """Record a message to the young person and send it: an SMS or an email is queued
    (sent after the commit); a letter is recorded « imprimé », its PDF made by
    `courrier_pdf`. Refused, with the reason next to the field, on a closed channel."""
    if canal not in CanalMessage.values:
        raise RegleMetierError("Choisissez le canal : courrier, SMS ou courriel.", champ="canal")
    jeune = (
        Jeune.objects.select_for_update(of=("self",))
        .select_related("structure")
        .prefetch_related("adresses__commune")
        .get(pk=jeune.pk)
    )
    if rendez_vous is not None:
        rendez_vous = (
            RendezVous.objects.select_related("lieu", "conseiller")
            .filter(pk=rendez_vous.pk, jeune=jeune)
            .first()
        )
        if rendez_vous is None:
            raise RegleMetierError(
                "Ce rendez-vous n'est pas celui de ce jeune.", champ="rendez_vous"
            )
    raison = empechements(jeune, rendez_vous)[canal]
    if raison:
        raise RegleMetierError(raison, champ="canal")
    if modele is not None and (
        modele.structure_id != jeune.structure_id or modele.canal != canal or not modele.actif
    ):
        raise RegleMetierError(
            "Choisissez un modèle actif de la mission locale pour ce canal.", champ="modele"
        )
    contenu, objet = rediger(
        jeune=jeune,
        par=par,
        canal=canal,
        modele=modele,
        rendez_vous=rendez_vous,
        contenu=contenu,
        objet=objet,
    )
    destinataire = {
        CanalMessage.COURRIER: adresse_postale(jeune),
        CanalMessage.SMS: jeune.telephone_mobile,
        CanalMessage.COURRIEL: jeune.email,
    }[canal]
    imprime = canal == CanalMessage.COURRIER
    message = Message(
        jeune=jeune,
        canal=canal,
        destinataire=destinataire,
        objet=objet[:200],
        contenu=contenu,
        rendez_vous=rendez_vous,
        modele=modele,
        auteur=par,
        statut=StatutMessage.IMPRIME if imprime else StatutMessage.EN_ATTENTE,
        envoye_le=timezone.now() if imprime else None,
    )
    enregistrer(message, par=par)
    if not imprime:
        mettre_en_file(expedier_message, message.pk, par=par)
    return message


def rediger(
    *,
    jeune: Jeune,
    par,
    canal: str,
    modele: ModeleCourrier | None = None,
    rendez_vous: RendezVous | None = None,
    contenu: str | None = None,
    objet: str | None = None,
) -> tuple[str, str]:
    """The text and subject of a message. What the counsellor typed is kept as typed
    (what they read is what leaves); what is missing comes from the template, its
    fields merged. Also fills the writing form from a template."""
    contenu, objet = (contenu or "").strip(), (objet or "").strip()
    if modele is not None and not (contenu and objet):
        if rendez_vous is None and champs_utilises(modele.corps + modele.objet) & (
            CHAMPS_RENDEZ_VOUS
        ):
            raise RegleMetierError(
                f"Le modèle « {modele.nom} » cite le rendez-vous : choisissez le rendez-vous.",
                champ="rendez_vous",
            )
        valeurs = valeurs_de_fusion(jeune=jeune, rendez_vous=rendez_vous, auteur=par)
        contenu = contenu or fusionner(modele.corps, valeurs).strip()
        objet = objet or fusionner(modele.objet, valeurs).strip()
    if not contenu:
        raise RegleMetierError("Écrivez le message ou choisissez un modèle.", champ="contenu")
    if canal == CanalMessage.COURRIEL and not objet:
        raise RegleMetierError("Indiquez l'objet du courriel.", champ="objet")
    if canal == CanalMessage.SMS and len(contenu) > LONGUEUR_MAX_SMS:
        raise RegleMetierError(
            f"Un SMS compte {LONGUEUR_MAX_SMS} caractères au plus ({len(contenu)} ici) : "
            "raccourcissez-le.",
            champ="contenu",
        )
    return contenu, objet


class EnvoiImpossible(Exception):
    """The provider refused the message or could not be reached; the text says why."""


def message_expedier(*, message_id: int) -> str | None:
    """Send a queued SMS or email (the task's body). A message already handled, or being
    handled by another worker, is left alone: re-running the task never sends twice. The
    contact rules are checked again: an NPAI noted since the request stops the message."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("jeune__structure")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.statut != StatutMessage.EN_ATTENTE:
            return message.statut if message else None
        raison = empechements(message.jeune, message.rendez_vous)[message.canal]
        if raison:
            message.statut, message.detail_statut = StatutMessage.NON_ENVOYE, raison
        else:
            try:
                identifiant = _expedier(message)
            except EnvoiImpossible as exc:
                message.statut, message.detail_statut = StatutMessage.ECHEC, str(exc)[:500]
            except Exception:
                # A provider's backend is a plug-in: whatever it raises, the message is
                # marked and the page that queued it (tasks run in-process without Redis)
                # never fails.
                logger.exception("Envoi du message %s : erreur inattendue", message.pk)
                message.statut = StatutMessage.ECHEC
                message.detail_statut = "Erreur inattendue de l'envoi : voir les journaux."
            else:
                message.statut, message.envoye_le = StatutMessage.ENVOYE, timezone.now()
                message.identifiant_fournisseur = identifiant[:200]
                message.detail_statut = ""
        message.save(
            update_fields=["statut", "envoye_le", "detail_statut", "identifiant_fournisseur"]
        )
        return message.statut


def _expedier(message: Message) -> str:
    if message.canal == CanalMessage.SMS:
        return backend_sms().envoyer(
            numero=message.destinataire, texte=message.contenu, reference=f"imilo-{message.pk}"
        )
    if message.canal == CanalMessage.COURRIEL:
        return envoyer_courriel(message)
    raise EnvoiImpossible("Un courrier s'imprime : il ne part pas par un fournisseur.")


def envoyer_courriel(message: Message) -> str:
    """Through Django's mail backend (EMAIL_URL), sent in the ML's name from the platform's
    address; the answer goes to the ML."""
    structure = message.jeune.structure
    identifiant = make_msgid(idstring=f"imilo-{message.pk}", domain=DNS_NAME)
    courriel = EmailMessage(
        subject=message.objet,
        body=message.contenu,
        from_email=formataddr((structure.nom, parseaddr(settings.DEFAULT_FROM_EMAIL)[1])),
        to=[message.destinataire],
        reply_to=[structure.email] if structure.email else None,
        headers={"Message-ID": identifiant},
    )
    try:
        courriel.send()
    except OSError as exc:  # smtplib's errors are OSErrors
        raise EnvoiImpossible(f"Le serveur de courriel refuse l'envoi : {exc}") from exc
    return identifiant


# --- SMS backends ----------------------------------------------------------------------


class SmsConsole:
    """Default (make run, tests): the SMS is written to the log, nothing leaves."""

    def envoyer(self, *, numero: str, texte: str, reference: str) -> str:
        logger.info("SMS %s à %s : %s", reference, numero, texte)
        return ""


class SmsFichier:
    """One JSON file per SMS in SMS_DOSSIER: a test platform reads them there."""

    def envoyer(self, *, numero: str, texte: str, reference: str) -> str:
        dossier = Path(settings.SMS_DOSSIER)
        try:
            dossier.mkdir(parents=True, exist_ok=True)
            chemin = dossier / f"{timezone.now():%Y%m%dT%H%M%S}-{reference}.json"
            chemin.write_text(
                json.dumps(
                    {
                        "numero": numero,
                        "expediteur": settings.SMS_EXPEDITEUR,
                        "texte": texte,
                        "reference": reference,
                    },
                    ensure_ascii=False,
                    indent=2,
                ),
                encoding="utf-8",
            )
        except OSError as exc:
            raise EnvoiImpossible(f"Écriture du SMS impossible : {exc}") from exc
        return chemin.name


class SmsHttp:
    """An SMS provider's HTTP API (or an adapter in front of it), in production.

    POST SMS_API_URL with `Authorization: Bearer SMS_API_TOKEN` and the JSON
    {"destinataire": "+33612345678", "expediteur": SMS_EXPEDITEUR, "texte": "…",
    "reference": "imilo-42"}; `reference` is also sent as `Idempotency-Key`, so that a
    provider receiving it twice sends once. A 2xx answer {"id": "…"} is the provider's
    identifier of the message. Anything else, or no answer within SMS_API_TIMEOUT
    seconds, raises EnvoiImpossible with the reason.
    """

    def envoyer(self, *, numero: str, texte: str, reference: str) -> str:
        corps = json.dumps(
            {
                "destinataire": numero,
                "expediteur": settings.SMS_EXPEDITEUR,
                "texte": texte,
                "reference": reference,
            }
        ).encode()
        requete = urllib.request.Request(
            settings.SMS_API_URL,
            data=corps,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {settings.SMS_API_TOKEN}",
                "Idempotency-Key": reference,
            },
        )
        try:
            with urllib.request.urlopen(requete, timeout=settings.SMS_API_TIMEOUT) as reponse:
                resultat = json.load(reponse)
        except urllib.error.HTTPError as exc:
            raison = exc.read(300).decode("utf-8", "replace").strip()
            raise EnvoiImpossible(
                f"Le fournisseur de SMS refuse l'envoi (HTTP {exc.code})"
                + (f" : {raison}" if raison else ".")
            ) from exc
        except (OSError, ValueError) as exc:
            raise EnvoiImpossible(f"Le fournisseur de SMS ne répond pas : {exc}") from exc
        if not isinstance(resultat, dict):
            raise EnvoiImpossible("Réponse illisible du fournisseur de SMS.")
        return str(resultat.get("id", ""))


def backend_sms():
    return import_string(settings.SMS_BACKEND)()


# --- Letters ---------------------------------------------------------------------------


def courrier_pdf(message: Message, *, copie: bool = False) -> bytes:
    """The letter of a recorded message, from its copy (text and recipient as printed),
    on the ML's paper: the site of the appointment, else the ML's address."""
    rendez_vous = message.rendez_vous
    lieu = rendez_vous.lieu if rendez_vous is not None else None
    signataire = rendez_vous.conseiller if rendez_vous is not None else message.auteur
    return rendre_pdf(
        "pdf/courrier.html",
        {
            "message": message,
            "structure": message.jeune.structure,
            "lieu": lieu,
            "signataire": str(signataire),
            "date": timezone.localtime(message.envoye_le or message.created_at),
            "copie": copie,
        },
    )
