"""A counsellor's path through a PACEA, in the system Chromium."""

from datetime import timedelta

import pytest

from admin_ml.models import Utilisateur
from dossiers.services import ressource_ajouter
from tests.dispositifs.donnees import aujourdhui, entrer, motif, type_dispositif
from tests.dossiers.factories import JeuneFactory
from tests.navigateur import se_connecter, violations_graves
from tests.referentiels.factories import element

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def diagnostic(demo):
    conseiller = Utilisateur.objects.get(identifiant="s.debout")
    jeune = JeuneFactory(suivi_par=conseiller, age=20, prenom="Léa", nom_usage="MARTIN")
    type_dispositif("pacea")
    motif("pacea")
    element("contexte", "bilan_phase_pacea", "Bilan de phase PACEA")
    element("type_phase", "diagnostic_projet", "Construction du projet")
    element("type_phase", "emploi", "Accès à l'emploi")
    # 300 € of salary last month: this month's allocation is not due.
    precedent = (aujourdhui().replace(day=1) - timedelta(days=1)).replace(day=1)
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "salaire", "Salaire"),
        montant=300,
        debut=precedent,
        fin=precedent + timedelta(days=14),
    )
    return entrer(jeune, conseiller, "diagnostic", entree_le=aujourdhui() - timedelta(days=20))


def test_diagnostic_puis_pacea_en_deux_phases_et_allocation_refusee(page, live_server, diagnostic):
    hier = aujourdhui() - timedelta(days=1)
    se_connecter(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{diagnostic.get_absolute_url()}")
    assert violations_graves(page) == []
    page.get_by_label("Sortie le").fill(f"{hier:%Y-%m-%d}")
    page.get_by_label("Motif de sortie").select_option(label="pacea")
    page.get_by_role("button", name="Noter la sortie").click()
    assert "La sortie est notée." in page.locator("main").inner_text()

    page.get_by_role("link", name="MARTIN Léa").click()
    page.get_by_role("link", name="Entrer dans un dispositif").click()
    page.get_by_label("Dispositif", exact=True).select_option(label="PACEA")
    page.get_by_label("Entrée le").fill(f"{aujourdhui():%Y-%m-%d}")
    assert violations_graves(page) == []
    page.get_by_role("button", name="Entrer").click()
    page.wait_for_url("**/dispositifs/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "PACEA"

    fin_phase = aujourdhui() + timedelta(days=30)
    page.get_by_label("Type de phase").select_option(label="Construction du projet")
    page.get_by_label("Fin prévue", exact=True).fill(f"{fin_phase:%Y-%m-%d}")
    page.get_by_label("Objectifs").fill("Identifier deux métiers\nStage de découverte")
    page.get_by_role("button", name="Ajouter la phase").click()
    assert "Identifier deux métiers" in page.locator("#titre-plan + *").inner_text() or (
        "Identifier deux métiers" in page.locator("main").inner_text()
    )

    page.get_by_role("link", name="Bilan de phase").click()
    # DSFR draws the boxes on the labels: a click on the label, as a person does.
    page.locator("label", has_text="Identifier deux métiers").click()
    page.locator("label", has_text="passer à une nouvelle phase").click()
    assert page.get_by_label("Identifier deux métiers").is_checked()
    page.get_by_label("Fin prévue (phase prolongée ou nouvelle phase)").fill(
        f"{aujourdhui() + timedelta(days=90):%Y-%m-%d}"
    )
    page.get_by_label("Type de la nouvelle phase").select_option(label="Accès à l'emploi")
    page.get_by_label("Objectifs de la nouvelle phase").fill("Trois candidatures par semaine")
    assert violations_graves(page) == []
    page.get_by_role("button", name="Enregistrer le bilan").click()
    plan = page.locator("section[aria-labelledby=titre-plan]").inner_text()
    assert "Construction du projet" in plan and "Accès à l'emploi" in plan
    assert "Identifier deux métiers — atteint" in plan

    page.get_by_label("Mois").fill(f"{aujourdhui():%Y-%m}")
    page.get_by_label("Montant (€)").fill("250")
    page.get_by_role("button", name="Demander").click()
    erreur = page.locator("#id_mois_error").inner_text()
    assert "300" in erreur and "n'est due que sous 300 €" in erreur
    assert page.get_by_label("Montant (€)").input_value() == "250"
    assert violations_graves(page) == []
