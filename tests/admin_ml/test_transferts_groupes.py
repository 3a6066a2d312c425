"""Group transfers, immediate, from a list selection, through the registry of kinds
(seed 003, « Transferts d'éléments »)."""

import html

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import reverse

from admin_ml.models import LieuAccueil, MissionLocale, Utilisateur
from admin_ml.registres import GENRES_DE_TRANSFERT, GenreTransfert
from admin_ml.transferts import transfert_executer
from dossiers.models import Jeune, SelectionJeune
from imilo.droits import Droit
from imilo.erreurs import RegleMetierError
from tests.admin_ml.factories import LieuAccueilFactory, UtilisateurFactory
from tests.dossiers.factories import JeuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suivis(conseiller):
    return JeuneFactory.create_batch(3, suivi_par=conseiller)


def test_transfert_des_dossiers_d_un_conseiller_a_un_autre(direction, conseiller, suivis, ml_a):
    autre = UtilisateurFactory(structure=ml_a)
    nombre = transfert_executer(
        genre="jeunes_referent",
        objets=Jeune.objects.filter(conseiller_referent=conseiller),
        destination=autre,
        par=direction,
    )
    assert nombre == 3
    assert Jeune.objects.filter(conseiller_referent=autre).count() == 3
    for jeune in suivis:
        derniere = jeune.history.first()
        assert derniere.history_user == direction
        assert derniere.history_change_reason == "action groupée"


def test_transfert_du_lieu_de_rattachement(direction, suivis, ml_a):
    lieu = LieuAccueilFactory(structure=ml_a, nom="Antenne Est")
    transfert_executer(
        genre="jeunes_lieu",
        objets=Jeune.objects.filter(pk__in=[j.pk for j in suivis]),
        destination=lieu,
        par=direction,
    )
    assert Jeune.objects.filter(lieu_rattachement=lieu).count() == 3


def test_transfert_dossier_vers_dossier_refuse(direction, suivis):
    """Seed 003: a youth file is never transferred onto another one (duplicates)."""
    with pytest.raises(RegleMetierError) as refus:
        transfert_executer(
            genre="jeunes_referent",
            objets=Jeune.objects.filter(pk=suivis[0].pk),
            destination=suivis[1],
            par=direction,
        )
    assert refus.value.message.startswith(
        "Un dossier jeune ne se transfère pas vers un autre dossier jeune"
    )
    assert "il ne fusionne jamais deux enregistrements" in refus.value.message


@pytest.mark.parametrize(
    ("nom_objet", "nom_objets"),
    [
        ("offre de service", "offres de service"),
        ("partenaire", "partenaires"),
    ],
)
def test_transfert_offre_vers_offre_et_partenaire_vers_partenaire_refuses(
    direction, ml_a, nom_objet, nom_objets
):
    """The same rule for the kinds offres will register (here on a stand-in model)."""
    genre = GenreTransfert(
        code=f"essai_{nom_objet}",
        libelle="essai",
        nom_objet=nom_objet,
        nom_objets=nom_objets,
        objets=MissionLocale,
        destination=Utilisateur,
        droit=Droit.OFFRES_GERER,
        executer=lambda **kwargs: pytest.fail("le transfert ne doit pas s'exécuter"),
    )
    GENRES_DE_TRANSFERT.enregistrer(genre)
    try:
        with pytest.raises(
            RegleMetierError, match=f"Un {nom_objet} ne se transfère pas vers un autre {nom_objet}"
        ):
            transfert_executer(
                genre=genre.code,
                objets=MissionLocale.objects.all(),
                destination=ml_a,
                par=direction,
            )
    finally:
        GENRES_DE_TRANSFERT.retirer(genre)


def test_genre_de_transfert_qui_fusionnerait_refuse_a_l_enregistrement():
    with pytest.raises(ImproperlyConfigured, match="change un référent ou un lieu"):
        GENRES_DE_TRANSFERT.enregistrer(
            GenreTransfert(
                code="jeune_vers_jeune",
                libelle="fusion",
                nom_objet="dossier jeune",
                nom_objets="dossiers jeunes",
                objets=Jeune,
                destination=Jeune,
                droit=Droit.DOSSIERS_MODIFIER,
                executer=lambda **kwargs: 0,
            )
        )
    assert "jeune_vers_jeune" not in GENRES_DE_TRANSFERT


def test_transfert_vers_une_autre_ml_refuse(direction, suivis, conseiller_autre_ml):
    with pytest.raises(RegleMetierError, match="votre mission locale"):
        transfert_executer(
            genre="jeunes_referent",
            objets=Jeune.objects.all(),
            destination=conseiller_autre_ml,
            par=direction,
        )


def test_transfert_ne_touche_que_les_dossiers_de_sa_ml(direction, conseiller, suivis, ml_b):
    autre_ml = JeuneFactory(structure=ml_b)
    nombre = transfert_executer(
        genre="jeunes_referent", objets=Jeune.objects.all(), destination=conseiller, par=direction
    )
    assert nombre == 3
    autre_ml.refresh_from_db()
    assert autre_ml.conseiller_referent is None


def test_transfert_sans_le_droit_refuse(accueil, suivis, conseiller):
    with pytest.raises(PermissionDenied):
        transfert_executer(
            genre="jeunes_referent", objets=Jeune.objects.all(), destination=conseiller, par=accueil
        )


def test_ma_liste_passe_par_le_registre(client_de, direction, conseiller, suivis, ml_a):
    """The existing « Ma liste » action, unchanged for the user, with the registry's rules."""
    autre = UtilisateurFactory(structure=ml_a)
    SelectionJeune.objects.bulk_create(
        [SelectionJeune(utilisateur=direction, jeune=jeune) for jeune in suivis]
    )
    client_de(direction).post(reverse("dossiers:ma_liste_action"), {"referent": autre.pk})
    assert Jeune.objects.filter(conseiller_referent=autre).count() == 3


def test_page_des_transferts_groupes(client_de, direction, accueil):
    contenu = html.unescape(
        client_de(direction).get(reverse("admin_ml:transferts")).content.decode()
    )
    assert "Dossiers jeunes : d'un conseiller référent à un autre" in contenu
    assert "Dossiers jeunes : changer de lieu de rattachement" in contenu
    assert reverse("dossiers:ma_liste") in contenu
    assert "un dossier jeune vers un autre dossier jeune" in contenu


def test_lieu_inconnu_de_la_ml_pour_le_lieu(direction, suivis, ml_b):
    lieu_b = LieuAccueil.objects.get(structure=ml_b)
    with pytest.raises(RegleMetierError, match="votre mission locale"):
        transfert_executer(
            genre="jeunes_lieu", objets=Jeune.objects.all(), destination=lieu_b, par=direction
        )
