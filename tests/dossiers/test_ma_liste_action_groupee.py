"""The group action of « Ma liste »: référent and lieu changed together or not at all, and
only what committed is announced."""

import dataclasses

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from admin_ml.registres import GENRES_DE_TRANSFERT
from dossiers import ma_liste
from dossiers.models import Jeune, SelectionJeune
from imilo.erreurs import RegleMetierError
from tests.admin_ml.factories import LieuAccueilFactory, UtilisateurFactory
from tests.dossiers.factories import JeuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def selection(conseiller):
    jeunes = [JeuneFactory(structure=conseiller.structure, conseiller_referent=conseiller)]
    SelectionJeune.objects.bulk_create(
        [SelectionJeune(utilisateur=conseiller, jeune=jeune) for jeune in jeunes]
    )
    return jeunes


@pytest.fixture
def lieu_en_echec():
    """The lieu transfer refused after the référent one has run (a rule of its own)."""
    vrai = GENRES_DE_TRANSFERT["jeunes_lieu"]

    def refuser(**kwargs):
        raise RegleMetierError("Ce lieu d'accueil ferme : choisissez-en un autre.")

    GENRES_DE_TRANSFERT.remplacer(dataclasses.replace(vrai, executer=refuser))
    yield
    GENRES_DE_TRANSFERT.remplacer(vrai)


def test_second_transfert_refuse_rien_n_est_annonce_ni_change(
    client_de, conseiller, validateur, selection, lieu_en_echec
):
    lieu = LieuAccueilFactory(structure=conseiller.structure)
    reponse = client_de(conseiller).post(
        reverse("dossiers:ma_liste_action"), {"referent": validateur.pk, "lieu": lieu.pk}
    )
    textes = [(m.level_tag, m.message) for m in get_messages(reponse.wsgi_request)]
    assert textes == [("error", "Ce lieu d'accueil ferme : choisissez-en un autre.")]
    # The référent transfer, done first, was rolled back with the refused one.
    assert Jeune.objects.get(pk=selection[0].pk).conseiller_referent == conseiller


def test_les_deux_transferts_sont_annonces_une_fois_faits(
    client_de, conseiller, validateur, selection
):
    lieu = LieuAccueilFactory(structure=conseiller.structure, nom="Antenne Nord")
    reponse = client_de(conseiller).post(
        reverse("dossiers:ma_liste_action"), {"referent": validateur.pk, "lieu": lieu.pk}
    )
    textes = [m.message for m in get_messages(reponse.wsgi_request)]
    assert textes == [
        f"1 dossier(s) confiés à {validateur}.",
        "1 dossier(s) rattachés à Antenne Nord.",
    ]


def test_un_referent_desactive_n_est_pas_propose_ni_accepte(client_de, conseiller, selection):
    """Who may be référent is one rule (admin_ml): the Ma liste service now checks that the
    user is active, like the other six places did."""
    parti = UtilisateurFactory(structure=conseiller.structure, desactive=True)
    client = client_de(conseiller)
    formulaire = client.get(reverse("dossiers:ma_liste")).context["action_form"]
    assert parti not in formulaire.fields["referent"].queryset
    with pytest.raises(ValidationError, match="conseiller référent"):
        ma_liste.jeunes_changer_referent(
            jeunes=Jeune.objects.filter(pk=selection[0].pk), referent=parti, par=conseiller
        )
    assert Jeune.objects.get(pk=selection[0].pk).conseiller_referent == conseiller
