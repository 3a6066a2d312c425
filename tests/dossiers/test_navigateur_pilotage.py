"""A director's path through Pilotage, in the system Chromium: the period changed, a figure
opened on the list of the same length, exported with chosen columns."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone

from admin_ml.models import Utilisateur
from tests.dossiers.factories import JeuneFactory
from tests.navigateur import se_connecter, violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "accept_downloads": True}


@pytest.fixture
def accueils_de_l_annee(demo):
    """Three files opened this year in the demo ML of a.riou, followed by s.debout."""
    conseillere = Utilisateur.objects.get(identifiant="s.debout")
    for prenom in ("Ana", "Bea", "Cyr"):
        JeuneFactory(suivi_par=conseillere, prenom=prenom)


def test_un_chiffre_ouvre_sa_liste_qui_s_exporte(page, live_server, accueils_de_l_annee):
    se_connecter(page, live_server, "a.riou")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Pilotage", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Pilotage"
    assert violations_graves(page) == []

    # The year instead of the month.
    page.locator("#id_type_periode").select_option("annee")
    page.locator("#id_annee").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/pilotage/?*")
    assert f"année {timezone.localdate().year}" in page.locator("main").inner_text()

    # « Premiers accueils »: the demo opened its files this year.
    lien = page.get_by_role("link", name="voir la liste (Premiers accueils)")
    nombre = int(lien.inner_text())
    assert nombre > 0
    lien.click()
    page.wait_for_url("**/jeunes/?*")
    assert (
        "Jeunes comptés par l'indicateur « Premiers accueils »" in page.locator("main").inner_text()
    )
    assert f"{nombre} dossier" in page.locator("main").inner_text()
    assert violations_graves(page) == []

    # Exported with two chosen columns: one line per file counted.
    page.get_by_text("Choisir les colonnes").click()
    # The DSFR draws its own box over each checkbox: its label is what one clicks.
    cochees = [c.get_attribute("id") for c in page.locator("input[name=colonnes]:checked").all()]
    for identifiant in cochees:
        page.locator(f"label[for={identifiant}]").click()
    for code in ("prenom", "conseiller_referent"):
        case = page.locator(f"input[name=colonnes][value={code}]")
        page.locator(f"label[for={case.get_attribute('id')}]").click()
    with page.expect_download() as telechargement:
        page.get_by_role("button", name="CSV").click()
    contenu = Path(telechargement.value.path()).read_text(encoding="utf-8-sig")
    lignes = list(csv.reader(io.StringIO(contenu), delimiter=";"))
    assert lignes[0] == ["Prénom", "Conseiller référent"]
    assert len(lignes) == nombre + 1
