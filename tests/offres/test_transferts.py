"""What offres tells the admin portal: référents blocking an unsubscription, and the group
transfers of référent from the lists of offers and partners."""

import pytest
from django.urls import reverse

from admin_ml.blocages import blocages
from offres import services_entreprises
from offres.enums import EtatOffre
from offres.models import Entreprise, OffreDeService
from tests.offres.donnees import offre_de

pytestmark = pytest.mark.django_db


def test_referent_d_offres_et_de_partenaires_bloque_le_desabonnement(conseiller, client_de):
    offre_de(conseiller, code="P61")
    offre_de(conseiller, code="L05", etat=EtatOffre.TERMINEE)
    services_entreprises.entreprise_creer(
        structure=conseiller.structure,
        par=conseiller,
        raison_sociale="Épicerie solidaire",
        referent=conseiller,
    )
    libelles = {blocage.libelle: blocage for blocage in blocages(conseiller)}
    assert "référent de 2 offres de service" in libelles
    assert "référent de 1 partenaire" in libelles
    # The link lists them all, finished offers included, to transfer them.
    lien = libelles["référent de 2 offres de service"].url
    page = client_de(conseiller).get(lien)
    assert len(page.context["page"].object_list) == 2


def test_transfert_groupe_des_offres_au_nouveau_referent(
    client_de, conseiller, validateur, conseiller_autre_ml
):
    mienne, autre = offre_de(conseiller, code="P61"), offre_de(conseiller, code="P62")
    ailleurs = offre_de(conseiller_autre_ml, code="P61")
    reponse = client_de(conseiller).post(
        reverse("offres:offres_transferer"),
        {"offres": [mienne.pk, ailleurs.pk], "referent": validateur.pk},
    )
    assert reponse.status_code == 302
    assert OffreDeService.objects.get(pk=mienne.pk).referent == validateur
    # The other offer was not checked; another ML's offer is never touched.
    assert OffreDeService.objects.get(pk=autre.pk).referent == conseiller
    assert OffreDeService.objects.get(pk=ailleurs.pk).referent == conseiller_autre_ml
    derniere = mienne.history.first()
    assert (derniere.history_user, derniere.history_change_reason) == (
        conseiller,
        "transfert groupé",
    )


def test_transfert_vers_un_utilisateur_d_une_autre_ml_refuse(
    client_de, conseiller, conseiller_autre_ml
):
    entreprise = services_entreprises.entreprise_creer(
        structure=conseiller.structure,
        par=conseiller,
        raison_sociale="Épicerie solidaire",
        referent=conseiller,
    )
    client = client_de(conseiller)
    reponse = client.post(
        reverse("offres:entreprises_transferer"),
        {"entreprises": [entreprise.pk], "referent": conseiller_autre_ml.pk},
        follow=True,
    )
    assert "choisissez le nouveau référent" in reponse.content.decode()
    assert Entreprise.objects.get().referent == conseiller


def test_accueil_ne_transfere_pas(client_de, accueil, conseiller):
    offre = offre_de(conseiller)
    reponse = client_de(accueil).post(
        reverse("offres:offres_transferer"), {"offres": [offre.pk], "referent": accueil.pk}
    )
    assert reponse.status_code == 403
