"""The value sets of referentiels: ascii value, French label."""

from django.db import models


class Zone(models.TextChoices):
    METRO = "metro", "métropole"
    DROM = "drom", "département et région d'outre-mer"
    COM = "com", "collectivité d'outre-mer"


class StatutZrr(models.TextChoices):
    CLASSEE = "C", "classée"
    NON_CLASSEE = "NC", "non classée"
    PARTIELLEMENT = "PC", "partiellement classée"


class GroupePays(models.TextChoices):
    FRANCE = "1", "France"
    UE = "2", "Union européenne"
    HORS_UE = "3", "hors Union européenne"


class Portee(models.TextChoices):
    NATIONALE = "nationale", "nationale"
    REGIONALE = "regionale", "régionale"
    LOCALE = "locale", "propre à la mission locale"


class StatutTransfert(models.TextChoices):
    PLANIFIE = "planifie", "planifié"
    EN_COURS = "en_cours", "en cours"
    TERMINE = "termine", "terminé"
    ANNULE = "annule", "annulé"


# Whether an address lies in a QPV (quartier prioritaire de la politique de la ville): read
# from the imported QPV polygons, « à vérifier » without coordinates or polygons.
class StatutQpv(models.TextChoices):
    OUI = "oui", "en QPV"
    NON = "non", "hors QPV"
    A_VERIFIER = "a_verifier", "QPV à vérifier"
