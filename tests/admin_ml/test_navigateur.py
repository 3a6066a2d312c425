"""A director creates a user who once worked in another ML and recovers her account, in the
system Chromium."""

import re

import pytest

from admin_ml.models import Utilisateur
from imilo.demo import MOT_DE_PASSE_DEMO
from tests.navigateur import se_connecter, violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_la_direction_recupere_le_compte_d_une_personne_venue_d_une_autre_ml(
    page, live_server, demo
):
    # Hélène Le Bihan worked at the Val d'Armor (account deactivated there).
    helene = Utilisateur.objects.get(identifiant="h.le-bihan")
    se_connecter(page, live_server, identifiant="a.riou")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Utilisateurs", exact=True).first.click()
    page.get_by_role("link", name="Créer un utilisateur").click()
    assert violations_graves(page) == []

    contenu = page.locator("#contenu")
    contenu.get_by_label("Prénom").fill("helene")
    contenu.get_by_label(re.compile(r"^Nom")).fill("LE BIHAN")
    contenu.get_by_label("Date de naissance").fill(helene.date_naissance.isoformat())
    contenu.get_by_role("button", name="Rechercher").click()

    compte = page.get_by_label(re.compile(r"h\.le-bihan — Mission Locale du Val d'Armor"))
    assert "(désactivé)" in page.locator(f"label[for='{compte.get_attribute('id')}']").inner_text()
    # Ignoring it would give a homonym identifier: the page says which.
    assert page.get_by_text("he.le-bihan", exact=True).is_visible()
    assert violations_graves(page) == []

    compte.check(force=True)
    page.get_by_label("Profil dans votre mission locale").select_option(label="Chargé d'accueil")
    page.get_by_role("button", name="Ajouter ce compte à ma structure").click()

    page.wait_for_url(re.compile(rf"/administration/utilisateurs/{helene.pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Hélène LE BIHAN"
    assert "rejoint votre mission locale" in page.get_by_role("status").first.inner_text()
    assert page.locator("dd").get_by_text("h.le-bihan", exact=True).count() == 1
    assert violations_graves(page) == []
    helene.refresh_from_db()
    assert (helene.structure.code, helene.is_active) == ("35901", True)

    # Same identifier, same password, in her new ML.
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, live_server, identifiant="h.le-bihan", mot_de_passe=MOT_DE_PASSE_DEMO)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".fr-header__service-tagline").inner_text() == (
        "Mission Locale des Rives de l'Ille"
    )


def test_pages_du_portail_accessibles(page, live_server, demo):
    partie = Utilisateur.objects.get(identifiant="f.morel")
    se_connecter(page, live_server, identifiant="a.riou")
    page.wait_for_url(f"{live_server.url}/")
    for chemin in (
        "/administration/utilisateurs/?etat=tous",
        "/administration/profils/",
        "/administration/facturation/",
        "/administration/transferts-groupes/",
        f"/administration/utilisateurs/{partie.pk}/",
        f"/administration/utilisateurs/{partie.pk}/desabonner/",
        f"/administration/utilisateurs/{partie.pk}/nom/",
    ):
        page.goto(f"{live_server.url}{chemin}")
        assert page.get_by_role("heading", level=1).is_visible(), chemin
        assert violations_graves(page) == [], chemin
