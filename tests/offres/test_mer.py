"""Mises en relation (MER): states, and the situation a realised one leads to."""

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dispositifs.regles import ajouter_mois
from dossiers.enums import CategorieSituation
from dossiers.models import Situation
from imilo.erreurs import RegleMetierError
from offres import services_entreprises, services_formations
from offres.enums import EtatMer, EtatOffreEmploi, OrigineAction
from offres.models import ActionFormation
from referentiels.models import MetierRome
from tests.dossiers.factories import JeuneFactory
from tests.offres.donnees import aujourdhui
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


@pytest.fixture
def metier(db):
    return MetierRome.objects.create(code="G1602", libelle="Personnel de cuisine")


def offre_emploi(conseiller, metier, **champs):
    entreprise = services_entreprises.entreprise_creer(
        structure=conseiller.structure,
        par=conseiller,
        raison_sociale="Restaurant L'Écluse",
        siret="84377210400017",
        referent=conseiller,
    )
    valeurs = {
        "intitule": "Commis de cuisine",
        "metier": metier,
        "type_contrat": element("type_contrat", "cdd", "CDD"),
        "duree_mois": 6,
        "heures_hebdo": Decimal("35"),
        "salaire": Decimal("1850"),
        "periode_salaire": "mensuel",
        "debut_contrat": aujourdhui() + timedelta(days=7),
    }
    valeurs.update(champs)
    return services_entreprises.offre_emploi_creer(entreprise=entreprise, par=conseiller, **valeurs)


def action_formation(metier, **champs):
    valeurs = {
        "origine": OrigineAction.EXTERNE,
        "identifiant_externe": "BRE-1",
        "intitule": "Titre professionnel Cuisinier",
        "organisme": "AFPA Rennes",
        "formacode": "42752",
        "metier": metier,
        "objectif": element("objectif_formation", "certification", "Certification"),
        "validation": element("validation_formation", "cap", "CAP"),
        "debut": aujourdhui() + timedelta(days=10),
        "fin": aujourdhui() + timedelta(days=200),
    }
    valeurs.update(champs)
    action = ActionFormation(**valeurs)
    action.calculer_cles()
    action.save()
    return action


def test_mer_formation_realisee_cree_la_situation_de_formation(conseiller, jeune, metier):
    action = action_formation(metier)
    mer = services_formations.mer_creer(jeune=jeune, par=conseiller, action_formation=action)
    services_formations.mer_changer_etat(mer=mer, par=conseiller, etat=EtatMer.ACCEPTEE)
    mer = services_formations.mer_changer_etat(mer=mer, par=conseiller, etat=EtatMer.REALISEE)
    situation = mer.situation
    assert situation.categorie == CategorieSituation.FORMATION
    assert (situation.intitule, situation.organisme) == (action.intitule, "AFPA Rennes")
    assert (situation.debut, situation.fin_prevue) == (action.debut, action.fin)
    assert situation.objectif == action.objectif
    assert situation.validation == action.validation
    # The validation préparée (CAP) sets the niveau.
    assert situation.niveau == "3"
    assert (situation.formacode, situation.metier) == ("42752", metier)
    assert situation.auteur == conseiller


def test_mer_formation_sans_fin_demande_la_fin_prevue(conseiller, jeune, metier):
    mer = services_formations.mer_creer(
        jeune=jeune, par=conseiller, action_formation=action_formation(metier, fin=None)
    )
    with pytest.raises(ValidationError) as refus:
        services_formations.mer_changer_etat(mer=mer, par=conseiller, etat=EtatMer.REALISEE)
    assert "fin_prevue" in refus.value.message_dict
    assert not Situation.objects.exists()
    fin = aujourdhui() + timedelta(days=90)
    mer = services_formations.mer_changer_etat(
        mer=mer, par=conseiller, etat=EtatMer.REALISEE, fin_prevue=fin
    )
    assert mer.situation.fin_prevue == fin


def test_mer_emploi_realisee_propose_la_situation_d_emploi_pre_remplie(
    client_de, conseiller, jeune, metier
):
    offre = offre_emploi(conseiller, metier)
    mer = services_formations.mer_creer(jeune=jeune, par=conseiller, offre_emploi=offre)
    client = client_de(conseiller)
    reponse = client.post(
        mer.get_absolute_url(),
        {"etat": "realisee", "issue": element("issue_mer", "recrute", "Recruté(e)").pk},
    )
    assert reponse.status_code == 302
    adresse = urlparse(reponse.url)
    assert adresse.path == reverse("dossiers:situation_ajouter", kwargs={"jeune_id": jeune.pk})
    assert parse_qs(adresse.query)["categorie"] == ["emploi"]
    # Nothing is saved before the counsellor checks the form.
    assert not Situation.objects.exists()
    formulaire = client.get(reponse.url).context["form"]
    assert formulaire["intitule"].value() == "Commis de cuisine"
    assert formulaire["organisme"].value() == "Restaurant L'Écluse"
    assert str(formulaire["type_contrat"].value()) == str(offre.type_contrat_id)
    assert formulaire["metier"].value() == "G1602 Personnel de cuisine"
    assert formulaire["debut"].value() == offre.debut_contrat.isoformat()
    assert str(formulaire["heures_hebdo"].value()) == "35.0"
    # A CDD of 6 months: its expected end.
    assert formulaire["fin_prevue"].value() == ajouter_mois(offre.debut_contrat, 6).isoformat()


def test_mer_apprentissage_propose_une_alternance(conseiller, jeune, metier):
    offre = offre_emploi(
        conseiller,
        metier,
        type_contrat=element("type_contrat", "apprentissage", "Apprentissage"),
        duree_mois=24,
    )
    mer = services_formations.mer_creer(jeune=jeune, par=conseiller, offre_emploi=offre)
    valeurs = services_formations.situation_de_l_emploi(mer)
    assert valeurs["categorie"] == CategorieSituation.ALTERNANCE
    debut = offre.debut_contrat
    assert valeurs["fin_prevue"] == debut.replace(year=debut.year + 2).isoformat()


def test_transitions_de_mer(conseiller, jeune, metier):
    mer = services_formations.mer_creer(
        jeune=jeune, par=conseiller, offre_emploi=offre_emploi(conseiller, metier)
    )
    mer = services_formations.mer_changer_etat(
        mer=mer, par=conseiller, etat=EtatMer.REFUSEE, commentaire="Pas de permis."
    )
    assert mer.commentaire == "Pas de permis."
    with pytest.raises(RegleMetierError, match="refusée ne devient pas réalisée"):
        services_formations.mer_changer_etat(mer=mer, par=conseiller, etat=EtatMer.REALISEE)


def test_mer_en_cours_unique_par_offre(conseiller, jeune, metier):
    offre = offre_emploi(conseiller, metier)
    services_formations.mer_creer(jeune=jeune, par=conseiller, offre_emploi=offre)
    with pytest.raises(ValidationError, match="déjà une mise en relation en cours"):
        services_formations.mer_creer(jeune=jeune, par=conseiller, offre_emploi=offre)


def test_mer_sur_offre_pourvue_refusee(conseiller, jeune, metier):
    offre = offre_emploi(conseiller, metier, etat=EtatOffreEmploi.POURVUE)
    with pytest.raises(RegleMetierError, match="est pourvue"):
        services_formations.mer_creer(jeune=jeune, par=conseiller, offre_emploi=offre)


def test_mer_sur_action_terminee_refusee(conseiller, jeune, metier):
    action = action_formation(metier, debut=date(2025, 1, 6), fin=aujourdhui() - timedelta(days=1))
    with pytest.raises(RegleMetierError, match="est terminée depuis le"):
        services_formations.mer_creer(jeune=jeune, par=conseiller, action_formation=action)


def test_mer_d_une_offre_d_une_autre_ml_refusee(conseiller, conseiller_autre_ml, metier):
    offre = offre_emploi(conseiller_autre_ml, metier)
    with pytest.raises(ValidationError) as refus:
        services_formations.mer_creer(
            jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, offre_emploi=offre
        )
    assert "offre_emploi" in refus.value.message_dict


def _requetes(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


def test_requetes_offres_d_emploi_et_offre_constantes(client_de, conseiller, metier):
    """The job offers list and an offer's page with its MER: the count does not grow with
    the rows."""
    premiere = offre_emploi(conseiller, metier)
    services_formations.mer_creer(
        jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, offre_emploi=premiere
    )
    client = client_de(conseiller)
    liste = reverse("offres:offres_emploi")
    page = reverse("offres:offre_emploi", kwargs={"offre_emploi_id": premiere.pk})
    avant = (_requetes(client, liste), _requetes(client, page))
    for rang in range(6):
        services_entreprises.offre_emploi_creer(
            entreprise=premiere.entreprise,
            par=conseiller,
            intitule=f"Poste {rang}",
            metier=metier,
            type_contrat=element("type_contrat", "cdi", "CDI"),
            salaire=Decimal("1900"),
            periode_salaire="mensuel",
        )
        services_formations.mer_creer(
            jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, offre_emploi=premiere
        )
    assert (_requetes(client, liste), _requetes(client, page)) == avant


def test_requetes_page_de_mer_constantes(client_de, conseiller, jeune, metier):
    mer = services_formations.mer_creer(
        jeune=jeune, par=conseiller, offre_emploi=offre_emploi(conseiller, metier)
    )
    client = client_de(conseiller)
    page = reverse("offres:mer", kwargs={"jeune_id": jeune.pk, "mer_id": mer.pk})
    avant = _requetes(client, page)
    # A change of state adds history rows; the page still reads them in one query.
    services_formations.mer_changer_etat(mer=mer, par=conseiller, etat=EtatMer.ACCEPTEE)
    assert _requetes(client, page) == avant
