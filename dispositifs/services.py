"""Entering, extending and leaving dispositifs; the PACEA plan; allocation requests; the
CEP rule. Keyword-only, atomic, with the acting user (`par`); refusals are French."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dispositifs.models import (
    ActionAutomatique,
    DemandeAllocation,
    Dispositif,
    DureeDispositif,
    EtatAllocation,
    EtatObjectif,
    Objectif,
    Phase,
)
from dispositifs.regles import (
    AGE_LIMITE_PACEA,
    CEJ,
    CEP,
    DIAGNOSTIC,
    FIN_GARANTIE_JEUNES,
    PACEA,
    PLAFOND_RESSOURCES_PACEA,
    age_le,
    ajouter_mois,
    regles,
)
from dossiers import services as dossiers_services
from dossiers.models import Jeune, Ressource
from imilo.erreurs import RegleMetierError
from referentiels.models import ElementReference


def _sauver(objet, par):
    objet.full_clean()
    objet._history_user = par
    objet.save()
    return objet


def _date(jour: date) -> str:
    return f"{jour:%d/%m/%Y}"


def _element(table: str, code: str, structure) -> ElementReference:
    element = (
        ElementReference.objects.de_la_table(table)
        .disponibles_pour(structure)
        .filter(code=code)
        .first()
    )
    if element is None:
        raise RegleMetierError(
            f"La valeur « {code} » manque dans la table « {table} » : chargez les référentiels."
        )
    return element


@transaction.atomic
def durees_enregistrer(*, structure, par, durees: dict) -> int:
    """The ML's default lengths, by type of dispositif; returns how many changed."""
    changees = 0
    for type_dispositif, duree_mois in durees.items():
        regle = regles(type_dispositif.code)
        if regle.duree_max_mois and duree_mois > regle.duree_max_mois:
            raise RegleMetierError(
                f"{type_dispositif} dure au plus {regle.duree_max_mois} mois.",
                champ=f"type_{type_dispositif.pk}",
            )
        propre = DureeDispositif.objects.filter(structure=structure, type=type_dispositif).first()
        if propre is None and duree_mois == regle.duree_mois:
            continue
        propre = propre or DureeDispositif(structure=structure, type=type_dispositif)
        if propre.duree_mois != duree_mois:
            propre.duree_mois = duree_mois
            _sauver(propre, par)
            changees += 1
    return changees


def duree_par_defaut(structure, type_dispositif) -> int:
    propre = DureeDispositif.objects.filter(structure=structure, type=type_dispositif).first()
    return propre.duree_mois if propre else regles(type_dispositif.code).duree_mois


def _verifier_acteurs(jeune: Jeune, prescripteur, referent) -> None:
    """The lists of prescripteurs and référents follow the users' functions."""
    erreurs = {}
    if not prescripteur.peut_etre_prescripteur(jeune.structure_id):
        erreurs["prescripteur"] = (
            "Le prescripteur est un utilisateur actif de la mission locale ayant la fonction "
            "« prescripteur »."
        )
    if not referent.peut_etre_referent(jeune.structure_id):
        erreurs["referent"] = (
            "Le référent est un utilisateur actif de la mission locale ayant la fonction "
            "« conseiller référent »."
        )
    if erreurs:
        raise ValidationError(erreurs)


def _verifier_age(jeune: Jeune, code: str, entree_le: date) -> None:
    regle = regles(code)
    age = age_le(jeune.date_naissance, entree_le)
    age_max = regle.age_max_rqth if (regle.age_max_rqth and jeune.rqth) else regle.age_max
    if not 16 <= age <= age_max:
        raise RegleMetierError(
            f"Le jeune a {age} ans le {_date(entree_le)} : ce dispositif est ouvert de 16 à "
            f"{age_max} ans révolus"
            + (" (29 ans avec une RQTH)." if regle.age_max_rqth and not jeune.rqth else "."),
            champ="entree_le",
        )


def _verifier_duree(code: str, entree_le: date, fin: date, champ: str) -> None:
    duree_max = regles(code).duree_max_mois
    if duree_max and fin > ajouter_mois(entree_le, duree_max):
        raise RegleMetierError(
            f"Ce dispositif dure au plus {duree_max} mois : au plus tard le "
            f"{_date(ajouter_mois(entree_le, duree_max))}.",
            champ=champ,
        )


def releve(jeune: Jeune) -> dict:
    """Situation, housing, mobility and coverage now, as labels (PACEA entry and exit)."""
    situations = [str(s) for s in jeune.situations.en_cours().order_by("-debut")]
    locomotions = [str(m) for m in jeune.locomotions.select_related("moyen")]
    permis = [str(p) for p in jeune.permis.select_related("permis")]
    return {
        "situation": ", ".join(situations) or "aucune situation en cours",
        "hebergement": str(jeune.hebergement or "non renseigné"),
        "mobilite": ", ".join(filter(None, [str(jeune.mobilite or ""), *locomotions, *permis]))
        or "non renseignée",
        "couverture": " + ".join(
            str(c) for c in (jeune.couverture_principale, jeune.couverture_complementaire) if c
        )
        or "non renseignée",
    }


@dataclass
class Resultat:
    """What a service did, and what the counsellor should know (shown, never blocking)."""

    objet: object
    avertissements: list[str] = field(default_factory=list)


@transaction.atomic
def dispositif_entrer(
    *,
    jeune: Jeune,
    par,
    type,
    entree_le: date,
    prescripteur,
    referent,
    fin_prevue: date | None = None,
    initialise_le: date | None = None,
) -> Resultat:
    """Enter a dispositif after its type's rules; returns the warnings to show."""
    jeune = Jeune.objects.select_for_update().get(pk=jeune.pk)
    aujourdhui = timezone.localdate()
    code = type.code
    avertissements = []
    if entree_le > aujourdhui:
        raise RegleMetierError(
            "L'entrée se note le jour où elle a lieu, pas à l'avance.", champ="entree_le"
        )
    if code == CEP:
        raise RegleMetierError(
            "Le CEP s'ouvre seul quand une offre de service de niveau CEP est mobilisée.",
            champ="type",
        )
    _verifier_acteurs(jeune, prescripteur, referent)
    _verifier_age(jeune, code, entree_le)
    if jeune.dispositifs.ouverts().filter(type=type).exists():
        raise RegleMetierError(f"Le jeune est déjà en {type}.", champ="type")
    diagnostic = None
    if code == PACEA:
        diagnostic = _diagnostic_pour_pacea(jeune, entree_le)
        cej = (
            jeune.dispositifs.du_type(CEJ)
            .filter(entree_le__lte=entree_le)
            .filter(Q(fin_reelle__isnull=True) | Q(fin_reelle__gte=entree_le))
            .first()
        )
        if cej is not None:
            raise RegleMetierError(
                f"Le jeune est en CEJ depuis le {_date(cej.entree_le)} à cette date : pas de "
                "PACEA en même temps.",
                champ="entree_le",
            )
    if code == CEJ:
        avertissements += _verifier_sortie_pacea_avant_cej(jeune, entree_le)
    fin_prevue = fin_prevue or ajouter_mois(entree_le, duree_par_defaut(jeune.structure, type))
    _verifier_duree(code, entree_le, fin_prevue, "fin_prevue")
    dispositif = Dispositif(
        jeune=jeune,
        type=type,
        entree_le=entree_le,
        initialise_le=initialise_le or aujourdhui,
        prescripteur=prescripteur,
        referent=referent,
        fin_prevue=fin_prevue,
        diagnostic=diagnostic,
        created_by=par,
    )
    if code == PACEA:
        dispositif.numero_cerfa = 0
        dispositif.releve_entree = releve(jeune)
    _sauver(dispositif, par)
    return Resultat(dispositif, avertissements)


def _diagnostic_pour_pacea(jeune: Jeune, entree_le: date) -> Dispositif:
    """A PACEA follows a diagnostic closed with motif « PACEA », from the next day and
    within one month."""
    diagnostic = (
        jeune.dispositifs.du_type(DIAGNOSTIC)
        .filter(fin_reelle__isnull=False, motif_sortie__code=PACEA, pacea_suivant__isnull=True)
        .order_by("-fin_reelle")
        .first()
    )
    if diagnostic is None:
        raise RegleMetierError(
            "L'entrée en PACEA suit un diagnostic approfondi clôturé avec le motif « PACEA ».",
            champ="type",
        )
    premier, dernier = (
        diagnostic.fin_reelle + timedelta(days=1),
        ajouter_mois(diagnostic.fin_reelle, 1),
    )
    if not premier <= entree_le <= dernier:
        raise RegleMetierError(
            f"Le diagnostic s'est terminé le {_date(diagnostic.fin_reelle)} : l'entrée en PACEA "
            f"se fait du {_date(premier)} au {_date(dernier)}.",
            champ="entree_le",
        )
    return diagnostic


def _verifier_sortie_pacea_avant_cej(jeune: Jeune, entree_le: date) -> list[str]:
    """A PACEA exit is dated at the latest the day before the CEJ entry; the same day is
    accepted with a warning (the ASP rejects it)."""
    if jeune.dispositifs.ouverts().du_type(PACEA).exists():
        raise RegleMetierError(
            "Le jeune est en PACEA : sortez-le du PACEA (au plus tard la veille de l'entrée "
            "en CEJ) avant de l'entrer en CEJ.",
            champ="type",
        )
    derniere = jeune.dispositifs.du_type(PACEA).order_by("-fin_reelle").first()
    if derniere is None:
        return []
    if derniere.fin_reelle > entree_le:
        raise RegleMetierError(
            f"Le PACEA s'est terminé le {_date(derniere.fin_reelle)}, après cette entrée en "
            "CEJ : les deux ne se chevauchent pas.",
            champ="entree_le",
        )
    if derniere.fin_reelle == entree_le:
        return [
            "La sortie du PACEA est datée du jour de l'entrée en CEJ : l'ASP risque de rejeter "
            "le dossier. La sortie doit être au plus tard la veille."
        ]
    return []


@transaction.atomic
def dispositif_prolonger(*, dispositif: Dispositif, par, fin_prevue: date) -> Dispositif:
    dispositif = Dispositif.objects.select_for_update().get(pk=dispositif.pk)
    if not dispositif.ouvert:
        raise RegleMetierError("Ce dispositif est clos.")
    if fin_prevue < dispositif.fin_prevue:
        raise RegleMetierError(
            "Une prolongation repousse la fin prévue (pour finir plus tôt, notez la sortie).",
            champ="fin_prevue",
        )
    _verifier_duree(dispositif.code, dispositif.entree_le, fin_prevue, "fin_prevue")
    dispositif.fin_prevue = fin_prevue
    return _sauver(dispositif, par)


@transaction.atomic
def dispositif_sortir(*, dispositif: Dispositif, par, fin_reelle: date, motif_sortie) -> Dispositif:
    dispositif = (
        Dispositif.objects.select_for_update().select_related("jeune").get(pk=dispositif.pk)
    )
    if not dispositif.ouvert:
        raise RegleMetierError("Ce dispositif est déjà clos.")
    if fin_reelle > timezone.localdate():
        raise RegleMetierError(
            "La sortie se note le jour où elle a lieu, pas à l'avance.", champ="fin_reelle"
        )
    code = dispositif.code
    if motif_sortie.code not in regles(code).motifs:
        raise RegleMetierError(
            f"« {motif_sortie} » n'est pas un motif de sortie de ce dispositif.",
            champ="motif_sortie",
        )
    _verifier_duree(code, dispositif.entree_le, fin_reelle, "fin_reelle")
    if code == PACEA:
        _verifier_motif_pacea(dispositif, fin_reelle, motif_sortie.code)
        for phase in dispositif.phases.filter(fin_reelle__isnull=True):
            _clore_phase(phase, par, max(fin_reelle, phase.debut))
        dispositif.releve_sortie = releve(dispositif.jeune)
    dispositif.fin_reelle = fin_reelle
    dispositif.motif_sortie = motif_sortie
    return _sauver(dispositif, par)


def _verifier_motif_pacea(dispositif: Dispositif, fin_reelle: date, motif: str) -> None:
    if motif == "duree_maximale" and fin_reelle < ajouter_mois(dispositif.entree_le, 24):
        raise RegleMetierError(
            "« Fin de la durée maximale » : le PACEA atteint 24 mois le "
            f"{_date(ajouter_mois(dispositif.entree_le, 24))}.",
            champ="motif_sortie",
        )
    if motif == "limite_age":
        age = age_le(dispositif.jeune.date_naissance, fin_reelle)
        if age < AGE_LIMITE_PACEA:
            raise RegleMetierError(
                f"« Limite d'âge » : le jeune a {age} ans le {_date(fin_reelle)}.",
                champ="motif_sortie",
            )


@transaction.atomic
def dispositif_supprimer(*, dispositif: Dispositif, par) -> None:
    """A dispositif entered by mistake; never once an allocation request was transmitted."""
    dispositif = Dispositif.objects.select_for_update().get(pk=dispositif.pk)
    if dispositif.allocations.filter(etat=EtatAllocation.TRANSMISE).exists():
        raise RegleMetierError(
            "Une demande d'allocation de ce dispositif a été transmise à l'ASP : il ne peut "
            "plus être supprimé (notez sa sortie)."
        )
    if hasattr(dispositif, "pacea_suivant"):
        raise RegleMetierError("Un PACEA suit ce diagnostic : supprimez d'abord le PACEA.")
    for allocation in dispositif.allocations.all():
        allocation._history_user = par
        allocation.delete()
    dispositif._history_user = par
    dispositif.delete()


# --- PACEA: the plan d'action -----------------------------------------------------------


def _numero_cerfa_gj(dispositif: Dispositif, debut: date) -> int:
    """0 for a GJ starting the day of the PACEA, 1 for one started after the entry, 2 for
    the renewal of such a GJ."""
    if debut == dispositif.entree_le:
        return 0
    precedente = (
        dispositif.phases.filter(type__code="garantie_jeunes", debut__lt=debut)
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
            f"Une phase commence au plus tôt à l'entrée en PACEA ({_date(dispositif.entree_le)}).",
            champ="debut",
        )
    ouverte = dispositif.phases.filter(fin_reelle__isnull=True).first()
    if ouverte is not None:
        raise RegleMetierError(
            f"La phase « {ouverte.type} » est en cours : faites son bilan avant d'en ouvrir une "
            "autre.",
            champ="type",
        )
    derniere = dispositif.phases.order_by("-fin_reelle").first()
    if derniere is not None and debut < derniere.fin_reelle:
        raise RegleMetierError(
            f"La phase précédente s'est terminée le {_date(derniere.fin_reelle)}.", champ="debut"
        )
    if fin_prevue > dispositif.fin_prevue:
        raise RegleMetierError(
            "Une phase finit au plus tard à la fin prévue du PACEA "
            f"({_date(dispositif.fin_prevue)}) : prolongez d'abord le PACEA.",
            champ="fin_prevue",
        )
    phase = Phase(dispositif=dispositif, type=type, debut=debut, fin_prevue=fin_prevue)
    if type.code == "garantie_jeunes":
        if debut >= FIN_GARANTIE_JEUNES:
            raise RegleMetierError(
                "La Garantie jeunes était une phase du PACEA jusqu'en février 2022.",
                champ="type",
            )
        phase.numero_cerfa = _numero_cerfa_gj(dispositif, debut)
    _sauver(phase, par)
    for libelle in objectifs:
        if libelle.strip():
            _sauver(Objectif(phase=phase, libelle=libelle.strip()), par)
    return phase


@transaction.atomic
def phase_prolonger(*, phase: Phase, par, fin_prevue: date) -> Phase:
    phase = Phase.objects.select_for_update().select_related("dispositif").get(pk=phase.pk)
    if not phase.ouverte:
        raise RegleMetierError("Cette phase est terminée.")
    if fin_prevue <= phase.fin_prevue:
        raise RegleMetierError(
            f"Une prolongation repousse la fin prévue (aujourd'hui le {_date(phase.fin_prevue)}).",
            champ="fin_prevue",
        )
    if fin_prevue > phase.dispositif.fin_prevue:
        raise RegleMetierError(
            "Une phase finit au plus tard à la fin prévue du PACEA "
            f"({_date(phase.dispositif.fin_prevue)}) : prolongez d'abord le PACEA.",
            champ="fin_prevue",
        )
    phase.fin_prevue = fin_prevue
    return _sauver(phase, par)


def _clore_phase(phase: Phase, par, fin: date) -> None:
    phase.fin_reelle = fin
    _sauver(phase, par)
    for objectif in phase.objectifs.filter(etat=EtatObjectif.EN_COURS):
        objectif.etat = EtatObjectif.NON_ATTEINT
        objectif.clos_le = fin
        _sauver(objectif, par)


@transaction.atomic
def objectif_clore(*, objectif: Objectif, par, etat: str, le: date | None = None) -> Objectif:
    if etat not in (EtatObjectif.ATTEINT, EtatObjectif.NON_ATTEINT):
        raise RegleMetierError("Un objectif se clôt atteint ou non atteint.", champ="etat")
    objectif.etat = etat
    objectif.clos_le = le or timezone.localdate()
    return _sauver(objectif, par)


class Decision:
    PROLONGER = "prolonger"
    SUIVANTE = "suivante"
    SORTIE = "sortie"
    CHOIX = [
        (PROLONGER, "prolonger la phase"),
        (SUIVANTE, "passer à une nouvelle phase"),
        (SORTIE, "sortir du PACEA"),
    ]


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
    jeune = dispositif.jeune
    contexte = _element("contexte", "bilan_phase_pacea", jeune.structure)
    instant = timezone.make_aware(timezone.datetime.combine(le, timezone.localtime().time()))
    evenement = dossiers_services.evenement_noter(
        jeune=jeune,
        par=par,
        type="entretien",
        date=min(instant, timezone.now()),
        contexte=contexte,
        notes=notes or f"Bilan de la phase « {phase.type} » : {dict(Decision.CHOIX)[decision]}.",
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
        _clore_phase(phase, par, le)
        phase_ajouter(
            dispositif=dispositif,
            par=par,
            type=type_suivante,
            debut=le,
            fin_prevue=fin_prevue,
            objectifs=objectifs_suivante,
        )
    elif decision == Decision.SORTIE:
        if motif_sortie is None:
            raise RegleMetierError("Indiquez le motif de sortie du PACEA.", champ="motif_sortie")
        dispositif_sortir(dispositif=dispositif, par=par, fin_reelle=le, motif_sortie=motif_sortie)
    else:
        raise RegleMetierError("Choisissez la décision du bilan.", champ="decision")
    return evenement


# --- Allocations ------------------------------------------------------------------------


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


@transaction.atomic
def allocation_demander(*, dispositif: Dispositif, par, mois: date, montant) -> DemandeAllocation:
    dispositif = (
        Dispositif.objects.select_for_update().select_related("jeune").get(pk=dispositif.pk)
    )
    mois = premier_du_mois(mois)
    aujourdhui = timezone.localdate()
    if not (dispositif.est_pacea or dispositif.est_cej):
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
    manques = pieces_manquantes(dispositif.jeune)
    if manques:
        demande.motif = "Dossier incomplet : " + ", ".join(manques) + "."
    return _sauver(demande, par)


def allocation_soumettre(*, demande: DemandeAllocation, par) -> DemandeAllocation:
    """To validation; an incomplete file stays « enregistrée » with what it lacks (kept on
    the request, then refused with the same words)."""
    with transaction.atomic():
        demande = DemandeAllocation.objects.select_for_update().get(pk=demande.pk)
        if demande.etat != EtatAllocation.ENREGISTREE:
            raise RegleMetierError("Seule une demande enregistrée se soumet à validation.")
        manques = pieces_manquantes(demande.dispositif.jeune)
        demande.motif = ("Dossier incomplet : " + ", ".join(manques) + ".") if manques else ""
        if not manques:
            demande.etat = EtatAllocation.SOUMISE
        _sauver(demande, par)
    if manques:
        raise RegleMetierError(f"La demande reste enregistrée : il manque {', '.join(manques)}.")
    return demande


def _decider(demande: DemandeAllocation, par, etat: str, motif: str = "") -> DemandeAllocation:
    if not par.peut_valider_les_allocations:
        raise RegleMetierError(
            "Seul un validateur ayant la délégation du certificat RGS de la mission locale "
            "valide ou rejette une demande d'allocation."
        )
    demande = DemandeAllocation.objects.select_for_update().get(pk=demande.pk)
    if demande.etat != EtatAllocation.SOUMISE:
        raise RegleMetierError("Seule une demande soumise à validation se valide ou se rejette.")
    demande.etat = etat
    demande.motif = motif
    demande.decidee_par = par
    demande.decidee_le = timezone.now()
    return _sauver(demande, par)


@transaction.atomic
def allocation_valider(*, demande: DemandeAllocation, par) -> DemandeAllocation:
    return _decider(demande, par, EtatAllocation.VALIDEE)


@transaction.atomic
def allocation_rejeter(*, demande: DemandeAllocation, par, motif: str) -> DemandeAllocation:
    if not motif.strip():
        raise RegleMetierError("Indiquez le motif du rejet.", champ="motif")
    return _decider(demande, par, EtatAllocation.REJETEE, motif.strip())


@transaction.atomic
def allocation_transmettre(*, demande: DemandeAllocation, par) -> DemandeAllocation:
    if not par.peut_valider_les_allocations:
        raise RegleMetierError("Seul un validateur transmet les demandes à l'ASP.")
    demande = DemandeAllocation.objects.select_for_update().get(pk=demande.pk)
    if demande.etat != EtatAllocation.VALIDEE:
        raise RegleMetierError("Seule une demande validée se transmet à l'ASP.")
    demande.etat = EtatAllocation.TRANSMISE
    demande.transmise_le = timezone.now()
    return _sauver(demande, par)


# --- CEP: opened or raised by mobilising an offer -----------------------------------------


@transaction.atomic
def cep_mobiliser(
    *, jeune: Jeune, par, niveau: int, motif_sollicitation, origine: str
) -> ActionAutomatique | None:
    """Mobilising an offer of a CEP level opens the CEP at that level, or raises it (1 → 2
    or 3, 2 → 3). The aiguilleur is deduced when the CEP reaches level 2 or 3: « suite
    niveau 1 » after a level 1 (this CEP's or an earlier one), « entrée directe niveau 2
    ou 3 » otherwise. Returns the automatic action (shown with its reason, undoable), None
    when nothing changed."""
    if niveau not in (1, 2, 3):
        raise RegleMetierError("Le niveau CEP vaut 1, 2 ou 3.")
    jeune = Jeune.objects.select_for_update().get(pk=jeune.pk)
    type_cep = _element("type_dispositif", CEP, jeune.structure)
    cep = jeune.dispositifs.ouverts().filter(type=type_cep).first()
    aujourdhui = timezone.localdate()
    raison = f"{origine} est une offre de niveau CEP {niveau}."
    if cep is not None and niveau <= (cep.niveau_cep or 0):
        return None
    aiguilleur = None
    if niveau >= 2:
        suite = (cep is not None and cep.niveau_cep == 1) or jeune.dispositifs.filter(
            type=type_cep, niveau_cep=1
        ).exists()
        aiguilleur = _element(
            "aiguilleur_cep", "suite_niveau_1" if suite else "entree_directe", jeune.structure
        )
    if cep is None:
        referent = jeune.conseiller_referent or par
        _verifier_acteurs(jeune, par, referent)
        cep = _sauver(
            Dispositif(
                jeune=jeune,
                type=type_cep,
                entree_le=aujourdhui,
                prescripteur=par,
                referent=referent,
                fin_prevue=ajouter_mois(aujourdhui, duree_par_defaut(jeune.structure, type_cep)),
                niveau_cep=niveau,
                aiguilleur=aiguilleur,
                motif_sollicitation=motif_sollicitation,
                created_by=par,
            ),
            par,
        )
        libelle = f"CEP ouvert au niveau {niveau}" + (
            f" (aiguilleur : {aiguilleur})" if aiguilleur else ""
        )
        return _sauver(
            ActionAutomatique(
                jeune=jeune,
                dispositif=cep,
                libelle=libelle,
                raison=raison,
                retour={"supprimer": True},
                faite_par=par,
            ),
            par,
        )
    retour = {
        "niveau_cep": cep.niveau_cep,
        "aiguilleur": cep.aiguilleur_id,
        "motif_sollicitation": cep.motif_sollicitation_id,
    }
    libelle = f"CEP passé du niveau {cep.niveau_cep} au niveau {niveau}"
    cep.niveau_cep = niveau
    if aiguilleur is not None and cep.aiguilleur_id is None:
        cep.aiguilleur = aiguilleur
        libelle += f" (aiguilleur : {aiguilleur})"
    cep.motif_sollicitation = cep.motif_sollicitation or motif_sollicitation
    _sauver(cep, par)
    return _sauver(
        ActionAutomatique(
            jeune=jeune,
            dispositif=cep,
            libelle=libelle,
            raison=raison,
            retour=retour,
            faite_par=par,
        ),
        par,
    )


@transaction.atomic
def action_annuler(*, action: ActionAutomatique, par) -> None:
    action = ActionAutomatique.objects.select_for_update().get(pk=action.pk)
    if action.annulee_le:
        raise RegleMetierError("Cette action est déjà annulée.")
    dispositif = action.dispositif
    if dispositif is not None:
        if action.retour.get("supprimer"):
            dispositif_supprimer(dispositif=dispositif, par=par)
            action.dispositif = None
        elif "niveau_cep" in action.retour:
            dispositif.niveau_cep = action.retour["niveau_cep"]
            dispositif.aiguilleur_id = action.retour.get("aiguilleur")
            dispositif.motif_sollicitation_id = action.retour.get("motif_sollicitation")
            _sauver(dispositif, par)
    action.annulee_le = timezone.now()
    _sauver(action, par)
