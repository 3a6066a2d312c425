import pytest
from django.core.management import CommandError, call_command

from admin_ml.models import LieuAccueil, MissionLocale, Utilisateur
from admin_ml.profils import PROFILS_STANDARD
from imilo.demo import MOT_DE_PASSE_DEMO

pytestmark = pytest.mark.django_db


def test_donnees_demo_idempotentes(capsys):
    call_command("donnees_demo", forcer=True)
    premiere = capsys.readouterr().out
    call_command("donnees_demo", forcer=True)
    assert MissionLocale.objects.count() == 2
    assert LieuAccueil.objects.count() == 4
    for ml in MissionLocale.objects.all():
        profils = set(ml.utilisateurs.values_list("profil__code", flat=True))
        # Every standard profile, and the ML's own ones (admin_ml/demo.py).
        assert set(PROFILS_STANDARD) <= profils
        assert ml.utilisateurs.filter(fonction_direction=True).count() == 1
    assert Utilisateur.objects.get(identifiant="s.debout").check_password(MOT_DE_PASSE_DEMO)
    assert MOT_DE_PASSE_DEMO in premiere
    assert "s.debout" in premiere


def test_donnees_demo_refusees_hors_debug():
    with pytest.raises(CommandError, match="mot de passe connu"):
        call_command("donnees_demo")
