"""Rules found missing by review, each pinned by a test."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dossiers.ma_liste import export_csv
from dossiers.models import Jeune, Ressource
from dossiers.services import (
    jeune_creer,
    jeune_modifier,
    jeune_modifier_identite,
    ressource_clore,
)
from tests.admin_ml.factories import UtilisateurFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import CommuneFactory, element

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeune(conseiller):
    return JeuneFactory(
        structure=conseiller.structure,
        nir="205033523800156",
        date_naissance=date(2005, 3, 14),
        conseiller_referent=conseiller,
    )


def test_sans_droit_de_voir_le_nir_pas_de_recherche_par_debut(client_de, accueil, jeune):
    client = client_de(accueil)
    assert client.get(reverse("dossiers:liste"), {"q": "2050335"}).status_code == 200
    reponse = client.get(reverse("dossiers:liste"), {"q": "2050335"})
    assert reponse.context["page"].paginator.count == 0
    # The complete number still finds the file.
    reponse = client.get(reverse("dossiers:liste"), {"q": "2 05 03 35 238 001 56"})
    assert reponse.status_code == 302


def test_formulaire_d_identite_sans_le_nir_pour_qui_ne_le_voit_pas(client_de, ml_a, jeune):
    from admin_ml.models import Profil

    profil = Profil.objects.create(code="saisie", nom="Saisie", structure=ml_a)
    profil.droits.create(droit="dossiers.voir")
    profil.droits.create(droit="dossiers.modifier")
    saisie = UtilisateurFactory(structure=ml_a, profil=profil)
    reponse = client_de(saisie).get(reverse("dossiers:identite", kwargs={"jeune_id": jeune.pk}))
    assert "nir" not in reponse.context["form"].fields
    assert "205033523800156" not in reponse.content.decode()


def test_criteres_invalides_ne_selectionnent_rien(client_de, conseiller, jeune):
    reponse = client_de(conseiller).get(reverse("dossiers:liste"), {"age_min": "150"})
    assert reponse.context["page"].paginator.count == 0


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


def test_situation_familiale_connue_ne_s_efface_pas(conseiller, jeune):
    celibataire, marie = (
        element("situation_familiale", "celibataire"),
        element("situation_familiale", "marie"),
    )
    jeune = jeune_modifier_identite(
        jeune=jeune,
        par=conseiller,
        situation_familiale=celibataire,
        situation_familiale_confirmee_le=date(2026, 1, 5),
    )
    with pytest.raises(ValidationError) as erreur:
        jeune_modifier_identite(jeune=jeune, par=conseiller, situation_familiale=None)
    assert "situation_familiale" in erreur.value.message_dict
    # A new situation is not "still true" on the old date.
    jeune = jeune_modifier_identite(jeune=jeune, par=conseiller, situation_familiale=marie)
    assert jeune.situation_familiale_confirmee_le is None


def test_modifier_l_identite_hors_du_service_d_identite_refuse(conseiller, jeune):
    with pytest.raises(ValueError):
        jeune_modifier(jeune=jeune, par=conseiller, prenom="Autre")


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


def test_noms_avec_apostrophe_typographique_et_lettres_sans_accent(conseiller):
    jeune = jeune_creer(
        structure=conseiller.structure,
        par=conseiller,
        prenom="Łucja",
        nom_usage="N\u2019Diaye",
        nom_naissance="Østergård",
        date_naissance=date(2004, 5, 1),
        sexe="2",
        commune_naissance=CommuneFactory(),
    )
    assert (jeune.nom_usage, jeune.nom_naissance) == ("N'DIAYE", "OSTERGARD")
    assert list(Jeune.objects.rechercher("n diaye lucja")) == [jeune]


def test_export_neutralise_les_formules(conseiller):
    JeuneFactory(structure=conseiller.structure, prenom='=HYPERLINK("http://x")')
    contenu = export_csv(Jeune.objects.all()).decode("utf-8-sig")
    assert "'=HYPERLINK" in contenu
    assert ';"=HYPERLINK' not in contenu and ";=HYPERLINK" not in contenu


def test_element_d_une_autre_ml_refuse(conseiller, jeune, ml_b):
    from referentiels.models import ElementReference

    element("origine_venue", "famille_amis")
    local_b = ElementReference.objects.create(
        table_id="origine_venue",
        code="salon",
        libelle="Salon de B",
        portee="locale",
        structure=ml_b,
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


def test_iban_saisi_par_groupes(conseiller, jeune):
    jeune = jeune_modifier(
        jeune=jeune, par=conseiller, iban="DE89 3704 0044 0532 0130 00", bic="COBADEFFXXX"
    )
    assert jeune.iban == "DE89370400440532013000"


def test_export_journalise_les_acces(client_de, conseiller, jeune):
    from dossiers.models import AccesDossier

    client = client_de(conseiller)
    client.post(reverse("dossiers:ma_liste_ajouter"), {"jeunes": [jeune.pk]})
    client.get(reverse("dossiers:ma_liste_csv"))
    assert AccesDossier.objects.filter(jeune=jeune, utilisateur=conseiller).count() == 1


def test_chargement_retire_un_element_national_plus_livre(tmp_path):
    from referentiels.chargement import charger_tables

    ancien = element("origine_venue", "minitel", "Minitel")
    (tmp_path / "tables.csv").write_text(
        "table,table_libelle,code,libelle,ordre\\n"
        "origine_venue,Origine de la venue,famille_amis,Famille / amis,1\\n"
    )
    charger_tables(tmp_path / "tables.csv")
    ancien.refresh_from_db()
    assert ancien.actif is False
