"""Every page of the users' portal is reserved to who has the right (403) and confined to
the user's ML (404, exactly like a missing object)."""

import pytest
from django.urls import reverse

from tests.admin_ml.factories import ProfilFactory, UtilisateurFactory
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


SANS_PARAMETRE = [
    "admin_ml:utilisateurs",
    "admin_ml:utilisateur_creer",
    "admin_ml:utilisateur_recuperer",
    "admin_ml:transferts",
    "admin_ml:profils",
    "admin_ml:profil_creer",
    "admin_ml:facturation",
    "admin_ml:facturation_csv",
    "admin_ml:facturation_pdf",
]
PAR_UTILISATEUR = [
    "admin_ml:utilisateur",
    "admin_ml:utilisateur_nom",
    "admin_ml:utilisateur_desactiver",
    "admin_ml:utilisateur_reactiver",
    "admin_ml:utilisateur_desabonner",
]


def urls_du_portail(utilisateur, profil):
    yield from (reverse(nom) for nom in SANS_PARAMETRE)
    yield from (reverse(nom, kwargs={"utilisateur_id": utilisateur.pk}) for nom in PAR_UTILISATEUR)
    yield reverse("admin_ml:profil", kwargs={"profil_id": profil.pk})


@pytest.fixture
def profil_ml_a(ml_a):
    return ProfilFactory(structure=ml_a, code="propre", nom="Profil propre")


@pytest.mark.parametrize("persona", ["conseiller", "accueil", "validateur"])
def test_pages_du_portail_reservees_a_qui_a_le_droit(
    client_de, request, ml_a, profil_ml_a, persona
):
    membre = request.getfixturevalue(persona)
    cible = UtilisateurFactory(structure=ml_a, nom="CIBLE")
    client = client_de(membre)
    for url in urls_du_portail(cible, profil_ml_a):
        assert client.post(url).status_code == 403, url
        # A POST-only action answers 405 to a GET, before anything else (house pattern).
        attendu = 405 if url.endswith(("/reactiver/", "/recuperer/")) else 403
        assert client.get(url).status_code == attendu, url
    cible.refresh_from_db()
    assert cible.is_active and cible.nom == "CIBLE"


def test_l_administrateur_ml_a_le_droit(client_de, ml_a, profil_ml_a, conseiller):
    administrateur = UtilisateurFactory(structure=ml_a, administrateur=True)
    client = client_de(administrateur)
    for url in urls_du_portail(conseiller, profil_ml_a):
        if "reactiver" in url or "recuperer" in url:
            continue  # POST only
        assert client.get(url).status_code == 200, url


def test_autre_ml_404_comme_un_objet_absent(client_de, direction_autre_ml, conseiller, profil_ml_a):
    client = client_de(direction_autre_ml)
    for nom in PAR_UTILISATEUR:
        for identifiant in (conseiller.pk, 999_999_999):
            url = reverse(nom, kwargs={"utilisateur_id": identifiant})
            assert client.get(url).status_code in (404, 405), url
            assert client.post(url).status_code == 404, url
    for identifiant in (profil_ml_a.pk, 999_999_999):
        url = reverse("admin_ml:profil", kwargs={"profil_id": identifiant})
        assert client.get(url).status_code == 404
    conseiller.refresh_from_db()
    assert conseiller.is_active


def test_listes_ne_montrent_que_sa_ml(client_de, direction, conseiller_autre_ml, profil_ml_a):
    client = client_de(direction)
    for nom in ("admin_ml:utilisateurs", "admin_ml:facturation", "admin_ml:profils"):
        contenu = client.get(reverse(nom)).content.decode()
        assert conseiller_autre_ml.identifiant not in contenu, nom


def test_liste_classee_par_date_de_naissance(client_de, direction, ml_a):
    from datetime import date

    UtilisateurFactory(structure=ml_a, nom="JEUNE", date_naissance=date(1999, 1, 1))
    UtilisateurFactory(structure=ml_a, nom="RETRAITE", date_naissance=date(1958, 1, 1))
    reponse = client_de(direction).get(reverse("admin_ml:utilisateurs"), {"tri": "naissance"})
    noms = [u.nom for u in reponse.context["utilisateurs"]]
    assert noms[0] == "RETRAITE"
    assert noms.index("RETRAITE") < noms.index("JEUNE")


@pytest.mark.parametrize("nombre", [1, 25])
def test_requetes_liste_utilisateurs_constantes_tous_et_par_naissance(
    client_de, direction, django_assert_num_queries, nombre
):
    UtilisateurFactory.create_batch(nombre, structure=direction.structure)
    UtilisateurFactory.create_batch(nombre, structure=direction.structure, desactive=True)
    client = client_de(direction)
    # + 1: the users with their profile (select_related).
    with django_assert_num_queries(SESSION + 1):
        reponse = client.get(reverse("admin_ml:utilisateurs"), {"etat": "tous", "tri": "naissance"})
    assert len(reponse.context["utilisateurs"]) == 2 * nombre + 1
