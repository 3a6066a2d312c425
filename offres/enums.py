from django.db import models


class EtatOffre(models.TextChoices):
    """The catalogue's filter shows en cours and permanent offers by default (charte)."""

    EN_COURS = "en_cours", "en cours"
    PERMANENT = "permanent", "permanent"
    TERMINEE = "terminee", "terminée"


ETATS_OFFRE_ACTIFS = (EtatOffre.EN_COURS, EtatOffre.PERMANENT)


class NiveauCep(models.IntegerChoices):
    N1 = 1, "niveau 1"
    N2 = 2, "niveau 2"
    N3 = 3, "niveau 3"


class EtatInscription(models.TextChoices):
    PRESCRIT = "prescrit", "prescrit"
    REALISE = "realise", "réalisé"
    REFUS_TIERS = "refus_tiers", "refus tiers"
    REFUS_JEUNE = "refus_jeune", "refus jeune"


# An enrolment that takes a place: refusals free theirs.
ETATS_INSCRIPTION_OCCUPANT = (EtatInscription.PRESCRIT, EtatInscription.REALISE)
ETATS_INSCRIPTION_REFUS = (EtatInscription.REFUS_TIERS, EtatInscription.REFUS_JEUNE)


class TrancheEffectif(models.TextChoices):
    """Tranches d'effectif salarié of the SIRENE register (INSEE codes)."""

    NN = "NN", "unité non employeuse"
    T00 = "00", "0 salarié"
    T01 = "01", "1 ou 2 salariés"
    T02 = "02", "3 à 5 salariés"
    T03 = "03", "6 à 9 salariés"
    T11 = "11", "10 à 19 salariés"
    T12 = "12", "20 à 49 salariés"
    T21 = "21", "50 à 99 salariés"
    T22 = "22", "100 à 199 salariés"
    T31 = "31", "200 à 249 salariés"
    T32 = "32", "250 à 499 salariés"
    T41 = "41", "500 à 999 salariés"
    T42 = "42", "1 000 à 1 999 salariés"
    T51 = "51", "2 000 à 4 999 salariés"
    T52 = "52", "5 000 à 9 999 salariés"
    T53 = "53", "10 000 salariés et plus"


class EtatOffreEmploi(models.TextChoices):
    OUVERTE = "ouverte", "ouverte"
    POURVUE = "pourvue", "pourvue"
    ANNULEE = "annulee", "annulée"


class PeriodeSalaire(models.TextChoices):
    HORAIRE = "horaire", "par heure"
    MENSUEL = "mensuel", "par mois"
    ANNUEL = "annuel", "par an"


class EtatMer(models.TextChoices):
    PROPOSEE = "proposee", "proposée"
    ACCEPTEE = "acceptee", "acceptée"
    REFUSEE = "refusee", "refusée"
    REALISEE = "realisee", "réalisée"


ETATS_MER_EN_COURS = (EtatMer.PROPOSEE, EtatMer.ACCEPTEE)
# Where a MER may go from each state: refusée and réalisée are final.
TRANSITIONS_MER = {
    EtatMer.PROPOSEE: (EtatMer.ACCEPTEE, EtatMer.REFUSEE, EtatMer.REALISEE),
    EtatMer.ACCEPTEE: (EtatMer.REFUSEE, EtatMer.REALISEE),
    EtatMer.REFUSEE: (),
    EtatMer.REALISEE: (),
}


class OrigineAction(models.TextChoices):
    INTERNE = "interne", "catalogue interne de la mission locale"
    EXTERNE = "externe", "catalogue régional"
