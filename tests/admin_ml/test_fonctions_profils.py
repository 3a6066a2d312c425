"""Functions and profiles: one Direction per ML (deactivated accounts included), the RGS
delegation of the validateurs, the ML's own profiles and the rights matrix."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from admin_ml import services
from admin_ml.models import Profil, ProfilDroit, Utilisateur
from imilo.droits import Droit
from imilo.erreurs import RegleMetierError
from tests.admin_ml.factories import ProfilFactory, UtilisateurFactory, profil_standard
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def fiche(utilisateur):
    return reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": utilisateur.pk})


def donnees_fiche(utilisateur, **changements):
    donnees = {
        "email": utilisateur.email,
        "profil": utilisateur.profil_id,
        **{champ: "on" for champ in Utilisateur.FONCTIONS if getattr(utilisateur, champ)},
    }
    if utilisateur.delegation_rgs:
        donnees["delegation_rgs"] = "on"
    donnees.update(changements)
    return {cle: valeur for cle, valeur in donnees.items() if valeur is not None}


# Direction ---------------------------------------------------------------------------------


def test_une_seule_direction_par_ml_le_refus_nomme_le_titulaire(client_de, direction, conseiller):
    reponse = client_de(direction).post(
        fiche(conseiller), donnees_fiche(conseiller, fonction_direction="on")
    )
    assert reponse.status_code == 200
    message = reponse.context["form"].errors["fonction_direction"][0]
    assert direction.nom_complet in message
    assert direction.identifiant in message
    conseiller.refresh_from_db()
    assert not conseiller.fonction_direction
    # What was typed stays checked.
    assert reponse.context["form"]["fonction_direction"].value() is True


def test_une_seule_direction_comptes_desactives_compris(direction, conseiller, ml_a):
    ancienne = UtilisateurFactory(structure=ml_a, identifiant="a.partie", desactive=True)
    Utilisateur.objects.filter(pk=direction.pk).update(fonction_direction=False)
    Utilisateur.objects.filter(pk=ancienne.pk).update(fonction_direction=True)
    with pytest.raises(ValidationError) as erreur:
        services.utilisateur_modifier(
            utilisateur=conseiller, par=direction, fonction_direction=True
        )
    message = erreur.value.message_dict["fonction_direction"][0]
    assert "a.partie (compte désactivé)" in message


def test_direction_retiree_d_un_compte_desactive_sans_le_reactiver(direction, conseiller, ml_a):
    ancienne = UtilisateurFactory(structure=ml_a, identifiant="a.partie", desactive=True)
    Utilisateur.objects.filter(pk=direction.pk).update(fonction_direction=False)
    Utilisateur.objects.filter(pk=ancienne.pk).update(fonction_direction=True)
    services.utilisateur_modifier(utilisateur=ancienne, par=direction, fonction_direction=False)
    services.utilisateur_modifier(utilisateur=conseiller, par=direction, fonction_direction=True)
    ancienne.refresh_from_db()
    assert not ancienne.is_active
    assert Utilisateur.objects.get(fonction_direction=True, structure=ml_a) == conseiller


def test_direction_dans_une_autre_ml_ne_compte_pas(direction, direction_autre_ml, ml_b):
    nouvelle = UtilisateurFactory(structure=ml_b)
    Utilisateur.objects.filter(pk=direction_autre_ml.pk).update(fonction_direction=False)
    services.utilisateur_modifier(
        utilisateur=nouvelle, par=direction_autre_ml, fonction_direction=True
    )
    assert Utilisateur.objects.filter(fonction_direction=True).count() == 2


# RGS delegation and validateurs ------------------------------------------------------------


def test_delegation_rgs_sans_fonction_validateur_refusee_a_cote_du_champ(
    client_de, direction, conseiller
):
    reponse = client_de(direction).post(
        fiche(conseiller), donnees_fiche(conseiller, delegation_rgs="on")
    )
    assert "ne va qu'à un validateur" in reponse.context["form"].errors["delegation_rgs"][0]
    conseiller.refresh_from_db()
    assert not conseiller.delegation_rgs


def test_delegation_rgs_donnee_a_un_validateur(client_de, direction, validateur):
    reponse = client_de(direction).post(
        fiche(validateur), donnees_fiche(validateur, delegation_rgs="on")
    )
    assert reponse.status_code == 302
    validateur.refresh_from_db()
    assert validateur.delegation_rgs
    assert validateur.history.first().history_user == direction


def test_qui_peut_valider_les_allocations(client_de, direction, validateur, ml_a):
    Utilisateur.objects.filter(pk=validateur.pk).update(delegation_rgs=True)
    sans_delegation = UtilisateurFactory(structure=ml_a, validateur=True, nom="SANSDELEG")
    # Validateur function and delegation, but a profile without the right.
    sans_droit = UtilisateurFactory(
        structure=ml_a, fonction_validateur=True, delegation_rgs=True, nom="SANSDROIT"
    )
    UtilisateurFactory(structure=ml_a, validateur=True, delegation_rgs=True, desactive=True)
    reponse = client_de(direction).get(reverse("admin_ml:profils"))
    assert [u.pk for u in reponse.context["peuvent_valider"]] == [validateur.pk]
    assert {u.pk for u in reponse.context["validateurs_incomplets"]} == {
        sans_delegation.pk,
        sans_droit.pk,
    }
    contenu = reponse.content.decode()
    assert "sans délégation du certificat RGS" in contenu
    assert "son profil n'a pas le droit de valider" in contenu
    # The same rule as Utilisateur.peut_valider_les_allocations, as a queryset.
    assert list(Utilisateur.objects.de_la_structure(ml_a).peuvent_valider()) == [validateur]


def test_on_ne_se_retire_pas_soi_meme_le_droit_de_gerer_les_utilisateurs(direction):
    with pytest.raises(ValidationError) as erreur:
        services.utilisateur_modifier(
            utilisateur=direction, par=direction, profil=profil_standard("conseiller")
        )
    assert "perdriez le droit" in erreur.value.message_dict["profil"][0]


def test_profil_d_une_autre_ml_refuse(direction, conseiller, ml_b):
    autre = Profil.objects.create(structure=ml_b, code="x", nom="Profil B")
    with pytest.raises(ValidationError) as erreur:
        services.utilisateur_modifier(utilisateur=conseiller, par=direction, profil=autre)
    assert "profil" in erreur.value.message_dict


# Profiles and the rights matrix ------------------------------------------------------------


def test_matrice_des_droits_profils_en_colonnes_droits_en_lignes(client_de, direction, ml_b):
    propre = services.profil_creer(
        structure=direction.structure,
        nom="Chargé de relations entreprises",
        droits=[Droit.DOSSIERS_VOIR, Droit.OFFRES_GERER],
        par=direction,
    )
    Profil.objects.create(structure=ml_b, code="b", nom="Profil de la ML B")
    reponse = client_de(direction).get(reverse("admin_ml:profils"))
    profils = reponse.context["profils"]
    assert [p.nom for p in profils][-1] == "Chargé de relations entreprises"
    assert "Profil de la ML B" not in [p.nom for p in profils]
    colonne = profils.index(propre)
    lignes = {ligne["code"]: ligne["cases"][colonne] for ligne in reponse.context["matrice"]}
    assert lignes == {code: code in ("dossiers.voir", "offres.gerer") for code in Droit.values}
    contenu = reponse.content.decode()
    assert '<th scope="row">Consulter les dossiers jeunes</th>' in contenu
    assert '<span class="fr-sr-only">oui</span>' in contenu


def test_profil_propre_a_la_ml_cree_et_modifie_avec_historique(client_de, direction):
    client = client_de(direction)
    reponse = client.post(
        reverse("admin_ml:profil_creer"),
        {"nom": "Accueil renforcé", "description": "", "droits": ["dossiers.voir"]},
    )
    profil = Profil.objects.get(nom="Accueil renforcé")
    assert reponse.url == reverse("admin_ml:profil", kwargs={"profil_id": profil.pk})
    assert profil.structure == direction.structure
    assert profil.code == "accueil-renforce"
    client.post(
        reverse("admin_ml:profil", kwargs={"profil_id": profil.pk}),
        {
            "nom": "Accueil renforcé",
            "description": "Accueil et création",
            "droits": ["dossiers.voir", "dossiers.creer"],
        },
    )
    assert set(profil.droits.values_list("droit", flat=True)) == {"dossiers.voir", "dossiers.creer"}
    ajout = ProfilDroit.history.get(droit="dossiers.creer", profil_id=profil.pk)
    assert ajout.history_user == direction
    assert profil.history.first().history_user == direction


def test_droit_retire_d_un_profil_est_trace(direction):
    profil = services.profil_creer(
        structure=direction.structure,
        nom="Lecture",
        droits=[Droit.DOSSIERS_VOIR, Droit.DOSSIERS_VOIR_NIR],
        par=direction,
    )
    services.profil_modifier(
        profil=profil, nom="Lecture", droits=[Droit.DOSSIERS_VOIR], par=direction
    )
    retrait = ProfilDroit.history.get(droit="dossiers.voir_nir", history_type="-")
    assert retrait.history_user == direction


def test_profil_standard_en_lecture_seule(client_de, direction):
    standard = profil_standard("conseiller")
    url = reverse("admin_ml:profil", kwargs={"profil_id": standard.pk})
    assert client_de(direction).get(url).status_code == 404
    with pytest.raises(RegleMetierError):
        services.profil_modifier(profil=standard, nom="Conseiller", droits=[], par=direction)


def test_nom_de_profil_deja_pris_refuse(client_de, direction):
    reponse = client_de(direction).post(
        reverse("admin_ml:profil_creer"), {"nom": "conseiller", "droits": ["dossiers.voir"]}
    )
    assert "existe déjà" in reponse.context["form"].errors["nom"][0]


def test_on_ne_retire_pas_a_son_propre_profil_le_droit_de_gerer_les_utilisateurs(ml_a):
    profil = ProfilFactory(
        structure=ml_a,
        code="admin-local",
        nom="Admin local",
        droits=[Droit.ADMIN_ML_GERER_UTILISATEURS],
    )
    admin = UtilisateurFactory(structure=ml_a, profil=profil)
    with pytest.raises(ValidationError) as erreur:
        services.profil_modifier(profil=profil, nom="Admin local", droits=[], par=admin)
    assert "vous perdriez" in erreur.value.message_dict["droits"][0]


def test_un_utilisateur_recoit_un_profil_propre_a_la_ml(client_de, direction, conseiller):
    propre = services.profil_creer(
        structure=direction.structure, nom="Lecture seule", droits=["dossiers.voir"], par=direction
    )
    reponse = client_de(direction).post(
        fiche(conseiller), donnees_fiche(conseiller, profil=propre.pk)
    )
    assert reponse.status_code == 302
    conseiller.refresh_from_db()
    assert conseiller.profil == propre


# Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_matrice_des_profils_constantes(
    client_de, direction, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        services.profil_creer(
            structure=direction.structure,
            nom=f"Profil {rang}",
            droits=[Droit.DOSSIERS_VOIR],
            par=direction,
        )
        UtilisateurFactory(structure=direction.structure, validateur=True, delegation_rgs=True)
    client = client_de(direction)
    # + 3: the profiles, their rights (prefetch), the active validateurs with whether
    # their profile has the right.
    with django_assert_num_queries(SESSION + 3):
        assert client.get(reverse("admin_ml:profils")).status_code == 200


@pytest.mark.parametrize("modifications", [0, 8])
def test_requetes_fiche_utilisateur_constantes(
    client_de, direction, conseiller, django_assert_num_queries, modifications
):
    for rang in range(modifications):
        services.utilisateur_modifier(
            utilisateur=conseiller, par=direction, email=f"c{rang}@ml.example.org"
        )
    client = client_de(direction)
    # + 3: the user with its profile, the profiles to choose from, the account's history
    # with its authors.
    with django_assert_num_queries(SESSION + 3):
        assert client.get(fiche(conseiller)).status_code == 200
