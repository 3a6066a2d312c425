"""Pages of the reference tables and of the transfers (admin portal)."""

import pytest
from django.urls import reverse

from referentiels import services
from referentiels.enums import Portee, StatutTransfert
from referentiels.models import ElementReference, TransfertReference
from tests.admin_ml.factories import UtilisateurFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import ElementReferenceFactory, element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def url(nom, **kwargs):
    return reverse(f"referentiels:{nom}", kwargs=kwargs)


def url_table(code="origine_venue"):
    return f"{url('table_reference')}?table={code}"


@pytest.fixture
def regional(ml_a, famille):
    return ElementReferenceFactory(
        table=famille.table,
        code="mission_arml",
        libelle="Réseau de l'ARML",
        regionale=True,
        region=ml_a.region,
    )


@pytest.fixture
def transfert(direction, bouche, famille):
    return services.transfert_planifier(
        structure=direction.structure, source=bouche, destination=famille, par=direction
    )


def messages_de(reponse) -> list[str]:
    return [str(message) for message in reponse.context["messages"]]


# --- Rights and tenant boundary ----------------------------------------------------------


def test_pages_reservees_au_droit_de_gerer_les_referentiels(
    client_de, conseiller, bouche, transfert
):
    client = client_de(conseiller)
    for adresse in (
        url("tables_reference"),
        url_table(),
        url("transferts_reference"),
        url("transfert_reference_planifier"),
    ):
        assert client.get(adresse).status_code == 403, adresse
    for adresse in (
        url("element_reference_desactiver", element_id=bouche.pk),
        url("element_reference_supprimer", element_id=bouche.pk),
        url("transfert_reference_annuler", transfert_id=transfert.pk),
    ):
        assert client.post(adresse).status_code == 403, adresse
    assert ElementReference.objects.filter(pk=bouche.pk, actif=True).exists()


def test_l_administrateur_ml_gere_les_tables(client_de, ml_a, famille):
    administrateur = UtilisateurFactory(structure=ml_a, administrateur=True)
    assert client_de(administrateur).get(url("tables_reference")).status_code == 200


def test_l_entree_de_navigation_suit_le_droit(client_de, direction, conseiller, famille):
    entrees = client_de(direction).get(url("tables_reference")).context["navigation"]
    assert {"libelle": "Tables de référence", "url": url("tables_reference"), "actif": True} in (
        entrees
    )
    libelles = [e["libelle"] for e in client_de(conseiller).get("/").context["navigation"]]
    assert "Tables de référence" not in libelles


def test_un_element_ou_un_transfert_d_une_autre_ml_repond_404(
    client_de, direction_autre_ml, bouche, transfert
):
    client = client_de(direction_autre_ml)
    assert client.post(url("element_reference_supprimer", element_id=bouche.pk)).status_code == 404
    assert (
        client.post(url("transfert_reference_annuler", transfert_id=transfert.pk)).status_code
        == 404
    )
    assert TransfertReference.objects.get().statut == StatutTransfert.PLANIFIE
    # Neither listed in the other ML's pages.
    assert "Bouche à oreille" not in client.get(url_table()).content.decode()
    assert list(client.get(url("transferts_reference")).context["page"]) == []


def test_les_actions_sur_un_element_national_repondent_404(client_de, direction, famille):
    # Not an object of the ML: read-only, exactly as if it did not exist.
    reponse = client_de(direction).post(url("element_reference_desactiver", element_id=famille.pk))
    assert reponse.status_code == 404
    famille.refresh_from_db()
    assert famille.actif


def test_table_inconnue_404(client_de, direction):
    client = client_de(direction)
    assert client.get(url_table("inconnue")).status_code == 404
    assert client.get(url("table_reference")).status_code == 404


def test_les_actions_ne_se_font_qu_en_post(client_de, direction, bouche, transfert):
    client = client_de(direction)
    assert client.get(url("element_reference_supprimer", element_id=bouche.pk)).status_code == 405
    assert (
        client.get(url("transfert_reference_annuler", transfert_id=transfert.pk)).status_code == 405
    )


# --- Tables and elements -----------------------------------------------------------------


def test_liste_des_tables_avec_leurs_elements_et_leurs_champs(
    client_de, direction, famille, presse, regional, bouche, transfert
):
    reponse = client_de(direction).get(url("tables_reference"))
    assert reponse.status_code == 200
    ((table, champs),) = [
        ligne for ligne in reponse.context["tables"] if ligne[0].code == "origine_venue"
    ]
    assert (table.nationaux, table.regionaux, table.locaux) == (2, 1, 1)
    assert champs == ["dossiers jeunes (origine de la venue)"]
    assert reponse.context["transferts_en_attente"] == 1
    assert "Suivre le transfert de références (1 en attente)" in reponse.content.decode()


def test_page_d_une_table_national_regional_local_et_utilisation_par_la_ml(
    client_de, direction, ml_b, famille, presse, regional, bouche, transfert
):
    JeuneFactory.create_batch(2, structure=direction.structure, origine_venue=bouche)
    JeuneFactory(structure=direction.structure, origine_venue=famille)
    # Another ML's files are not counted.
    JeuneFactory.create_batch(3, structure=ml_b, origine_venue=famille)
    reponse = client_de(direction).get(url_table())
    assert reponse.status_code == 200
    contexte = reponse.context
    assert [ligne["element"] for ligne in contexte["nationaux"]] == [famille, presse]
    assert [ligne["element"] for ligne in contexte["regionaux"]] == [regional]
    ((local,),) = [contexte["locaux"]]
    assert local["element"] == bouche
    assert [str(u) for u in local["utilisations"]] == ["2 dossiers jeunes (origine de la venue)"]
    assert local["transfert"] == transfert
    assert [str(u) for u in contexte["nationaux"][0]["utilisations"]] == [
        "1 dossier jeune (origine de la venue)"
    ]
    assert contexte["nationaux"][1]["utilisations"] == []
    page = reponse.content.decode()
    assert "en lecture seule" in page
    assert "vers « Famille / amis » (planifié)" in page


def test_ajouter_un_element_local_depuis_la_page(client_de, direction, famille):
    reponse = client_de(direction).post(url_table(), {"libelle": "Forum de l'emploi"}, follow=True)
    assert reponse.redirect_chain == [(url_table(), 302)]
    assert messages_de(reponse) == ["L'élément « Forum de l'emploi » est ajouté."]
    forum = ElementReference.objects.get(libelle="Forum de l'emploi")
    assert (forum.portee, forum.structure, forum.code) == (
        Portee.LOCALE,
        direction.structure,
        "forum_de_l_emploi",
    )


def test_ajout_refuse_garde_la_saisie_et_dit_pourquoi(client_de, direction, famille):
    reponse = client_de(direction).post(url_table(), {"libelle": "Famille amis"})
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["libelle"] == [
        "La table a déjà l'élément « Famille / amis » (nationale) : utilisez-le."
    ]
    assert 'value="Famille amis"' in reponse.content.decode()


def test_desactiver_puis_activer_un_element_local(client_de, direction, bouche):
    client = client_de(direction)
    reponse = client.post(url("element_reference_desactiver", element_id=bouche.pk), follow=True)
    assert messages_de(reponse) == [
        "« Bouche à oreille » est désactivé : il n'est plus proposé, les dossiers qui l'ont le "
        "gardent."
    ]
    bouche.refresh_from_db()
    assert not bouche.actif
    assert "Activer" in reponse.content.decode()
    client.post(url("element_reference_activer", element_id=bouche.pk))
    bouche.refresh_from_db()
    assert bouche.actif
    assert [h.history_user for h in bouche.history.all()] == [direction, direction, direction]


def test_suppression_refusee_dit_ou_l_element_est_utilise(client_de, direction, bouche):
    JeuneFactory.create_batch(3, structure=direction.structure, origine_venue=bouche)
    reponse = client_de(direction).post(
        url("element_reference_supprimer", element_id=bouche.pk), follow=True
    )
    assert reponse.redirect_chain == [(url_table(), 302)]
    (message,) = messages_de(reponse)
    assert "encore utilisé (3 dossiers jeunes (origine de la venue))" in message
    assert ElementReference.objects.filter(pk=bouche.pk).exists()


def test_suppression_d_un_element_inutilise(client_de, direction, bouche):
    reponse = client_de(direction).post(
        url("element_reference_supprimer", element_id=bouche.pk), follow=True
    )
    assert messages_de(reponse) == ["« Bouche à oreille » est supprimé."]
    assert not ElementReference.objects.filter(pk=bouche.pk).exists()


# --- Transfers ---------------------------------------------------------------------------


def test_planifier_un_transfert_en_deux_temps(client_de, direction, bouche, famille, presse):
    client = client_de(direction)
    reponse = client.get(url("transfert_reference_planifier"))
    assert reponse.status_code == 200
    # First the table, then the elements of that table.
    assert "Planifier le transfert" not in reponse.content.decode()
    reponse = client.get(
        url("transfert_reference_planifier"), {"table": "origine_venue", "source": bouche.pk}
    )
    formulaire = reponse.context["form"]
    assert formulaire.initial["source"] == str(bouche.pk)
    assert set(formulaire.fields["source"].queryset) == {bouche, famille, presse}
    reponse = client.post(
        f"{url('transfert_reference_planifier')}?table=origine_venue",
        {"source": bouche.pk, "destination": famille.pk},
        follow=True,
    )
    assert reponse.redirect_chain == [(url("transferts_reference"), 302)]
    transfert = TransfertReference.objects.get()
    quand = transfert.execution_prevue
    assert messages_de(reponse) == [
        "Le transfert de « Bouche à oreille » vers « Famille / amis » est planifié : il sera "
        f"fait le {quand:%d/%m/%Y} à 4 h."
    ]
    assert (transfert.planifie_par, transfert.structure) == (direction, direction.structure)


def test_la_destination_est_un_element_actif(client_de, direction, bouche, famille, presse):
    presse.actif = False
    presse.save()
    formulaire = (
        client_de(direction)
        .get(url("transfert_reference_planifier"), {"table": "origine_venue"})
        .context["form"]
    )
    assert presse in formulaire.fields["source"].queryset
    assert presse not in formulaire.fields["destination"].queryset


def test_planification_refusee_garde_la_saisie(client_de, direction, bouche, famille, transfert):
    presse = element("origine_venue", "presse_medias", "Presse")
    reponse = client_de(direction).post(
        f"{url('transfert_reference_planifier')}?table=origine_venue",
        {"source": bouche.pk, "destination": presse.pk},
    )
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["source"] == [
        "Un transfert de « Bouche à oreille » vers « Famille / amis » est déjà planifié : "
        "supprimez-le d'abord pour en changer la destination."
    ]
    assert reponse.context["form"]["destination"].value() == str(presse.pk)
    assert TransfertReference.objects.count() == 1


def test_annuler_un_transfert_depuis_la_liste(client_de, direction, transfert):
    client = client_de(direction)
    liste = client.get(url("transferts_reference")).content.decode()
    assert "Annuler" in liste and "prévu le" in liste
    reponse = client.post(
        url("transfert_reference_annuler", transfert_id=transfert.pk), follow=True
    )
    assert messages_de(reponse) == [
        "Le transfert de « Bouche à oreille » vers « Famille / amis » est annulé."
    ]
    transfert.refresh_from_db()
    assert transfert.statut == StatutTransfert.ANNULE
    assert transfert.history.latest().history_user == direction
    assert "annulé le" in reponse.content.decode()


def test_liste_des_transferts_termines_avec_le_nombre_et_la_date(
    client_de, direction, bouche, transfert
):
    from referentiels.transferts import transferts_executer

    JeuneFactory.create_batch(2, structure=direction.structure, origine_venue=bouche)
    transferts_executer()
    client = client_de(direction)
    page = client.get(url("transferts_reference")).content.decode()
    assert "terminé" in page
    assert "2 enregistrements modifiés le" in page
    # Seed 003: once transferred, the source is deleted from the table; offered right here.
    assert "Supprimer la source" in page
    client.post(url("element_reference_supprimer", element_id=bouche.pk))
    assert not ElementReference.objects.filter(pk=bouche.pk).exists()
    page = client.get(url("transferts_reference")).content.decode()
    assert "Supprimer la source" not in page
    assert "Bouche à oreille" in page


# --- Query counts (constant whatever the number of rows) ---------------------------------


@pytest.mark.parametrize("nombre", [1, 12])
def test_requetes_liste_des_tables_constantes(
    client_de, direction, famille, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        element(f"table_{rang}", "a")
        services.element_ajouter(
            structure=direction.structure,
            table=famille.table,
            libelle=f"Local {rang}",
            par=direction,
        )
    client = client_de(direction)
    # + 1 the tables with their counts, + 1 the transfers waiting.
    with django_assert_num_queries(SESSION + 2):
        client.get(url("tables_reference"))


@pytest.mark.parametrize("nombre", [1, 12])
def test_requetes_page_d_une_table_constantes(
    client_de, direction, famille, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        local = services.element_ajouter(
            structure=direction.structure,
            table=famille.table,
            libelle=f"Local {rang}",
            par=direction,
        )
        JeuneFactory(structure=direction.structure, origine_venue=local)
        element("origine_venue", f"national_{rang}")
        if rang % 2:
            services.transfert_planifier(
                structure=direction.structure, source=local, destination=famille, par=direction
            )
    client = client_de(direction)
    # + 1 the table, + 1 the uses of every element (one UNION over the referencing fields),
    # + 1 the transfers waiting, + 1 the elements.
    with django_assert_num_queries(SESSION + 4):
        client.get(url_table())


@pytest.mark.parametrize("nombre", [1, 12])
def test_requetes_d_une_table_a_plusieurs_champs_constantes(
    client_de, direction, django_assert_num_queries, nombre
):
    # Situation.validation and Cursus.validation: still one query for the uses.
    from dossiers.models import Cursus

    for rang in range(nombre):
        validation = element("validation_formation", f"v{rang}", f"Diplôme {rang}")
        Cursus.objects.create(
            jeune=JeuneFactory(structure=direction.structure),
            intitule=f"Diplôme {rang}",
            obtenu_le="2024-07-01",
            validation=validation,
        )
    client = client_de(direction)
    with django_assert_num_queries(SESSION + 4):
        reponse = client.get(url_table("validation_formation"))
    assert sum(len(ligne["utilisations"]) for ligne in reponse.context["nationaux"]) == nombre


@pytest.mark.parametrize("nombre", [1, 12])
def test_requetes_liste_des_transferts_constantes(
    client_de, direction, famille, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        local = services.element_ajouter(
            structure=direction.structure,
            table=famille.table,
            libelle=f"Local {rang}",
            par=direction,
        )
        transfert = services.transfert_planifier(
            structure=direction.structure, source=local, destination=famille, par=direction
        )
        if rang % 2:
            services.transfert_annuler(transfert=transfert, par=direction)
    client = client_de(direction)
    # + 1 the count, + 1 the page (table, elements and users joined).
    with django_assert_num_queries(SESSION + 2):
        reponse = client.get(url("transferts_reference"))
    assert reponse.context["page"].paginator.count == nombre
