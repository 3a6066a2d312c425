"""The rules of the national dispositifs, by the code of their type (table type_dispositif).

A regional or local type added by an ML has the generic rules (`AUTRES`)."""

from dataclasses import dataclass
from datetime import date

DIAGNOSTIC = "diagnostic"
PACEA = "pacea"
CEJ = "cej"
CEP = "cep"

# The charte: « Décès » closes any dispositif.
MOTIFS_COMMUNS = frozenset({"abandon", "demenagement", "deces"})


@dataclass(frozen=True)
class Regles:
    # Exit motifs of the type (codes of the table motif_sortie).
    motifs: frozenset
    # Default expected length when the ML has not set its own.
    duree_mois: int
    # Longest allowed length (None: no limit).
    duree_max_mois: int | None = None
    # Age at entry: 16 to `age_max` included (`age_max_rqth` for a recognised disability).
    age_max: int = 25
    age_max_rqth: int | None = None


REGLES = {
    DIAGNOSTIC: Regles(
        motifs=MOTIFS_COMMUNS | {"orientation_interne", "orientation_partenaire", "pacea", "cej"},
        duree_mois=1,
        duree_max_mois=3,
    ),
    PACEA: Regles(
        motifs=MOTIFS_COMMUNS
        | {
            "non_respect",
            "autonomie",
            "duree_maximale",
            "limite_age",
            "reorientation_anticipee",
        },
        duree_mois=12,
        duree_max_mois=24,
    ),
    CEJ: Regles(
        motifs=MOTIFS_COMMUNS | {"non_respect", "emploi_durable", "fin_contrat", "limite_age"},
        duree_mois=12,
        duree_max_mois=18,
        age_max=25,
        age_max_rqth=29,
    ),
    CEP: Regles(
        motifs=MOTIFS_COMMUNS | {"objectif_atteint", "orientation_partenaire"},
        duree_mois=6,
    ),
}
AUTRES = Regles(
    motifs=MOTIFS_COMMUNS | {"objectif_atteint", "orientation_interne", "orientation_partenaire"},
    duree_mois=6,
)


def regles(code_type: str) -> Regles:
    return REGLES.get(code_type, AUTRES)


# The CEP has three levels (the offers of service carry theirs).
NIVEAUX_CEP = (1, 2, 3)
REFUS_NIVEAU_CEP = "Le niveau CEP vaut 1, 2 ou 3."

# The code of the Garantie jeunes in the table type_phase (numbered for the CERFA).
GARANTIE_JEUNES = "garantie_jeunes"

# PACEA allocation: payable for month M only if the resources of M-1 are below this.
PLAFOND_RESSOURCES_PACEA = 300
# The Garantie jeunes was a phase of PACEA until February 2022.
FIN_GARANTIE_JEUNES = date(2022, 3, 1)
# A PACEA ends at the latest at 24 months, and at 26 years of age.
AGE_LIMITE_PACEA = 26


def ajouter_mois(jour: date, mois: int) -> date:
    """Same day `mois` months later (the last day of the month when it does not exist)."""
    total = jour.year * 12 + jour.month - 1 + mois
    annee, mois_du_jour = divmod(total, 12)
    suivant = date(annee + (mois_du_jour + 1) // 12, (mois_du_jour + 1) % 12 + 1, 1)
    dernier = (suivant - date.resolution).day
    return date(annee, mois_du_jour + 1, min(jour.day, dernier))


def age_le(naissance: date, jour: date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))
