"""History records the author of a change, whatever made it: request, task or command."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from admin_ml.models import LieuAccueil, Utilisateur
from imilo.celery import app
from imilo.taches import TacheImilo, mettre_en_file

pytestmark = pytest.mark.django_db


@app.task(base=TacheImilo, name="tests.renommer_lieu")
def renommer_lieu(lieu_id: int, nom: str) -> None:
    lieu = LieuAccueil.objects.get(pk=lieu_id)
    lieu.nom = nom
    lieu.save()


def test_auteur_d_une_modification_par_requete(client_de, conseiller):
    client = client_de(conseiller)
    reponse = client.post(
        reverse("mot_de_passe_changer"),
        {
            "old_password": "Mot-de-passe-de-test-1",
            "new_password1": "Un-autre-mot-de-passe-long",
            "new_password2": "Un-autre-mot-de-passe-long",
        },
    )
    assert reponse.status_code == 302
    derniere = Utilisateur.history.filter(id=conseiller.pk).latest("history_date")
    assert derniere.history_user == conseiller
    assert derniere.history_origine == "web"


def test_auteur_d_une_modification_par_tache(conseiller, django_capture_on_commit_callbacks):
    lieu = conseiller.structure.lieux.get()
    with django_capture_on_commit_callbacks(execute=True):
        mettre_en_file(renommer_lieu, lieu.pk, "Siège rénové", par=conseiller)
    derniere = lieu.history.latest("history_date")
    assert derniere.nom == "Siège rénové"
    assert derniere.history_user == conseiller
    assert derniere.history_origine == "tâche tests.renommer_lieu"


def test_auteur_d_une_modification_par_commande(direction, settings):
    call_command("donnees_demo", forcer=True, par=direction.identifiant, stdout=None)
    cree = Utilisateur.history.filter(identifiant="s.debout").earliest("history_date")
    assert cree.history_user == direction
    assert cree.history_origine == "commande donnees_demo"


def test_commande_sans_auteur_dit_quand_meme_son_origine(db):
    call_command("donnees_demo", forcer=True, stdout=None)
    cree = Utilisateur.history.filter(identifiant="s.debout").earliest("history_date")
    assert cree.history_user is None
    assert cree.history_origine == "commande donnees_demo"


def test_mot_de_passe_absent_de_l_historique():
    champs = {champ.name for champ in Utilisateur.history.model._meta.get_fields()}
    assert "password" not in champs
    assert "last_login" not in champs
