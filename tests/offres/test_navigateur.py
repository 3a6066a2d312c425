"""A counsellor's path through an offre de service, in the system Chromium: a session is
created, two young people of « Ma liste » are enrolled, one took part (the event and the
proposition appear in the file), the other refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from admin_ml.models import Utilisateur
from dossiers import ma_liste
from dossiers.models import Jeune
from tests.dossiers.factories import JeuneFactory
from tests.navigateur import se_connecter, violations_graves
from tests.offres.donnees import offre_de
from tests.referentiels.factories import element

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offre_de_la_demo(demo):
    conseiller = Utilisateur.objects.get(identifiant="s.debout")
    element("type_session", "atelier", "Atelier")
    lea = JeuneFactory(suivi_par=conseiller, prenom="Léa", nom_usage="MARTIN")
    hugo = JeuneFactory(suivi_par=conseiller, prenom="Hugo", nom_usage="LE GALL")
    ma_liste.ma_liste_ajouter(
        utilisateur=conseiller, jeunes=Jeune.objects.filter(pk__in=[lea.pk, hugo.pk])
    )
    return offre_de(conseiller)


def test_session_inscriptions_realise_et_refus(page, live_server, offre_de_la_demo):
    # The workshop was held this morning: the counsellor notes it afterwards.
    debut = timezone.localtime() - timedelta(hours=2)
    se_connecter(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Offres", exact=True).click()
    assert violations_graves(page) == []
    page.get_by_role("link", name="Ateliers projets").click()
    page.get_by_role("link", name="Créer une session").click()
    page.get_by_label("Type de session").select_option(label="Atelier")
    page.get_by_label("Date et heure").fill(f"{debut:%Y-%m-%dT%H:%M}")
    page.get_by_label("Autre lieu").fill("Salle Bréhat")
    page.get_by_label("Capacité (places)").fill("8")
    assert violations_graves(page) == []
    page.get_by_role("button", name="Créer la session").click()
    page.wait_for_url("**/offres/sessions/*/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Atelier du {debut:%d/%m/%Y à %H:%M}"
    )

    # DSFR draws the boxes on the labels: a click on the label, as a person does.
    page.locator("label", has_text="MARTIN Léa").click()
    page.locator("label", has_text="LE GALL Hugo").click()
    page.get_by_role("button", name="Inscrire les jeunes cochés").click()
    assert "2 jeunes inscrits" in page.locator("main").inner_text()
    assert "2 inscrits sur 8" in page.locator("main").inner_text()
    assert violations_graves(page) == []

    page.get_by_label("Issue de l'inscription de MARTIN Léa").select_option("realise")
    page.get_by_role("button", name="Noter l'issue pour MARTIN Léa").click()
    assert "MARTIN Léa — réalisé" in page.locator("main").inner_text()
    page.get_by_label("Issue de l'inscription de LE GALL Hugo").select_option("refus_jeune")
    page.get_by_role("button", name="Noter l'issue pour LE GALL Hugo").click()
    lignes = page.locator("section[aria-labelledby=titre-inscrits] tbody").inner_text()
    assert "réalisé le" in lignes and "refus jeune le" in lignes
    assert "1 inscrit sur 8" in page.locator("main").inner_text()

    # Léa's file: the proposition, réalisée, and the collective event, typed once.
    page.get_by_role("link", name="MARTIN Léa").click()
    page.wait_for_url("**/jeunes/*/")
    propositions = page.locator("section[aria-labelledby=titre-propositions]").inner_text()
    assert "P61 Ateliers projets — session du" in propositions
    assert "réalisée" in propositions
    frise = page.locator("section[aria-labelledby=titre-frise]").inner_text()
    assert "Atelier ou information collective" in frise
    assert "Session P61 Ateliers projets (réalisé)" in frise
    assert "réalisé" in page.locator("section[aria-labelledby=titre-offres]").inner_text()
    assert violations_graves(page) == []

    # Hugo's: the proposition is closed refusée, no event.
    page.go_back()
    page.get_by_role("link", name="LE GALL Hugo").click()
    page.wait_for_url("**/jeunes/*/")
    propositions = page.locator("section[aria-labelledby=titre-propositions]").inner_text()
    assert "refusée" in propositions
    frise = page.locator("section[aria-labelledby=titre-frise]").inner_text()
    assert "Atelier ou information collective" not in frise
