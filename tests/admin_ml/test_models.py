import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from admin_ml.models import MissionLocale, Profil, ProfilDroit, Utilisateur
from admin_ml.profils import PROFILS_STANDARD, profils_standard_synchroniser
from imilo.droits import Droit
from tests.admin_ml.factories import MissionLocaleFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_une_seule_direction_par_ml_comptes_desactives_compris(ml_a):
    UtilisateurFactory(structure=ml_a, direction=True, desactive=True)
    with pytest.raises(IntegrityError):
        UtilisateurFactory(structure=ml_a, direction=True)


def test_message_francais_de_la_direction_unique(ml_a):
    UtilisateurFactory(structure=ml_a, direction=True)
    seconde = UtilisateurFactory.build(structure=ml_a, direction=True)
    with pytest.raises(ValidationError) as erreur:
        seconde.validate_constraints()
    assert "a déjà la fonction Direction" in str(erreur.value)


def test_une_direction_dans_chaque_ml(ml_a, ml_b):
    UtilisateurFactory(structure=ml_a, direction=True)
    UtilisateurFactory(structure=ml_b, direction=True)
    assert Utilisateur.objects.filter(fonction_direction=True).count() == 2


def test_identifiant_en_minuscules_et_connexion_insensible_a_la_casse(ml_a):
    utilisateur = Utilisateur.objects.create_user(
        "S.Debout",
        "Un-mot-de-passe-long",
        nom="DEBOUT",
        prenom="Sylvie",
        email="s.debout@example.org",
        date_naissance="1980-01-01",
        structure=ml_a,
        profil=Profil.objects.get(code="conseiller", structure=None),
    )
    assert utilisateur.identifiant == "s.debout"
    assert Utilisateur.objects.get_by_natural_key(" S.DEBOUT ") == utilisateur


def test_identifiant_mal_forme_refuse(ml_a):
    utilisateur = UtilisateurFactory.build(structure=ml_a, identifiant="Sylvie Debout")
    with pytest.raises(ValidationError) as erreur:
        utilisateur.full_clean(exclude=["password"])
    assert "identifiant" in erreur.value.message_dict


def test_siret_invalide_refuse():
    ml = MissionLocaleFactory.build(siret="12345678901234")
    with pytest.raises(ValidationError) as erreur:
        ml.full_clean(exclude=["region"])
    assert "SIRET n'est pas valide" in str(erreur.value.message_dict["siret"])


def test_profils_standard_livres_et_synchronises():
    codes = set(Profil.objects.filter(structure=None).values_list("code", flat=True))
    assert (
        codes
        == set(PROFILS_STANDARD)
        == {
            "conseiller",
            "accueil",
            "validateur",
            "direction",
            "administrateur",
        }
    )
    conseiller = Profil.objects.get(code="conseiller", structure=None)
    conseiller.droits.create(droit=Droit.ADMIN_ML_GERER_UTILISATEURS)
    conseiller.droits.filter(droit=Droit.DOSSIERS_VOIR).delete()
    profils_standard_synchroniser()
    droits = set(conseiller.droits.values_list("droit", flat=True))
    assert droits == {str(d) for d in PROFILS_STANDARD["conseiller"].droits}
    # Both corrections are in the history of the profile's rights.
    traces = ProfilDroit.history.filter(profil_id=conseiller.pk)
    assert traces.filter(droit=Droit.ADMIN_ML_GERER_UTILISATEURS, history_type="-").exists()
    assert traces.filter(droit=Droit.DOSSIERS_VOIR, history_type="+").count() == 2


def test_droits_par_profil(ml_a):
    conseiller = UtilisateurFactory(structure=ml_a)
    validateur = UtilisateurFactory(structure=ml_a, validateur=True)
    direction = UtilisateurFactory(structure=ml_a, direction=True)
    assert not conseiller.a_le_droit(Droit.DISPOSITIFS_VALIDER_ALLOCATION)
    assert validateur.a_le_droit(Droit.DISPOSITIFS_VALIDER_ALLOCATION)
    assert all(direction.a_le_droit(droit) for droit in Droit)


def test_compte_desactive_n_a_plus_aucun_droit(ml_a):
    parti = UtilisateurFactory(structure=ml_a, direction=True, desactive=True)
    assert parti.droits == frozenset()


def test_lieux_de_la_structure_seulement(ml_a, ml_b):
    assert {lieu.nom for lieu in ml_a.lieux.model.objects.de_la_structure(ml_a)} == {"Siège A"}
    assert not ml_a.lieux.model.objects.de_la_structure(None).exists()


def test_un_seul_siege_par_ml(ml_a):
    from tests.admin_ml.factories import LieuAccueilFactory

    with pytest.raises(IntegrityError):
        LieuAccueilFactory(structure=ml_a, est_siege=True)


def test_mission_locale_historisee(ml_a):
    ml_a.nom = "Mission Locale A renommée"
    ml_a.save()
    assert MissionLocale.history.filter(id=ml_a.pk).count() == 2
