"""Exports with chosen columns (CSV, XLSX, printable PDF) from the search and « Ma liste »,
each logged as an access; saved searches, one's own or shared within the ML."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from dossiers import exports
from dossiers.models import AccesDossier, Requete, SelectionJeune
from tests.admin_ml.factories import UtilisateurFactory
from tests.dossiers.factories import JeuneFactory
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipe_de(conseiller, validateur):
    """Two files followed by `conseiller`, one by the validateur."""
    return [
        JeuneFactory(suivi_par=conseiller, nom_usage="ALPHA", prenom="Ana", npai=True),
        JeuneFactory(suivi_par=conseiller, nom_usage="BRAVO", prenom="Bea", avec_nir=True),
        JeuneFactory(suivi_par=validateur, nom_usage="CHARLIE", prenom="Cyr"),
    ]


def lire_csv(reponse) -> list[list[str]]:
    texte = reponse.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(texte), delimiter=";"))


def test_export_de_la_recherche_avec_les_colonnes_choisies(
    client_de, direction, conseiller, equipe_de
):
    reponse = client_de(direction).get(
        reverse("dossiers:liste_csv"),
        {"conseiller": conseiller.pk, "colonnes": ["npai", "prenom", "nom_usage"]},
    )
    assert reponse["Content-Disposition"].startswith('attachment; filename="jeunes-')
    # The columns in their declared order, whatever the order they were ticked in.
    assert lire_csv(reponse) == [
        ["Nom d'usage", "Prénom", "NPAI"],
        ["ALPHA", "Ana", "oui"],
        ["BRAVO", "Bea", "non"],
    ]
    # Each exported file is logged as an access, by whom.
    assert set(AccesDossier.objects.values_list("jeune__nom_usage", "utilisateur")) == {
        ("ALPHA", direction.pk),
        ("BRAVO", direction.pk),
    }


def test_sans_choix_les_colonnes_par_defaut(client_de, direction, equipe_de):
    entete = lire_csv(client_de(direction).get(reverse("dossiers:liste_csv")))[0]
    assert entete == [c.titre for c in exports.COLONNES if c.par_defaut]


def test_le_nir_n_est_propose_qu_a_qui_peut_le_voir(client_de, accueil, direction, equipe_de):
    assert "nir" in dict(exports.ColonnesForm(utilisateur=direction).fields["colonnes"].choices)
    formulaire = exports.ColonnesForm(utilisateur=accueil)
    assert not accueil.a_le_droit("dossiers.voir_nir")
    assert "nir" not in dict(formulaire.fields["colonnes"].choices)
    # Asked for anyway: refused as a choice, and the export keeps the default columns.
    lignes = lire_csv(
        client_de(accueil).get(reverse("dossiers:liste_csv"), {"colonnes": ["nir", "prenom"]})
    )
    assert "NIR" not in lignes[0]
    assert all(equipe_de[1].nir not in ";".join(ligne) for ligne in lignes)


def test_export_xlsx_de_ma_liste(client_de, conseiller, equipe_de):
    for jeune in equipe_de[:2]:
        SelectionJeune.objects.create(utilisateur=conseiller, jeune=jeune)
    reponse = client_de(conseiller).get(
        reverse("dossiers:ma_liste_xlsx"), {"colonnes": ["nom_usage", "conseiller_referent"]}
    )
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    assert [[c.value for c in ligne] for ligne in feuille.iter_rows()] == [
        ["Nom d'usage", "Conseiller référent"],
        ["ALPHA", str(conseiller)],
        ["BRAVO", str(conseiller)],
    ]
    assert AccesDossier.objects.count() == 2


def test_liste_imprimable_en_pdf(client_de, direction, equipe_de):
    reponse = client_de(direction).get(
        reverse("dossiers:liste_pdf"), {"colonnes": ["nom_usage", "prenom"]}
    )
    assert reponse.content.startswith(b"%PDF")
    texte = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(reponse.content)).pages)
    assert "ALPHA" in texte and "CHARLIE" in texte and "3 dossiers" in texte
    assert AccesDossier.objects.count() == 3


def test_pdf_refuse_au_dela_du_maximum_avec_la_marche_a_suivre(
    client_de, direction, equipe_de, monkeypatch
):
    monkeypatch.setattr("dossiers.views.liste.LIGNES_MAX_PDF", 1)
    reponse = client_de(direction).get(reverse("dossiers:liste_pdf"), {"npai": "non"})
    assert reponse.status_code == 302
    assert "npai=non" in reponse["Location"]
    [message] = get_messages(reponse.wsgi_request)
    assert "exportez en CSV ou XLSX" in message.message
    assert not AccesDossier.objects.exists()


def test_requetes_d_export_constantes(client_de, direction, conseiller):
    client = client_de(direction)
    comptes = []
    for nombre in (1, 5):
        for _ in range(nombre):
            JeuneFactory(suivi_par=conseiller, avec_adresse=True)
        with CaptureQueriesContext(connection) as contexte:
            client.get(reverse("dossiers:liste_csv"), {"colonnes": ["commune", "niveau"]})
        comptes.append(len(contexte.captured_queries))
    # SESSION, the criteria form's lists, the files (one chunk) with their addresses and
    # cursus (two prefetches), the access log (ids, one insert): not one query per file.
    assert comptes[0] == comptes[1]


# --- Saved searches -----------------------------------------------------------------------


def test_enregistrer_une_recherche_et_la_retrouver(client_de, conseiller, equipe_de):
    client = client_de(conseiller)
    parametres = f"conseiller={conseiller.pk}&colonnes=prenom&colonnes=npai"
    page = client.get(reverse("dossiers:requetes"), {"parametres": parametres})
    assert page.context["form"]["parametres"].value() == parametres
    reponse = client.post(
        reverse("dossiers:requetes"), {"nom": "  Mes  jeunes ", "parametres": parametres}
    )
    assert reponse.status_code == 302
    requete = Requete.objects.get()
    assert (requete.nom, requete.parametres, requete.colonnes) == (
        "Mes jeunes",
        f"conseiller={conseiller.pk}",
        ["prenom", "npai"],
    )
    assert requete.history.get().history_user == conseiller
    liste = client.get(requete.get_absolute_url())
    assert liste.context["page"].paginator.count == 2
    assert liste.context["colonnes_form"]["colonnes"].value() == ["prenom", "npai"]


def test_nom_deja_pris_refuse_a_cote_du_champ_et_rien_n_est_perdu(client_de, conseiller):
    client = client_de(conseiller)
    client.post(reverse("dossiers:requetes"), {"nom": "QPV", "parametres": "qpv=oui"})
    reponse = client.post(reverse("dossiers:requetes"), {"nom": "QPV", "parametres": "npai=oui"})
    assert reponse.status_code == 200
    assert "déjà une requête de ce nom" in str(reponse.context["form"].errors["nom"])
    assert reponse.context["form"]["parametres"].value() == "npai=oui"
    assert Requete.objects.count() == 1


def test_partagee_visible_de_l_equipe_et_supprimee_par_son_auteur_seul(
    client_de, conseiller, validateur, conseiller_autre_ml
):
    client_de(conseiller).post(
        reverse("dossiers:requetes"), {"nom": "Équipe", "parametres": "npai=oui", "partagee": "on"}
    )
    client_de(conseiller).post(reverse("dossiers:requetes"), {"nom": "Privée", "parametres": "x=1"})
    partagee, privee = Requete.objects.get(nom="Équipe"), Requete.objects.get(nom="Privée")
    vues = client_de(validateur).get(reverse("dossiers:requetes")).context["requetes"]
    assert list(vues) == [partagee]
    assert not client_de(conseiller_autre_ml).get(reverse("dossiers:requetes")).context["requetes"]
    supprimer = reverse("dossiers:requete_supprimer", kwargs={"requete_id": partagee.pk})
    assert client_de(validateur).post(supprimer).status_code == 404
    assert client_de(conseiller).post(supprimer).status_code == 302
    assert list(Requete.objects.all()) == [privee]


def test_requetes_de_la_page_des_requetes_constantes(client_de, conseiller):
    client = client_de(conseiller)
    comptes = []
    for nombre in (1, 4):
        for numero in range(nombre):
            Requete.objects.create(
                structure=conseiller.structure,
                nom=f"R{nombre}-{numero}",
                created_by=UtilisateurFactory(structure=conseiller.structure),
                partagee=True,
            )
        with CaptureQueriesContext(connection) as contexte:
            client.get(reverse("dossiers:requetes"))
        comptes.append(len(contexte.captured_queries))
    # SESSION and the saved searches with their authors: one query.
    assert comptes == [SESSION + 1, SESSION + 1]
