from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dossiers.criteres import appliquer_criteres, criteres_form
from dossiers.enums import EtatSituation
from dossiers.frise import frise
from dossiers.models import Cursus, Jeune, Situation
from dossiers.services import (
    cursus_ajouter,
    cursus_retirer,
    evenement_noter,
    situation_modifier,
    situation_noter,
    situation_supprimer,
)
from imilo.erreurs import RegleMetierError
from referentiels.models import MetierRome
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate


def jours(n):
    return AUJOURDHUI() + timedelta(days=n)


def formation(jeune, par, **champs):
    donnees = {
        "intitule": "CAP Cuisine",
        "organisme": "GRETA",
        "debut": jours(-30),
        "fin_prevue": jours(200),
        **champs,
    }
    return situation_noter(jeune=jeune, par=par, categorie="formation", **donnees)


def test_etat_derive_des_dates(jeune, conseiller):
    prevue = situation_noter(jeune=jeune, par=conseiller, categorie="immersion", debut=jours(3))
    en_cours = situation_noter(jeune=jeune, par=conseiller, categorie="demandeur", debut=jours(-10))
    terminee = situation_noter(
        jeune=jeune,
        par=conseiller,
        categorie="inactivite",
        debut=jours(-40),
        fin_reelle=jours(-20),
    )
    assert (prevue.etat, en_cours.etat, terminee.etat) == (
        EtatSituation.PREVUE,
        EtatSituation.EN_COURS,
        EtatSituation.TERMINEE,
    )
    for etat, attendue in [("prevue", prevue), ("en_cours", en_cours), ("terminee", terminee)]:
        assert list(Situation.objects.dans_l_etat(etat)) == [attendue]


def test_formation_fin_jamais_vide(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        formation(jeune, conseiller, fin_prevue=None)
    assert "estimez-la" in erreur.value.message_dict["fin_prevue"][0]


def test_formation_fin_jamais_vide_en_base(jeune, conseiller):
    with pytest.raises(IntegrityError), transaction.atomic():
        Situation.objects.create(
            jeune=jeune, categorie="formation", organisme="GRETA", debut=jours(0), auteur=conseiller
        )


def test_formation_exige_son_organisme(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        formation(jeune, conseiller, organisme="")
    assert erreur.value.message_dict["organisme"] == ["Indiquez l'organisme de formation."]


def test_validation_preparee_fixe_le_niveau(jeune, conseiller):
    situation = formation(jeune, conseiller, validation=element("validation_formation", "bac_pro"))
    assert situation.niveau == "4"
    situation = situation_modifier(
        situation=situation, par=conseiller, validation=element("validation_formation", "bts")
    )
    assert situation.niveau == "5"


def test_validation_locale_sans_niveau_laisse_le_niveau_saisi(jeune, conseiller):
    locale = element("validation_formation", "permis_cariste")
    situation = formation(jeune, conseiller, validation=locale, niveau="3")
    assert situation.niveau == "3"


def test_obtenu_cree_une_entree_de_cursus(jeune, conseiller):
    situation = formation(
        jeune,
        conseiller,
        debut=jours(-300),
        fin_prevue=jours(-10),
        fin_reelle=jours(-10),
        validation=element("validation_formation", "cap"),
        resultat="obtenu",
    )
    entree = Cursus.objects.get(jeune=jeune)
    assert (entree.intitule, entree.niveau, entree.obtenu_le, entree.situation) == (
        "CAP Cuisine",
        "3",
        jours(-10),
        situation,
    )
    assert Jeune.objects.prefetch_related("cursus").get(pk=jeune.pk).niveau_formation == "3"
    # Re-saving does not duplicate; turning it into « échec » removes the entry.
    situation_modifier(situation=situation, par=conseiller, intitule="CAP Cuisine (option)")
    assert Cursus.objects.get(jeune=jeune).intitule == "CAP Cuisine (option)"
    situation_modifier(situation=situation, par=conseiller, resultat="echec")
    assert not Cursus.objects.filter(jeune=jeune).exists()


def test_resultat_seulement_en_fin_de_formation(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        formation(jeune, conseiller, resultat="obtenu")
    assert "fin réelle" in erreur.value.message_dict["resultat"][0]


def test_motif_interruption_seulement_si_sortie_anticipee(jeune, conseiller):
    abandon = element("motif_interruption", "abandon")
    with pytest.raises(ValidationError) as erreur:
        formation(
            jeune,
            conseiller,
            debut=jours(-100),
            fin_prevue=jours(-10),
            fin_reelle=jours(-10),
            motif_interruption=abandon,
        )
    assert "sortie avant la fin prévue" in erreur.value.message_dict["motif_interruption"][0]


def test_sortie_anticipee_de_formation_exige_son_motif(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        formation(jeune, conseiller, debut=jours(-100), fin_prevue=jours(50), fin_reelle=jours(-5))
    assert "motif d'interruption" in erreur.value.message_dict["motif_interruption"][0]
    situation = formation(
        jeune,
        conseiller,
        debut=jours(-100),
        fin_prevue=jours(50),
        fin_reelle=jours(-5),
        motif_interruption=element("motif_interruption", "abandon"),
    )
    assert situation.sortie_anticipee


def test_motif_interruption_refuse_en_base_sans_sortie_anticipee(jeune, conseiller):
    with pytest.raises(IntegrityError), transaction.atomic():
        Situation.objects.create(
            jeune=jeune,
            categorie="emploi",
            debut=jours(-10),
            auteur=conseiller,
            motif_interruption=element("motif_interruption", "abandon"),
        )


def test_fin_reelle_jamais_future(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        formation(jeune, conseiller, fin_reelle=jours(3))
    assert "future" in erreur.value.message_dict["fin_reelle"][0]


def test_contrat_a_terme_exige_sa_fin_prevue(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        situation_noter(
            jeune=jeune,
            par=conseiller,
            categorie="emploi",
            debut=jours(-1),
            type_contrat=element("type_contrat", "cdd", "CDD"),
        )
    assert erreur.value.message_dict["fin_prevue"] == ["Un contrat « CDD » a une fin prévue."]
    cdi = situation_noter(
        jeune=jeune,
        par=conseiller,
        categorie="emploi",
        debut=jours(-1),
        type_contrat=element("type_contrat", "cdi", "CDI"),
        heures_hebdo=35,
    )
    assert cdi.duree_contrat_mois is None


def test_duree_du_contrat_derivee_des_dates(jeune, conseiller):
    debut = AUJOURDHUI().replace(day=1) - timedelta(days=31)
    debut = debut.replace(day=1)
    cdd = situation_noter(
        jeune=jeune,
        par=conseiller,
        categorie="emploi",
        debut=debut,
        fin_prevue=(debut + timedelta(days=200)).replace(day=1) - timedelta(days=1),
        type_contrat=element("type_contrat", "cdd"),
    )
    assert cdd.duree_contrat_mois == 6


def test_alternance_est_apprentissage_ou_professionnalisation(jeune, conseiller):
    with pytest.raises(ValidationError) as erreur:
        situation_noter(
            jeune=jeune,
            par=conseiller,
            categorie="alternance",
            debut=jours(-1),
            fin_prevue=jours(300),
            type_contrat=element("type_contrat", "cdd"),
        )
    assert "apprentissage" in erreur.value.message_dict["type_contrat"][0]


def test_champs_de_la_categorie_seulement(jeune, conseiller):
    """An inactivity keeps no contract nor formation field, whatever was sent."""
    situation = situation_noter(
        jeune=jeune,
        par=conseiller,
        categorie="inactivite",
        debut=jours(-1),
        organisme="X",
        type_contrat=element("type_contrat", "cdi"),
        objectif=element("objectif_formation", "certification"),
    )
    assert (situation.organisme, situation.type_contrat, situation.objectif) == ("", None, None)


def test_categorie_ne_change_pas(jeune, conseiller):
    situation = situation_noter(jeune=jeune, par=conseiller, categorie="demandeur", debut=jours(-1))
    with pytest.raises(RegleMetierError, match="supprimez-la"):
        situation_modifier(situation=situation, par=conseiller, categorie="emploi")


def test_metier_z00_accepte(jeune, conseiller):
    z00 = MetierRome.objects.create(code="Z00", libelle="Sans métier visé")
    situation = formation(jeune, conseiller, metier=z00)
    assert situation.metier_id == "Z00"


def test_perfectionnement_compte_comme_professionnalisation(client_de, conseiller, jeune):
    formation(jeune, conseiller, objectif=element("objectif_formation", "perfectionnement"))
    autre = JeuneFactory(structure=conseiller.structure)
    formation(autre, conseiller, objectif=element("objectif_formation", "certification"))
    professionnalisation = element("objectif_formation", "professionnalisation")
    reponse = client_de(conseiller).get(
        reverse("dossiers:situations_liste"), {"objectif": professionnalisation.pk}
    )
    assert [s.jeune for s in reponse.context["page"].object_list] == [jeune]


def test_alerte_43_formation_sans_objectif(jeune, conseiller):
    formation(jeune, conseiller)
    JeuneFactory(structure=conseiller.structure)
    autre = JeuneFactory(structure=conseiller.structure)
    formation(autre, conseiller, objectif=element("objectif_formation", "certification"))
    criteres = criteres_form(conseiller.structure, {"formation_sans_objectif": "oui"})
    assert list(appliquer_criteres(Jeune.objects.all(), criteres)) == [jeune]


def test_situation_terminee_sans_suite(jeune, conseiller):
    situation_noter(
        jeune=jeune, par=conseiller, categorie="emploi", debut=jours(-90), fin_reelle=jours(-5)
    )
    relaye = JeuneFactory(structure=conseiller.structure)
    situation_noter(
        jeune=relaye, par=conseiller, categorie="emploi", debut=jours(-90), fin_reelle=jours(-5)
    )
    situation_noter(
        jeune=relaye,
        par=conseiller,
        categorie="formation",
        debut=jours(10),
        organisme="AFPA",
        fin_prevue=jours(100),
    )
    JeuneFactory(structure=conseiller.structure)
    criteres = criteres_form(conseiller.structure, {"situation_sans_suite": "oui"})
    assert list(appliquer_criteres(Jeune.objects.all(), criteres)) == [jeune]


def test_sans_contact_depuis_des_mois(jeune, conseiller):
    Jeune.objects.filter(pk=jeune.pk).update(created_at=timezone.now() - timedelta(days=200))
    vu = JeuneFactory(structure=conseiller.structure)
    Jeune.objects.filter(pk=vu.pk).update(created_at=timezone.now() - timedelta(days=200))
    evenement_noter(jeune=vu, par=conseiller, type="telephone")
    JeuneFactory(structure=conseiller.structure)  # opened today: not « sans contact »
    criteres = criteres_form(conseiller.structure, {"sans_contact_mois": "3"})
    assert list(appliquer_criteres(Jeune.objects.all(), criteres)) == [jeune]


def test_situation_en_cours_par_categorie(jeune, conseiller):
    formation(jeune, conseiller)
    autre = JeuneFactory(structure=conseiller.structure)
    formation(autre, conseiller, debut=jours(5), fin_prevue=jours(50))
    criteres = criteres_form(conseiller.structure, {"situation_en_cours": "formation"})
    assert list(appliquer_criteres(Jeune.objects.all(), criteres)) == [jeune]


def test_widget_alertes_compte_et_lie_aux_listes(client_de, conseiller, jeune):
    formation(jeune, conseiller)
    reponse = client_de(conseiller).get(reverse("accueil"))
    contenu = reponse.content.decode()
    assert "1 formation sans objectif (alerte n° 43)" in contenu
    assert f"conseiller={conseiller.pk}&amp;formation_sans_objectif=oui" in contenu


def test_situations_et_fins_sur_la_frise(jeune, conseiller):
    formation(
        jeune,
        conseiller,
        debut=jours(-100),
        fin_prevue=jours(50),
        fin_reelle=jours(-5),
        motif_interruption=element("motif_interruption", "abandon", "Abandon"),
    )
    jeune = Jeune.objects.prefetch_related("situations__motif_interruption").get(pk=jeune.pk)
    libelles = {(fait.libelle, fait.detail) for fait in frise(jeune)}
    assert ("Début : formation : CAP Cuisine", "GRETA") in libelles
    assert ("Fin : formation : CAP Cuisine", "interrompue : Abandon") in libelles


def test_cursus_saisi_et_retire_mais_pas_celui_d_une_formation(jeune, conseiller):
    entree = cursus_ajouter(
        jeune=jeune,
        par=conseiller,
        intitule="Bac pro Commerce",
        obtenu_le=jours(-400),
        validation=element("validation_formation", "bac_pro"),
    )
    assert entree.niveau == "4"
    cursus_retirer(cursus=entree, par=conseiller)
    formation(
        jeune,
        conseiller,
        debut=jours(-300),
        fin_prevue=jours(-10),
        fin_reelle=jours(-10),
        resultat="obtenu",
    )
    with pytest.raises(RegleMetierError, match="changez le résultat"):
        cursus_retirer(cursus=Cursus.objects.get(jeune=jeune), par=conseiller)


def test_suppression_garde_l_historique_avec_son_auteur(jeune, conseiller):
    situation = formation(
        jeune,
        conseiller,
        debut=jours(-300),
        fin_prevue=jours(-10),
        fin_reelle=jours(-10),
        resultat="obtenu",
    )
    situation_supprimer(situation=situation, par=conseiller)
    assert not Cursus.objects.exists()
    suppressions = Situation.history.filter(history_type="-")
    assert [v.history_user for v in suppressions] == [conseiller]
    assert Cursus.history.filter(history_type="-", history_user=conseiller).count() == 1


# --- pages ---------------------------------------------------------------------------


def url(nom, **kwargs):
    return reverse(f"dossiers:{nom}", kwargs=kwargs)


def test_page_formation_montre_ses_champs_seulement(client_de, conseiller, jeune):
    client = client_de(conseiller)
    formation_page = client.get(
        url("situation_ajouter", jeune_id=jeune.pk), {"categorie": "formation"}
    )
    assert set(formation_page.context["form"].fields) >= {
        "objectif",
        "validation",
        "nsf",
        "formacode",
    }
    assert "type_contrat" not in formation_page.context["form"].fields
    emploi_page = client.get(url("situation_ajouter", jeune_id=jeune.pk), {"categorie": "emploi"})
    assert "objectif" not in emploi_page.context["form"].fields
    assert "type_contrat" in emploi_page.context["form"].fields


def test_saisie_refusee_garde_ce_qui_est_tape(client_de, conseiller, jeune):
    reponse = client_de(conseiller).post(
        url("situation_ajouter", jeune_id=jeune.pk) + "?categorie=formation",
        {
            "intitule": "CAP Cuisine",
            "organisme": "GRETA",
            "debut": str(jours(-5)),
            "formacode": "12A",
        },
    )
    assert reponse.status_code == 200
    formulaire = reponse.context["form"]
    assert formulaire.errors["fin_prevue"]
    assert formulaire["intitule"].value() == "CAP Cuisine"
    assert "Jamais vide" in reponse.content.decode()


def test_formacode_a_cinq_chiffres(client_de, conseiller, jeune):
    reponse = client_de(conseiller).post(
        url("situation_ajouter", jeune_id=jeune.pk) + "?categorie=formation",
        {
            "intitule": "CAP",
            "organisme": "GRETA",
            "debut": str(jours(-5)),
            "fin_prevue": str(jours(100)),
            "formacode": "12A",
        },
    )
    assert reponse.context["form"].errors["formacode"] == ["Un code Formacode a 5 chiffres."]


def test_code_rome_tape_ou_choisi(client_de, conseiller, jeune):
    MetierRome.objects.create(code="G1602", libelle="Personnel de cuisine")
    client = client_de(conseiller)
    donnees = {
        "intitule": "CAP",
        "organisme": "GRETA",
        "debut": str(jours(-5)),
        "fin_prevue": str(jours(100)),
    }
    reponse = client.post(
        url("situation_ajouter", jeune_id=jeune.pk) + "?categorie=formation",
        {**donnees, "metier": "X9999"},
    )
    assert "Code ROME inconnu" in reponse.context["form"].errors["metier"][0]
    reponse = client.post(
        url("situation_ajouter", jeune_id=jeune.pk) + "?categorie=formation",
        {**donnees, "metier": "g1602 Personnel de cuisine"},
    )
    assert reponse.status_code == 302
    situation = Situation.objects.get(jeune=jeune)
    assert situation.metier_id == "G1602"
    page = client.get(situation.get_absolute_url())
    assert page.context["form"]["metier"].value() == "G1602 Personnel de cuisine"


def test_modifier_et_supprimer_depuis_la_page(client_de, conseiller, jeune):
    situation = situation_noter(jeune=jeune, par=conseiller, categorie="demandeur", debut=jours(-9))
    client = client_de(conseiller)
    reponse = client.post(
        situation.get_absolute_url(), {"debut": str(jours(-9)), "fin_reelle": str(jours(-1))}
    )
    assert reponse.status_code == 302
    situation.refresh_from_db()
    assert situation.fin_reelle == jours(-1)
    reponse = client.post(url("situation_supprimer", jeune_id=jeune.pk, situation_id=situation.pk))
    assert reponse.status_code == 302
    assert not Situation.objects.exists()


def test_accueil_ne_peut_pas_noter_de_situation(client_de, accueil, jeune):
    assert (
        client_de(accueil)
        .get(url("situation_ajouter", jeune_id=jeune.pk), {"categorie": "emploi"})
        .status_code
        == 403
    )


@pytest.mark.parametrize("nombre", [1, 15])
def test_requetes_liste_situations_constantes(
    client_de, conseiller, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        formation(
            JeuneFactory(structure=conseiller.structure),
            conseiller,
            objectif=element("objectif_formation", "certification"),
        )
    client = client_de(conseiller)
    # + 1 the count, + 1 the page (jeune, contract, objective, métier), + 2 the objectives
    # and counsellors of the filter form.
    with django_assert_num_queries(SESSION + 4):
        reponse = client.get(url("situations_liste"))
    assert reponse.context["page"].paginator.count == nombre


@pytest.mark.parametrize("nombre", [1, 15])
def test_requetes_liste_rendez_vous_constantes(
    client_de, conseiller, jeune, django_assert_num_queries, nombre
):
    from dossiers.services import rendez_vous_planifier

    for rang in range(nombre):
        rendez_vous_planifier(
            jeune=jeune,
            par=conseiller,
            debut=timezone.now() + timedelta(days=1, hours=rang),
            duree=30,
            conseiller=conseiller,
            objet="Suivi",
            lieu=conseiller.structure.lieux.first(),
        )
    client = client_de(conseiller)
    # + 1 the count, + 1 the page, + 2 the counsellors and sites of the filter form.
    with django_assert_num_queries(SESSION + 4):
        reponse = client.get(url("rendez_vous_liste"), {"statut": "prevu", "du": str(jours(0))})
    assert reponse.context["page"].paginator.count == nombre


def test_liste_rendez_vous_periode_invalide(client_de, conseiller):
    reponse = client_de(conseiller).get(
        url("rendez_vous_liste"), {"du": str(jours(5)), "au": str(jours(1))}
    )
    assert reponse.context["filtres"].errors["au"] == ["La fin de la période précède son début."]
    assert reponse.context["page"].paginator.count == 0


def test_valeur_desactivee_gardee_a_l_enregistrement(client_de, conseiller, jeune):
    cdd = element("type_contrat", "cdd", "CDD")
    situation = situation_noter(
        jeune=jeune,
        par=conseiller,
        categorie="emploi",
        debut=jours(-10),
        fin_prevue=jours(100),
        type_contrat=cdd,
    )
    cdd.actif = False
    cdd.save()
    client = client_de(conseiller)
    page = client.get(situation.get_absolute_url())
    assert page.context["form"]["type_contrat"].value() == cdd.pk
    client.post(
        situation.get_absolute_url(),
        {
            "debut": str(jours(-10)),
            "fin_prevue": str(jours(100)),
            "type_contrat": cdd.pk,
            "intitule": "Vendeur",
        },
    )
    situation.refresh_from_db()
    assert (situation.type_contrat, situation.intitule) == (cdd, "Vendeur")
