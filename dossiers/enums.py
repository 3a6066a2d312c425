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


class Rsa(models.TextChoices):
    BENEFICIAIRE = "beneficiaire", "bénéficiaire"
    AYANT_DROIT = "ayant_droit", "ayant droit"


class EtapePermis(models.TextChoices):
    ASR = "asr", "attestation de sécurité routière"
    CODE = "code", "code obtenu"
    EN_COURS = "en_cours", "permis en cours"
    OBTENU = "obtenu", "permis obtenu"


class StatutRendezVous(models.TextChoices):
    PREVU = "prevu", "prévu"
    PRESENT = "present", "présent"
    ABSENT = "absent", "absent"
    ANNULE = "annule", "annulé"
    REPORTE = "reporte", "reporté"


class TypeEvenement(models.TextChoices):
    ENTRETIEN = "entretien", "entretien individuel"
    COLLECTIF = "collectif", "atelier ou information collective"
    TELEPHONE = "telephone", "téléphone"
    MAIL = "mail", "courriel"
    COURRIER = "courrier", "courrier"
    SMS = "sms", "SMS"
    VISITE = "visite", "visite"


class ThemeProposition(models.TextChoices):
    EMPLOI = "emploi", "emploi"
    ALTERNANCE = "alternance", "alternance"
    FORMATION = "formation", "formation"
    SANTE = "sante", "santé"
    LOGEMENT = "logement", "logement"
    MOBILITE = "mobilite", "mobilité"
    CITOYENNETE = "citoyennete", "citoyenneté"
    LOISIRS = "loisirs", "loisirs, sport, culture"
    RESSOURCES = "ressources", "ressources, aides financières"
    PROJET = "projet", "projet professionnel"


class NatureProposition(models.TextChoices):
    DEMANDE = "demande", "demande du jeune"
    PROPOSITION = "proposition", "proposition de la mission locale"


class EtatProposition(models.TextChoices):
    EN_COURS = "en_cours", "en cours"
    REALISEE = "realisee", "réalisée"
    ABANDONNEE = "abandonnee", "abandonnée"
    REFUSEE = "refusee", "refusée"
