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
from tests.referentiels.factories import ElementReferenceFactory, element

pytestmark = pytest.mark.django_db


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


def test_referent_qui_perd_la_fonction_ne_bloque_pas_le_dossier(conseiller, jeune):
    conseiller.fonction_conseiller_referent = False
    conseiller.save()
    jeune = jeune_modifier(jeune=jeune, par=conseiller, recense=True)
    assert jeune.recense
    # Choosing him again as référent is refused.
    autre = JeuneFactory(structure=conseiller.structure)
    with pytest.raises(ValidationError):
        jeune_modifier(jeune=autre, par=conseiller, conseiller_referent=conseiller)


def test_le_referent_desactive_reste_dans_le_formulaire(client_de, conseiller, validateur, jeune):
    jeune_modifier(jeune=jeune, par=conseiller, conseiller_referent=validateur)
    validateur.is_active = False
    validateur.save()
    reponse = client_de(conseiller).post(
        reverse("dossiers:complements", kwargs={"jeune_id": jeune.pk}),
        {"conseiller_referent": validateur.pk, "codes_auxiliaires": "A1"},
    )
    assert reponse.status_code == 302
    jeune.refresh_from_db()
    assert (jeune.conseiller_referent, jeune.codes_auxiliaires) == (validateur, "A1")


def test_ressource_close_ne_se_rouvre_pas(conseiller, jeune):
    ressource = Ressource.objects.create(
        jeune=jeune,
        type=element("type_ressource", "salaire"),
        montant=900,
        debut=date(2021, 1, 1),
        fin=date(2021, 6, 30),
    )
    with pytest.raises(ValidationError):
        ressource_clore(ressource=ressource, par=conseiller, fin=date(2026, 1, 1))


def test_element_d_une_autre_ml_refuse(conseiller, jeune, ml_b):
    element("origine_venue", "famille_amis")
    local_b = ElementReferenceFactory(
        table__code="origine_venue", code="salon", libelle="Salon de B", locale=True, structure=ml_b
    )
    with pytest.raises(ValidationError) as erreur:
        jeune_modifier(jeune=jeune, par=conseiller, origine_venue=local_b)
    assert "origine_venue" in erreur.value.message_dict


def test_plusieurs_moyens_exigent_un_principal_et_aucun_est_seul(conseiller, jeune):
    from dossiers.services import jeune_modifier_mobilite
    from imilo.erreurs import RegleMetierError

    velo, aucun = element("locomotion", "velo"), element("locomotion", "aucun")
    bus = element("locomotion", "transports_en_commun")
    with pytest.raises(RegleMetierError, match="principal"):
        jeune_modifier_mobilite(jeune=jeune, par=conseiller, mobilite=None, locomotions=[velo, bus])
    with pytest.raises(RegleMetierError, match="Aucun"):
        jeune_modifier_mobilite(
            jeune=jeune, par=conseiller, mobilite=None, locomotions=[velo, aucun], principal=velo
        )
