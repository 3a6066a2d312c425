"""Writes of the reference-table portal: an ML's local elements and its transfer requests.

Keyword-only, atomic, with the acting user (`par`). The ML changes its own local elements
only; national elements (shipped by `charger_referentiels`) and regional ones (the ARML's)
are read-only for it. The transfers themselves run at night (referentiels/transferts.py).
"""

import re

from django.db import transaction
from django.db.models import Max, ProtectedError, Q
from django.utils import timezone

from admin_ml.models import MissionLocale
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer, supprimer
from imilo.texte import cle_de_recherche
from referentiels.enums import Portee, StatutTransfert
from referentiels.models import ElementReference, TableReference, TransfertReference
from referentiels.utilisations import utilisations

LECTURE_SEULE = (
    "Les éléments nationaux et régionaux sont en lecture seule : la mission locale ne change "
    "que ses éléments propres."
)


def _verifier_local(element: ElementReference, structure) -> None:
    if not element.est_local_de(structure):
        raise RegleMetierError(LECTURE_SEULE)


def _code_libre(table: TableReference, structure, libelle: str) -> str:
    """A code derived from the label (`Forum de l'emploi` → `forum_de_l_emploi`), unique
    among the codes the ML sees in the table: rules read some codes (`pacea`…), a local
    element must never pass for a national one."""
    base = re.sub(r"[^a-z0-9]+", "_", cle_de_recherche(libelle).lower()).strip("_")[:45]
    base = base or "element"
    pris = set(
        ElementReference.objects.de_la_table(table.code)
        .filter(~Q(portee=Portee.LOCALE) | Q(structure=structure))
        .values_list("code", flat=True)
    )
    code, rang = base, 1
    while code in pris:
        rang += 1
        code = f"{base}_{rang}"
    return code


@transaction.atomic
def element_ajouter(*, structure, table: TableReference, libelle: str, par) -> ElementReference:
    """A local element of the ML, at the end of the list."""
    # One addition at a time per ML: the code chosen below stays free until the commit.
    MissionLocale.objects.select_for_update().filter(pk=structure.pk).exists()
    libelle = " ".join((libelle or "").split())
    if not libelle:
        raise RegleMetierError("Indiquez le libellé de l'élément.", champ="libelle")
    cle = cle_de_recherche(libelle)
    for existant in ElementReference.objects.de_la_table(table.code).visibles_pour(structure):
        if cle_de_recherche(existant.libelle) == cle:
            raise RegleMetierError(
                f"La table a déjà l'élément « {existant.libelle} » "
                f"({existant.get_portee_display()}) : utilisez-le"
                f"{'' if existant.actif else ' (il est désactivé)'}.",
                champ="libelle",
            )
    dernier = ElementReference.objects.de_la_table(table.code).aggregate(Max("ordre"))
    element = ElementReference(
        table=table,
        code=_code_libre(table, structure, libelle),
        libelle=libelle,
        portee=Portee.LOCALE,
        structure=structure,
        ordre=(dernier["ordre__max"] or 0) + 1,
    )
    enregistrer(element, par=par)
    return element


@transaction.atomic
def element_activer(*, structure, element: ElementReference, par) -> ElementReference:
    element = ElementReference.objects.select_for_update().get(pk=element.pk)
    _verifier_local(element, structure)
    if not element.actif:
        element.actif = True
        enregistrer(element, par=par)
    return element


@transaction.atomic
def element_desactiver(*, structure, element: ElementReference, par) -> ElementReference:
    """Deactivated, an element is no longer offered; the records holding it keep it."""
    element = ElementReference.objects.select_for_update().get(pk=element.pk)
    _verifier_local(element, structure)
    attendu = (
        TransfertReference.objects.de_la_structure(structure)
        .en_attente()
        .filter(destination=element)
        .first()
    )
    if attendu is not None:
        raise RegleMetierError(
            f"« {element} » est la destination d'un transfert planifié (depuis "
            f"« {attendu.source_libelle} ») : annulez ce transfert ou attendez qu'il soit fait."
        )
    if element.actif:
        element.actif = False
        enregistrer(element, par=par)
    return element


@transaction.atomic
def element_supprimer(*, structure, element: ElementReference, par) -> None:
    """Only an element nothing uses any more (seed 003: « non supprimé tant qu'utilisé »);
    the refusal says where it is used."""
    element = ElementReference.objects.select_for_update().get(pk=element.pk)
    _verifier_local(element, structure)
    utilise = utilisations(element)
    message = (
        f"« {element} » ne peut pas être supprimé : il est encore utilisé ({{}}). Transférez-le "
        "vers un autre élément (mode transfert) ou désactivez-le."
    )
    if utilise:
        raise RegleMetierError(message.format(", ".join(utilise)))
    try:
        supprimer(element, par=par)
    except ProtectedError as erreur:
        noms = sorted({objet._meta.verbose_name_plural for objet in erreur.protected_objects})
        raise RegleMetierError(message.format(", ".join(noms))) from erreur


# Tables whose codes the services read (a PACEA, the « Décès » exit, a CDD's end, a level):
# their rows change through those services only, never by the nightly transfer.
TABLES_A_REGLES = frozenset(
    {
        "type_dispositif",
        "motif_sortie",
        "type_phase",
        "piece_identite",
        "type_ressource",
        "type_contrat",
        "objectif_formation",
        "validation_formation",
        "aiguilleur_cep",
        "motif_sollicitation_cep",
    }
)


@transaction.atomic
def transfert_planifier(
    *, structure, source: ElementReference, destination: ElementReference, par
) -> TransfertReference:
    """Schedule source → destination within one table, for the ML's records; the 4 a.m.
    job runs it (seed 003, « mode transfert »)."""
    # Requests of one ML are planned one at a time: the checks below hold until the commit.
    MissionLocale.objects.select_for_update().filter(pk=structure.pk).exists()
    if source.table_id != destination.table_id:
        raise RegleMetierError(
            "La source et la destination sont deux éléments de la même table.",
            champ="destination",
        )
    if source.pk == destination.pk:
        raise RegleMetierError(
            "Choisissez une destination différente de la source.", champ="destination"
        )
    if source.table_id in TABLES_A_REGLES and not (source.portee == destination.portee == "locale"):
        raise RegleMetierError(
            f"Les éléments nationaux de « {source.table} » portent des règles (dispositifs, "
            "allocations, identité…) : un transfert de nuit les réécrirait sans ces règles. "
            "Seuls deux éléments propres à la mission locale se transfèrent ; corrigez les "
            "autres dossiers un par un.",
            champ="source",
        )
    if not source.disponible_pour(structure):
        raise RegleMetierError(
            "Cet élément n'est pas disponible pour la mission locale.", champ="source"
        )
    if not (destination.disponible_pour(structure) and destination.actif):
        raise RegleMetierError(
            "La destination est un élément actif disponible pour la mission locale.",
            champ="destination",
        )
    en_attente = TransfertReference.objects.de_la_structure(structure).en_attente()
    deja = en_attente.filter(source=source).first()
    if deja is not None:
        raise RegleMetierError(
            f"Un transfert de « {source} » vers « {deja.destination_libelle} » est déjà "
            "planifié : supprimez-le d'abord pour en changer la destination.",
            champ="source",
        )
    suivant = en_attente.filter(source=destination).first()
    if suivant is not None:
        raise RegleMetierError(
            f"« {destination} » sera lui-même transféré vers « {suivant.destination_libelle} » "
            "cette nuit : choisissez directement cet élément.",
            champ="destination",
        )
    transfert = TransfertReference(
        structure=structure,
        table_id=source.table_id,
        source=source,
        destination=destination,
        source_libelle=source.libelle,
        destination_libelle=destination.libelle,
        planifie_par=par,
    )
    enregistrer(transfert, par=par)
    return transfert


@transaction.atomic
def transfert_annuler(*, transfert: TransfertReference, par) -> TransfertReference:
    """A request is withdrawn before the job starts on it; the list keeps it, « annulé »."""
    transfert = TransfertReference.objects.select_for_update().get(pk=transfert.pk)
    if not transfert.peut_etre_annule:
        raise RegleMetierError(
            f"Ce transfert est {transfert.get_statut_display()} : il ne peut plus être supprimé."
        )
    transfert.statut = StatutTransfert.ANNULE
    transfert.annule_par = par
    transfert.annule_le = timezone.now()
    enregistrer(transfert, par=par)
    return transfert
