"""The CEP, opened or raised by mobilising an offer of service of a CEP level, and undoing
what the application did on its own (`ActionAutomatique`)."""

from django.db import transaction
from django.utils import timezone

from dispositifs.models import ActionAutomatique, Dispositif
from dispositifs.regles import CEP, NIVEAUX_CEP, REFUS_NIVEAU_CEP, ajouter_mois
from dispositifs.services.communs import element_requis
from dispositifs.services.durees import duree_par_defaut
from dispositifs.services.entree_sortie import dispositif_supprimer, verifier_acteurs
from dossiers.models import Jeune
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer


@transaction.atomic
def cep_mobiliser(
    *, jeune: Jeune, par, niveau: int, motif_sollicitation, origine: str
) -> ActionAutomatique | None:
    """Mobilising an offer of a CEP level opens the CEP at that level, or raises it (1 → 2
    or 3, 2 → 3). The aiguilleur is deduced when the CEP reaches level 2 or 3: « suite
    niveau 1 » after a level 1 (this CEP's or an earlier one), « entrée directe niveau 2
    ou 3 » otherwise. Returns the automatic action (shown with its reason, undoable), None
    when nothing changed."""
    if niveau not in NIVEAUX_CEP:
        raise RegleMetierError(REFUS_NIVEAU_CEP)
    jeune = Jeune.objects.select_for_update().get(pk=jeune.pk)
    type_cep = element_requis("type_dispositif", CEP, jeune.structure)
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
        aiguilleur = element_requis(
            "aiguilleur_cep", "suite_niveau_1" if suite else "entree_directe", jeune.structure
        )
    if cep is None:
        referent = jeune.conseiller_referent or par
        verifier_acteurs(jeune, par, referent)
        cep = enregistrer(
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
            par=par,
        )
        libelle = f"CEP ouvert au niveau {niveau}" + (
            f" (aiguilleur : {aiguilleur})" if aiguilleur else ""
        )
        retour = {"supprimer": True}
    else:
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
        enregistrer(cep, par=par)
    return enregistrer(
        ActionAutomatique(
            jeune=jeune,
            dispositif=cep,
            libelle=libelle,
            raison=raison,
            retour=retour,
            faite_par=par,
        ),
        par=par,
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
            enregistrer(dispositif, par=par)
    action.annulee_le = timezone.now()
    enregistrer(action, par=par)
