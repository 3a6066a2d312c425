"""What still binds a user to the ML's records, read from the registry the apps on the
right fill (admin_ml.registres.BLOCAGES)."""

from admin_ml.registres import BLOCAGES, Blocage


def blocages(utilisateur) -> list[Blocage]:
    """What binds the user, for every registered app; empty when nothing does."""
    return [
        Blocage(*blocage)
        for fonction in BLOCAGES
        for blocage in fonction(utilisateur)
        if blocage[1] > 0
    ]


def phrase(liste: list[Blocage]) -> str:
    """The refusal in one sentence: « référent de 3 dossiers jeunes ; prescripteur… »."""
    return " ; ".join(blocage.libelle for blocage in liste)
