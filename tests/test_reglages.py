import re

from django.conf import settings

from tests.processus import RACINE, demarrer


def test_refus_de_demarrer_sans_secret_en_production():
    resultat = demarrer()
    assert resultat.returncode != 0
    assert "SECRET_KEY manquante" in resultat.stderr


def test_demarrage_en_developpement_sans_secret():
    assert demarrer(DEBUG="true").returncode == 0


def test_reglages_de_base():
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


def test_env_example_documente_chaque_variable():
    code = (RACINE / "imilo" / "settings.py").read_text()
    lues = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", code))
    exemple = (RACINE / ".env.example").read_text()
    manquantes = {nom for nom in lues if not re.search(rf"^#?\s*{nom}=", exemple, re.M)}
    assert not manquantes, f"À documenter dans .env.example : {sorted(manquantes)}"
