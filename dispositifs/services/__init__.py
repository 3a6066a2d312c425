"""The writes of dispositifs, by use case; keyword-only, atomic, with the acting user
(`par`); refusals are French (`RegleMetierError`).

- `entree_sortie`: entering, extending, leaving, deleting a dispositif;
- `durees`: the ML's default lengths;
- `pacea`: the PACEA's phases and objectives; `bilan`: the end-of-phase interview;
- `allocations`: allocation requests and their validation;
- `cep`: the CEP opened or raised by an offer, undoing an automatic action.

`from dispositifs import services; services.dispositif_entrer(...)` reaches them all."""

from dispositifs.services.allocations import (
    allocation_demander,
    allocation_rejeter,
    allocation_soumettre,
    allocation_transmettre,
    allocation_valider,
    mois_precedent,
    pieces_manquantes,
    premier_du_mois,
    ressources_du_mois,
)
from dispositifs.services.bilan import bilan_de_phase
from dispositifs.services.cep import action_annuler, cep_mobiliser
from dispositifs.services.durees import duree_par_defaut, durees_enregistrer
from dispositifs.services.entree_sortie import (
    Resultat,
    dispositif_entrer,
    dispositif_prolonger,
    dispositif_sortir,
    dispositif_supprimer,
    releve,
)
from dispositifs.services.pacea import objectif_clore, phase_ajouter, phase_prolonger

__all__ = [
    "Resultat",
    "action_annuler",
    "allocation_demander",
    "allocation_rejeter",
    "allocation_soumettre",
    "allocation_transmettre",
    "allocation_valider",
    "bilan_de_phase",
    "cep_mobiliser",
    "dispositif_entrer",
    "dispositif_prolonger",
    "dispositif_sortir",
    "dispositif_supprimer",
    "duree_par_defaut",
    "durees_enregistrer",
    "mois_precedent",
    "objectif_clore",
    "phase_ajouter",
    "phase_prolonger",
    "pieces_manquantes",
    "premier_du_mois",
    "releve",
    "ressources_du_mois",
]
