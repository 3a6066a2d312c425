"""The ML's default length of each type of dispositif (the expected end at entry)."""

from django.db import transaction

from dispositifs.models import DureeDispositif
from dispositifs.regles import regles
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer


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
            enregistrer(propre, par=par)
            changees += 1
    return changees


def duree_par_defaut(structure, type_dispositif) -> int:
    propre = DureeDispositif.objects.filter(structure=structure, type=type_dispositif).first()
    return propre.duree_mois if propre else regles(type_dispositif.code).duree_mois
