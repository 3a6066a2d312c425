"""The ML's internal training actions and the mises en relation (MER). Keyword-only,
atomic, with the acting user (`par`).

A realised training MER creates the formation situation with the action's data (charte:
« il est recommandé de créer la situation via la réalisation de la MER formation : cela
remplit automatiquement la plupart des données »); a realised job MER leads the view to the
employment situation form, prefilled from the offer."""

from django.db import transaction
from django.utils import timezone

from dispositifs.regles import ajouter_mois
from dossiers.enums import CategorieSituation
from dossiers.models import Jeune
from dossiers.models.situations import CONTRATS_EN_ALTERNANCE
from dossiers.services import situation_noter
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer
from offres.enums import TRANSITIONS_MER, EtatMer, EtatOffreEmploi, OrigineAction
from offres.models import ActionFormation, MiseEnRelation, OffreEmploi
from referentiels.models import RegionInsee

# --- Internal training actions ------------------------------------------------------------


@transaction.atomic
def action_formation_creer(*, structure, par, **champs) -> ActionFormation:
    """An action of the ML's internal catalogue (formations absent from the regional
    catalogue: CUI, Éducation nationale, entreprise…); in the ML's region by default."""
    if champs.get("region") is None:
        champs["region"] = RegionInsee.objects.filter(pk=structure.region.code).first()
    action = ActionFormation(origine=OrigineAction.INTERNE, structure=structure, **champs)
    action.calculer_cles()
    return enregistrer(action, par=par)


@transaction.atomic
def action_formation_modifier(*, action: ActionFormation, par, **champs) -> ActionFormation:
    action = ActionFormation.objects.select_for_update().get(pk=action.pk)
    if action.externe:
        raise RegleMetierError(
            "Une action du catalogue régional se met à jour par l'import du catalogue, pas à "
            "la main."
        )
    for champ, valeur in champs.items():
        setattr(action, champ, valeur)
    action.calculer_cles()
    return enregistrer(action, par=par)


# --- Mises en relation --------------------------------------------------------------------


@transaction.atomic
def mer_creer(
    *,
    jeune: Jeune,
    par,
    offre_emploi: OffreEmploi | None = None,
    action_formation: ActionFormation | None = None,
    commentaire: str = "",
) -> MiseEnRelation:
    if offre_emploi is not None and offre_emploi.etat != EtatOffreEmploi.OUVERTE:
        raise RegleMetierError(
            f"L'offre « {offre_emploi.intitule} » est {offre_emploi.get_etat_display()} : elle "
            "n'est plus proposée.",
            champ="offre_emploi",
        )
    if action_formation is not None and action_formation.terminee:
        raise RegleMetierError(
            f"L'action « {action_formation.intitule} » est terminée depuis le "
            f"{action_formation.fin:%d/%m/%Y}.",
            champ="action_formation",
        )
    return enregistrer(
        MiseEnRelation(
            jeune=jeune,
            offre_emploi=offre_emploi,
            action_formation=action_formation,
            commentaire=commentaire,
            created_by=par,
        ),
        par=par,
    )


@transaction.atomic
def mer_changer_etat(
    *,
    mer: MiseEnRelation,
    par,
    etat: str,
    issue=None,
    commentaire: str = "",
    debut=None,
    fin_prevue=None,
) -> MiseEnRelation:
    """proposée → acceptée → réalisée, or refusée at any step; réalisée and refusée are
    final. A realised training MER creates the formation situation, prefilled; `debut` and
    `fin_prevue` default to the action's dates (a formation's end is never blank)."""
    mer = (
        MiseEnRelation.objects.select_for_update(of=("self",))
        .select_related("jeune", "action_formation__objectif", "action_formation__validation")
        .get(pk=mer.pk)
    )
    if etat not in TRANSITIONS_MER.get(mer.etat, ()):
        raise RegleMetierError(
            f"Une mise en relation {mer.get_etat_display()} ne devient pas "
            f"{EtatMer(etat).label if etat in EtatMer.values else etat}.",
            champ="etat",
        )
    mer.etat = etat
    mer.etat_le = max(timezone.localdate(), mer.proposee_le)
    mer.issue = issue
    if commentaire:
        mer.commentaire = "\n".join(filter(None, [mer.commentaire, commentaire]))
    if etat == EtatMer.REALISEE and mer.est_formation:
        mer.situation = situation_de_la_formation(
            mer=mer, par=par, debut=debut, fin_prevue=fin_prevue
        )
    return enregistrer(mer, par=par)


def situation_de_la_formation(*, mer: MiseEnRelation, par, debut=None, fin_prevue=None):
    action = mer.action_formation
    return situation_noter(
        jeune=mer.jeune,
        par=par,
        categorie=CategorieSituation.FORMATION,
        debut=debut or action.debut or timezone.localdate(),
        fin_prevue=fin_prevue or action.fin,
        intitule=action.intitule[:200],
        organisme=action.organisme[:200],
        objectif=action.objectif,
        validation=action.validation,
        niveau=action.niveau,
        formacode=action.formacode,
        metier=action.metier,
    )


def situation_de_l_emploi(mer: MiseEnRelation) -> dict:
    """The employment (or alternance) situation the realised job MER proposes: the
    offer's values, for the form of the youth file."""
    offre = mer.offre_emploi
    categorie = (
        CategorieSituation.ALTERNANCE
        if offre.type_contrat.code in CONTRATS_EN_ALTERNANCE
        else CategorieSituation.EMPLOI
    )
    debut = offre.debut_contrat or timezone.localdate()
    valeurs = {
        "categorie": categorie,
        "intitule": offre.intitule,
        "organisme": str(offre.entreprise),
        "debut": debut.isoformat(),
        "type_contrat": offre.type_contrat_id,
        "metier": offre.metier_id,
    }
    if offre.heures_hebdo:
        valeurs["heures_hebdo"] = str(offre.heures_hebdo)
    if offre.duree_mois:
        valeurs["fin_prevue"] = ajouter_mois(debut, offre.duree_mois).isoformat()
    return valeurs
