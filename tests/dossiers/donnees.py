"""Shared data of the appointment, message and convocation tests: an appointment of
tomorrow, at a site whose address a letter can print; an SMS written through the service."""

from datetime import timedelta

from django.utils import timezone

from admin_ml.models import LieuAccueil
from dossiers.messagerie import message_envoyer
from dossiers.services import rendez_vous_planifier
from tests.admin_ml.factories import LieuAccueilFactory


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


def envoyer_sms(jeune, conseiller, **champs):
    return message_envoyer(
        jeune=jeune, par=conseiller, canal="sms", contenu=champs.pop("contenu", "Bonjour"), **champs
    )
