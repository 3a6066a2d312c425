"""The demo shows the users' lifecycle lived in: a replacement done by the book, a long
sick leave, an ML's own profile, a billing history."""

import pytest
from django.core.management import call_command

from admin_ml.facturation import Mois, facturation
from admin_ml.models import MissionLocale, Utilisateur

pytestmark = pytest.mark.django_db


def mois_il_y_a(nombre: int) -> Mois:
    mois = Mois.de_texte(None)  # this month
    for _ in range(nombre):
        mois = mois.precedent
    return mois


def factures(ml, nombre_de_mois):
    return {ligne.utilisateur.identifiant for ligne in facturation(ml, mois_il_y_a(nombre_de_mois))}


def test_demo_du_cycle_de_vie_des_utilisateurs():
    call_command("donnees_demo", forcer=True, stdout=None)
    call_command("donnees_demo", forcer=True, stdout=None)
    rives = MissionLocale.objects.get(code="35901")
    partie = Utilisateur.objects.get(identifiant="f.morel")
    arrive = Utilisateur.objects.get(identifiant="l.garnier")
    assert not partie.is_active and arrive.is_active
    assert arrive.profil.structure == rives
    assert arrive.profil.nom == "Chargé de relations entreprises"
    # Deactivated on the last day of a month, replaced on the first of the next: never
    # both billed the same month.
    assert "f.morel" in factures(rives, 3) and "l.garnier" not in factures(rives, 3)
    assert "f.morel" not in factures(rives, 2) and "l.garnier" in factures(rives, 2)
    # The team has a billing past; the re-run added no account.
    assert {"s.debout", "a.riou"} <= factures(rives, 8)
    assert Utilisateur.objects.filter(structure=rives).count() == 7
    assert not Utilisateur.objects.get(identifiant="h.le-bihan").is_active
