"""The SMS backends (dossiers/messagerie.py): a file per SMS, and the provider's HTTP API
through its real class (SmsHttp) and real transport, against a stand-in on the loopback."""

import json

import pytest
from django.urls import reverse

from dossiers import messagerie
from dossiers.messagerie import EnvoiImpossible
from dossiers.models import Message
from tests.dossiers.donnees import envoyer_sms
from tests.dossiers.factories import MOBILE
from tests.http_local import url_sans_serveur
from tests.processus import demarrer

pytestmark = pytest.mark.django_db


@pytest.fixture
def fournisseur_http(settings, serveur_http):
    """The SMS provider's API, stood in for on the loopback; it accepts by default."""
    serveur_http.repondre(reponse={"id": "prov-42"})
    settings.SMS_BACKEND = "dossiers.messagerie.SmsHttp"
    settings.SMS_API_URL = f"{serveur_http.url}/sms"
    settings.SMS_API_TOKEN = "jeton-secret"
    settings.SMS_API_TIMEOUT = 2
    return serveur_http


def test_backend_fichier_ecrit_un_sms_par_fichier(
    jeune_joignable, conseiller, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "dossiers.messagerie.SmsFichier"
    settings.SMS_DOSSIER = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        message = envoyer_sms(jeune_joignable, conseiller, contenu="Bonjour Chloé")
    (fichier,) = tmp_path.iterdir()
    contenu = json.loads(fichier.read_text(encoding="utf-8"))
    assert contenu["numero"] == MOBILE and contenu["texte"] == "Bonjour Chloé"
    message.refresh_from_db()
    assert message.identifiant_fournisseur == fichier.name


def test_fournisseur_http_recoit_le_sms_et_rend_son_identifiant(
    jeune_joignable, conseiller, fournisseur_http, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = envoyer_sms(jeune_joignable, conseiller, contenu="Bonjour")
    (requete,) = fournisseur_http.recues
    entetes, corps = requete.entetes, requete.json()
    assert entetes["Authorization"] == "Bearer jeton-secret"
    assert entetes["Idempotency-Key"] == f"imilo-{message.pk}"
    assert corps == {
        "destinataire": MOBILE,
        "expediteur": "MissionLoc",
        "texte": "Bonjour",
        "reference": f"imilo-{message.pk}",
    }
    message.refresh_from_db()
    assert (message.statut, message.identifiant_fournisseur) == ("envoye", "prov-42")


def test_refus_du_fournisseur_note_en_echec_sans_casser_la_page(
    client_de,
    jeune_joignable,
    conseiller,
    rdv,
    fournisseur_http,
    django_capture_on_commit_callbacks,
):
    fournisseur_http.repondre(422, {"erreur": "numéro inconnu"})
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_de(conseiller).post(
            reverse(
                "dossiers:rappel_sms",
                kwargs={"jeune_id": jeune_joignable.pk, "rendez_vous_id": rdv.pk},
            )
        )
    assert reponse.status_code == 302
    message = Message.objects.get()
    assert message.statut == "echec"
    assert "HTTP 422" in message.detail_statut and "numéro inconnu" in message.detail_statut


def test_fournisseur_injoignable_note_en_echec(jeune_joignable, conseiller, settings):
    settings.SMS_BACKEND = "dossiers.messagerie.SmsHttp"
    # A port nobody listens on.
    settings.SMS_API_URL = f"{url_sans_serveur()}/sms"
    with pytest.raises(EnvoiImpossible, match="ne répond pas"):
        messagerie.SmsHttp().envoyer(numero=MOBILE, texte="Bonjour", reference="imilo-1")


def test_reglages_sms_invalides_refusent_le_demarrage():
    sans_adresse = demarrer(DEBUG="true", SMS_BACKEND="dossiers.messagerie.SmsHttp")
    assert sans_adresse.returncode != 0 and "SMS_API_URL" in sans_adresse.stderr
    expediteur = demarrer(DEBUG="true", SMS_EXPEDITEUR="Mission Locale")
    assert expediteur.returncode != 0 and "SMS_EXPEDITEUR" in expediteur.stderr
    complet = demarrer(
        DEBUG="true",
        SMS_BACKEND="dossiers.messagerie.SmsHttp",
        SMS_API_URL="https://sms.example.org/v1/messages",
        SMS_API_TOKEN="jeton",
    )
    assert complet.returncode == 0, complet.stderr


def test_fournisseur_http_recoit_un_post_json_a_l_adresse_des_reglages(fournisseur_http):
    identifiant = messagerie.SmsHttp().envoyer(
        numero=MOBILE, texte="Rendez-vous demain 14 h 30", reference="imilo-7"
    )
    assert identifiant == "prov-42"
    (requete,) = fournisseur_http.recues
    assert (requete.methode, requete.chemin) == ("POST", "/sms")
    assert requete.entetes["Content-Type"] == "application/json"
    assert requete.entetes["Accept"] == "application/json"
    assert requete.json()["texte"] == "Rendez-vous demain 14 h 30"


@pytest.mark.parametrize("statut", [500, 503])
def test_fournisseur_en_erreur_5xx_envoi_impossible_avec_le_code(fournisseur_http, statut):
    fournisseur_http.repondre(statut, b"")
    with pytest.raises(EnvoiImpossible, match=rf"refuse l'envoi \(HTTP {statut}\)\.$"):
        messagerie.SmsHttp().envoyer(numero=MOBILE, texte="Bonjour", reference="imilo-1")


def test_fournisseur_qui_ne_repond_pas_dans_le_delai_note_en_echec(
    jeune_joignable, conseiller, settings, fournisseur_http, django_capture_on_commit_callbacks
):
    settings.SMS_API_TIMEOUT = 0.2
    fournisseur_http.repondre(reponse={"id": "trop-tard"}, delai=5)
    with django_capture_on_commit_callbacks(execute=True):
        message = envoyer_sms(jeune_joignable, conseiller)
    message.refresh_from_db()
    assert message.statut == "echec"
    assert "ne répond pas" in message.detail_statut
    assert message.identifiant_fournisseur == ""


def test_reponse_illisible_du_fournisseur_envoi_impossible(fournisseur_http):
    fournisseur_http.repondre(reponse=["prov-42"])
    with pytest.raises(EnvoiImpossible, match="Réponse illisible"):
        messagerie.SmsHttp().envoyer(numero=MOBILE, texte="Bonjour", reference="imilo-1")
