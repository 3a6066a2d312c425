"""A director's path through the reference tables and the transfers, in the system Chromium."""

import pytest
from django.core.management import call_command

from referentiels.enums import StatutTransfert
from referentiels.models import TableReference, TransfertReference
from tests.navigateur import se_connecter, violations_graves
from tests.referentiels.factories import element

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_avec_origines_nationales(db):
    # The table first: the demo then adds each ML's own elements and plans a transfer.
    TableReference.objects.create(code="origine_venue", libelle="Origine de la venue")
    for code, libelle in (
        ("famille_amis", "Famille / amis"),
        ("etablissement_scolaire", "Établissement scolaire"),
        ("presse_medias", "Presse, médias, internet"),
    ):
        element("origine_venue", code, libelle)
    call_command("donnees_demo", forcer=True, stdout=None)


def planifier(page):
    page.get_by_label("Élément à remplacer (source)").select_option(
        label="Établissement scolaire (national)"
    )
    page.get_by_label("Élément qui le remplace (destination)").select_option(
        label="Presse, médias, internet (national)"
    )
    page.get_by_role("button", name="Planifier le transfert").click()
    page.wait_for_url("**/referentiels/transferts/")


def test_la_direction_planifie_annule_puis_replanifie_un_transfert(
    page, live_server, demo_avec_origines_nationales
):
    se_connecter(page, live_server, identifiant="a.riou")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Tables de référence", exact=True).click()
    assert violations_graves(page) == []

    page.get_by_role("link", name="Origine de la venue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Origine de la venue"
    # The demo's own elements, and the transfer it planned.
    assert page.get_by_role("cell", name="Forum de l'emploi", exact=True).is_visible()
    assert "vers « Famille / amis » (planifié)" in page.locator("main").inner_text()
    assert violations_graves(page) == []

    page.get_by_role("link", name="Activer le mode transfert").click()
    assert violations_graves(page) == []
    planifier(page)
    main = page.locator("main")
    assert "« Établissement scolaire » vers « Presse, médias, internet » est planifié" in (
        main.inner_text()
    )
    ligne = page.get_by_role("row").filter(has_text="Établissement scolaire")
    # DSFR badges are drawn in capitals.
    assert "planifié" in ligne.inner_text().lower()
    assert violations_graves(page) == []

    ligne.get_by_role("button", name="Annuler le transfert de « Établissement scolaire »").click()
    page.wait_for_url("**/referentiels/transferts/")
    assert "est annulé" in page.locator("main").inner_text()
    assert (
        "annulé le"
        in page.get_by_role("row").filter(has_text="Établissement scolaire").inner_text()
    )

    # Again, from the list this time: the table first, then the elements.
    page.get_by_role("link", name="Planifier un transfert").click()
    page.get_by_label("Table", exact=True).select_option(label="Origine de la venue")
    page.get_by_role("button", name="Choisir la table").click()
    assert violations_graves(page) == []
    planifier(page)
    lignes = page.get_by_role("row").filter(has_text="Établissement scolaire")
    assert lignes.count() == 2
    assert violations_graves(page) == []
    statuts = sorted(
        TransfertReference.objects.filter(source_libelle="Établissement scolaire").values_list(
            "statut", flat=True
        )
    )
    assert statuts == [StatutTransfert.ANNULE, StatutTransfert.PLANIFIE]
