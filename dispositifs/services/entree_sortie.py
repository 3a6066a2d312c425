"""Entering, extending, leaving and deleting a dispositif, after its type's rules (ages,
lengths, exit motifs, the diagnostic → PACEA → CEJ sequence)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dispositifs.enums import EtatAllocation
from dispositifs.models import Dispositif
from dispositifs.regles import (
    AGE_LIMITE_PACEA,
    CEJ,
    CEP,
    DIAGNOSTIC,
    PACEA,
    age_le,
    ajouter_mois,
    regles,
)
from dispositifs.services.communs import date_fr
from dispositifs.services.durees import duree_par_defaut
from dispositifs.services.pacea import phase_clore
from dossiers.models import Jeune
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer, supprimer


def verifier_acteurs(jeune: Jeune, prescripteur, referent) -> None:
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
            f"Le jeune a {age} ans le {date_fr(entree_le)} : ce dispositif est ouvert de 16 à "
            f"{age_max} ans révolus"
            + (" (29 ans avec une RQTH)." if regle.age_max_rqth and not jeune.rqth else "."),
            champ="entree_le",
        )


def _verifier_duree(code: str, entree_le: date, fin: date, champ: str) -> None:
    duree_max = regles(code).duree_max_mois
    if duree_max and fin > ajouter_mois(entree_le, duree_max):
        raise RegleMetierError(
            f"Ce dispositif dure au plus {duree_max} mois : au plus tard le "
            f"{date_fr(ajouter_mois(entree_le, duree_max))}.",
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
    verifier_acteurs(jeune, prescripteur, referent)
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
                f"Le jeune est en CEJ depuis le {date_fr(cej.entree_le)} à cette date : pas de "
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
    enregistrer(dispositif, par=par)
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
            f"Le diagnostic s'est terminé le {date_fr(diagnostic.fin_reelle)} : l'entrée en "
            f"PACEA se fait du {date_fr(premier)} au {date_fr(dernier)}.",
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
            f"Le PACEA s'est terminé le {date_fr(derniere.fin_reelle)}, après cette entrée en "
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
    return enregistrer(dispositif, par=par)


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
        for phase in dispositif.phases.ouvertes():
            phase_clore(phase=phase, par=par, fin=max(fin_reelle, phase.debut))
        dispositif.releve_sortie = releve(dispositif.jeune)
    dispositif.fin_reelle = fin_reelle
    dispositif.motif_sortie = motif_sortie
    return enregistrer(dispositif, par=par)


def _verifier_motif_pacea(dispositif: Dispositif, fin_reelle: date, motif: str) -> None:
    if motif == "duree_maximale" and fin_reelle < ajouter_mois(dispositif.entree_le, 24):
        raise RegleMetierError(
            "« Fin de la durée maximale » : le PACEA atteint 24 mois le "
            f"{date_fr(ajouter_mois(dispositif.entree_le, 24))}.",
            champ="motif_sortie",
        )
    if motif == "limite_age":
        age = age_le(dispositif.jeune.date_naissance, fin_reelle)
        if age < AGE_LIMITE_PACEA:
            raise RegleMetierError(
                f"« Limite d'âge » : le jeune a {age} ans le {date_fr(fin_reelle)}.",
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
    # The history keeps what was deleted, and by whom.
    for allocation in dispositif.allocations.all():
        supprimer(allocation, par=par)
    supprimer(dispositif, par=par)
