"""Creating a user: search across all MLs, recovery or homonym, identifiers, no generic
accounts, email required, the change of name as the only rename (seed 003)."""

import re
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from admin_ml import services
from admin_ml.models import Utilisateur
from admin_ml.regles import identifiant_libre, identifiants_candidats
from imilo.erreurs import RegleMetierError
from tests.admin_ml.factories import UtilisateurFactory, profil_standard
from tests.dossiers.factories import JeuneFactory

pytestmark = pytest.mark.django_db

NAISSANCE = date(1984, 5, 17)


def creer(structure, par, **champs):
    donnees = {
        "nom": "Debout",
        "prenom": "Sylvie",
        "date_naissance": NAISSANCE,
        "email": "sylvie.debout@ml.example.org",
        "profil": profil_standard("conseiller"),
        **champs,
    }
    return services.utilisateur_creer(structure=structure, par=par, **donnees)


# Identifiers ------------------------------------------------------------------------------


def test_identifiant_initiale_point_nom_minuscules_sans_accents(direction):
    assert creer(direction.structure, direction).identifiant == "s.debout"
    assert identifiant_libre(prenom="Élodie", nom="Lefèvre-Dupré") == "e.lefevre-dupre"
    assert identifiant_libre(prenom="Maëlle", nom="Le Goff") == "m.le-goff"
    assert identifiant_libre(prenom="Aïssata", nom="N'Diaye") == "a.n-diaye"
    assert identifiant_libre(prenom="Œdipe", nom="Dœuf") == "o.doeuf"


def test_homonymes_prennent_une_lettre_de_plus(direction, ml_b, direction_autre_ml):
    # Unique across all MLs: the second Sylvie Debout is in another ML.
    assert creer(direction.structure, direction).identifiant == "s.debout"
    assert creer(ml_b, direction_autre_ml, date_naissance=date(1990, 1, 1)).identifiant == (
        "sy.debout"
    )
    assert creer(direction.structure, direction, prenom="Sylvain").identifiant == "syl.debout"


def test_homonymes_prennent_un_numero_quand_le_prenom_est_epuise():
    candidats = identifiants_candidats(prenom="Léa", nom="Roux")
    assert [next(candidats) for _ in range(5)] == [
        "l.roux",
        "le.roux",
        "lea.roux",
        "lea.roux2",
        "lea.roux3",
    ]


def test_identifiant_avec_numero_est_valide(direction):
    for identifiant in ("l.roux", "lea.roux2", "m.le-goff"):
        UtilisateurFactory.build(identifiant=identifiant).clean_fields(
            exclude=["structure", "profil", "password"]
        )


# No generic accounts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [
        ("nom", "Accueil"),
        ("nom", "Equipe emploi"),
        ("nom", "ÉQUIPE   Emploi"),
        ("prenom", "Secrétariat"),
        ("nom", "stagiaire"),
        ("nom", "Test"),
        ("nom", "Pôle insertion"),
    ],
)
def test_compte_generique_refuse_avec_la_raison(direction, champ, valeur):
    with pytest.raises(ValidationError) as erreur:
        creer(direction.structure, direction, **{champ: valeur})
    message = " ".join(erreur.value.message_dict[champ])
    assert "pas de compte générique" in message
    assert not Utilisateur.objects.filter(email="sylvie.debout@ml.example.org").exists()


def test_compte_generique_refuse_dans_la_page_a_cote_du_champ(client_de, direction):
    reponse = client_de(direction).post(
        reverse("admin_ml:utilisateur_creer"),
        {
            "etape": "creer",
            "prenom": "Equipe",
            "nom": "Emploi",
            "date_naissance": "1984-05-17",
            "email": "equipe@ml.example.org",
            "profil": profil_standard("conseiller").pk,
        },
    )
    assert reponse.status_code == 200
    assert "pas de compte générique" in reponse.context["creation"].errors["prenom"][0]
    # What was typed stays.
    assert 'value="equipe@ml.example.org"' in reponse.content.decode()


def test_vrais_noms_proches_de_mots_generiques_acceptes(direction):
    assert creer(direction.structure, direction, nom="Testard").identifiant == "s.testard"


def test_courriel_obligatoire(client_de, direction):
    reponse = client_de(direction).post(
        reverse("admin_ml:utilisateur_creer"),
        {
            "etape": "creer",
            "prenom": "Sylvie",
            "nom": "Debout",
            "date_naissance": "1984-05-17",
            "email": "",
            "profil": profil_standard("conseiller").pk,
        },
    )
    assert reponse.context["creation"].errors["email"]
    assert not Utilisateur.objects.filter(nom="Debout").exists()


# Search across MLs, recovery, homonym -------------------------------------------------------


@pytest.fixture
def sylvie_ailleurs(ml_b, direction_autre_ml):
    """Sylvie Debout worked in ML B: an account with history there, deactivated when she
    left."""
    compte = creer(ml_b, direction_autre_ml, fonction_conseiller_referent=True)
    compte.set_password("Mot-de-passe-de-sylvie-1")
    compte.save()
    services.utilisateur_desactiver(utilisateur=compte, par=direction_autre_ml)
    compte.refresh_from_db()
    return compte


def rechercher(client, nom="DEBOUT", prenom="sylvie", naissance="1984-05-17"):
    return client.post(
        reverse("admin_ml:utilisateur_creer"),
        {"etape": "rechercher", "prenom": prenom, "nom": nom, "date_naissance": naissance},
    )


def test_recherche_dans_toutes_les_ml_montre_seulement_nom_identifiant_ml_et_etat(
    client_de, direction, sylvie_ailleurs
):
    reponse = rechercher(client_de(direction))
    assert reponse.context["ailleurs"] == [sylvie_ailleurs]
    contenu = reponse.content.decode()
    assert "s.debout" in contenu
    assert "Mission Locale B" in contenu
    assert "(désactivé)" in contenu
    # Nothing else of another ML: no email, no profile, no functions.
    assert reponse.context["recuperation"].fields["compte"].choices == [
        (sylvie_ailleurs.pk, "Sylvie Debout — s.debout — Mission Locale B (désactivé)")
    ]
    assert sylvie_ailleurs.email not in contenu
    # The homonym identifier that ignoring the account would give.
    assert reponse.context["identifiant_propose"] == "sy.debout"


def test_recherche_sans_accents_ni_casse_et_par_date_de_naissance(
    client_de, direction, sylvie_ailleurs
):
    client = client_de(direction)
    assert rechercher(client, nom="débout", prenom="SYLVIE").context["ailleurs"] == [
        sylvie_ailleurs
    ]
    assert rechercher(client, naissance="1984-05-18").context["ailleurs"] == []
    assert rechercher(client, prenom="Marc").context["ailleurs"] == []


def test_recuperation_garde_identifiant_et_historique_et_change_de_ml(
    client_de, direction, sylvie_ailleurs, ml_b
):
    avant = sylvie_ailleurs.history.count()
    sylvie_ailleurs.fonction_validateur = True
    sylvie_ailleurs.delegation_rgs = True
    sylvie_ailleurs.save()
    reponse = client_de(direction).post(
        reverse("admin_ml:utilisateur_recuperer"),
        {
            "prenom": "Sylvie",
            "nom": "Debout",
            "date_naissance": "1984-05-17",
            "compte": sylvie_ailleurs.pk,
            "profil": profil_standard("accueil").pk,
        },
    )
    assert reponse.status_code == 302
    compte = Utilisateur.objects.get(pk=sylvie_ailleurs.pk)
    assert compte.structure == direction.structure
    assert compte.identifiant == "s.debout"
    assert compte.check_password("Mot-de-passe-de-sylvie-1")
    # Functions, delegation and profile start again for the new ML.
    assert compte.profil.code == "accueil"
    assert not any(getattr(compte, champ) for champ in Utilisateur.FONCTIONS)
    assert compte.delegation_rgs is False
    # History kept, and the move is in it with its author.
    versions = list(compte.history.order_by("history_date"))
    assert len(versions) == avant + 2
    assert compte.is_active
    assert versions[0].structure_id == ml_b.pk
    assert versions[-1].history_user == direction
    assert versions[-1].history_change_reason.startswith("récupéré de Mission Locale B")


def test_recuperation_refusee_tant_que_referent_de_dossiers_dans_l_ancienne_ml(
    client_de, direction, sylvie_ailleurs, ml_b
):
    JeuneFactory.create_batch(2, structure=ml_b, conseiller_referent=sylvie_ailleurs)
    with pytest.raises(RegleMetierError) as refus:
        services.utilisateur_recuperer(
            utilisateur=sylvie_ailleurs,
            structure=direction.structure,
            profil=profil_standard("conseiller"),
            par=direction,
        )
    # What ML B still holds is not shown to ML A: no counts.
    assert "Mission Locale B doit d'abord transférer" in refus.value.message
    assert "2" not in refus.value.message
    assert Utilisateur.objects.get(pk=sylvie_ailleurs.pk).structure == ml_b


def test_recuperation_refusee_pour_un_compte_que_la_recherche_ne_trouve_pas(
    client_de, direction, conseiller_autre_ml
):
    """Nobody takes another ML's account by its number: the posted names must find it."""
    reponse = client_de(direction).post(
        reverse("admin_ml:utilisateur_recuperer"),
        {
            "prenom": "Sylvie",
            "nom": "Debout",
            "date_naissance": "1984-05-17",
            "compte": conseiller_autre_ml.pk,
            "profil": profil_standard("conseiller").pk,
        },
    )
    assert reponse.status_code == 200
    assert reponse.context["recuperation"].errors["compte"]
    assert Utilisateur.objects.get(pk=conseiller_autre_ml.pk).structure != direction.structure


def test_ignorer_le_compte_existant_cree_un_homonyme(
    client_de, direction, sylvie_ailleurs, django_capture_on_commit_callbacks
):
    client = client_de(direction)
    recherche = rechercher(client)
    empreinte = recherche.context["creation"].initial["empreinte"]
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("admin_ml:utilisateur_creer"),
            {
                "etape": "creer",
                "prenom": "Sylvie",
                "nom": "Debout",
                "date_naissance": "1984-05-17",
                "email": "s.debout@autre.example.org",
                "profil": profil_standard("conseiller").pk,
                "fonction_conseiller_referent": "on",
                "empreinte": empreinte,
            },
        )
    assert reponse.status_code == 302
    nouveau = Utilisateur.objects.get(email="s.debout@autre.example.org")
    assert nouveau.identifiant == "sy.debout"
    assert nouveau.structure == direction.structure
    assert nouveau.fonction_conseiller_referent
    assert nouveau.history.get().history_user == direction
    # The person chooses a password from the welcome email.
    assert len(mail.outbox) == 1
    assert "sy.debout" in mail.outbox[0].body
    lien = re.search(r"http://testserver(/mot-de-passe/reinitialiser/\S+)", mail.outbox[0].body)
    client.logout()
    choix = client.get(lien.group(1), follow=True)
    assert "new_password1" in choix.context["form"].fields


def test_creation_sans_recherche_montre_d_abord_les_comptes_existants(
    client_de, direction, sylvie_ailleurs
):
    """Names typed (or edited) without the search having been seen for them."""
    reponse = client_de(direction).post(
        reverse("admin_ml:utilisateur_creer"),
        {
            "etape": "creer",
            "prenom": "Sylvie",
            "nom": "Debout",
            "date_naissance": "1984-05-17",
            "email": "s.debout@autre.example.org",
            "profil": profil_standard("conseiller").pk,
            "empreinte": "",
        },
    )
    assert reponse.status_code == 200
    assert reponse.context["ailleurs"] == [sylvie_ailleurs]
    assert not Utilisateur.objects.filter(email="s.debout@autre.example.org").exists()


def test_premiere_etape_puis_creation_simple(client_de, direction):
    client = client_de(direction)
    assert client.get(reverse("admin_ml:utilisateur_creer")).status_code == 200
    recherche = rechercher(client, nom="Morvan", prenom="Léa")
    assert recherche.context["ailleurs"] == recherche.context["ici"] == []
    assert "Aucun compte trouvé" in recherche.content.decode()
    reponse = client.post(
        reverse("admin_ml:utilisateur_creer"),
        {
            "etape": "creer",
            "prenom": "Léa",
            "nom": "Morvan",
            "date_naissance": "1984-05-17",
            "email": "lea.morvan@ml.example.org",
            "profil": profil_standard("accueil").pk,
            "fonction_accueil": "on",
            "empreinte": recherche.context["creation"].initial["empreinte"],
        },
    )
    nouveau = Utilisateur.objects.get(identifiant="l.morvan")
    assert reponse.url == reverse("admin_ml:utilisateur", kwargs={"utilisateur_id": nouveau.pk})
    assert nouveau.fonction_accueil


# Change of name -----------------------------------------------------------------------------


def test_changement_de_nom_garde_l_identifiant_et_l_historique(client_de, direction):
    compte = creer(direction.structure, direction)
    reponse = client_de(direction).post(
        reverse("admin_ml:utilisateur_nom", kwargs={"utilisateur_id": compte.pk}),
        {"nom": "Martin"},
    )
    assert reponse.status_code == 302
    compte.refresh_from_db()
    assert (compte.nom, compte.identifiant) == ("Martin", "s.debout")
    derniere = compte.history.first()
    assert derniere.history_user == direction
    assert derniere.history_change_reason == "changement de nom"
    assert compte.history.filter(nom="Debout").exists()


def test_page_de_changement_de_nom_dit_qu_un_remplacement_est_un_nouveau_compte(
    client_de, direction, conseiller
):
    contenu = (
        client_de(direction)
        .get(reverse("admin_ml:utilisateur_nom", kwargs={"utilisateur_id": conseiller.pk}))
        .content.decode()
    )
    assert "désactivez ce compte et créez-en un nouveau" in contenu


def test_changement_de_nom_refuse_un_nom_generique(direction, conseiller):
    with pytest.raises(ValidationError) as erreur:
        services.utilisateur_changer_de_nom(utilisateur=conseiller, nom="Accueil", par=direction)
    assert "pas de compte générique" in erreur.value.message_dict["nom"][0]


def test_compte_encore_actif_dans_une_autre_ml_jamais_recupere(direction, ml_b, direction_autre_ml):
    actif = creer(ml_b, direction_autre_ml, fonction_conseiller_referent=True)
    with pytest.raises(RegleMetierError, match="encore actif à Mission Locale B"):
        services.utilisateur_recuperer(
            utilisateur=actif,
            structure=direction.structure,
            profil=profil_standard("conseiller"),
            par=direction,
        )
    assert Utilisateur.objects.get(pk=actif.pk).structure == ml_b
