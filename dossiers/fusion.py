"""Merge fields of the ML's letter, SMS and email templates: `{prenom}`, `{date_rdv}`…

The templates are typed by the Missions Locales, so they are never given to a template
engine (no `{{ … }}`, no `{% … %}`, nothing evaluated): a small fixed vocabulary of fields
is replaced by plain text, once, and every other brace is refused when the template is saved.
"""

import re

# name → what it is replaced by (shown to who writes a template).
CHAMPS_FUSION = {
    "prenom": "prénom du jeune",
    "nom": "nom du jeune",
    "date_rdv": "date du rendez-vous (lundi 2 mars 2026)",
    "heure_rdv": "heure du rendez-vous (14 h 30)",
    "objet_rdv": "objet du rendez-vous",
    "lieu_rdv": "lieu du rendez-vous",
    "adresse_lieu": "adresse du lieu du rendez-vous",
    "conseiller": "conseiller du rendez-vous (sinon l'auteur du message)",
    "structure": "nom de la mission locale",
    "telephone": "téléphone du lieu du rendez-vous, sinon de la mission locale",
}
# The fields that only make sense with an appointment.
CHAMPS_RENDEZ_VOUS = {"date_rdv", "heure_rdv", "objet_rdv", "lieu_rdv", "adresse_lieu"}

_CHAMP = re.compile(r"\{([^{}]*)\}")


def liste_des_champs() -> str:
    return ", ".join(f"{{{nom}}}" for nom in CHAMPS_FUSION)


def erreur_de_fusion(texte: str) -> str | None:
    """Why `texte` cannot be used as a template (French), or None."""
    inconnus = [nom for nom in _CHAMP.findall(texte or "") if nom not in CHAMPS_FUSION]
    if inconnus:
        return f"Champ inconnu : {{{inconnus[0]}}}. Champs possibles : {liste_des_champs()}."
    reste = _CHAMP.sub("", texte or "")
    if "{" in reste or "}" in reste:
        return (
            "Une accolade est seule : un champ s'écrit entre deux accolades, par exemple {prenom}."
        )
    return None


def champs_utilises(texte: str) -> set[str]:
    return set(_CHAMP.findall(texte or "")) & CHAMPS_FUSION.keys()


def fusionner(texte: str, valeurs: dict[str, str]) -> str:
    """Replace each field by its value, in one pass: a value that contains braces (an
    appointment's object typed as "{nom}") is never merged again."""
    return _CHAMP.sub(lambda trouve: valeurs.get(trouve.group(1), trouve.group(0)), texte or "")
