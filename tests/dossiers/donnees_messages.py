"""Shared data of the message and convocation tests: a young person who can be written to
in every way, and an appointment of tomorrow."""

from datetime import date, timedelta

from django.utils import timezone

from admin_ml.models import LieuAccueil
from dossiers.models import Adresse
from dossiers.services import rendez_vous_planifier
from tests.admin_ml.factories import LieuAccueilFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import CommuneFactory

MOBILE = "+33612345678"


def jeune_joignable(conseiller, **champs):
    jeune = JeuneFactory(
        **{
            "structure": conseiller.structure,
            "prenom": "Chloé",
            "nom_usage": "DUPONT",
            "date_naissance": date(2005, 3, 14),
            "conseiller_referent": conseiller,
            "telephone_mobile": MOBILE,
            "email": "chloe.dupont@example.org",
            **champs,
        }
    )
    Adresse.objects.create(
        jeune=jeune,
        voie="12 rue de la Paix",
        complement="Résidence Les Tilleuls, bâtiment B",
        code_postal="35000",
        commune=CommuneFactory(code_insee="35238", nom="Rennes", codes_postaux=["35000"]),
    )
    return jeune


def lieu_avec_adresse(structure):
    existant = LieuAccueil.objects.filter(structure=structure, nom="Antenne de Betton").first()
    return existant or LieuAccueilFactory(
        structure=structure,
        nom="Antenne de Betton",
        adresse="3 place Charles de Gaulle",
        complement_adresse="1er étage",
        code_postal="35830",
        commune="Betton",
        telephone="02 99 00 11 22",
    )


def demain_a(heure: int, minute: int = 0):
    jour = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(timezone.datetime(jour.year, jour.month, jour.day, heure, minute))


def rendez_vous_demain(jeune, conseiller, lieu=None, heure=14, minute=30):
    return rendez_vous_planifier(
        jeune=jeune,
        par=conseiller,
        debut=demain_a(heure, minute),
        duree=30,
        conseiller=conseiller,
        objet="Point sur le projet",
        lieu=lieu or lieu_avec_adresse(conseiller.structure),
    )
