"""In the system Chromium, through Playwright: what a counsellor really sees."""

import pytest

from tests.navigateur import se_connecter, violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_le_conseiller_de_demo_se_connecte_et_voit_sa_ml(page, live_server, demo):
    erreurs_console = []
    page.on(
        "console", lambda msg: erreurs_console.append(msg.text) if msg.type == "error" else None
    )
    se_connecter(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Sylvie"
    assert page.locator(".fr-header__service-tagline").inner_text() == (
        "Mission Locale des Rives de l'Ille"
    )
    assert page.get_by_role("link", name="Sylvie DEBOUT · Conseiller").is_visible()
    # The DSFR stylesheet is applied (served from our static files, allowed by the CSP).
    assert page.locator("header.fr-header").evaluate(
        "e => getComputedStyle(e).getPropertyValue('--background-default-grey') !== ''"
    )
    assert not [e for e in erreurs_console if "Content Security Policy" in e], erreurs_console


def test_lien_d_evitement_au_clavier(page, live_server, demo):
    se_connecter(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.keyboard.press("Tab")
    lien = page.locator(":focus")
    assert lien.inner_text() == "Contenu"
    lien.press("Enter")
    assert page.url.endswith("#contenu")


def test_mauvais_mot_de_passe_message_en_francais(page, live_server, demo):
    se_connecter(page, live_server, mot_de_passe="pas-le-bon-mot-de-passe")
    assert page.get_by_role("alert").inner_text().startswith("Identifiant ou mot de passe")
    assert page.get_by_label("Identifiant").input_value() == "s.debout"


def test_accessibilite_connexion_et_accueil(page, live_server, demo):
    page.goto(f"{live_server.url}/connexion/")
    assert violations_graves(page) == []
    se_connecter(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    assert violations_graves(page) == []


def test_accessibilite_pages_de_la_direction(page, live_server, demo):
    se_connecter(page, live_server, identifiant="a.riou")
    page.wait_for_url(f"{live_server.url}/")
    for chemin in ("/administration/structure/", "/administration/utilisateurs/", "/compte/"):
        page.goto(f"{live_server.url}{chemin}")
        assert violations_graves(page) == [], chemin


def test_le_controle_axe_detecte_bien_un_defaut(page, live_server, demo):
    # Guard against a check that cannot fail: an unlabelled field must be reported.
    page.goto(f"{live_server.url}/connexion/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')"
    )
    assert any(v.startswith("label ") for v in violations_graves(page))
