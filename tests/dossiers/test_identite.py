"""The identity of a youth file: opening it, names, NIR and its certification, justification,
duplicates, the access log."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from dossiers.enums import NiveauIdentite
from dossiers.models import AccesDossier, Jeune
from dossiers.services import (
    jeune_certifier_nir,
    jeune_creer,
    jeune_justifier_identite,
    jeune_modifier,
    jeune_modifier_identite,
    jeune_noter_acces,
)
from imilo.erreurs import RegleMetierError
from tests.admin_ml.factories import ProfilFactory, UtilisateurFactory
from tests.dossiers.factories import NAISSANCE_CHLOE, NIR_CHLOE, JeuneFactory
from tests.referentiels.factories import CommuneFactory, DepartementFactory, PaysFactory, element

pytestmark = pytest.mark.django_db


def creer(conseiller, **champs):
    donnees = {
        "prenom": "Éloïse",
        "nom_usage": "Lefèvre",
        "date_naissance": NAISSANCE_CHLOE,
        "sexe": "2",
        "commune_naissance": CommuneFactory(code_insee="35238", nom="Rennes"),
        **champs,
    }
    return jeune_creer(structure=conseiller.structure, par=conseiller, **donnees)


def test_cle_du_nir_de_test():
    from stdnum.fr import nir

    assert nir.is_valid(NIR_CHLOE)


def test_noms_en_majuscules_sans_accents(conseiller):
    jeune = creer(conseiller, nom_naissance="de l'Écluse-Gaïa")
    assert jeune.nom_usage == "LEFEVRE"
    assert jeune.nom_naissance == "DE L'ECLUSE-GAIA"
    assert jeune.prenom == "Éloïse"


def test_ne_a_l_etranger_exige_le_pays_et_pas_de_commune(conseiller):
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller, ne_etranger=True, commune_naissance=None)
    assert "pays_naissance" in erreur.value.message_dict
    jeune = creer(conseiller, ne_etranger=True, pays_naissance=PaysFactory())
    assert jeune.commune_naissance is None


def test_ne_en_france_exige_la_commune(conseiller):
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller, commune_naissance=None)
    assert erreur.value.message_dict["commune_naissance"] == ["Indiquez la commune de naissance."]


def test_lieu_de_naissance_garanti_par_la_base(conseiller):
    jeune = JeuneFactory(structure=conseiller.structure)
    with pytest.raises(IntegrityError):
        Jeune.objects.filter(pk=jeune.pk).update(commune_naissance=None)


def test_nir_cle_invalide_refusee(conseiller):
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller, nir="205033523800178")
    assert "n'est pas valide" in erreur.value.message_dict["nir"][0]


def test_nir_corse_accepte(conseiller):
    corse = DepartementFactory(code="2A", nom="Corse-du-Sud")
    ajaccio = CommuneFactory(code_insee="2A004", nom="Ajaccio", departement=corse)
    numero = int("20503" + "19004" + "001")
    nir = f"205032A004001{97 - numero % 97:02d}"
    jeune = creer(conseiller, nir=nir, commune_naissance=ajaccio)
    assert jeune.nir == nir


def test_nir_incoherent_avec_sexe_et_naissance(conseiller):
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller, nir=NIR_CHLOE, sexe="1", date_naissance=date(2004, 7, 1))
    messages = " ".join(erreur.value.message_dict["nir"])
    assert "sexe" in messages
    assert "année" in messages
    assert "mois" in messages


def test_nir_saisi_avec_espaces(conseiller):
    jeune = creer(conseiller, nir="2 05 03 35 238 001 56")
    assert jeune.nir == NIR_CHLOE


def test_pas_de_nir_et_nir_incompatibles(conseiller):
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller, nir=NIR_CHLOE, pas_de_nir=True)
    assert "nir" in erreur.value.message_dict


def test_certification_refusee_pour_nir_temporaire(conseiller):
    numero = int("70503" + "35238" + "001")
    temporaire = f"7050335238001{97 - numero % 97:02d}"
    jeune = creer(conseiller, nir=temporaire)
    with pytest.raises(RegleMetierError, match="7 ou 8"):
        jeune_certifier_nir(jeune=jeune, par=conseiller)
    with pytest.raises(IntegrityError):
        Jeune.objects.filter(pk=jeune.pk).update(nir_certifie_le=timezone.now())


def test_certification_du_nir(conseiller):
    jeune = jeune_certifier_nir(jeune=creer(conseiller, nir=NIR_CHLOE), par=conseiller)
    assert jeune.nir_certifie
    assert jeune.nir_certifie_par == conseiller


def test_nir_modifie_perd_sa_certification(conseiller):
    jeune = jeune_certifier_nir(jeune=creer(conseiller, nir=NIR_CHLOE), par=conseiller)
    jeune = jeune_modifier_identite(jeune=jeune, par=conseiller, nir="", pas_de_nir=True)
    assert not jeune.nir_certifie


def test_niveaux_partiel_complet_justifie(conseiller):
    jeune = creer(conseiller)
    assert jeune.niveau_identite == NiveauIdentite.PARTIEL
    jeune = jeune_modifier_identite(
        jeune=jeune,
        par=conseiller,
        nom_naissance="LEFEVRE",
        nationalite="1",
        situation_familiale=element("situation_familiale", "celibataire"),
        nir=NIR_CHLOE,
    )
    assert jeune.niveau_identite == NiveauIdentite.COMPLET
    jeune_justifier_identite(jeune=jeune, par=conseiller, piece=element("piece_identite", "1"))
    jeune = Jeune.objects.get(pk=jeune.pk)
    assert jeune.niveau_identite == NiveauIdentite.JUSTIFIE


def test_modifier_un_champ_justifie_exige_une_nouvelle_justification(conseiller):
    jeune = creer(conseiller)
    jeune_justifier_identite(jeune=jeune, par=conseiller, piece=element("piece_identite", "2"))
    with pytest.raises(RegleMetierError, match="prénom") as erreur:
        jeune_modifier_identite(jeune=jeune, par=conseiller, prenom="Héloïse")
    assert erreur.value.champ == "piece"
    assert Jeune.objects.get(pk=jeune.pk).prenom == "Éloïse"
    # A field that is not justified changes freely.
    jeune_modifier_identite(jeune=jeune, par=conseiller, recense=True)
    jeune = jeune_modifier_identite(
        jeune=jeune,
        par=conseiller,
        prenom="Héloïse",
        justification={"piece": element("piece_identite", "1")},
    )
    assert jeune.prenom == "Héloïse"
    assert jeune.justification_en_cours.piece.code == "1"


def test_justification_avec_une_piece_d_une_autre_table(conseiller):
    with pytest.raises(RegleMetierError):
        jeune_justifier_identite(
            jeune=creer(conseiller), par=conseiller, piece=element("mobilite", "canton")
        )


def test_conseiller_referent_doit_avoir_la_fonction(conseiller, accueil):
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller, conseiller_referent=accueil)
    assert "conseiller_referent" in erreur.value.message_dict
    assert creer(conseiller, conseiller_referent=conseiller).conseiller_referent == conseiller


def test_conseiller_referent_d_une_autre_ml_refuse(conseiller, ml_b):
    autre = UtilisateurFactory(structure=ml_b)
    with pytest.raises(ValidationError):
        creer(conseiller, conseiller_referent=autre)


def test_frein_garde(conseiller):
    jeune = creer(conseiller, enfants_a_charge=1, moyen_garde=element("moyen_garde", "aucun"))
    assert jeune.frein_garde
    jeune = creer(conseiller, enfants_a_charge=1, moyen_garde=element("moyen_garde", "creche"))
    assert not jeune.frein_garde


def test_doublons_noms_inverses_et_accents(conseiller, ml_b):
    jeune = creer(conseiller, nom_usage="Dupont", nom_naissance="Durand", prenom="Chloé")
    JeuneFactory(structure=ml_b, nom_usage="DURAND", prenom="Chloé", date_naissance=NAISSANCE_CHLOE)
    candidats = Jeune.objects.de_la_structure(conseiller.structure).doublons_possibles
    assert list(candidats(noms=["durand"], prenom="CHLOE", date_naissance=NAISSANCE_CHLOE)) == [
        jeune
    ]
    assert list(candidats(noms=["DUPONT"], prenom="chloé", date_naissance=NAISSANCE_CHLOE)) == [
        jeune
    ]
    assert not candidats(noms=["DUPONT"], prenom="Chloé", date_naissance=date(2005, 3, 15))


def test_auteur_de_la_creation_dans_l_historique(conseiller):
    jeune = creer(conseiller)
    assert jeune.history.get().history_user == conseiller


def test_journal_des_acces_en_ajout_seul(conseiller):
    jeune = creer(conseiller)
    jeune_noter_acces(jeune=jeune, par=conseiller)
    acces = AccesDossier.objects.get()
    assert (acces.jeune, acces.utilisateur) == (jeune, conseiller)
    with pytest.raises(ValueError):
        acces.save()
    with pytest.raises(ValueError):
        acces.delete()


def test_formulaire_d_identite_sans_le_nir_pour_qui_ne_le_voit_pas(client_de, ml_a, jeune_avec_nir):
    profil = ProfilFactory(
        structure=ml_a, code="saisie", nom="Saisie", droits=["dossiers.voir", "dossiers.modifier"]
    )
    saisie = UtilisateurFactory(structure=ml_a, profil=profil)
    reponse = client_de(saisie).get(
        reverse("dossiers:identite", kwargs={"jeune_id": jeune_avec_nir.pk})
    )
    assert "nir" not in reponse.context["form"].fields
    assert "205033523800156" not in reponse.content.decode()


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
