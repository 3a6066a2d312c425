"""The end-of-phase interview of a PACEA: noted as an event, then the phase is extended,
the next one opens, or the young person leaves the PACEA."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from dispositifs.enums import Decision, EtatObjectif
from dispositifs.models import Phase
from dispositifs.services.communs import element_requis
from dispositifs.services.entree_sortie import dispositif_sortir
from dispositifs.services.pacea import objectif_clore, phase_ajouter, phase_clore, phase_prolonger
from dossiers import services as dossiers_services
from dossiers.enums import TypeEvenement
from imilo.erreurs import RegleMetierError


@transaction.atomic
def bilan_de_phase(
    *,
    phase: Phase,
    par,
    le: date,
    decision: str,
    notes: str = "",
    objectifs_atteints=(),
    fin_prevue: date | None = None,
    type_suivante=None,
    objectifs_suivante=(),
    motif_sortie=None,
):
    """The end-of-phase interview: an event with contexte « Bilan de phase PACEA », then
    extend the phase, open the next one, or leave the PACEA."""
    # Locked: a double submission never writes two bilans.
    phase = (
        Phase.objects.select_for_update(of=("self",))
        .select_related("dispositif__jeune__structure")
        .get(pk=phase.pk)
    )
    dispositif = phase.dispositif
    if not phase.ouverte:
        raise RegleMetierError("Cette phase est déjà terminée.")
    if le < phase.debut:
        raise RegleMetierError("Le bilan ne précède pas le début de la phase.", champ="le")
    if le > timezone.localdate():
        raise RegleMetierError(
            "Le bilan se note le jour de l'entretien, pas à l'avance.", champ="le"
        )
    if decision not in Decision.values:
        raise RegleMetierError("Choisissez la décision du bilan.", champ="decision")
    jeune = dispositif.jeune
    contexte = element_requis("contexte", "bilan_phase_pacea", jeune.structure)
    instant = timezone.make_aware(timezone.datetime.combine(le, timezone.localtime().time()))
    evenement = dossiers_services.evenement_noter(
        jeune=jeune,
        par=par,
        type=TypeEvenement.ENTRETIEN,
        date=min(instant, timezone.now()),
        contexte=contexte,
        notes=notes or f"Bilan de la phase « {phase.type} » : {Decision(decision).label}.",
    )
    for objectif in phase.objectifs.filter(etat=EtatObjectif.EN_COURS):
        etat = EtatObjectif.ATTEINT if objectif.pk in objectifs_atteints else None
        if etat or decision != Decision.PROLONGER:
            objectif_clore(objectif=objectif, par=par, etat=etat or EtatObjectif.NON_ATTEINT, le=le)
    if decision == Decision.PROLONGER:
        if fin_prevue is None:
            raise RegleMetierError(
                "Indiquez la nouvelle fin prévue de la phase.", champ="fin_prevue"
            )
        phase_prolonger(phase=phase, par=par, fin_prevue=fin_prevue)
    elif decision == Decision.SUIVANTE:
        if type_suivante is None or fin_prevue is None:
            raise RegleMetierError(
                "Indiquez le type et la fin prévue de la nouvelle phase.", champ="type_suivante"
            )
        phase_clore(phase=phase, par=par, fin=le)
        phase_ajouter(
            dispositif=dispositif,
            par=par,
            type=type_suivante,
            debut=le,
            fin_prevue=fin_prevue,
            objectifs=objectifs_suivante,
        )
    else:
        if motif_sortie is None:
            raise RegleMetierError("Indiquez le motif de sortie du PACEA.", champ="motif_sortie")
        dispositif_sortir(dispositif=dispositif, par=par, fin_reelle=le, motif_sortie=motif_sortie)
    return evenement
