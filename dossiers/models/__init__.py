"""The models of dossiers, one module per use case: the youth file (`jeune`), coordonnées
and mobility, follow-up (`suivi`), situations and cursus, messages, documents, saved searches
(`requetes`). Their value
sets are in dossiers/enums.py; a rule's constants stay beside the model that applies it
(`dossiers.models.situations.CONTRATS_A_TERME`)."""

from dossiers.models.coordonnees import Adresse, MoyenLocomotion, Permis, Ressource
from dossiers.models.documents import Document
from dossiers.models.jeune import AccesDossier, Jeune, JustificationIdentite, SelectionJeune
from dossiers.models.messages import Message, ModeleCourrier
from dossiers.models.requetes import Requete
from dossiers.models.situations import Cursus, Situation
from dossiers.models.suivi import Evenement, Proposition, RendezVous

__all__ = [
    "AccesDossier",
    "Adresse",
    "Cursus",
    "Document",
    "Evenement",
    "Jeune",
    "JustificationIdentite",
    "Message",
    "ModeleCourrier",
    "MoyenLocomotion",
    "Permis",
    "Proposition",
    "RendezVous",
    "Requete",
    "Ressource",
    "SelectionJeune",
    "Situation",
]
