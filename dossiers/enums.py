from django.db import models


class Sexe(models.TextChoices):
    # Values as the first digit of the NIR.
    HOMME = "1", "homme"
    FEMME = "2", "femme"


class Nationalite(models.TextChoices):
    FRANCAISE = "1", "française"
    UE = "2", "Union européenne"
    HORS_UE = "3", "hors Union européenne"


class NiveauIdentite(models.TextChoices):
    PARTIEL = "partiel", "partiel"
    COMPLET = "complet", "complet"
    JUSTIFIE = "justifie", "justifié"
