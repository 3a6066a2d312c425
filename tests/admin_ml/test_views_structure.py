import pytest
from django.urls import reverse

from imilo.registres import NAVIGATION
from tests.admin_ml.factories import LieuAccueilFactory, UtilisateurFactory
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def test_direction_voit_sa_structure_et_ses_lieux(client_de, direction, ml_b):
    LieuAccueilFactory(structure=direction.structure, nom="Antenne du Nord")
    reponse = client_de(direction).get(reverse("admin_ml:structure"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Antenne du Nord" in contenu
    assert "Siège B" not in contenu


def test_conseiller_sans_droit_recoit_403_en_francais(client_de, conseiller):
    client = client_de(conseiller)
    for nom in ("admin_ml:structure", "admin_ml:utilisateurs"):
        reponse = client.get(reverse(nom))
        assert reponse.status_code == 403
        assert "Accès refusé" in reponse.content.decode()


def test_403_sur_un_objet_de_sa_propre_ml_sans_le_droit(client_de, conseiller):
    lieu = LieuAccueilFactory(structure=conseiller.structure)
    client = client_de(conseiller)
    reponse = client.get(reverse("admin_ml:lieu", kwargs={"lieu_id": lieu.pk}))
    assert reponse.status_code == 403
    fiche = reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": conseiller.pk})
    assert client.get(fiche).status_code == 403


def test_utilisateur_d_une_autre_ml_repond_404(client_de, direction, conseiller_autre_ml):
    url = reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": conseiller_autre_ml.pk})
    assert client_de(direction).get(url).status_code == 404


def test_lieu_d_une_autre_ml_repond_404_comme_un_lieu_inexistant(client_de, direction, ml_b):
    lieu_b = LieuAccueilFactory(structure=ml_b)
    client = client_de(direction)
    autre = client.get(reverse("admin_ml:lieu", kwargs={"lieu_id": lieu_b.pk}))
    inexistant = client.get(reverse("admin_ml:lieu", kwargs={"lieu_id": 999_999_999}))
    assert autre.status_code == inexistant.status_code == 404

    def contenu_principal(reponse):
        return reponse.content.decode().split('<main id="contenu"')[1].split("</main>")[0]

    assert contenu_principal(autre) == contenu_principal(inexistant)


def test_liste_des_utilisateurs_de_sa_ml_seulement(client_de, direction, conseiller_autre_ml):
    UtilisateurFactory(structure=direction.structure, nom="ACTIF", identifiant="a.actif")
    UtilisateurFactory(structure=direction.structure, nom="PARTI", desactive=True)
    client = client_de(direction)
    contenu = client.get(reverse("admin_ml:utilisateurs")).content.decode()
    assert "ACTIF" in contenu
    assert "PARTI" not in contenu
    assert conseiller_autre_ml.identifiant not in contenu
    tous = client.get(reverse("admin_ml:utilisateurs"), {"etat": "tous"}).content.decode()
    assert "PARTI" in tous


def test_fiche_utilisateur(client_de, direction):
    autre = UtilisateurFactory(structure=direction.structure, validateur=True)
    reponse = client_de(direction).get(
        reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": autre.pk})
    )
    assert reponse.status_code == 200
    assert autre.identifiant in reponse.content.decode()
    assert "validateur" in reponse.content.decode()


def test_navigation_suit_les_droits(client_de, conseiller, direction):
    """Each entry shows exactly to who has its right (the entries other apps add included)."""
    for utilisateur in (conseiller, direction):
        navigation = client_de(utilisateur).get(reverse("accueil")).context["navigation"]
        attendues = [
            entree.libelle
            for entree in NAVIGATION
            if entree.droit is None or utilisateur.a_le_droit(entree.droit)
        ]
        assert [entree["libelle"] for entree in navigation] == attendues
        assert navigation[0]["actif"] is True
    libelles = {
        entree["libelle"] for entree in client_de(conseiller).get("/").context["navigation"]
    }
    assert {"Jeunes", "Agenda"} <= libelles
    assert not {"Ma structure", "Utilisateurs"} & libelles
    direction_voit = {e["libelle"] for e in client_de(direction).get("/").context["navigation"]}
    assert {"Ma structure", "Utilisateurs"} <= direction_voit


@pytest.mark.parametrize("nombre", [1, 25])
def test_requetes_liste_utilisateurs_constantes(
    client_de, direction, django_assert_num_queries, nombre
):
    UtilisateurFactory.create_batch(nombre, structure=direction.structure)
    client = client_de(direction)
    # + 1: the users with their profile (select_related).
    with django_assert_num_queries(SESSION + 1):
        assert client.get(reverse("admin_ml:utilisateurs")).status_code == 200


@pytest.mark.parametrize("nombre", [1, 10])
def test_requetes_structure_constantes(client_de, direction, django_assert_num_queries, nombre):
    LieuAccueilFactory.create_batch(nombre, structure=direction.structure)
    client = client_de(direction)
    # + 2: the region of the ML, the list of sites.
    with django_assert_num_queries(SESSION + 2):
        assert client.get(reverse("admin_ml:structure")).status_code == 200


def test_requetes_fiches(client_de, direction, django_assert_num_queries):
    client = client_de(direction)
    lieu = direction.structure.lieux.first()
    # + 1 each: the object, fetched through the ML's scope (with its profile for a user).
    with django_assert_num_queries(SESSION + 1):
        client.get(reverse("admin_ml:lieu", kwargs={"lieu_id": lieu.pk}))
    # The user page also lists the profiles to choose from and the account's history
    # (tests/admin_ml/test_utilisateurs_pages.py checks it does not grow with the history).
    with django_assert_num_queries(SESSION + 3):
        client.get(reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": direction.pk}))
    with django_assert_num_queries(SESSION):
        client.get(reverse("compte"))
