"""Who may be référent of an offre de service or of a partner, or lead a session: an
active user of the ML. No function is required, unlike the référent of a youth file or a
dispositif (`Utilisateur.peut_etre_referent`). Forms offer `referents_possibles`; the
group transfer checks `est_referent_possible`."""

from admin_ml.models import Utilisateur


def referents_possibles(structure):
    return Utilisateur.objects.de_la_structure(structure).actifs()


def est_referent_possible(utilisateur, structure) -> bool:
    """`structure`: an ML or its id."""
    return utilisateur.is_active and utilisateur.structure_id == getattr(structure, "pk", structure)
