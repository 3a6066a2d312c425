import pytest
from django.urls import reverse

from tests.admin_ml.factories import LieuAccueilFactory

pytestmark = pytest.mark.django_db

ADRESSE = {
    "nom": "Antenne de Betton",
    "adresse": "3 place Charles de Gaulle",
    "complement_adresse": "1er étage",
    "code_postal": "35830",
    "commune": "Betton",
    "telephone": "02 99 00 11 22",
}


def url(lieu):
    return reverse("admin_ml:lieu", kwargs={"lieu_id": lieu.pk})


def test_la_direction_modifie_l_adresse_imprimee_sur_les_courriers(client_de, direction):
    lieu = LieuAccueilFactory(structure=direction.structure)
    reponse = client_de(direction).post(url(lieu), ADRESSE)
    assert reponse.status_code == 302
    lieu.refresh_from_db()
    assert lieu.adresse_complete == "3 place Charles de Gaulle, 1er étage, 35830 Betton"
    assert lieu.telephone == "02 99 00 11 22"
    assert lieu.history.latest("history_date").history_user == direction


def test_code_postal_invalide_erreur_a_cote_du_champ(client_de, direction):
    lieu = LieuAccueilFactory(structure=direction.structure, nom="Antenne")
    reponse = client_de(direction).post(url(lieu), {**ADRESSE, "code_postal": "358"})
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["code_postal"] == ["Le code postal comporte 5 chiffres."]
    lieu.refresh_from_db()
    assert lieu.nom == "Antenne"


def test_nom_deja_pris_dans_la_ml_refuse(client_de, direction):
    LieuAccueilFactory(structure=direction.structure, nom="Antenne de Betton")
    lieu = LieuAccueilFactory(structure=direction.structure, nom="Antenne")
    reponse = client_de(direction).post(url(lieu), ADRESSE)
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["nom"] == [
        "Cette mission locale a déjà un lieu d'accueil de ce nom."
    ]


def test_modifier_un_lieu_sans_droit_403_autre_ml_404(client_de, conseiller, direction_autre_ml):
    lieu = LieuAccueilFactory(structure=conseiller.structure, nom="Antenne")
    assert client_de(conseiller).post(url(lieu), ADRESSE).status_code == 403
    assert client_de(direction_autre_ml).post(url(lieu), ADRESSE).status_code == 404
    lieu.refresh_from_db()
    assert lieu.nom == "Antenne"
