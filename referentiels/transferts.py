"""The 4 a.m. job: run the reference transfers the MLs planned during the day (seed 003:
« la nuit suivante à 4 h, le traitement remplace la source par la destination »).

Every request waiting (planned, or started and interrupted) is processed in planning order.
For each field pointing at its table, the requesting ML's rows holding the source — and only
those: a national element is shared by every ML, the boundary is the ML's rows — are taken
by primary key in batches of `TRANSFERT_TAILLE_LOT`. Each batch is one short transaction
that:
1. locks the request (two runs at once take turns, batch by batch);
2. locks the batch's rows, ordered by primary key;
3. writes the destination (one UPDATE) and the history rows (one INSERT … SELECT, nothing
   loaded into Python), with no user and the origin « transfert de références »;
4. adds the batch's count to the request.
A run killed anywhere leaves whole batches, each counted; the next run takes the request
up again ("en cours") and finds only the rows still holding the source: no double effect
and an exact count. A row that a uniqueness rule keeps on the source (a young person who
holds both elements) is left as it is and reported on the request.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from referentiels.enums import StatutTransfert
from referentiels.models import EN_ATTENTE, TransfertReference
from referentiels.utilisations import Utilisation, champs_de_la_structure, utilisations_par_element

logger = logging.getLogger(__name__)

ORIGINE = "transfert de références"


@dataclass
class Bilan:
    """What a run did to one request (or, in a dry run, would do): records per field."""

    transfert: TransfertReference
    par_champ: list[Utilisation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(utilisation.nombre for utilisation in self.par_champ)


# Called after each committed batch with (request, model, number of records changed).
RappelLot = Callable[[TransfertReference, type, int], None]


def transferts_executer(
    *, simulation: bool = False, apres_lot: RappelLot | None = None, taille_lot: int | None = None
) -> list[Bilan]:
    """Run every request waiting, oldest first. `simulation`: count, write nothing."""
    bilans = []
    for transfert_id in (
        TransfertReference.objects.en_attente().order_by("pk").values_list("pk", flat=True)
    ):
        bilan = transfert_executer(
            transfert_id=transfert_id,
            simulation=simulation,
            apres_lot=apres_lot,
            taille_lot=taille_lot,
        )
        if bilan is not None:
            bilans.append(bilan)
    return bilans


def transfert_executer(
    *,
    transfert_id: int,
    simulation: bool = False,
    apres_lot: RappelLot | None = None,
    taille_lot: int | None = None,
) -> Bilan | None:
    """Run one request to its end; None when it is no longer waiting (done, cancelled)."""
    if simulation:
        transfert = (
            TransfertReference.objects.en_attente()
            .select_related("structure", "table")
            .filter(pk=transfert_id)
            .first()
        )
        if transfert is None:
            return None
        a_modifier = utilisations_par_element(
            transfert.table_id, structure=transfert.structure, elements=[transfert.source_id]
        )
        return Bilan(transfert, a_modifier[transfert.source_id])
    transfert = _commencer(transfert_id)
    if transfert is None:
        return None
    taille = taille_lot or settings.TRANSFERT_TAILLE_LOT
    faits = []
    for modele, champ in champs_de_la_structure(transfert.table_id):
        nombre = _transferer_champ(transfert, modele, champ, taille, apres_lot)
        if nombre:
            faits.append(Utilisation(modele, champ, nombre))
    return Bilan(_terminer(transfert), faits)


def _commencer(transfert_id: int) -> TransfertReference | None:
    with transaction.atomic():
        transfert = (
            TransfertReference.objects.select_for_update(of=("self",))
            .select_related("structure", "table")
            .filter(pk=transfert_id, statut__in=EN_ATTENTE)
            .first()
        )
        if transfert is None:
            return None
        if transfert.statut == StatutTransfert.PLANIFIE:
            transfert.statut = StatutTransfert.EN_COURS
            transfert.demarre_le = timezone.now()
            transfert.save(update_fields=["statut", "demarre_le"])
        else:
            logger.info("Reprise du transfert n° %s interrompu", transfert.pk)
    return transfert


def _transferer_champ(transfert, modele, champ, taille: int, apres_lot) -> int:
    lignes = modele._default_manager.de_la_structure(transfert.structure).filter(
        **{champ.attname: transfert.source_id}
    )
    motif = (
        f"transfert n° {transfert.pk} : « {transfert.source_libelle} » → "
        f"« {transfert.destination_libelle} »"
    )
    dernier = None
    total = 0
    while True:
        with transaction.atomic():
            # Taken first by every batch: concurrent runs of the job queue up here, and the
            # rows read next are those no other run has changed.
            list(
                TransfertReference.objects.select_for_update()
                .filter(pk=transfert.pk)
                .values_list("pk", flat=True)
            )
            lot = lignes if dernier is None else lignes.filter(pk__gt=dernier)
            cles = list(
                lot.order_by("pk")
                .select_for_update(of=("self",))
                .values_list("pk", flat=True)[:taille]
            )
            if not cles:
                return total
            dernier = cles[-1]
            changees = _ecrire_lot(modele, champ, cles, transfert.destination_id)
            _historiser(modele, changees, motif)
            if changees:
                TransfertReference.objects.filter(pk=transfert.pk).update(
                    nombre_modifies=F("nombre_modifies") + len(changees)
                )
        total += len(changees)
        if apres_lot is not None:
            apres_lot(transfert, modele, len(changees))


def _ecrire_lot(modele, champ, cles: list, destination_id: int) -> list:
    """The keys of the batch's rows now holding the destination. One UPDATE; if a database
    rule refuses it (uniqueness: the young person already holds the destination), row by
    row, and the refused rows keep the source."""
    gestionnaire = modele._base_manager
    try:
        with transaction.atomic():
            gestionnaire.filter(pk__in=cles).update(**{champ.attname: destination_id})
    except IntegrityError:
        changees = []
        for cle in cles:
            try:
                with transaction.atomic():
                    gestionnaire.filter(pk=cle).update(**{champ.attname: destination_id})
            except IntegrityError:
                logger.info("%s n° %s garde la source (règle d'unicité)", modele.__name__, cle)
                continue
            changees.append(cle)
        return changees
    return cles


def _historiser(modele, cles: list, motif: str) -> None:
    """One history row per record changed — a copy of the row as it now is — with no user
    (the job is the system), the origin « transfert de références » and the request in the
    reason. Copied by the database (INSERT … SELECT): nothing is loaded into Python."""
    if not cles or not hasattr(modele, "history"):
        return
    historique = modele.history.model
    meta = historique._meta
    copiees = [
        (meta.get_field(champ.name).column, champ.column) for champ in historique.tracked_fields
    ]
    valeurs = {
        meta.get_field("history_date").column: timezone.now(),
        meta.get_field("history_change_reason").column: motif[
            : meta.get_field("history_change_reason").max_length or None
        ],
        meta.get_field("history_type").column: "~",
        meta.get_field("history_user").column: None,
        meta.get_field("history_origine").column: ORIGINE,
    }
    nom = connection.ops.quote_name
    cibles = [cible for cible, _ in copiees] + list(valeurs)
    sql = (
        f"INSERT INTO {nom(meta.db_table)} ({', '.join(nom(c) for c in cibles)}) "
        f"SELECT {', '.join(nom(source) for _, source in copiees)}"
        f"{', %s' * len(valeurs)} "
        f"FROM {nom(modele._meta.db_table)} "
        f"WHERE {nom(modele._meta.pk.column)} IN ({', '.join(['%s'] * len(cles))})"
    )
    with connection.cursor() as curseur:
        curseur.execute(sql, [*valeurs.values(), *cles])


def _terminer(transfert: TransfertReference) -> TransfertReference:
    restants = utilisations_par_element(
        transfert.table_id, structure=transfert.structure, elements=[transfert.source_id]
    )[transfert.source_id]
    with transaction.atomic():
        transfert = (
            TransfertReference.objects.select_for_update(of=("self",))
            .select_related("structure", "table")
            .get(pk=transfert.pk)
        )
        if transfert.statut != StatutTransfert.EN_COURS:
            return transfert
        transfert.statut = StatutTransfert.TERMINE
        transfert.termine_le = timezone.now()
        transfert.nombre_restants = sum(utilisation.nombre for utilisation in restants)
        transfert.detail_restants = " ; ".join(str(u) for u in restants)[:500]
        transfert.save()
    logger.info(
        "Transfert n° %s terminé : %s enregistrements modifiés",
        transfert.pk,
        transfert.nombre_modifies,
    )
    return transfert
