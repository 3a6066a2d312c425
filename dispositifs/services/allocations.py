"""Monthly allocation requests of a PACEA or a CEJ: asked for, submitted, validated or
rejected, transmitted to the ASP. Who may do what in which state is
`DemandeAllocation.TRANSITIONS`; each service checks it again on the locked row."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dispositifs.enums import ActionAllocation
from dispositifs.models import DemandeAllocation, Dispositif
from dispositifs.regles import PLAFOND_RESSOURCES_PACEA, ajouter_mois
from dossiers.models import Jeune, Ressource
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer


def premier_du_mois(jour: date) -> date:
    return jour.replace(day=1)


def mois_precedent(mois: date) -> date:
    return premier_du_mois(mois - timedelta(days=1))


def ressources_du_mois(jeune: Jeune, mois: date) -> tuple[Decimal, list[Ressource]]:
    """The young person's monthly resources that ran at some time during `mois`."""
    fin_du_mois = ajouter_mois(mois, 1) - timedelta(days=1)
    lignes = list(
        Ressource.objects.filter(jeune=jeune, debut__lte=fin_du_mois)
        .filter(Q(fin__isnull=True) | Q(fin__gte=mois))
        .select_related("type")
    )
    return sum((r.montant for r in lignes), Decimal(0)), lignes


def _libelle_mois(mois: date) -> str:
    noms = [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]  # fmt: skip
    return f"{noms[mois.month - 1]} {mois.year}"


def pieces_manquantes(jeune: Jeune) -> list[str]:
    """What an allocation file (PACEA or CEJ) needs before it can go to validation."""
    manques = []
    if not jeune.iban:
        manques.append("les coordonnées bancaires (IBAN)")
    if not jeune.nir and not jeune.pas_de_nir:
        manques.append("le NIR")
    if not jeune.justifications.exists():
        manques.append("la justification de l'identité")
    return manques


def _motif_incomplet(manques: list[str]) -> str:
    return ("Dossier incomplet : " + ", ".join(manques) + ".") if manques else ""


@transaction.atomic
def allocation_demander(*, dispositif: Dispositif, par, mois: date, montant) -> DemandeAllocation:
    dispositif = (
        Dispositif.objects.select_for_update().select_related("jeune").get(pk=dispositif.pk)
    )
    mois = premier_du_mois(mois)
    aujourdhui = timezone.localdate()
    if not dispositif.ouvre_droit_a_allocation:
        raise RegleMetierError("Seuls un PACEA et un CEJ ouvrent droit à une allocation.")
    if mois < premier_du_mois(dispositif.entree_le) or (
        dispositif.fin_reelle and mois > dispositif.fin_reelle
    ):
        raise RegleMetierError(
            "Le mois demandé est hors de la période du dispositif.", champ="mois"
        )
    if dispositif.est_cej and mois != premier_du_mois(aujourdhui):
        raise RegleMetierError(
            "Une demande d'allocation CEJ se fait pour le mois en cours "
            f"({_libelle_mois(premier_du_mois(aujourdhui))}), jamais pour un mois écoulé ou à "
            "venir.",
            champ="mois",
        )
    if mois > premier_du_mois(aujourdhui):
        raise RegleMetierError("Le mois demandé n'est pas encore commencé.", champ="mois")
    if dispositif.est_pacea:
        precedent = mois_precedent(mois)
        total, lignes = ressources_du_mois(dispositif.jeune, precedent)
        if not lignes:
            raise RegleMetierError(
                f"Renseignez les ressources de {_libelle_mois(precedent)} (« Aucun », 0 €, s'il "
                "n'en avait pas) : l'allocation en dépend.",
                champ="mois",
            )
        if total >= PLAFOND_RESSOURCES_PACEA:
            detail = ", ".join(f"{r.type} {r.montant} €" for r in lignes)
            raise RegleMetierError(
                f"Ressources de {_libelle_mois(precedent)} : {total} € ({detail}). "
                f"L'allocation de {_libelle_mois(mois)} n'est due que sous "
                f"{PLAFOND_RESSOURCES_PACEA} € de ressources le mois précédent.",
                champ="mois",
            )
    demande = DemandeAllocation(dispositif=dispositif, mois=mois, montant=montant, demandee_par=par)
    demande.motif = _motif_incomplet(pieces_manquantes(dispositif.jeune))
    return enregistrer(demande, par=par)


def _verrouiller(demande: DemandeAllocation, action: str, par) -> DemandeAllocation:
    """The request, locked, once `par` may do `action` on it (`DemandeAllocation.refus`)."""
    demande = DemandeAllocation.objects.select_for_update().get(pk=demande.pk)
    refus = demande.refus(action, par)
    if refus:
        raise RegleMetierError(refus)
    return demande


def allocation_soumettre(*, demande: DemandeAllocation, par) -> DemandeAllocation:
    """To validation; an incomplete file stays « enregistrée » with what it lacks (kept on
    the request, then refused with the same words)."""
    with transaction.atomic():
        demande = _verrouiller(demande, ActionAllocation.SOUMETTRE, par)
        manques = pieces_manquantes(demande.dispositif.jeune)
        demande.motif = _motif_incomplet(manques)
        if not manques:
            demande.etat = DemandeAllocation.TRANSITIONS[ActionAllocation.SOUMETTRE].vers
        enregistrer(demande, par=par)
    if manques:
        raise RegleMetierError(f"La demande reste enregistrée : il manque {', '.join(manques)}.")
    return demande


def _decider(demande: DemandeAllocation, par, action: str, motif: str = "") -> DemandeAllocation:
    demande = _verrouiller(demande, action, par)
    demande.etat = DemandeAllocation.TRANSITIONS[action].vers
    demande.motif = motif
    demande.decidee_par = par
    demande.decidee_le = timezone.now()
    return enregistrer(demande, par=par)


@transaction.atomic
def allocation_valider(*, demande: DemandeAllocation, par) -> DemandeAllocation:
    return _decider(demande, par, ActionAllocation.VALIDER)


@transaction.atomic
def allocation_rejeter(*, demande: DemandeAllocation, par, motif: str) -> DemandeAllocation:
    if not motif.strip():
        raise RegleMetierError("Indiquez le motif du rejet.", champ="motif")
    return _decider(demande, par, ActionAllocation.REJETER, motif.strip())


@transaction.atomic
def allocation_transmettre(*, demande: DemandeAllocation, par) -> DemandeAllocation:
    demande = _verrouiller(demande, ActionAllocation.TRANSMETTRE, par)
    demande.etat = DemandeAllocation.TRANSITIONS[ActionAllocation.TRANSMETTRE].vers
    demande.transmise_le = timezone.now()
    return enregistrer(demande, par=par)
