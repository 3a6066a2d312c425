"""The value sets of dispositifs: ascii value, French label (the models and forms import
them from here)."""

from django.db import models


class EtatObjectif(models.TextChoices):
    EN_COURS = "en_cours", "en cours"
    ATTEINT = "atteint", "atteint"
    NON_ATTEINT = "non_atteint", "non atteint"


class EtatAllocation(models.TextChoices):
    ENREGISTREE = "enregistree", "enregistrée"
    SOUMISE = "soumise", "soumise à validation"
    VALIDEE = "validee", "validée"
    TRANSMISE = "transmise", "transmise à l'ASP"
    REJETEE = "rejetee", "rejetée"


class EtapeAllocation(models.TextChoices):
    """A step every request that reached it keeps its date of (the list of requests and
    the Pilotage read a period on that date): a request validated then transmitted was
    validated on `decidee_le` all the same. « Payée » comes with the ASP's returns."""

    DEMANDEE = "demandee", "demandées"
    VALIDEE = "validee", "validées"
    TRANSMISE = "transmise", "transmises à l'ASP"


class ActionAllocation(models.TextChoices):
    """What may be done with an allocation request (`DemandeAllocation.TRANSITIONS` says
    from which state, to which, and by whom)."""

    SOUMETTRE = "soumettre", "soumettre à validation"
    VALIDER = "valider", "valider"
    REJETER = "rejeter", "rejeter"
    TRANSMETTRE = "transmettre", "transmettre à l'ASP"


class Decision(models.TextChoices):
    """What the end-of-phase interview of a PACEA decides."""

    PROLONGER = "prolonger", "prolonger la phase"
    SUIVANTE = "suivante", "passer à une nouvelle phase"
    SORTIE = "sortie", "sortir du PACEA"
