"""The timeline (frise chronologique) of a youth file.

Each app registers, in its AppConfig.ready(), a provider in dossiers.registres.FRISE:
`fournisseur(jeune) -> list[Fait]` reads its own dated facts in one query. The timeline
merges them, newest first, without knowing any of them (docs/architecture.md).
"""

from datetime import datetime

from django.utils import timezone

from dossiers.enums import CanalMessage, StatutMessage
from dossiers.models.messages import messages_du_dossier
from dossiers.registres import FRISE, Fait


def frise(jeune) -> list[Fait]:
    faits = [fait for fournisseur in FRISE for fait in fournisseur(jeune)]
    return sorted(faits, key=lambda fait: _instant(fait.date), reverse=True)


def _instant(valeur):
    if isinstance(valeur, datetime):
        return valeur if timezone.is_aware(valeur) else timezone.make_aware(valeur)
    return timezone.make_aware(datetime(valeur.year, valeur.month, valeur.day))


def faits_du_dossier(jeune) -> list[Fait]:
    """The youth file's own facts: opening, justifications, addresses, NIR certification
    (from the relations the file page prefetches)."""
    faits = [
        Fait(
            jeune.created_at,
            "Ouverture du dossier",
            "dossier",
            f"par {jeune.created_by}" if jeune.created_by_id else "",
        )
    ]
    faits += [
        Fait(j.date, "Identité justifiée", "identité", f"{j.piece} — par {j.par}")
        for j in jeune.justifications.all()
    ]
    faits += [
        Fait(
            adresse.created_at,
            "Nouvelle adresse",
            "coordonnées",
            str(adresse),
        )
        for adresse in jeune.adresses.all()
    ]
    faits += [
        Fait(
            rdv.debut,
            f"Rendez-vous {rdv.get_statut_display()}",
            "rendez-vous",
            f"{rdv.objet} — {rdv.conseiller}"
            + (f" — {rdv.motif_absence}" if rdv.motif_absence_id else ""),
            # Charte: missed appointments appear in red.
            alerte=rdv.manque,
        )
        for rdv in jeune.rendez_vous.all()
    ]
    faits += [
        Fait(
            ev.date,
            ev.get_type_display().capitalize(),
            "événement",
            " — ".join(filter(None, [str(ev.contexte or ""), f"par {ev.auteur}"])),
        )
        for ev in jeune.evenements.all()
    ]
    faits += [
        Fait(
            proposition.date,
            f"{proposition.get_nature_display().capitalize()} ({proposition.get_etat_display()})",
            "demande",
            str(proposition),
        )
        for proposition in jeune.propositions.all()
    ]
    for situation in jeune.situations.all():
        faits.append(
            Fait(situation.debut, f"Début : {situation}", "situation", situation.organisme)
        )
        if situation.fin_reelle:
            issue = [situation.get_resultat_display()] if situation.resultat else []
            if situation.motif_interruption_id:
                issue.append(f"interrompue : {situation.motif_interruption}")
            faits.append(
                Fait(situation.fin_reelle, f"Fin : {situation}", "situation", " — ".join(issue))
            )
    if jeune.nir_certifie_le:
        faits.append(
            Fait(jeune.nir_certifie_le, "NIR certifié", "identité", f"par {jeune.nir_certifie_par}")
        )
    return faits


def faits_des_messages(jeune) -> list[Fait]:
    faits = []
    for message in messages_du_dossier(jeune):
        if message.canal == CanalMessage.COURRIER:
            libelle = "Courrier imprimé"
        elif message.statut == StatutMessage.ENVOYE:
            libelle = f"{message.get_canal_display()} envoyé à {message.destinataire_court}"
        else:
            libelle = f"{message.get_canal_display()} ({message.get_statut_display()})"
        detail = message.objet or message.contenu[:80]
        if message.en_echec and message.detail_statut:
            detail = f"{detail} — {message.detail_statut}"
        faits.append(Fait(message.created_at, libelle, "message", detail, alerte=message.en_echec))
    return faits
