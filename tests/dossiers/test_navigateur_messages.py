"""Writing to a young person and the ML's templates, in the system Chromium."""

import pytest

from dossiers.models import Message
from tests.admin_ml.factories import MOT_DE_PASSE
from tests.dossiers.donnees import rendez_vous_demain
from tests.dossiers.factories import JeuneFactory
from tests.navigateur import se_connecter, violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # The PDF of a letter is downloaded.
    return {**browser_context_args, "accept_downloads": True}


def test_ecrire_un_sms_depuis_un_modele_puis_le_retrouver(page, live_server, conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True)
    rendez_vous_demain(jeune, conseiller)
    se_connecter(page, live_server, identifiant=conseiller.identifiant, mot_de_passe=MOT_DE_PASSE)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/jeunes/{jeune.pk}/messages/ecrire/")
    assert violations_graves(page) == []
    page.locator("#id_modele").select_option(label="Rappel de rendez-vous par SMS (SMS)")
    page.locator("#id_rendez_vous").select_option(index=1)
    page.get_by_role("button", name="Reprendre le modèle").click()
    texte = page.locator("#id_contenu")
    assert "rappel de votre rendez-vous" in texte.input_value()
    texte.fill(texte.input_value() + " Merci !")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url(f"**/jeunes/{jeune.pk}/messages/")
    assert "Le SMS est en file d'envoi" in page.locator("main").inner_text()
    assert violations_graves(page) == []
    assert Message.objects.get().contenu.endswith("Merci !")


def test_convocation_telechargee_depuis_l_ecriture_d_un_courrier(page, live_server, conseiller):
    jeune = JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True)
    se_connecter(page, live_server, identifiant=conseiller.identifiant, mot_de_passe=MOT_DE_PASSE)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/jeunes/{jeune.pk}/messages/ecrire/")
    page.locator("#id_canal").select_option("courrier")
    page.locator("#id_contenu").fill("Merci de passer signer votre contrat.")
    with page.expect_download() as telechargement:
        page.get_by_role("button", name="Envoyer").click()
    assert telechargement.value.suggested_filename.startswith("courrier-dupont-")
    assert Message.objects.get().statut == "imprime"


def test_modeles_de_message_accessibles(page, live_server, direction):
    se_connecter(page, live_server, identifiant=direction.identifiant, mot_de_passe=MOT_DE_PASSE)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Ma structure").click()
    page.get_by_role("link", name="Modèles de courrier, de SMS et de courriel").click()
    assert violations_graves(page) == []
    page.get_by_role("link", name="Rappel de rendez-vous par SMS").click()
    page.get_by_label("Texte").fill("Bonjour {prenom}, rendez-vous le {jour}.")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Champ inconnu : {jour}" in page.locator("main").inner_text()
    assert violations_graves(page) == []
