"""Unsubscribing a user (definitive, RGPD): refused while something binds them, then the
person's data is erased and « Donnée anonymisée » shows wherever their name appeared."""

from datetime import date

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse
from django.utils import timezone

from admin_ml import services
from admin_ml.blocages import blocages
from admin_ml.models import DONNEE_ANONYMISEE, Utilisateur
from admin_ml.registres import BLOCAGES, Blocage
from dispositifs.models import Dispositif
from dossiers.models import Evenement, Proposition
from imilo.erreurs import RegleMetierError
from tests.admin_ml.factories import UtilisateurFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


@pytest.fixture
def partant(ml_a):
    return UtilisateurFactory(
        structure=ml_a, identifiant="r.partant", prenom="Rémi", nom="PARTANT", validateur=True
    )


def url(nom, utilisateur):
    return reverse(f"admin_ml:{nom}", kwargs={"utilisateur_id": utilisateur.pk})


def dispositif_ouvert(jeune, prescripteur, referent, fin_reelle=None):
    return Dispositif.objects.create(
        jeune=jeune,
        type=element("type_dispositif", "cep"),
        entree_le=date(2026, 1, 5),
        fin_prevue=date(2027, 1, 5),
        fin_reelle=fin_reelle,
        motif_sortie=element("motif_sortie", "abandon") if fin_reelle else None,
        prescripteur=prescripteur,
        referent=referent,
        created_by=prescripteur,
    )


# Blockers -----------------------------------------------------------------------------------


def test_desabonnement_refuse_tant_que_referent_de_dossiers_jeunes(direction, partant):
    JeuneFactory.create_batch(3, structure=partant.structure, conseiller_referent=partant)
    with pytest.raises(RegleMetierError) as refus:
        services.utilisateur_desabonner(utilisateur=partant, par=direction)
    assert "référent de 3 dossiers jeunes" in refus.value.message
    partant.refresh_from_db()
    assert partant.nom == "PARTANT"
    assert not partant.est_desabonne


def test_desabonnement_refuse_tant_que_prescripteur_ou_referent_d_un_dispositif_ouvert(
    direction, partant, conseiller
):
    jeune = JeuneFactory(structure=partant.structure, conseiller_referent=conseiller)
    dispositif_ouvert(jeune, prescripteur=partant, referent=conseiller)
    with pytest.raises(RegleMetierError) as refus:
        services.utilisateur_desabonner(utilisateur=partant, par=direction)
    assert "prescripteur ou référent de 1 dispositif ouvert" in refus.value.message


def test_dispositif_clos_ne_bloque_pas(direction, partant, conseiller):
    jeune = JeuneFactory(structure=partant.structure, conseiller_referent=conseiller)
    dispositif_ouvert(jeune, prescripteur=partant, referent=partant, fin_reelle=date(2026, 3, 1))
    assert blocages(partant) == []


def test_page_de_desabonnement_liste_ce_qu_il_faut_transferer_avec_les_liens(
    client_de, direction, partant, conseiller
):
    JeuneFactory.create_batch(2, structure=partant.structure, conseiller_referent=partant)
    jeune = JeuneFactory(structure=partant.structure, conseiller_referent=conseiller)
    dispositif_ouvert(jeune, prescripteur=conseiller, referent=partant)
    client = client_de(direction)
    reponse = client.get(url("utilisateur_desabonner", partant))
    contenu = reponse.content.decode()
    lien_dossiers = f"/jeunes/?referent_de={partant.pk}"
    lien_dispositifs = f"/jeunes/?intervenant_dispositif={partant.pk}"
    assert f'<a href="{lien_dossiers}">référent de 2 dossiers jeunes</a>' in contenu
    assert f'<a href="{lien_dispositifs}">prescripteur ou référent de 1 dispositif ouvert</a>' in (
        contenu
    )
    # The links lead to exactly those files, to add them to Ma liste and transfer them.
    assert client.get(lien_dossiers).context["page"].paginator.count == 2
    assert [j.pk for j in client.get(lien_dispositifs).context["page"].object_list] == [jeune.pk]
    # And the form refuses with the same list.
    refus = client.post(url("utilisateur_desabonner", partant), {"confirmer": "on"})
    assert "référent de 2 dossiers jeunes" in refus.content.decode()
    assert not Utilisateur.objects.get(pk=partant.pk).est_desabonne


def test_registre_des_blocages_pour_les_applications_a_venir(direction, partant):
    """offres will register « référent de N entreprises / offres de service » the same way."""

    def offres_factices(utilisateur):
        return [Blocage("référent de 4 offres de service", 4, "/offres/?referent=1")]

    BLOCAGES.enregistrer(offres_factices)
    try:
        assert Blocage("référent de 4 offres de service", 4, "/offres/?referent=1") in (
            blocages(partant)
        )
        with pytest.raises(RegleMetierError, match="référent de 4 offres de service"):
            services.utilisateur_desabonner(utilisateur=partant, par=direction)
    finally:
        BLOCAGES.retirer(offres_factices)


# The unsubscription ------------------------------------------------------------------------


def test_avertissement_bilan_d_activite_et_confirmation_obligatoire(client_de, direction, partant):
    client = client_de(direction)
    contenu = client.get(url("utilisateur_desabonner", partant)).content.decode()
    assert "Attendez la fin du bilan d'activité annuel" in contenu
    reponse = client.post(url("utilisateur_desabonner", partant), {})
    assert reponse.context["form"].errors["confirmer"]
    assert not Utilisateur.objects.get(pk=partant.pk).est_desabonne


def test_desabonnement_efface_les_donnees_de_la_personne(client_de, direction, partant):
    AccessLog.objects.create(username="r.partant", ip_address="10.0.0.1", user_agent="x")
    AccessAttempt.objects.create(
        username="r.partant", ip_address="10.0.0.1", user_agent="x", failures_since_start=1
    )
    reponse = client_de(direction).post(url("utilisateur_desabonner", partant), {"confirmer": "on"})
    assert reponse.status_code == 302
    compte = Utilisateur.objects.get(pk=partant.pk)
    assert (compte.nom, compte.prenom) == (DONNEE_ANONYMISEE, DONNEE_ANONYMISEE)
    assert compte.nom_complet == str(compte) == DONNEE_ANONYMISEE
    assert "partant" not in compte.identifiant
    assert "partant" not in compte.email
    assert compte.date_naissance == date(1900, 1, 1)
    assert not compte.has_usable_password()
    assert not compte.is_active
    assert not compte.fonction_validateur
    assert compte.desabonne_le is not None
    assert not AccessLog.objects.filter(username="r.partant").exists()
    assert not AccessAttempt.objects.filter(username="r.partant").exists()
    # The unsubscription is in history with its author.
    derniere = compte.history.first()
    assert (derniere.history_user, derniere.history_change_reason) == (direction, "désabonnement")


def test_historique_du_compte_nettoye(direction, partant):
    services.utilisateur_modifier(
        utilisateur=partant, par=direction, email="remi.partant@perso.example.org"
    )
    services.utilisateur_desabonner(utilisateur=partant, par=direction)
    versions = Utilisateur.history.filter(id=partant.pk)
    assert versions.count() >= 3
    for version in versions:
        assert (version.nom, version.prenom) == (DONNEE_ANONYMISEE, DONNEE_ANONYMISEE)
        assert "partant" not in version.identifiant + version.email
    # The states stay: the past billing lists depend on them.
    assert {version.is_active for version in versions} == {True, False}


def test_donnee_anonymisee_partout_ou_le_nom_apparaissait(client_de, direction, partant):
    jeune = JeuneFactory(structure=partant.structure, conseiller_referent=direction)
    Evenement.objects.create(jeune=jeune, type="entretien", auteur=partant, date=timezone.now())
    Proposition.objects.create(
        jeune=jeune, nature="demande", theme="emploi", libelle="Job d'été", auteur=partant
    )
    # A change of the file made by the user: their name is the author in its history.
    jeune.npai = True
    jeune._history_user = partant
    jeune.save()
    services.utilisateur_desabonner(utilisateur=partant, par=direction)
    client = client_de(direction)
    pages = [
        reverse("dossiers:fiche", kwargs={"jeune_id": jeune.pk}),
        reverse("dossiers:historique", kwargs={"jeune_id": jeune.pk}),
    ]
    for page in pages:
        contenu = client.get(page).content.decode()
        assert "Donnée anonymisée" in contenu, page
        assert "PARTANT" not in contenu and "Rémi" not in contenu, page


def test_desabonne_disparait_de_la_liste_et_ne_revient_pas(client_de, direction, partant):
    services.utilisateur_desabonner(utilisateur=partant, par=direction)
    contenu = (
        client_de(direction).get(reverse("admin_ml:utilisateurs"), {"etat": "tous"}).content
    ).decode()
    assert "Donnée anonymisée" not in contenu
    with pytest.raises(RegleMetierError, match="ne peut pas être réactivé"):
        services.utilisateur_reactiver(utilisateur=partant, par=direction)
    with pytest.raises(RegleMetierError, match="désabonné"):
        services.utilisateur_changer_de_nom(utilisateur=partant, nom="Retour", par=direction)


def test_desabonne_n_est_plus_trouve_ni_recupere(direction, partant, ml_b, direction_autre_ml):
    from admin_ml.regles import comptes_existants

    naissance = partant.date_naissance
    services.utilisateur_desabonner(utilisateur=partant, par=direction)
    assert comptes_existants(nom="Partant", prenom="Rémi", date_naissance=naissance) == []
    with pytest.raises(RegleMetierError, match="désabonné"):
        services.utilisateur_recuperer(
            utilisateur=partant, structure=ml_b, profil=partant.profil, par=direction_autre_ml
        )


def test_on_ne_se_desabonne_pas_soi_meme(direction):
    with pytest.raises(RegleMetierError, match="votre propre compte"):
        services.utilisateur_desabonner(utilisateur=direction, par=direction)


def test_direction_liberee_par_le_desabonnement(direction, ml_a):
    ancienne = UtilisateurFactory(structure=ml_a)
    Utilisateur.objects.filter(pk=direction.pk).update(fonction_direction=False)
    Utilisateur.objects.filter(pk=ancienne.pk).update(fonction_direction=True)
    services.utilisateur_desabonner(utilisateur=ancienne, par=direction)
    services.utilisateur_modifier(utilisateur=direction, par=direction, fonction_direction=True)
