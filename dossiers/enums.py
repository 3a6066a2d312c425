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


class CategorieSituation(models.TextChoices):
    EMPLOI = "emploi", "emploi"
    ALTERNANCE = "alternance", "alternance"
    FORMATION = "formation", "formation"
    SCOLARITE = "scolarite", "scolarité"
    IMMERSION = "immersion", "immersion en entreprise (PMSMP)"
    VOLONTARIAT = "volontariat", "volontariat, service civique"
    CREATION = "creation", "création d'entreprise"
    DEMANDEUR_EMPLOI = "demandeur", "demandeur d'emploi"
    INACTIVITE = "inactivite", "inactivité"


# What a category records beside its dates (the form shows these fields only).
CATEGORIES_AVEC_CONTRAT = (CategorieSituation.EMPLOI, CategorieSituation.ALTERNANCE)
# Formation fields (objective, validation, level…): a formation, or the diploma an
# alternance prepares.
CATEGORIES_DIPLOMANTES = (CategorieSituation.FORMATION, CategorieSituation.ALTERNANCE)
CATEGORIES_AVEC_ORGANISME = (
    CategorieSituation.EMPLOI,
    CategorieSituation.ALTERNANCE,
    CategorieSituation.FORMATION,
    CategorieSituation.SCOLARITE,
    CategorieSituation.IMMERSION,
    CategorieSituation.VOLONTARIAT,
)


class EtatSituation(models.TextChoices):
    """Derived from the dates, never typed: prévue before its start, terminée once its real
    end is noted, en cours in between."""

    PREVUE = "prevue", "prévue"
    EN_COURS = "en_cours", "en cours"
    TERMINEE = "terminee", "terminée"


class ResultatFormation(models.TextChoices):
    OBTENU = "obtenu", "obtenu"
    ECHEC = "echec", "échec"


class NiveauFormation(models.TextChoices):
    """Nomenclature des niveaux de diplôme (décret du 8 janvier 2019)."""

    N1 = "1", "niveau 1 — savoirs de base"
    N2 = "2", "niveau 2 — activités simples (CléA)"
    N3 = "3", "niveau 3 — CAP, BEP"
    N4 = "4", "niveau 4 — baccalauréat, BP"
    N5 = "5", "niveau 5 — bac + 2 (BTS, DEUST)"
    N6 = "6", "niveau 6 — bac + 3 ou 4 (licence, BUT)"
    N7 = "7", "niveau 7 — bac + 5 (master)"
    N8 = "8", "niveau 8 — doctorat"


class StatutNormalisation(models.TextChoices):
    A_NORMALISER = "a_normaliser", "à normaliser"
    NORMALISEE = "normalisee", "normalisée"
    INTROUVABLE = "introuvable", "introuvable"


class CanalMessage(models.TextChoices):
    COURRIER = "courrier", "courrier"
    SMS = "sms", "SMS"
    COURRIEL = "courriel", "courriel"


class StatutMessage(models.TextChoices):
    EN_ATTENTE = "en_attente", "en attente d'envoi"
    ENVOYE = "envoye", "envoyé"
    ECHEC = "echec", "échec de l'envoi"
    # A rule forbade it between the request and the sending (NPAI noted meanwhile…).
    NON_ENVOYE = "non_envoye", "non envoyé"
    # A letter: generated and printed by the counsellor, posted by the ML.
    IMPRIME = "imprime", "imprimé"


class TypeDocument(models.TextChoices):
    """The accepted types, recognised by the file's first bytes (dossiers/documents.py)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "image JPEG"
    PNG = "image/png", "image PNG"
