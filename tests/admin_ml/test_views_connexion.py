import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.admin_ml.factories import MOT_DE_PASSE, UtilisateurFactory

pytestmark = pytest.mark.django_db


def se_connecter(client, identifiant, mot_de_passe=MOT_DE_PASSE):
    return client.post(reverse("connexion"), {"username": identifiant, "password": mot_de_passe})


def test_connexion_par_identifiant_quelle_que_soit_la_casse(client, conseiller):
    reponse = se_connecter(client, "C.Conseil")
    assert reponse.status_code == 302
    assert reponse.url == reverse("accueil")
    page = client.get(reverse("accueil"))
    assert page.status_code == 200
    assert conseiller.structure.nom in page.content.decode()


def test_mauvais_mot_de_passe_message_en_francais_et_identifiant_conserve(client, conseiller):
    reponse = se_connecter(client, "c.conseil", "pas-le-bon-mot-de-passe")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Identifiant ou mot de passe incorrect" in contenu
    assert 'value="c.conseil"' in contenu


def test_compte_desactive_ne_peut_pas_se_connecter(client, ml_a):
    UtilisateurFactory(structure=ml_a, identifiant="x.parti", desactive=True)
    reponse = se_connecter(client, "x.parti")
    assert reponse.status_code == 200
    assert "_auth_user_id" not in client.session


def test_deconnexion_en_post_revient_a_la_connexion(client_de, conseiller):
    client = client_de(conseiller)
    reponse = client.post(reverse("deconnexion"))
    assert reponse.status_code == 302
    assert reponse.url == reverse("connexion")
    assert client.get(reverse("accueil")).status_code == 302


def test_verrouillage_apres_echecs_repetes(client, conseiller, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert se_connecter(client, "c.conseil", "faux-mot-de-passe").status_code == 200
    reponse = se_connecter(client, "c.conseil", "faux-mot-de-passe")
    assert reponse.status_code == 429
    assert "Connexion temporairement bloquée" in reponse.content.decode()
    # Even the right password is refused while locked.
    assert se_connecter(client, "c.conseil").status_code == 429
    assert "_auth_user_id" not in client.session


def test_mot_de_passe_oublie_envoie_un_lien_qui_fonctionne(
    client, conseiller, django_capture_on_commit_callbacks
):
    # The email is sent by a task queued on commit.
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("mot_de_passe_oublie"), {"email": conseiller.email})
    assert reponse.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [conseiller.email]
    assert "nouveau mot de passe" in message.subject
    lien = re.search(r"http://testserver(/mot-de-passe/reinitialiser/\S+)", message.body)[1]
    formulaire = client.get(lien, follow=True)
    assert formulaire.status_code == 200
    nouveau = "Un-nouveau-mot-de-passe-solide"
    reponse = client.post(
        formulaire.redirect_chain[-1][0],
        {"new_password1": nouveau, "new_password2": nouveau},
    )
    assert reponse.status_code == 302
    conseiller.refresh_from_db()
    assert conseiller.check_password(nouveau)


def test_mot_de_passe_oublie_ne_revele_pas_si_le_compte_existe(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("mot_de_passe_oublie"), {"email": "inconnu@example.org"})
    assert reponse.status_code == 302
    assert mail.outbox == []


def test_mot_de_passe_de_moins_de_12_caracteres_refuse(client_de, conseiller):
    client = client_de(conseiller)
    reponse = client.post(
        reverse("mot_de_passe_changer"),
        {"old_password": MOT_DE_PASSE, "new_password1": "Court-1a", "new_password2": "Court-1a"},
    )
    assert reponse.status_code == 200
    assert "au minimum 12 caractères" in reponse.content.decode()
    conseiller.refresh_from_db()
    assert conseiller.check_password(MOT_DE_PASSE)


def test_changement_de_mot_de_passe(client_de, conseiller):
    client = client_de(conseiller)
    nouveau = "Encore-un-mot-de-passe-sur"
    reponse = client.post(
        reverse("mot_de_passe_changer"),
        {"old_password": MOT_DE_PASSE, "new_password1": nouveau, "new_password2": nouveau},
    )
    assert reponse.status_code == 302
    conseiller.refresh_from_db()
    assert conseiller.check_password(nouveau)


def test_adresse_du_client_pour_le_verrouillage(rf, settings):
    from admin_ml.backends import adresse_ip

    requete = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.7", REMOTE_ADDR="10.0.0.1")
    # Without a proxy of ours, the header is anyone's to forge: ignored.
    settings.BEHIND_PROXY = False
    assert adresse_ip(requete) == "10.0.0.1"
    # Behind our proxy, the last hop is the one it added.
    settings.BEHIND_PROXY = True
    assert adresse_ip(requete) == "10.0.0.7"
