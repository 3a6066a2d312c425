import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dossiers.exports import export_csv
from dossiers.models import Adresse, Jeune, SelectionJeune
from dossiers.registres import COLONNES
from tests.admin_ml.factories import LieuAccueilFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import CommuneFactory
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(conseiller, validateur):
    ml = conseiller.structure
    aujourdhui = timezone.localdate()
    return {
        "jeune_17": JeuneFactory(
            structure=ml,
            nom_usage="ALPHA",
            date_naissance=aujourdhui - timedelta(days=17 * 366),
            conseiller_referent=conseiller,
        ),
        "jeune_23": JeuneFactory(
            structure=ml,
            nom_usage="BRAVO",
            date_naissance=aujourdhui - timedelta(days=23 * 366),
            conseiller_referent=validateur,
            npai=True,
        ),
    }


def liste(client, **criteres):
    return list(client.get(reverse("dossiers:liste"), criteres).context["page"].object_list)


def test_criteres_age_conseiller_npai(client_de, conseiller, validateur, dossiers):
    client = client_de(conseiller)
    assert liste(client, age_max=20) == [dossiers["jeune_17"]]
    assert liste(client, age_min=20) == [dossiers["jeune_23"]]
    assert liste(client, conseiller=validateur.pk) == [dossiers["jeune_23"]]
    assert liste(client, npai="oui") == [dossiers["jeune_23"]]
    assert liste(client, npai="non") == [dossiers["jeune_17"]]


def test_critere_qpv_sur_l_adresse_courante(client_de, conseiller, dossiers):
    commune = CommuneFactory()
    jeune = dossiers["jeune_17"]
    Adresse.objects.create(
        jeune=jeune,
        voie="1 rue A",
        code_postal="35000",
        commune=commune,
        qpv="oui",
        fin=date(2025, 1, 1),
    )
    Adresse.objects.create(jeune=jeune, voie="2 rue B", code_postal="35000", commune=commune)
    client = client_de(conseiller)
    # Only the current address counts.
    assert liste(client, qpv="oui") == []
    assert liste(client, qpv="a_verifier") == [jeune]


def test_ajouter_les_resultats_puis_action_groupee(client_de, conseiller, validateur, dossiers):
    client = client_de(conseiller)
    client.post(reverse("dossiers:ma_liste_ajouter"), {"tous": "1", "parametres": "age_max=20"})
    assert list(SelectionJeune.objects.values_list("jeune__nom_usage", flat=True)) == ["ALPHA"]
    client.post(reverse("dossiers:ma_liste_ajouter"), {"jeunes": [dossiers["jeune_23"].pk]})
    assert SelectionJeune.objects.count() == 2
    lieu = LieuAccueilFactory(structure=conseiller.structure, nom="Antenne Nord")
    client.post(reverse("dossiers:ma_liste_action"), {"referent": validateur.pk, "lieu": lieu.pk})
    for jeune in Jeune.objects.all():
        assert (jeune.conseiller_referent, jeune.lieu_rattachement) == (validateur, lieu)
        derniere = jeune.history.latest("history_date")
        assert derniere.history_user == conseiller


def test_ma_liste_ne_prend_pas_les_dossiers_d_une_autre_ml(client_de, conseiller, jeune_autre_ml):
    client_de(conseiller).post(
        reverse("dossiers:ma_liste_ajouter"), {"jeunes": [jeune_autre_ml.pk]}
    )
    assert not SelectionJeune.objects.exists()


def test_action_groupee_refusee_sans_droit_de_modifier(client_de, accueil, validateur, dossiers):
    client = client_de(accueil)
    reponse = client.post(reverse("dossiers:ma_liste_action"), {"referent": validateur.pk})
    assert reponse.status_code == 403


def test_exports_csv_et_xlsx(client_de, conseiller, dossiers):
    client = client_de(conseiller)
    client.post(reverse("dossiers:ma_liste_ajouter"), {"tous": "1", "parametres": ""})
    reponse = client.get(reverse("dossiers:ma_liste_csv"))
    assert reponse["Content-Disposition"].startswith('attachment; filename="ma-liste-')
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][:3] == ["Nom d'usage", "Nom de naissance", "Prénom"]
    assert [ligne[0] for ligne in lignes[1:]] == ["ALPHA", "BRAVO"]
    classeur = load_workbook(io.BytesIO(client.get(reverse("dossiers:ma_liste_xlsx")).content))
    valeurs = [ligne[0] for ligne in classeur.active.iter_rows(values_only=True)]
    assert valeurs == ["Nom d'usage", "ALPHA", "BRAVO"]


@pytest.mark.parametrize("nombre", [1, 20])
def test_requetes_ma_liste_constantes(client_de, conseiller, django_assert_num_queries, nombre):
    jeunes = JeuneFactory.create_batch(nombre, structure=conseiller.structure)
    SelectionJeune.objects.bulk_create(
        [SelectionJeune(utilisateur=conseiller, jeune=j) for j in jeunes]
    )
    client = client_de(conseiller)
    # + 2 the count and the page of the list, + 2 the counsellors and sites of the group
    # action form.
    with django_assert_num_queries(SESSION + 4):
        assert client.get(reverse("dossiers:ma_liste")).status_code == 200


def test_export_neutralise_les_formules(conseiller):
    JeuneFactory(structure=conseiller.structure, prenom='=HYPERLINK("http://x")')
    par_defaut = [colonne for colonne in COLONNES if colonne.par_defaut]
    contenu = export_csv(Jeune.objects.all(), par_defaut).decode("utf-8-sig")
    assert "'=HYPERLINK" in contenu
    assert ';"=HYPERLINK' not in contenu and ";=HYPERLINK" not in contenu


def test_export_journalise_les_acces(client_de, conseiller, jeune):
    from dossiers.models import AccesDossier

    client = client_de(conseiller)
    client.post(reverse("dossiers:ma_liste_ajouter"), {"jeunes": [jeune.pk]})
    client.get(reverse("dossiers:ma_liste_csv"))
    assert AccesDossier.objects.filter(jeune=jeune, utilisateur=conseiller).count() == 1
