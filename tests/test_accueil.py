import pytest
from django.urls import reverse

from tests.admin_ml.factories import LieuAccueilFactory
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def test_accueil_montre_la_ml_et_ses_lieux_seulement(client_de, conseiller, ml_b):
    reponse = client_de(conseiller).get(reverse("accueil"))
    contenu = reponse.content.decode()
    assert f"Bonjour {conseiller.prenom}" in contenu
    assert "Mission Locale A" in contenu
    assert "Siège A" in contenu
    assert "Mission Locale B" not in contenu
    assert "Siège B" not in contenu


@pytest.mark.parametrize("nombre", [0, 12])
def test_requetes_accueil_constantes(client_de, conseiller, django_assert_num_queries, nombre):
    LieuAccueilFactory.create_batch(nombre, structure=conseiller.structure)
    client = client_de(conseiller)
    # + 3 the widgets of the youth file (today's appointments, absences to follow up,
    # data-entry alerts in one aggregate), + 1 the dispositifs' alerts (one aggregate), + 1
    # the counsellor's sessions of the week (offres), + 1 the active sites.
    with django_assert_num_queries(SESSION + 6):
        assert client.get(reverse("accueil")).status_code == 200


def test_pages_d_erreur_dans_la_coquille(client_de, conseiller):
    reponse = client_de(conseiller).get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    contenu = reponse.content.decode()
    assert "Page introuvable" in contenu
    assert "Mission Locale A" in contenu


def test_page_500_en_francais(rf, conseiller):
    from imilo.views import erreur_serveur

    requete = rf.get("/")
    requete.user = conseiller
    requete.structure = conseiller.structure
    reponse = erreur_serveur(requete)
    assert reponse.status_code == 500
    assert "Erreur inattendue" in reponse.content.decode()


def test_sante_publique(client, db):
    reponse = client.get(reverse("sante"))
    assert reponse.status_code == 200
    assert reponse.content == b"ok"


def test_entetes_de_securite(client_de, conseiller):
    reponse = client_de(conseiller).get(reverse("accueil"))
    directives = {d.strip() for d in reponse.headers["Content-Security-Policy"].split(";")}
    assert "script-src 'self'" in directives
    assert "frame-ancestors 'none'" in directives
    assert not any("unsafe-inline" in d for d in directives)
    assert reponse.headers["X-Frame-Options"] == "DENY"
