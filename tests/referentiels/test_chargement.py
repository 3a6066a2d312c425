import pytest
from django.core.management import call_command

from referentiels.chargement import DOSSIER_DONNEES
from referentiels.enums import StatutZrr
from referentiels.models import CodePostal, Commune, ElementReference, MetierRome, Pays
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


def test_chargement_complet_des_fichiers_livres_et_idempotent(capsys):
    call_command("charger_referentiels")
    capsys.readouterr()
    call_command("charger_referentiels")
    assert Commune.objects.count() == 35014
    rennes = Commune.objects.get(code_insee="35238")
    assert rennes.nom_recherche == "RENNES"
    assert rennes.epci.nom.startswith("Rennes")
    assert set(rennes.codes_postaux.values_list("code_postal", flat=True)) == {
        "35000",
        "35200",
        "35700",
    }
    assert Commune.objects.get(code_insee="75115").commune_parente_id == "75056"
    assert Commune.objects.filter(zrr=StatutZrr.CLASSEE).count() > 10_000
    assert Pays.objects.get(code_insee="99100").groupe == "1"
    assert Pays.objects.get(code_insee="99109").groupe == "2"
    # Codes the ASP file lists twice keep their INSEE meaning (a foreign country).
    assert Pays.objects.get(code_insee="99411").libelle == "HONDURAS"
    assert MetierRome.objects.filter(code="A1101").exists()
    assert ElementReference.objects.filter(table_id="situation_familiale").count() == 7
    assert CodePostal.objects.count() == 35539


ENTETE = (
    "code_insee,nom,type,commune_parente,departement,region,zone,epci,codes_postaux,population\n"
)


@pytest.fixture
def petit_dossier(tmp_path):
    """The shipped files, but two communes only."""
    for nom in ("regions", "departements", "epci", "pays", "rome", "tables_reference"):
        (tmp_path / f"{nom}.csv").write_text((DOSSIER_DONNEES / f"{nom}.csv").read_text())
    (tmp_path / "communes.csv").write_text(
        ENTETE
        + "35238,Rennes,commune-actuelle,,35,53,metro,243500139,35000 35200,225081\n"
        + "35001,Acigné,commune-actuelle,,35,53,metro,243500139,35690,7000\n"
    )
    (tmp_path / "zrr_2022.csv").write_text("code_insee,statut\n35001,C\n")
    return tmp_path


def test_simulation_n_ecrit_rien(petit_dossier, capsys):
    call_command("charger_referentiels", dossier=petit_dossier, dry_run=True)
    sortie = capsys.readouterr().out
    assert "Simulation" in sortie
    assert "communes : 2" in sortie
    assert not Commune.objects.exists()


def test_une_commune_absente_du_nouveau_millesime_est_retiree_pas_supprimee(petit_dossier):
    tmp_path = petit_dossier
    call_command("charger_referentiels", dossier=tmp_path)
    (tmp_path / "communes.csv").write_text(
        ENTETE + "35238,Rennes,commune-actuelle,,35,53,metro,243500139,35000,225081\n"
    )
    call_command("charger_referentiels", dossier=tmp_path)
    assert Commune.objects.get(code_insee="35001").actif is False
    assert list(CodePostal.objects.values_list("code_postal", flat=True)) == ["35000"]


def test_chargement_retire_un_element_national_plus_livre(tmp_path):
    from referentiels.chargement import charger_tables

    ancien = element("origine_venue", "minitel", "Minitel")
    # Real line breaks: with "\\n" written as two characters, the file had a header and no
    # line at all, and the test passed for the wrong reason.
    (tmp_path / "tables.csv").write_text(
        "table,table_libelle,code,libelle,ordre\n"
        "origine_venue,Origine de la venue,famille_amis,Famille / amis,1\n"
    )
    charger_tables(tmp_path / "tables.csv")
    ancien.refresh_from_db()
    assert ancien.actif is False
    livre = ElementReference.objects.get(table_id="origine_venue", code="famille_amis")
    assert livre.actif and livre.libelle == "Famille / amis"
