from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Jeune, MoyenLocomotion, Permis, Ressource
from dossiers.services import (
    jeune_modifier,
    jeune_modifier_mobilite,
    permis_noter,
    ressource_ajouter,
    ressource_clore,
)
from imilo.erreurs import RegleMetierError
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeune(conseiller):
    return JeuneFactory(structure=conseiller.structure)


def test_identifiant_france_travail_suppose_l_inscription(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        jeune_modifier(jeune=jeune, par=conseiller, identifiant_france_travail="1234567A")
    assert "identifiant_france_travail" in erreur.value.message_dict
    jeune = jeune_modifier(
        jeune=jeune,
        par=conseiller,
        inscrit_france_travail=True,
        identifiant_france_travail="1234567 a",
    )
    assert jeune.identifiant_france_travail == "1234567A"
    with pytest.raises(IntegrityError):
        Jeune.objects.filter(pk=jeune.pk).update(inscrit_france_travail=False)


def test_identifiant_france_travail_mal_forme(jeune, conseiller):
    with pytest.raises(ValidationError):
        jeune_modifier(
            jeune=jeune,
            par=conseiller,
            inscrit_france_travail=True,
            identifiant_france_travail="12",
        )


def test_recherche_par_identifiant_france_travail(jeune, conseiller):
    jeune_modifier(
        jeune=jeune,
        par=conseiller,
        inscrit_france_travail=True,
        identifiant_france_travail="7654321B",
    )
    assert list(Jeune.objects.de_la_structure(conseiller.structure).rechercher("7654321b")) == [
        jeune
    ]


def test_categorie_rqth_suppose_la_rqth(jeune, conseiller):
    with pytest.raises(ValidationError):
        jeune_modifier(jeune=jeune, par=conseiller, categorie_rqth=element("categorie_rqth", "b"))


def test_conseiller_referent_et_lieu_changent(jeune, conseiller, validateur):
    lieu = conseiller.structure.lieux.get()
    jeune = jeune_modifier(
        jeune=jeune, par=conseiller, conseiller_referent=validateur, lieu_rattachement=lieu
    )
    assert (jeune.conseiller_referent, jeune.lieu_rattachement) == (validateur, lieu)


def test_ressources_historisees(jeune, conseiller):
    salaire = ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "salaire"),
        montant=Decimal("850"),
        debut=date(2026, 1, 1),
    )
    ressource_clore(ressource=salaire, par=conseiller, fin=date(2026, 6, 30))
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "aucun"),
        montant=0,
        debut=date(2026, 7, 1),
    )
    assert Ressource.objects.filter(jeune=jeune).count() == 2
    assert [str(r.type.code) for r in Jeune.objects.get(pk=jeune.pk).ressources_en_cours] == [
        "aucun"
    ]


def test_aucun_et_autre_se_notent_a_zero(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        ressource_ajouter(
            jeune=jeune,
            par=conseiller,
            type=element("type_ressource", "autre"),
            montant=Decimal("200"),
            debut=date(2026, 1, 1),
        )
    assert "montant de 0" in erreur.value.message_dict["montant"][0]


def test_montant_negatif_et_fin_avant_debut_refuses(jeune, conseiller):
    salaire = element("type_ressource", "salaire")
    with pytest.raises(ValidationError):
        ressource_ajouter(jeune=jeune, par=conseiller, type=salaire, montant=-1, debut=date.today())
    with pytest.raises(ValidationError):
        ressource_ajouter(
            jeune=jeune,
            par=conseiller,
            type=salaire,
            montant=1,
            debut=date(2026, 5, 1),
            fin=date(2026, 4, 1),
        )
    with pytest.raises(IntegrityError):
        Ressource.objects.create(jeune=jeune, type=salaire, montant=-5, debut=date.today())


def test_permis_obtenu_sans_date_au_premier_janvier(jeune, conseiller):
    b = element("permis", "b")
    permis_noter(jeune=jeune, par=conseiller, permis=b, etape="code")
    ligne = permis_noter(jeune=jeune, par=conseiller, permis=b, etape="obtenu")
    assert ligne.date_obtention == timezone.localdate().replace(month=1, day=1)
    assert Permis.objects.filter(jeune=jeune).count() == 1
    with pytest.raises(IntegrityError):
        Permis.objects.filter(pk=ligne.pk).update(date_obtention=None)


def test_locomotion_un_seul_principal(jeune, conseiller):
    velo, bus = element("locomotion", "velo"), element("locomotion", "transports_en_commun")
    canton = element("mobilite", "canton")
    jeune_modifier_mobilite(
        jeune=jeune, par=conseiller, mobilite=canton, locomotions=[velo, bus], principal=bus
    )
    jeune_modifier_mobilite(
        jeune=jeune, par=conseiller, mobilite=canton, locomotions=[velo, bus], principal=velo
    )
    principaux = MoyenLocomotion.objects.filter(jeune=jeune, principal=True)
    assert [ligne.moyen for ligne in principaux] == [velo]
    with pytest.raises(RegleMetierError):
        jeune_modifier_mobilite(
            jeune=jeune,
            par=conseiller,
            mobilite=canton,
            locomotions=[velo],
            principal=element("locomotion", "voiture"),
        )
    # A single means is the principal one.
    jeune_modifier_mobilite(jeune=jeune, par=conseiller, mobilite=canton, locomotions=[bus])
    assert MoyenLocomotion.objects.get(jeune=jeune).principal


def test_pages_complements_et_mobilite(client_de, conseiller, jeune):
    client = client_de(conseiller)
    element("type_ressource", "salaire")
    for nom in ("complements", "mobilite"):
        assert (
            client.get(reverse(f"dossiers:{nom}", kwargs={"jeune_id": jeune.pk})).status_code == 200
        )
    reponse = client.post(
        reverse("dossiers:ressource_ajouter", kwargs={"jeune_id": jeune.pk}),
        {"type": element("type_ressource", "aucun").pk, "montant": "15", "debut": "2026-01-01"},
    )
    assert reponse.status_code == 200
    assert "montant de 0" in reponse.context["ressource_form"].errors["montant"][0]
    reponse = client.post(
        reverse("dossiers:permis_noter", kwargs={"jeune_id": jeune.pk}),
        {"permis": element("permis", "b", "B (voiture)").pk, "etape": "obtenu"},
    )
    assert reponse.status_code == 302
    assert "B (voiture)" in client.get(reponse.url).content.decode()


def test_ressource_d_un_autre_dossier_404(client_de, conseiller, jeune):
    autre = JeuneFactory(structure=conseiller.structure)
    ressource = Ressource.objects.create(
        jeune=autre, type=element("type_ressource", "salaire"), montant=1, debut=date.today()
    )
    url = reverse(
        "dossiers:ressource_clore", kwargs={"jeune_id": jeune.pk, "ressource_id": ressource.pk}
    )
    assert client_de(conseiller).post(url).status_code == 404


def test_modifier_complements_sans_droit_403(client_de, accueil, jeune):
    url = reverse("dossiers:complements", kwargs={"jeune_id": jeune.pk})
    assert client_de(accueil).get(url).status_code == 403
