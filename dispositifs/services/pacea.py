"""The PACEA's plan d'action: phases, their objectives, closing them (the end-of-phase
interview is in `bilan.py`)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from dispositifs.enums import EtatObjectif
from dispositifs.models import Dispositif, Objectif, Phase
from dispositifs.regles import FIN_GARANTIE_JEUNES, GARANTIE_JEUNES
from dispositifs.services.communs import date_fr
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer


def _numero_cerfa_gj(dispositif: Dispositif, debut: date) -> int:
    """0 for a GJ starting the day of the PACEA, 1 for one started after the entry, 2 for
    the renewal of such a GJ."""
    if debut == dispositif.entree_le:
        return 0
    precedente = (
        dispositif.phases.filter(type__code=GARANTIE_JEUNES, debut__lt=debut)
        .order_by("-debut")
        .first()
    )
    return 2 if precedente is not None and precedente.numero_cerfa in (1, 2) else 1


@transaction.atomic
def phase_ajouter(
    *, dispositif: Dispositif, par, type, debut: date, fin_prevue: date, objectifs=()
) -> Phase:
    dispositif = Dispositif.objects.select_for_update().get(pk=dispositif.pk)
    if not dispositif.est_pacea:
        raise RegleMetierError("Seul un PACEA a un plan d'action en phases.")
    if not dispositif.ouvert:
        raise RegleMetierError("Ce PACEA est clos.")
    if debut < dispositif.entree_le:
        raise RegleMetierError(
            "Une phase commence au plus tôt à l'entrée en PACEA "
            f"({date_fr(dispositif.entree_le)}).",
            champ="debut",
        )
    ouverte = dispositif.phases.ouvertes().first()
    if ouverte is not None:
        raise RegleMetierError(
            f"La phase « {ouverte.type} » est en cours : faites son bilan avant d'en ouvrir une "
            "autre.",
            champ="type",
        )
    derniere = dispositif.phases.order_by("-fin_reelle").first()
    if derniere is not None and debut < derniere.fin_reelle:
        raise RegleMetierError(
            f"La phase précédente s'est terminée le {date_fr(derniere.fin_reelle)}.",
            champ="debut",
        )
    if fin_prevue > dispositif.fin_prevue:
        raise RegleMetierError(
            "Une phase finit au plus tard à la fin prévue du PACEA "
            f"({date_fr(dispositif.fin_prevue)}) : prolongez d'abord le PACEA.",
            champ="fin_prevue",
        )
    phase = Phase(dispositif=dispositif, type=type, debut=debut, fin_prevue=fin_prevue)
    if type.code == GARANTIE_JEUNES:
        if debut >= FIN_GARANTIE_JEUNES:
            raise RegleMetierError(
                "La Garantie jeunes était une phase du PACEA jusqu'en février 2022.",
                champ="type",
            )
        phase.numero_cerfa = _numero_cerfa_gj(dispositif, debut)
    enregistrer(phase, par=par)
    for libelle in objectifs:
        if libelle.strip():
            enregistrer(Objectif(phase=phase, libelle=libelle.strip()), par=par)
    return phase


@transaction.atomic
def phase_prolonger(*, phase: Phase, par, fin_prevue: date) -> Phase:
    phase = Phase.objects.select_for_update().select_related("dispositif").get(pk=phase.pk)
    if not phase.ouverte:
        raise RegleMetierError("Cette phase est terminée.")
    if fin_prevue <= phase.fin_prevue:
        raise RegleMetierError(
            "Une prolongation repousse la fin prévue (aujourd'hui le "
            f"{date_fr(phase.fin_prevue)}).",
            champ="fin_prevue",
        )
    if fin_prevue > phase.dispositif.fin_prevue:
        raise RegleMetierError(
            "Une phase finit au plus tard à la fin prévue du PACEA "
            f"({date_fr(phase.dispositif.fin_prevue)}) : prolongez d'abord le PACEA.",
            champ="fin_prevue",
        )
    phase.fin_prevue = fin_prevue
    return enregistrer(phase, par=par)


def phase_clore(*, phase: Phase, par, fin: date) -> None:
    """End a phase (a bilan moving on, the PACEA's exit): its objectives still running are
    closed « non atteint ». Inside the caller's transaction."""
    phase.fin_reelle = fin
    enregistrer(phase, par=par)
    for objectif in phase.objectifs.filter(etat=EtatObjectif.EN_COURS):
        objectif.etat = EtatObjectif.NON_ATTEINT
        objectif.clos_le = fin
        enregistrer(objectif, par=par)


@transaction.atomic
def objectif_clore(*, objectif: Objectif, par, etat: str, le: date | None = None) -> Objectif:
    if etat not in (EtatObjectif.ATTEINT, EtatObjectif.NON_ATTEINT):
        raise RegleMetierError("Un objectif se clôt atteint ou non atteint.", champ="etat")
    objectif.etat = etat
    objectif.clos_le = le or timezone.localdate()
    return enregistrer(objectif, par=par)
