from datetime import date

import pytest
from django.urls import reverse

from dossiers.models import AccesDossier, Jeune
from dossiers.services import jeune_justifier_identite
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import CommuneFactory, element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def url(nom, jeune=None):
    return reverse(f"dossiers:{nom}", kwargs={"jeune_id": jeune.pk} if jeune else None)


def test_sans_le_droit_403_partout(client_de, sans_droit, jeune_avec_nir):
    client = client_de(sans_droit)
    for adresse in (
        url("liste"),
        url("ouvrir"),
        url("fiche", jeune_avec_nir),
        url("identite", jeune_avec_nir),
    ):
        assert client.get(adresse).status_code == 403, adresse
    assert client.post(url("certifier_nir", jeune_avec_nir)).status_code == 403
    assert "Jeunes" not in [e["libelle"] for e in client.get("/").context["navigation"]]


def test_accueil_consulte_mais_ne_modifie_pas(client_de, accueil, jeune_avec_nir):
    client = client_de(accueil)
    fiche = client.get(url("fiche", jeune_avec_nir))
    assert fiche.status_code == 200
    # No right to see the NIR: masked.
    assert "205033523800156" not in fiche.content.decode()
    assert "(masqué)" in fiche.content.decode()
    assert client.get(url("identite", jeune_avec_nir)).status_code == 403


def test_dossier_d_une_autre_ml_404(client_de, conseiller_autre_ml, jeune_avec_nir):
    client = client_de(conseiller_autre_ml)
    assert client.get(url("fiche", jeune_avec_nir)).status_code == 404
    assert client.get(url("liste"), {"q": "dupont"}).context["page"].paginator.count == 0


def test_ouvrir_la_fiche_est_journalise(client_de, conseiller, jeune_avec_nir):
    reponse = client_de(conseiller).get(url("fiche", jeune_avec_nir))
    assert reponse.status_code == 200
    assert "205033523800156" in reponse.content.decode()
    acces = AccesDossier.objects.get()
    assert (acces.jeune, acces.utilisateur) == (jeune_avec_nir, conseiller)


def test_recherche_un_seul_resultat_ouvre_le_dossier(client_de, conseiller, jeune_avec_nir):
    JeuneFactory(structure=conseiller.structure, nom_usage="DURAND")
    client = client_de(conseiller)
    reponse = client.get(url("liste"), {"q": "chloe dup"})
    assert reponse.status_code == 302
    assert reponse.url == url("fiche", jeune_avec_nir)
    assert client.get(url("liste"), {"q": "d"}).context["page"].paginator.count == 2


@pytest.mark.parametrize("nombre", [1, 20])
def test_requetes_liste_constantes(client_de, conseiller, django_assert_num_queries, nombre):
    JeuneFactory.create_batch(nombre, suivi_par=conseiller)
    client = client_de(conseiller)
    # + 2: the count of the paginator, the page of files with conseiller and lieu;
    # + 4: the counsellors, sites, types of dispositif and offres de service of the
    # criteria form; + 1: the size of Ma liste.
    with django_assert_num_queries(SESSION + 7):
        assert client.get(url("liste")).status_code == 200


@pytest.mark.parametrize("nombre", [1, 20])
def test_requetes_fiche_constantes(
    client_de, conseiller, jeune_avec_nir, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        jeune_justifier_identite(
            jeune=jeune_avec_nir, par=conseiller, piece=element("piece_identite", "1")
        )
    client = client_de(conseiller)
    # + 1 the file with its relations, + 1 its justifications with piece and author,
    # + 1 its addresses with commune and EPCI, + 3 resources, means of transport and
    # licences (each with its element), + 2 appointments and events (with counsellor,
    # motif, author, contexte), + 1 demands and proposals, + 2 situations (with their
    # elements and métier) and cursus, + 1 the messages (timeline and Messages section),
    # + 2 the dispositifs section (dispositifs, automatic actions), + 2 the offres section
    # (enrolments, mises en relation; shared with the timeline), + 1 the last
    # documents, + 1 the access log
    # row. (A file not yet justified adds the pieces of the
    # justification form, one with appointments to mark the motifs of absence: one more
    # each, whatever the rows.)
    with django_assert_num_queries(SESSION + 18):
        assert client.get(url("fiche", jeune_avec_nir)).status_code == 200


def _ouverture(commune, **champs):
    return {
        "prenom": "Chloé",
        "nom_usage": "Durand",
        "date_naissance": "2005-03-14",
        "sexe": "2",
        "commune_naissance": f"{commune.code_insee} {commune.nom}",
        **champs,
    }


def test_ouvrir_montre_les_doublons_puis_confirme(client_de, conseiller):
    existant = JeuneFactory(
        structure=conseiller.structure,
        prenom="Chloé",
        nom_usage="DUPONT",
        nom_naissance="DURAND",
        date_naissance=date(2005, 3, 14),
    )
    commune = CommuneFactory(nom="Rennes")
    client = client_de(conseiller)
    reponse = client.post(url("ouvrir"), _ouverture(commune))
    assert reponse.status_code == 200
    assert reponse.context["doublons"] == [existant]
    assert Jeune.objects.count() == 1
    # What was typed is still there, with the confirmation armed.
    assert reponse.context["form"]["nom_usage"].value() == "Durand"
    empreinte = reponse.context["form"]["confirmer_nouveau"].value()
    assert empreinte == "CHLOE|DURAND||2005-03-14"
    # A confirmation given for other names does not hold.
    autre = client.post(
        url("ouvrir"),
        _ouverture(commune, nom_usage="Dupont", confirmer_nouveau=empreinte),
    )
    assert autre.context["doublons"] == [existant]
    reponse = client.post(url("ouvrir"), _ouverture(commune, confirmer_nouveau=empreinte))
    nouveau = Jeune.objects.exclude(pk=existant.pk).get()
    assert reponse.url == url("fiche", nouveau)
    assert nouveau.nom_usage == "DURAND"
    assert nouveau.created_by == conseiller


def test_ouvrir_erreur_a_cote_du_champ_et_saisie_conservee(client_de, conseiller):
    commune = CommuneFactory()
    reponse = client_de(conseiller).post(
        url("ouvrir"), _ouverture(commune, ne_etranger="on", commune_naissance="")
    )
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["pays_naissance"] == [
        "Né à l'étranger : indiquez le pays de naissance."
    ]
    assert 'value="Chloé"' in reponse.content.decode()


def test_commune_ambigue_message_clair(client_de, conseiller):
    from tests.referentiels.factories import DepartementFactory

    CommuneFactory(nom="Saint-Pierre")
    CommuneFactory(nom="Saint-Pierre", departement=DepartementFactory(code="974", nom="Réunion"))
    reponse = client_de(conseiller).post(
        url("ouvrir"), {**_ouverture(CommuneFactory()), "commune_naissance": "saint pierre"}
    )
    assert (
        "Plusieurs communes correspondent" in reponse.context["form"].errors["commune_naissance"][0]
    )


def test_modifier_l_identite_justifiee_sans_piece_refuse_a_cote_du_champ(
    client_de, conseiller, jeune_avec_nir
):
    jeune_justifier_identite(
        jeune=jeune_avec_nir, par=conseiller, piece=element("piece_identite", "1")
    )
    client = client_de(conseiller)
    donnees = {
        "prenom": "Chloée",
        "nom_usage": "DUPONT",
        "date_naissance": "2005-03-14",
        "sexe": "2",
        "commune_naissance": jeune_avec_nir.commune_naissance_id,
        "enfants_a_charge": "0",
        "nir": "205033523800156",
    }
    reponse = client.post(url("identite", jeune_avec_nir), donnees)
    assert reponse.status_code == 200
    assert "indiquez la pièce présentée" in reponse.context["form"].errors["piece"][0]
    assert 'value="Chloée"' in reponse.content.decode()
    piece = element("piece_identite", "2")
    reponse = client.post(url("identite", jeune_avec_nir), {**donnees, "piece": piece.pk})
    assert reponse.status_code == 302
    jeune_avec_nir.refresh_from_db()
    assert jeune_avec_nir.prenom == "Chloée"


def test_historique_montre_les_modifications_et_leur_auteur(client_de, conseiller, jeune_avec_nir):
    client = client_de(conseiller)
    client.post(
        url("identite", jeune_avec_nir),
        {
            "prenom": "Chloé",
            "nom_usage": "DUPONT",
            "date_naissance": "2005-03-14",
            "sexe": "2",
            "commune_naissance": jeune_avec_nir.commune_naissance_id,
            "enfants_a_charge": "2",
            "nir": "205033523800156",
        },
    )
    reponse = client.get(url("historique", jeune_avec_nir))
    lignes = reponse.context["lignes"]
    assert lignes[0]["version"].history_user == conseiller
    assert "enfants à charge" in lignes[0]["changements"]


def test_certifier_le_nir(client_de, conseiller, jeune_avec_nir):
    reponse = client_de(conseiller).post(url("certifier_nir", jeune_avec_nir))
    assert reponse.status_code == 302
    jeune_avec_nir.refresh_from_db()
    assert jeune_avec_nir.nir_certifie


def test_propositions_de_communes(client_de, conseiller):
    for n in range(12):
        CommuneFactory(nom=f"Saint-Malo {n}")
    reponse = client_de(conseiller).get(reverse("referentiels:communes"), {"x": "st malo"})
    assert reponse.content.decode().count("<option") == 10


def test_confirmer_la_situation_familiale(client_de, conseiller, jeune_avec_nir):
    client_de(conseiller).post(url("confirmer_situation", jeune_avec_nir))
    jeune_avec_nir.refresh_from_db()
    assert jeune_avec_nir.situation_familiale_confirmee_le is not None


@pytest.mark.parametrize("nombre", [1, 20])
def test_requetes_historique_constantes(
    client_de, conseiller, jeune_avec_nir, django_assert_num_queries, nombre
):
    from dossiers.services import jeune_modifier, ressource_ajouter

    for rang in range(nombre):
        jeune_modifier(jeune=jeune_avec_nir, par=conseiller, enfants_a_charge=rang % 3)
        ressource_ajouter(
            jeune=jeune_avec_nir,
            par=conseiller,
            type=element("type_ressource", "salaire"),
            montant=rang,
            debut=date(2026, 1, 1),
        )
    client = client_de(conseiller)
    # + 1 the file, + 13 one query per historised model.
    with django_assert_num_queries(SESSION + 14):
        reponse = client.get(url("historique", jeune_avec_nir))
    lignes = reponse.context["lignes"]
    assert {ligne["objet"] for ligne in lignes} == {"dossier", "ressource"}
