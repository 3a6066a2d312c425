"""The pages of offres: rights (403), other ML (404), what a refusal keeps, query counts,
and what offres add to the youth file (section, timeline, criteria) and the home page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from dossiers import ma_liste
from dossiers.criteres import appliquer_criteres, criteres_form
from dossiers.frise import frise
from dossiers.models import Jeune
from offres import services, services_entreprises, services_formations
from offres.enums import EtatInscription, EtatOffre
from offres.models import Inscription, OffreDeService
from referentiels.models import MetierRome
from tests.dossiers.factories import JeuneFactory
from tests.offres.donnees import aujourdhui, moment, offre_de, session_de
from tests.referentiels.factories import element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def url(nom, **kwargs):
    return reverse(f"offres:{nom}", kwargs=kwargs)


def entreprise_de(conseiller, siret="84377210400017", **champs):
    return services_entreprises.entreprise_creer(
        structure=conseiller.structure,
        par=conseiller,
        raison_sociale=champs.pop("raison_sociale", "Restaurant L'Écluse"),
        siret=siret,
        referent=conseiller,
        **champs,
    )


def offre_emploi_de(conseiller, entreprise):
    metier, _ = MetierRome.objects.get_or_create(code="G1602", defaults={"libelle": "Cuisine"})
    return services_entreprises.offre_emploi_creer(
        entreprise=entreprise,
        par=conseiller,
        intitule="Commis de cuisine",
        metier=metier,
        type_contrat=element("type_contrat", "cdi", "CDI"),
        salaire=Decimal("1850"),
        periode_salaire="mensuel",
    )


# --- Offres de service --------------------------------------------------------------------


def test_catalogue_par_defaut_en_cours_et_permanentes(client_de, conseiller):
    en_cours = offre_de(conseiller, code="P61")
    permanente = offre_de(conseiller, code="S20", etat=EtatOffre.PERMANENT)
    terminee = offre_de(conseiller, code="L05", etat=EtatOffre.TERMINEE)
    client = client_de(conseiller)
    assert set(client.get(url("offres")).context["page"].object_list) == {en_cours, permanente}
    toutes = client.get(url("offres"), {"etats": ["en_cours", "permanent", "terminee"]})
    assert set(toutes.context["page"].object_list) == {en_cours, permanente, terminee}
    assert list(client.get(url("offres"), {"texte": "l05"}).context["page"].object_list) == []
    page = client.get(url("offres"), {"texte": "l05", "etats": "terminee"})
    assert list(page.context["page"].object_list) == [terminee]


def test_accueil_consulte_mais_ne_gere_pas(client_de, accueil, offre, conseiller):
    session = session_de(offre, conseiller)
    client = client_de(accueil)
    assert client.get(url("offres")).status_code == 200
    assert client.get(url("session", session_id=session.pk)).status_code == 200
    for adresse in (
        url("offre_creer"),
        url("offre_modifier", offre_id=offre.pk),
        url("session_creer", offre_id=offre.pk),
        url("entreprise_creer"),
        url("action_formation_creer"),
    ):
        assert client.get(adresse).status_code == 403, adresse
    assert client.post(url("session_inscrire", session_id=session.pk)).status_code == 403


def test_une_autre_ml_recoit_404(client_de, conseiller_autre_ml, offre, conseiller):
    session = session_de(offre, conseiller)
    inscription = services.inscription_creer(
        jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, session=session
    )
    client = client_de(conseiller_autre_ml)
    assert client.get(url("offre", offre_id=offre.pk)).status_code == 404
    assert client.get(url("session", session_id=session.pk)).status_code == 404
    reponse = client.post(
        url("inscription_noter", inscription_id=inscription.pk), {"etat": "refus_jeune"}
    )
    assert reponse.status_code == 404
    assert Inscription.objects.get().etat == EtatInscription.PRESCRIT


def test_creer_une_offre_refus_garde_la_saisie(client_de, conseiller, offre):
    client = client_de(conseiller)
    donnees = {
        "code": "P61",
        "intitule": "Ateliers bis",
        "theme": "projet",
        "referent": conseiller.pk,
        "etat": "en_cours",
        "niveau_cep": "2",
    }
    reponse = client.post(url("offre_creer"), donnees)
    assert reponse.status_code == 200
    erreurs = str(reponse.context["form"].errors)
    assert "motif de sollicitation" in erreurs
    assert reponse.context["form"]["intitule"].value() == "Ateliers bis"
    donnees.update(code="P64", niveau_cep="")
    reponse = client.post(url("offre_creer"), donnees)
    creee = OffreDeService.objects.get(code="P64")
    assert reponse.url == creee.get_absolute_url()
    assert creee.created_by == conseiller


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_catalogue_des_offres_constantes(
    client_de, conseiller, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        offre = offre_de(conseiller, code=f"P{rang}")
        services.inscription_creer(
            jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, offre=offre
        )
    client = client_de(conseiller)
    # + 1 the count of the paginator, + 1 the page of offers with their group, référent
    # and enrolments counted, + 2 the users of the référent filter and of the group
    # transfer.
    with django_assert_num_queries(SESSION + 4):
        assert client.get(url("offres")).status_code == 200


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_page_session_constantes(
    client_de, conseiller, offre, django_assert_num_queries, nombre
):
    session = session_de(offre, conseiller, capacite=10)
    jeunes = JeuneFactory.create_batch(nombre, suivi_par=conseiller)
    services.inscriptions_creer(jeunes=jeunes, par=conseiller, session=session)
    ma_liste.ma_liste_ajouter(
        utilisateur=conseiller, jeunes=Jeune.objects.filter(pk__in=[j.pk for j in jeunes])
    )
    client = client_de(conseiller)
    # + 1 the session with its offer, type, place and animateur, + 1 its enrolments with
    # the young people and prescribers, + 1 « Ma liste » for the group form.
    with django_assert_num_queries(SESSION + 3):
        assert client.get(url("session", session_id=session.pk)).status_code == 200


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_page_offre_constantes(
    client_de, conseiller, offre, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        session_de(offre, conseiller, jours=rang + 1)
    client = client_de(conseiller)
    # + 1 the offer, + 1 its sessions with their enrolments counted, + 1 the enrolments
    # without session.
    with django_assert_num_queries(SESSION + 3):
        assert client.get(url("offre", offre_id=offre.pk)).status_code == 200


# --- Partners, job offers, catalogue ------------------------------------------------------


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_fiche_partenaire_constantes(
    client_de, conseiller, django_assert_num_queries, nombre
):
    entreprise = entreprise_de(conseiller)
    for rang in range(nombre):
        services_entreprises.contact_ajouter(
            entreprise=entreprise, par=conseiller, nom=f"CONTACT {rang}"
        )
        offre = offre_emploi_de(conseiller, entreprise)
        mer = services_formations.mer_creer(
            jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, offre_emploi=offre
        )
        services_formations.mer_changer_etat(mer=mer, par=conseiller, etat="realisee")
    client = client_de(conseiller)
    # + 1 the partner with its type, référent and commune, + 1 its job offers (with their
    # MER counted), + 1 the young people placed, + 1 its contacts, + 1 its history (the
    # SIRETs before a move).
    with django_assert_num_queries(SESSION + 5):
        reponse = client.get(url("entreprise", entreprise_id=entreprise.pk))
    assert len(reponse.context["places"]) == nombre


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_liste_des_partenaires_constantes(
    client_de, conseiller, django_assert_num_queries, nombre
):
    sirets = ["84377210400017", "81234567600017", "79488126800013", "43199875600016"]
    for rang in range(nombre):
        entreprise_de(conseiller, siret=sirets[rang] if rang < 4 else "", raison_sociale=f"E{rang}")
    client = client_de(conseiller)
    # + 1 the count, + 1 the page of partners, + 1 the référents of the filter, + 1 the
    # users of the group transfer.
    with django_assert_num_queries(SESSION + 4):
        assert client.get(url("entreprises")).status_code == 200


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_catalogue_de_formation_constantes(
    client_de, conseiller, django_assert_num_queries, nombre
):
    from offres.models import ActionFormation

    for rang in range(nombre):
        services_formations.action_formation_creer(
            structure=conseiller.structure,
            par=conseiller,
            intitule=f"Action {rang}",
            organisme="AFPA",
            fin=aujourdhui() + timedelta(days=30),
        )
    client = client_de(conseiller)
    # (All regions asked: the ML's region is not looked up as the default filter.)
    # + 1 the regions of the filter, + 1 the count, + 1 the page of actions with their
    # métier, region, commune, objective and validation.
    with django_assert_num_queries(SESSION + 3):
        reponse = client.get(url("catalogue"), {"region": ""})
    assert reponse.context["page"].paginator.count == ActionFormation.objects.count() == nombre


def test_salaire_en_texte_refuse_a_la_page(client_de, conseiller):
    entreprise = entreprise_de(conseiller)
    MetierRome.objects.create(code="G1602", libelle="Personnel de cuisine")
    reponse = client_de(conseiller).post(
        url("offre_emploi_creer", entreprise_id=entreprise.pk),
        {
            "intitule": "Commis",
            "metier": "G1602",
            "type_contrat": element("type_contrat", "cdi", "CDI").pk,
            "salaire": "1500 brut",
            "periode_salaire": "mensuel",
            "publiee_le": str(aujourdhui()),
            "nombre_postes": "1",
            "etat": "ouverte",
        },
    )
    assert reponse.status_code == 200
    assert "pas de texte comme « SMIC »" in reponse.content.decode()
    assert not entreprise.offres_emploi.exists()


# --- The youth file and the home page -----------------------------------------------------


def test_fiche_montre_les_offres_et_la_frise(client_de, conseiller, offre):
    jeune = JeuneFactory(suivi_par=conseiller)
    session = session_de(offre, conseiller, jours=-1)
    services.inscription_realiser(
        inscription=services.inscription_creer(jeune=jeune, par=conseiller, session=session),
        par=conseiller,
    )
    entreprise = entreprise_de(conseiller)
    services_formations.mer_creer(
        jeune=jeune, par=conseiller, offre_emploi=offre_emploi_de(conseiller, entreprise)
    )
    reponse = client_de(conseiller).get(reverse("dossiers:fiche", kwargs={"jeune_id": jeune.pk}))
    contenu = reponse.content.decode()
    assert "Offres et mises en relation" in contenu
    assert session.get_absolute_url() in contenu
    libelles = {fait.libelle for fait in frise(Jeune.objects.get(pk=jeune.pk))}
    assert "Session P61 Ateliers projets (réalisé)" in libelles
    assert "Mise en relation (proposée) : Commis de cuisine chez Restaurant L'Écluse" in libelles


def test_criteres_inscrit_a_l_offre_et_mer_en_cours(conseiller, offre):
    inscrit, refuse, autre = JeuneFactory.create_batch(3, suivi_par=conseiller)
    services.inscription_creer(jeune=inscrit, par=conseiller, offre=offre)
    services.inscription_refuser(
        inscription=services.inscription_creer(
            jeune=refuse, par=conseiller, session=session_de(offre, conseiller)
        ),
        par=conseiller,
        etat=EtatInscription.REFUS_JEUNE,
    )
    services_formations.mer_creer(
        jeune=autre,
        par=conseiller,
        offre_emploi=offre_emploi_de(conseiller, entreprise_de(conseiller)),
    )
    structure = conseiller.structure
    par_offre = criteres_form(structure, {"inscrit_offre": offre.pk})
    assert list(appliquer_criteres(Jeune.objects.all(), par_offre)) == [inscrit]
    en_cours = criteres_form(structure, {"mer_en_cours": "oui"})
    assert list(appliquer_criteres(Jeune.objects.all(), en_cours)) == [autre]
    chez = criteres_form(structure, {"mer_entreprise": "ecluse"})
    assert list(appliquer_criteres(Jeune.objects.all(), chez)) == [autre]
    ailleurs = criteres_form(structure, {"mer_entreprise": "fournil"})
    assert not appliquer_criteres(Jeune.objects.all(), ailleurs).exists()


def test_sessions_de_la_semaine_de_l_animateur_a_l_accueil(
    client_de, conseiller, validateur, offre
):
    session_de(offre, conseiller, jours=0, debut=moment(0, 23))
    session_de(offre, validateur, animateur=validateur, debut=moment(0, 22))
    session_de(offre, conseiller, debut=moment(8))
    contenu = client_de(conseiller).get(reverse("accueil")).content.decode()
    assert "Mes sessions de la semaine" in contenu
    assert contenu.count("P61 Ateliers projets</a>") == 1
    assert "0 / 8 inscrit" in contenu


def test_accueil_lit_la_mer_sans_la_changer(client_de, accueil, conseiller):
    jeune = JeuneFactory(suivi_par=conseiller)
    mer = services_formations.mer_creer(
        jeune=jeune,
        par=conseiller,
        offre_emploi=offre_emploi_de(conseiller, entreprise_de(conseiller)),
    )
    client = client_de(accueil)
    assert client.get(mer.get_absolute_url()).status_code == 200
    assert client.post(mer.get_absolute_url(), {"etat": "acceptee"}).status_code == 403
    mer.refresh_from_db()
    assert mer.etat == "proposee"
    assert client.get(url("mer_creer", jeune_id=jeune.pk)).status_code == 403


def test_toutes_les_pages_s_affichent(client_de, conseiller, accueil, offre):
    """Every page with data in every state renders (templates fail on unknown variables),
    for who manages offers and for who only reads them."""
    from offres.models import ActionFormation

    jeune = JeuneFactory(suivi_par=conseiller)
    passee = session_de(offre, conseiller, jours=-1, lieu=conseiller.structure.lieux.first())
    realise, refuse = services.inscriptions_creer(
        jeunes=[jeune, JeuneFactory(suivi_par=conseiller)], par=conseiller, session=passee
    )
    services.inscription_realiser(inscription=realise, par=conseiller)
    services.inscription_refuser(inscription=refuse, par=conseiller, etat="refus_tiers")
    permanente = offre_de(conseiller, code="S20", etat=EtatOffre.PERMANENT, places=5)
    services.inscription_creer(jeune=jeune, par=conseiller, offre=permanente)
    entreprise = entreprise_de(conseiller)
    services_entreprises.contact_ajouter(entreprise=entreprise, par=conseiller, nom="MADEC")
    emploi = offre_emploi_de(conseiller, entreprise)
    mer_emploi = services_formations.mer_creer(jeune=jeune, par=conseiller, offre_emploi=emploi)
    services_formations.mer_changer_etat(mer=mer_emploi, par=conseiller, etat="realisee")
    interne = services_formations.action_formation_creer(
        structure=conseiller.structure,
        par=conseiller,
        intitule="POE logistique",
        organisme="AFPA",
        validation=element("validation_formation", "cap", "CAP"),
        debut=aujourdhui(),
        fin=aujourdhui() + timedelta(days=60),
    )
    externe = ActionFormation.objects.create(
        origine="externe", identifiant_externe="BRE-1", intitule="CAP Cuisine", organisme="CFA"
    )
    mer_formation = services_formations.mer_creer(
        jeune=jeune, par=conseiller, action_formation=interne
    )
    services_formations.mer_changer_etat(mer=mer_formation, par=conseiller, etat="realisee")
    mer_proposee = services_formations.mer_creer(
        jeune=jeune, par=conseiller, action_formation=externe
    )
    lectures = [
        url("offres"),
        url("offre", offre_id=offre.pk),
        url("offre", offre_id=permanente.pk),
        url("session", session_id=passee.pk),
        url("entreprises"),
        url("entreprise", entreprise_id=entreprise.pk),
        url("offres_emploi"),
        url("offre_emploi", offre_emploi_id=emploi.pk),
        url("catalogue") + f"?jeune={jeune.pk}&terminees=on",
        url("action_formation", action_formation_id=interne.pk),
        url("action_formation", action_formation_id=externe.pk),
        mer_emploi.get_absolute_url(),
        mer_formation.get_absolute_url(),
        mer_proposee.get_absolute_url(),
        reverse("dossiers:fiche", kwargs={"jeune_id": jeune.pk}),
        reverse("accueil"),
    ]
    gestion = [
        url("offre_creer"),
        url("offre_modifier", offre_id=offre.pk),
        url("session_creer", offre_id=offre.pk),
        url("session_modifier", session_id=passee.pk),
        url("jeune_inscrire", jeune_id=jeune.pk),
        url("mer_creer", jeune_id=jeune.pk) + f"?action_formation={externe.pk}",
        url("mer_creer", jeune_id=jeune.pk) + f"?offre_emploi={emploi.pk}",
        url("entreprise_creer") + "?numero=843772104",
        url("entreprise_modifier", entreprise_id=entreprise.pk),
        url("entreprise_demenager", entreprise_id=entreprise.pk),
        url("offre_emploi_creer", entreprise_id=entreprise.pk),
        url("offre_emploi_modifier", offre_emploi_id=emploi.pk),
        url("action_formation_creer"),
        url("action_formation_modifier", action_formation_id=interne.pk),
    ]
    client = client_de(conseiller)
    for adresse in lectures + gestion:
        assert client.get(adresse).status_code == 200, adresse
    client = client_de(accueil)
    for adresse in lectures:
        assert client.get(adresse).status_code == 200, adresse
    # The regional catalogue is not edited by hand.
    reponse = client_de(conseiller).get(
        url("action_formation_modifier", action_formation_id=externe.pk)
    )
    assert reponse.status_code == 404


def test_listes_ajoutees_au_formulaire_ont_le_style_dsfr(client_de, conseiller, offre):
    contenu = client_de(conseiller).get(url("session_creer", offre_id=offre.pk)).content.decode()
    for nom in ("type", "lieu", "animateur"):
        assert f'<select name="{nom}" class="fr-select"' in contenu, nom
