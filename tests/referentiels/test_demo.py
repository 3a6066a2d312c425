import pytest
from django.core.management import call_command

from admin_ml.models import MissionLocale
from referentiels.enums import Portee, StatutTransfert
from referentiels.models import ElementReference, TransfertReference
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


def test_demo_elements_locaux_et_un_transfert_planifie_par_ml_sans_doublon_si_relancee():
    element("origine_venue", "famille_amis", "Famille / amis")
    for _ in range(2):
        call_command("donnees_demo", forcer=True, stdout=None)
    for ml in MissionLocale.objects.all():
        locaux = ElementReference.objects.filter(
            table_id="origine_venue", portee=Portee.LOCALE, structure=ml
        )
        assert sorted(locaux.values_list("libelle", flat=True)) == [
            "Bouche à oreille",
            "Forum de l'emploi",
            "Réseaux sociaux de la mission locale",
        ]
        transfert = TransfertReference.objects.get(structure=ml)
        assert transfert.statut == StatutTransfert.PLANIFIE
        assert (transfert.source_libelle, transfert.destination_libelle) == (
            "Bouche à oreille",
            "Famille / amis",
        )
        assert transfert.planifie_par.fonction_direction


def test_demo_sans_referentiels_le_dit(capsys):
    call_command("donnees_demo", forcer=True)
    assert "Tables de référence de démonstration non créées" in capsys.readouterr().out
    assert not TransfertReference.objects.exists()
