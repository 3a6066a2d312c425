"""Rules of user accounts: physical persons only, identifiers, the same person across MLs.

Source: seed 003, « Gestion des utilisateurs » (création, homonymes, comptes génériques).
"""

import re

from django.core.exceptions import ValidationError

from admin_ml.models import Utilisateur
from imilo.texte import cle_de_recherche, sans_accents

# No generic accounts (seed 003: « Il est interdit de créer des comptes génériques de type
# "Accueil" ou "Equipe emploi" »). Compared on the search key of the name: upper case,
# without accents, any separator as one space.
NOMS_GENERIQUES = frozenset(
    {
        "ACCUEIL",
        "ADMIN",
        "ADMINISTRATEUR",
        "ADMINISTRATION",
        "ANTENNE",
        "BENEVOLE",
        "COMPTABILITE",
        "COMPTE",
        "CONSEILLER",
        "CONSEILLERE",
        "DIRECTION",
        "EQUIPE",
        "GENERIQUE",
        "INTERIM",
        "MISSION LOCALE",
        "PERMANENCE",
        "REMPLACANT",
        "REMPLACANTE",
        "SECRETARIAT",
        "SERVICE CIVIQUE",
        "STAGIAIRE",
        "STANDARD",
        "TEST",
        "UTILISATEUR",
    }
)
# A name starting with one of these words names a team, not a person (« Equipe emploi »,
# « Pôle insertion », « Service jeunesse »).
MOTS_D_EQUIPE = frozenset({"ACCUEIL", "CELLULE", "EQUIPE", "POLE", "SECRETARIAT", "SERVICE"})


def est_generique(valeur: str) -> bool:
    cle = cle_de_recherche(valeur)
    return cle in NOMS_GENERIQUES or cle.split(" ")[0] in MOTS_D_EQUIPE


def verifier_personne(*, nom: str, prenom: str) -> None:
    """A user is a physical person: the reason of a refusal goes next to its field."""
    erreurs = {}
    for champ, valeur in (("nom", nom), ("prenom", prenom)):
        if not re.search(r"[a-z]", sans_accents(valeur or "").lower()):
            erreurs[champ] = "Écrivez le nom de la personne, avec au moins une lettre."
        elif est_generique(valeur):
            erreurs[champ] = (
                f"« {valeur.strip()} » désigne un poste ou une équipe, pas une personne : "
                "un compte est personnel, pas de compte générique. Créez un compte pour "
                "chaque personne."
            )
    if erreurs:
        raise ValidationError(erreurs)


def _en_identifiant(texte: str) -> str:
    """Lower case, no accents; spaces and apostrophes become hyphens, other signs go."""
    texte = sans_accents(texte or "").lower()
    texte = re.sub(r"[\s'\u2019_]+", "-", texte)
    texte = re.sub(r"[^a-z-]", "", texte)
    return re.sub(r"-{2,}", "-", texte).strip("-")


def identifiants_candidats(*, prenom: str, nom: str):
    """s.debout, then sy.debout, syl.debout… then sylvie.debout2, sylvie.debout3…"""
    lettres = re.sub(r"[^a-z]", "", _en_identifiant(prenom))
    fin = _en_identifiant(nom)
    for longueur in range(1, len(lettres) + 1):
        yield f"{lettres[:longueur]}.{fin}"
    numero = 2
    while True:
        yield f"{lettres}.{fin}{numero}"
        numero += 1


def identifiant_libre(*, prenom: str, nom: str) -> str:
    """The first free identifier, unique across all MLs (one query per 20 candidates)."""
    candidats = identifiants_candidats(prenom=prenom, nom=nom)
    while True:
        lot = [next(candidats) for _ in range(20)]
        pris = set(
            Utilisateur.objects.filter(identifiant__in=lot).values_list("identifiant", flat=True)
        )
        for candidat in lot:
            if candidat not in pris:
                return candidat


def comptes_existants(*, nom: str, prenom: str, date_naissance) -> list[Utilisateur]:
    """The accounts, in every ML, of the person born that day with this name and first
    name (first names compared on their first word: « Sylvie » finds « Sylvie Anne »).
    The one read across MLs of the product: the page shows only the name, the identifier,
    the ML and the state of each account."""
    cle_nom = cle_de_recherche(nom)
    premier_prenom = cle_de_recherche(prenom).split(" ")[0]
    # Few people share a birth date (indexed); names are compared without accents here.
    memes_naissances = (
        Utilisateur.objects.non_desabonnes()
        .filter(date_naissance=date_naissance)
        .select_related("structure")
        .order_by("nom", "prenom", "pk")
    )
    return [
        compte
        for compte in memes_naissances
        if cle_de_recherche(compte.nom) == cle_nom
        and cle_de_recherche(compte.prenom).split(" ")[0] == premier_prenom
    ]
