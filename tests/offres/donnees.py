"""Shared data of the offres tests: reference elements, offers and sessions of ML A."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from dossiers.enums import ThemeProposition
from offres import services
from offres.enums import EtatOffre
from tests.referentiels.factories import element


def aujourdhui():
    return timezone.localdate()


def moment(jours: int, heure: int = 14):
    """A datetime `jours` days from today at `heure` o'clock."""
    return timezone.make_aware(datetime.combine(aujourdhui() + timedelta(days=jours), time(heure)))


def offre_de(conseiller, code="P61", **champs):
    valeurs = {
        "intitule": "Ateliers projets",
        "groupe": element("groupe_offre", "projet", "Projet professionnel"),
        "theme": ThemeProposition.PROJET,
        "referent": conseiller,
        "etat": EtatOffre.EN_COURS,
    }
    valeurs.update(champs)
    return services.offre_creer(
        structure=conseiller.structure, par=conseiller, code=code, **valeurs
    )


def offre_cep(conseiller, niveau=2, code="P62"):
    # What the CEP rule needs (dispositifs): the type, the aiguilleurs, and a counsellor who
    # prescribes (the CEP is entered with the enrolling counsellor as prescripteur).
    conseiller.fonction_prescripteur = True
    conseiller.save()
    element("type_dispositif", "cep", "CEP")
    element("aiguilleur_cep", "entree_directe", "Ma ML, entrée directe niveau 2 ou 3")
    element("aiguilleur_cep", "suite_niveau_1", "Ma ML, suite niveau 1")
    return offre_de(
        conseiller,
        code=code,
        intitule="Construire son projet",
        niveau_cep=niveau,
        motif_sollicitation=element("motif_sollicitation_cep", "projet", "Construire un projet"),
    )


def session_de(offre, par, jours=2, capacite=8, **champs):
    valeurs = {
        "type": element("type_session", "atelier", "Atelier"),
        "debut": moment(jours),
        "capacite": capacite,
        "animateur": par,
        "lieu_autre": "Salle du conseil",
    }
    valeurs.update(champs)
    return services.session_creer(offre=offre, par=par, **valeurs)
