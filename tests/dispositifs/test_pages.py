from datetime import timedelta

import pytest
from django.urls import reverse

from dispositifs import services
from dispositifs.models import DemandeAllocation, Dispositif
from dossiers.criteres import appliquer_criteres, criteres_form
from dossiers.frise import frise
from dossiers.models import Jeune
from tests.dispositifs.donnees import (
    aujourdhui,
    diagnostic_clos,
    entrer,
    jours,
    motif,
    pacea,
    type_dispositif,
)
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def url(nom, **kwargs):
    return reverse(f"dispositifs:{nom}", kwargs=kwargs)


def test_entrer_en_pacea_depuis_la_page(client_de, conseiller, jeune):
    diagnostic_clos(jeune, conseiller, jours(-1))
    client = client_de(conseiller)
    page = client.get(url("dispositif_entrer", jeune_id=jeune.pk))
    assert page.status_code == 200
    assert page.context["form"]["referent"].value() == conseiller.pk
    donnees = {
        "type": type_dispositif("pacea").pk,
        "entree_le": str(jours(-5)),
        "prescripteur": conseiller.pk,
        "referent": conseiller.pk,
    }
    refus = client.post(url("dispositif_entrer", jeune_id=jeune.pk), donnees)
    assert refus.status_code == 200
    assert "l'entrée en PACEA se fait du" in refus.context["form"].errors["entree_le"][0]
    assert refus.context["form"]["entree_le"].value() == str(jours(-5))
    reponse = client.post(
        url("dispositif_entrer", jeune_id=jeune.pk), {**donnees, "entree_le": str(aujourdhui())}
    )
    parcours = Dispositif.objects.get(type__code="pacea")
    assert reponse.url == parcours.get_absolute_url()


def test_avertissement_cej_le_jour_de_la_sortie_de_pacea(client_de, conseiller, jeune):
    parcours = pacea(jeune, conseiller, entree_le=jours(-20))
    services.dispositif_sortir(
        dispositif=parcours,
        par=conseiller,
        fin_reelle=aujourdhui(),
        motif_sortie=motif("reorientation_anticipee"),
    )
    reponse = client_de(conseiller).post(
        url("dispositif_entrer", jeune_id=jeune.pk),
        {
            "type": type_dispositif("cej").pk,
            "entree_le": str(aujourdhui()),
            "prescripteur": conseiller.pk,
            "referent": conseiller.pk,
        },
        follow=True,
    )
    assert "ASP risque de rejeter" in reponse.content.decode()


def test_accueil_n_entre_pas_en_dispositif(client_de, accueil, jeune):
    assert client_de(accueil).get(url("dispositif_entrer", jeune_id=jeune.pk)).status_code == 403


def test_sortie_refusee_garde_la_saisie(client_de, conseiller, jeune):
    diagnostic = entrer(jeune, conseiller, "diagnostic", entree_le=jours(-10))
    reponse = client_de(conseiller).post(
        url("dispositif_sortir", jeune_id=jeune.pk, dispositif_id=diagnostic.pk),
        {"fin_reelle": str(jours(-20)), "motif_sortie": motif("pacea").pk},
    )
    assert reponse.status_code == 200
    formulaire = reponse.context["sortie_form"]
    assert formulaire.errors
    assert formulaire["fin_reelle"].value() == str(jours(-20))


def test_allocation_refusee_au_dela_de_300_euros_a_la_page(client_de, conseiller, jeune):
    from dossiers.services import ressource_ajouter

    parcours = pacea(jeune, conseiller, entree_le=jours(-70))
    mois = aujourdhui().replace(day=1)
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "salaire", "Salaire"),
        montant=450,
        debut=mois - timedelta(days=40),
    )
    reponse = client_de(conseiller).post(
        url("allocation_demander", jeune_id=jeune.pk, dispositif_id=parcours.pk),
        {"mois": f"{mois:%Y-%m}", "montant": "200"},
    )
    assert reponse.status_code == 200
    assert "450" in reponse.context["allocation_form"].errors["mois"][0]
    assert not DemandeAllocation.objects.exists()


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_page_dispositif_constantes(
    client_de, conseiller, jeune, django_assert_num_queries, nombre
):
    parcours = pacea(jeune, conseiller, entree_le=jours(-200))
    debut = jours(-200)
    for rang in range(nombre):
        phase = services.phase_ajouter(
            dispositif=parcours,
            par=conseiller,
            type=element("type_phase", "emploi"),
            debut=debut,
            fin_prevue=debut + timedelta(days=20),
            objectifs=[f"Objectif {rang}", "Autre"],
        )
        debut = debut + timedelta(days=25)
        phase.fin_reelle = debut - timedelta(days=1)
        phase.save()
        DemandeAllocation.objects.create(
            dispositif=parcours,
            mois=(jours(-30 * rang)).replace(day=1),
            montant=100,
            demandee_par=conseiller,
        )
    client = client_de(conseiller)
    # + 1 the file, + 1 the dispositif, + 2 phases and their objectives, + 1 allocations,
    # + 2 the select lists (exit motifs, phase types), + 1 the CERFA documents.
    with django_assert_num_queries(SESSION + 8):
        assert (
            client.get(url("dispositif", jeune_id=jeune.pk, dispositif_id=parcours.pk)).status_code
            == 200
        )


@pytest.mark.parametrize("nombre", [1, 8])
def test_requetes_liste_allocations_constantes(
    client_de, conseiller, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        jeune = JeuneFactory(suivi_par=conseiller, age=20)
        cej = entrer(jeune, conseiller, "cej")
        DemandeAllocation.objects.create(
            dispositif=cej,
            mois=aujourdhui().replace(day=1),
            montant=500,
            demandee_par=conseiller,
            etat="soumise",
        )
    client = client_de(conseiller)
    # + 1 the count, + 1 the page of requests with their file and users.
    with django_assert_num_queries(SESSION + 2):
        reponse = client.get(url("allocations"))
    assert reponse.context["page"].paginator.count == nombre


def test_section_de_la_fiche_et_frise(client_de, conseiller, jeune):
    parcours = pacea(jeune, conseiller, entree_le=jours(-10))
    services.phase_ajouter(
        dispositif=parcours,
        par=conseiller,
        type=element("type_phase", "emploi", "Accès à l'emploi"),
        debut=jours(-10),
        fin_prevue=jours(20),
    )
    reponse = client_de(conseiller).get(reverse("dossiers:fiche", kwargs={"jeune_id": jeune.pk}))
    contenu = reponse.content.decode()
    assert "Entrer dans un dispositif" in contenu
    assert parcours.get_absolute_url() in contenu
    libelles = {fait.libelle for fait in frise(Jeune.objects.get(pk=jeune.pk))}
    assert {"Entrée en PACEA", "Sortie de DIAGNOSTIC", "Phase « Accès à l'emploi »"} <= libelles


def test_criteres_dispositif_en_cours_et_sortie_entre(conseiller, jeune):
    parcours = pacea(jeune, conseiller, entree_le=jours(-30))
    sorti = JeuneFactory(suivi_par=conseiller, age=20)
    diagnostic_clos(sorti, conseiller, jours(-15), motif_code="abandon")
    structure = conseiller.structure
    en_pacea = criteres_form(structure, {"dispositif_en_cours": parcours.type_id})
    assert list(appliquer_criteres(Jeune.objects.all(), en_pacea)) == [jeune]
    periode = criteres_form(structure, {"sortie_du": str(jours(-20)), "sortie_au": str(jours(-10))})
    # The diagnostic of `jeune` ended the day before its PACEA (31 days ago): outside.
    assert list(appliquer_criteres(Jeune.objects.all(), periode)) == [sorti]


def test_alertes_des_dispositifs_a_l_accueil(client_de, conseiller, jeune):
    entrer(jeune, conseiller, "diagnostic", entree_le=jours(-40))
    reponse = client_de(conseiller).get(reverse("accueil"))
    contenu = reponse.content.decode()
    assert "1 diagnostic de plus d&#x27;un mois" in contenu
    assert f"conseiller={conseiller.pk}&amp;alerte_dispositif=diagnostic_long" in contenu
    liste = client_de(conseiller).get(
        reverse("dossiers:liste"),
        {"conseiller": conseiller.pk, "alerte_dispositif": "diagnostic_long"},
    )
    assert [j.pk for j in liste.context["page"].object_list] == [jeune.pk]


def test_action_automatique_montree_et_annulable(client_de, conseiller, jeune):
    type_dispositif("cep")
    element("aiguilleur_cep", "entree_directe", "Ma ML - entrée directe")
    action = services.cep_mobiliser(
        jeune=jeune,
        par=conseiller,
        niveau=2,
        motif_sollicitation=element("motif_sollicitation_cep", "projet"),
        origine="L'offre P61",
    )
    client = client_de(conseiller)
    fiche = client.get(reverse("dossiers:fiche", kwargs={"jeune_id": jeune.pk}))
    assert "L&#x27;offre P61 est une offre de niveau CEP 2" in fiche.content.decode()
    client.post(url("action_annuler", jeune_id=jeune.pk, action_id=action.pk))
    assert not Dispositif.objects.filter(type__code="cep").exists()


def test_durees_par_defaut_de_la_ml(client_de, direction, conseiller, jeune):
    parrainage = type_dispositif("parrainage")
    diagnostic = type_dispositif("diagnostic")
    client = client_de(direction)
    page = client.get(url("durees"))
    assert page.context["form"][f"type_{parrainage.pk}"].value() == 6
    refus = client.post(url("durees"), {f"type_{parrainage.pk}": "9", f"type_{diagnostic.pk}": "4"})
    assert refus.status_code == 200
    assert refus.context["form"].errors[f"type_{diagnostic.pk}"]
    client.post(url("durees"), {f"type_{parrainage.pk}": "9", f"type_{diagnostic.pk}": "1"})
    entree = entrer(jeune, conseiller, "parrainage")
    assert entree.fin_prevue.month == (aujourdhui().month + 8) % 12 + 1
    assert client_de(conseiller).get(url("durees")).status_code == 403


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_page_des_durees_constantes(
    client_de, direction, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        type_dispositif(f"local-{rang}")
    client = client_de(direction)
    # + 1 the types available to the ML, + 1 the ML's own lengths.
    with django_assert_num_queries(SESSION + 2):
        assert client.get(url("durees")).status_code == 200
