"""The training catalogue: the import command, the search."""

import csv
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from imilo.erreurs import RegleMetierError
from offres import services_formations
from offres.enums import OrigineAction
from offres.models import ActionFormation
from offres.registre import DONNEES
from referentiels.models import MetierRome, RegionInsee
from tests.referentiels.factories import CommuneFactory, RegionInseeFactory, element

pytestmark = pytest.mark.django_db

ENTETE = (
    "identifiant,intitule,organisme,formacode,rome,objectif,validation,region,commune,debut,"
    "fin,places\n"
)


@pytest.fixture
def referentiels():
    RegionInseeFactory(code="53", nom="Bretagne")
    RegionInseeFactory(code="52", nom="Pays de la Loire")
    CommuneFactory(code_insee="35238", nom="Rennes")
    MetierRome.objects.create(code="G1602", libelle="Personnel de cuisine")
    MetierRome.objects.create(code="N1101", libelle="Conduite d'engins de déplacement des charges")
    element("objectif_formation", "certification", "Certification")
    element("validation_formation", "titre_pro_3", "Titre professionnel de niveau 3")


def fichier(tmp_path, *lignes, separateur=","):
    chemin = tmp_path / "catalogue.csv"
    chemin.write_text(ENTETE.replace(",", separateur) + "".join(lignes), encoding="utf-8")
    return chemin


CUISINIER = (
    "BRE-1,Titre professionnel Cuisinier,AFPA Rennes,42752,G1602,certification,titre_pro_3,53,"
    "35238,2026-09-14,2027-04-30,12\n"
)
CACES = 'BRE-2,"CACES R489 chariots élévateurs",Centre Logistique Ouest,,N1101,,,52,,,,\n'


def importer(chemin, *options):
    from io import StringIO

    sortie, erreurs = StringIO(), StringIO()
    call_command("importer_catalogue", str(chemin), *options, stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


def test_import_du_catalogue_idempotent(tmp_path, referentiels):
    chemin = fichier(tmp_path, CUISINIER, CACES)
    sortie, _ = importer(chemin)
    assert "2 actions créées, 0 mises à jour, 0 inchangées, 0 rejetées" in sortie
    cuisinier = ActionFormation.objects.get(identifiant_externe="BRE-1")
    assert cuisinier.origine == OrigineAction.EXTERNE and cuisinier.structure is None
    assert cuisinier.niveau == "3"
    assert (cuisinier.debut, cuisinier.fin, cuisinier.places) == (
        date(2026, 9, 14),
        date(2027, 4, 30),
        12,
    )
    sortie, _ = importer(chemin)
    assert "0 actions créées, 0 mises à jour, 2 inchangées" in sortie
    fichier(tmp_path, CUISINIER.replace(",12\n", ",14\n"), CACES)
    sortie, _ = importer(chemin)
    assert "0 actions créées, 1 mises à jour, 1 inchangées" in sortie
    assert ActionFormation.objects.get(identifiant_externe="BRE-1").places == 14
    assert ActionFormation.objects.count() == 2


def test_import_a_blanc_n_ecrit_rien(tmp_path, referentiels):
    sortie, _ = importer(fichier(tmp_path, CUISINIER), "--dry-run")
    assert sortie.startswith("Simulation (rien n'est écrit) : 1 actions créées")
    assert not ActionFormation.objects.exists()


def test_ligne_invalide_rejetee_avec_sa_raison(tmp_path, referentiels):
    mauvaises = (
        "BRE-3,Agent de propreté,GRETA,4205,Z99,,,53,,2026-13-01,,dix\n"
        ",Sans identifiant,GRETA,,,,,53,,,,\n"
        "BRE-1,Doublon du fichier,AFPA,,,,,53,,,,\n"
    )
    sortie, erreurs = importer(
        fichier(tmp_path, CUISINIER, CACES.replace(",52,", ",99,"), mauvaises)
    )
    assert "1 actions créées" in sortie and "4 rejetées" in sortie
    assert "ligne 3 (BRE-2) : région « 99 » inconnue" in erreurs
    ligne = next(ligne for ligne in erreurs.splitlines() if "(BRE-3)" in ligne)
    for raison in (
        "Formacode « 4205 »",
        "code ROME « Z99 » inconnu",
        "2026-13-01",
        "places « dix »",
    ):
        assert raison in ligne
    assert "ligne 5 (?) : identifiant manquant" in erreurs
    assert "ligne 6 (BRE-1) : identifiant déjà présent" in erreurs


def test_point_virgule_accepte(tmp_path, referentiels):
    ligne = CUISINIER.replace(",", ";")
    sortie, _ = importer(fichier(tmp_path, ligne, separateur=";"))
    assert "1 actions créées" in sortie


def test_colonnes_manquantes_arretent_la_commande(tmp_path):
    chemin = tmp_path / "catalogue.csv"
    chemin.write_text("identifiant,intitule\nX,Y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonnes manquantes : organisme"):
        importer(chemin)


def test_echantillon_livre_s_importe_entierement(tmp_path):
    with (DONNEES / "catalogue_exemple.csv").open(encoding="utf-8-sig", newline="") as fichier:
        lignes = list(csv.DictReader(fichier))
    assert len(lignes) >= 12
    for ligne in lignes:
        RegionInseeFactory(code=ligne["region"], nom=f"Région {ligne['region']}")
        if ligne["commune"]:
            CommuneFactory(code_insee=ligne["commune"])
        MetierRome.objects.get_or_create(code=ligne["rome"], defaults={"libelle": ligne["rome"]})
        for colonne, table in (
            ("objectif", "objectif_formation"),
            ("validation", "validation_formation"),
        ):
            if ligne[colonne]:
                element(table, ligne[colonne])
    sortie, erreurs = importer(DONNEES / "catalogue_exemple.csv")
    assert erreurs == ""
    assert f"{len(lignes)} actions créées" in sortie
    # Some of the sample are finished, some in other regions: the search has work to do.
    assert ActionFormation.objects.filter(fin__lt=date(2026, 11, 1)).exists()
    assert set(ActionFormation.objects.values_list("region", flat=True)) >= {"53", "52", "28"}


def _action(intitule, **champs):
    action = ActionFormation(
        origine=OrigineAction.EXTERNE,
        identifiant_externe=champs.pop("identifiant", intitule[:20]),
        intitule=intitule,
        organisme="AFPA",
        **champs,
    )
    action.calculer_cles()
    action.save()
    return action


def test_recherche_par_mots_cles_dans_le_desordre_sans_accents():
    cuisinier = _action("Titre professionnel Cuisinier")
    caces = _action("CACES R489 chariots élévateurs")
    actions = ActionFormation.objects.all()
    assert list(actions.rechercher("cuisinier titre")) == [cuisinier]
    assert list(actions.rechercher("ELEVATEUR")) == [caces]
    assert list(actions.rechercher("profes cuisin")) == [cuisinier]
    assert not actions.rechercher("cuisinier caces").exists()


def test_actions_terminees_cachees_par_defaut(client_de, conseiller):
    RegionInseeFactory(code="53")
    en_cours = _action("Cuisinier en cours", fin=date.today() + timedelta(days=30), region_id="53")
    finie = _action("Cuisinier fini", fin=date.today() - timedelta(days=1), region_id="53")
    client = client_de(conseiller)
    defaut = client.get("/offres/formations/", {"q": "cuisinier"})
    assert list(defaut.context["page"].object_list) == [en_cours]
    toutes = client.get("/offres/formations/", {"q": "cuisinier", "terminees": "on"})
    assert set(toutes.context["page"].object_list) == {en_cours, finie}


def test_recherche_par_rome_et_region(client_de, conseiller):
    bretagne, pays_de_loire = (
        RegionInseeFactory(code="53"),
        RegionInseeFactory(code="52", nom="PDL"),
    )
    cuisine = MetierRome.objects.create(code="G1602", libelle="Personnel de cuisine")
    rennes = _action("Cuisinier Rennes", metier=cuisine, region=bretagne)
    nantes = _action("Cuisinier Nantes", metier=cuisine, region=pays_de_loire)
    _action("Soudeur", region=bretagne)
    client = client_de(conseiller)
    # The ML's region by default (ML A is in Bretagne, 53).
    assert set(client.get("/offres/formations/").context["page"].object_list) >= {rennes}
    assert nantes not in client.get("/offres/formations/").context["page"].object_list
    page = client.get("/offres/formations/", {"rome": "G1602", "region": ""})
    assert set(page.context["page"].object_list) == {rennes, nantes}
    page = client.get("/offres/formations/", {"rome": "G1602", "region": "52"})
    assert list(page.context["page"].object_list) == [nantes]


def test_action_interne_d_une_autre_ml_invisible(conseiller, conseiller_autre_ml):
    a = services_formations.action_formation_creer(
        structure=conseiller.structure, par=conseiller, intitule="POE logistique", organisme="X"
    )
    b = services_formations.action_formation_creer(
        structure=conseiller_autre_ml.structure,
        par=conseiller_autre_ml,
        intitule="POE logistique B",
        organisme="Y",
    )
    regionale = _action("POE régionale")
    visibles = set(ActionFormation.objects.de_la_structure(conseiller.structure))
    assert visibles == {a, regionale}
    assert b not in visibles


def test_action_du_catalogue_regional_non_modifiable(conseiller):
    with pytest.raises(RegleMetierError, match="par l'import du catalogue"):
        services_formations.action_formation_modifier(
            action=_action("Cuisinier"), par=conseiller, places=3
        )


def test_action_interne_prend_la_region_de_la_ml(conseiller):
    RegionInseeFactory(code=conseiller.structure.region.code)
    action = services_formations.action_formation_creer(
        structure=conseiller.structure, par=conseiller, intitule="POE", organisme="X"
    )
    assert action.region_id == conseiller.structure.region.code
    assert RegionInsee.objects.filter(pk=action.region_id).exists()


def test_echantillon_au_format_documente():
    with (DONNEES / "catalogue_exemple.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == ENTETE.strip().split(",")


def test_ligne_refusee_par_le_modele_rejetee_sans_arreter_l_import(tmp_path, referentiels):
    """An identifier longer than the field allows: that line is rejected with its reason,
    in a dry run as in the real import, and the other lines load."""
    trop_long = "X" * 60 + CUISINIER[len("BRE-1") :]
    chemin = fichier(tmp_path, trop_long, CACES)
    sortie, erreurs = importer(chemin, "--dry-run")
    assert "1 rejetées" in sortie and "ligne 2" in erreurs
    sortie, erreurs = importer(chemin)
    assert "1 actions créées" in sortie and "ligne 2" in erreurs
    assert list(ActionFormation.objects.values_list("identifiant_externe", flat=True)) == ["BRE-2"]
