"""A counsellor's path through the youth file, in the system Chromium."""

import pytest

from tests.navigateur import se_connecter, violations_graves
from tests.referentiels.factories import CommuneFactory, DepartementFactory, element

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_et_referentiels(demo):
    """Over the demo, what the file's forms are filled with: communes, family situations."""
    ille = DepartementFactory(code="35", nom="Ille-et-Vilaine")
    CommuneFactory(code_insee="35238", nom="Rennes", departement=ille, codes_postaux=["35000"])
    CommuneFactory(code_insee="35024", nom="Betton", departement=ille)
    for code, libelle in (("celibataire", "Célibataire"), ("marie", "Marié(e)")):
        element("situation_familiale", code, libelle)


def test_ouvrir_modifier_et_retrouver_un_dossier(page, live_server, demo_et_referentiels):
    se_connecter(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Jeunes", exact=True).click()
    page.get_by_role("link", name="Ouvrir un dossier").click()
    assert violations_graves(page) == []
    page.get_by_label("Prénom").fill("Maëlys")
    page.get_by_label("Nom d'usage").fill("Le Bihan")
    page.get_by_label("Date de naissance").fill("2006-02-17")
    page.get_by_label("Sexe").select_option("2")
    # The commune input proposes communes as one types (htmx fills the datalist).
    commune = page.get_by_label("Commune de naissance")
    commune.press_sequentially("renn", delay=30)
    page.wait_for_function(
        "document.querySelectorAll('#id_commune_naissance_propositions option').length > 0"
    )
    assert "35238 Rennes (35)" in page.locator(
        "#id_commune_naissance_propositions option"
    ).first.get_attribute("value")
    commune.fill("35238 Rennes (35)")
    page.get_by_role("button", name="Ouvrir le dossier").click()
    page.wait_for_url("**/jeunes/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "LE BIHAN Maëlys"
    assert violations_graves(page) == []
    fiche = page.url

    page.get_by_role("link", name="Modifier l'identité").click()
    page.locator("#id_situation_familiale").select_option(label="Célibataire")
    page.get_by_label("Enfants à charge").fill("1")
    assert violations_graves(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(fiche)
    assert "Célibataire" in page.locator("main").inner_text()

    # An address typed with the wrong postcode is kept, "introuvable"; corrected and
    # normalised, then changed: the previous one stays, dated.
    page.get_by_role("link", name="Modifier les coordonnées").click()
    page.get_by_label("Numéro et voie").fill("12 rue de Brest")
    page.locator("#id_code_postal").fill("35700")
    page.locator("#id_commune").fill("35238 Rennes (35)")
    page.get_by_label("Téléphone mobile").fill("06 12 34 56 78")
    page.get_by_label("Joignable sur le mobile").check()
    assert violations_graves(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(fiche)
    section = page.locator("section[aria-labelledby=titre-coordonnees]")
    assert "introuvable" in section.inner_text()
    page.get_by_role("link", name="Modifier les coordonnées").click()
    page.locator("#id_code_postal").fill("35000")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(fiche)
    coordonnees = section.inner_text()
    assert "normalisée" in coordonnees
    assert "12 rue de Brest, 35700 Rennes — du" in coordonnees

    page.get_by_role("link", name="Historique des modifications").click()
    lignes = page.locator("tbody tr")
    texte = page.locator("tbody").inner_text()
    assert "situation familiale" in texte
    assert "ouverture du dossier" in texte
    assert texte.count("adresse") >= 2
    assert "Sylvie DEBOUT" in lignes.nth(0).inner_text()

    # From anywhere, the search box of the shell finds the file (accents, any order).
    page.get_by_role("searchbox").fill("maelys le bih")
    page.keyboard.press("Enter")
    page.wait_for_url(fiche)


def test_rendez_vous_convocation_absence_en_rouge_et_situation(
    page, live_server, demo_et_referentiels
):
    """Book from the file, print the convocation (name and date in the PDF), mark absent
    with a motif: red on the timeline; then note a formation without objective."""
    from datetime import timedelta
    from io import BytesIO

    from django.utils import timezone
    from django.utils.formats import date_format
    from pypdf import PdfReader

    from admin_ml.models import Utilisateur
    from referentiels.models import Commune
    from tests.dossiers.factories import AdresseFactory, JeuneFactory

    element("motif_absence", "maladie", "Maladie")
    conseiller = Utilisateur.objects.get(identifiant="s.debout")
    jeune = JeuneFactory(suivi_par=conseiller, prenom="Léa", nom_usage="MARTIN")
    AdresseFactory(
        jeune=jeune, complement="Bâtiment B", commune=Commune.objects.get(code_insee="35238")
    )
    demain = timezone.localdate() + timedelta(days=1)
    se_connecter(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{jeune.get_absolute_url()}")
    fiche = page.url
    page.get_by_role("link", name="Prendre un rendez-vous").click()
    page.get_by_label("Date et heure").fill(f"{demain:%Y-%m-%d}T16:40")
    page.locator("#id_lieu").select_option(index=1)
    page.get_by_label("Objet").fill("Point formation")
    assert violations_graves(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(fiche)
    rendez_vous = page.locator("ul.imilo-liste-rdv li", has_text="Point formation")
    assert f"{demain:%d/%m/%Y} 16:40" in rendez_vous.inner_text()

    with page.expect_download() as telechargement:
        rendez_vous.get_by_role("button", name="Convocation (PDF)").click()
    with open(telechargement.value.path(), "rb") as fichier:
        texte = " ".join(p.extract_text() for p in PdfReader(BytesIO(fichier.read())).pages)
    assert "Léa" in texte and "MARTIN" in texte
    assert date_format(demain, "j F Y") in texte
    assert "16 h 40" in texte

    page.goto(fiche)
    rendez_vous = page.locator("ul.imilo-liste-rdv li", has_text="Point formation")
    rendez_vous.get_by_label("Statut du rendez-vous").select_option("absent")
    rendez_vous.get_by_label("Motif d'absence").select_option(label="Maladie")
    rendez_vous.get_by_role("button", name="Noter").click()
    page.wait_for_url(fiche)
    rouge = page.locator("ol.imilo-frise li.imilo-frise__alerte", has_text="Point formation")
    assert "Rendez-vous absent" in rouge.inner_text()
    assert "Maladie" in rouge.inner_text()
    couleur = rouge.evaluate("e => getComputedStyle(e).color")
    assert couleur.startswith("rgb(") and couleur != "rgb(0, 0, 0)"
    assert violations_graves(page) == []

    page.get_by_label("Nouvelle situation").select_option("formation")
    page.get_by_role("button", name="Noter", exact=True).first.click()
    page.get_by_label("Intitulé").fill("Titre pro Cuisinier")
    page.get_by_label("Organisme de formation").fill("AFPA Rennes")
    page.get_by_label("Début").fill(f"{timezone.localdate():%Y-%m-%d}")
    assert violations_graves(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    # The end date is never blank: refused at the field, what was typed is kept.
    assert "estimez-la" in page.locator("main").inner_text()
    assert page.get_by_label("Intitulé").input_value() == "Titre pro Cuisinier"
    page.locator("#id_fin_prevue").fill(f"{demain + timedelta(days=180):%Y-%m-%d}")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(fiche)
    situations = page.locator("section[aria-labelledby=titre-situations]").inner_text().lower()
    assert "titre pro cuisinier" in situations and "sans objectif" in situations
