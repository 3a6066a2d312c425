"""The tenant boundary, walked over every URL pattern of the project.

- As a user of ML B holding every right, each URL that names an object of ML A answers 404
  (exactly like a missing object) to GET and POST.
- As an anonymous visitor, every page but the explicitly public ones sends to the login.

A new URL with a new parameter fails here until its parameter is added to `objets_ml_a`:
that is the point.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from admin_ml.models import Profil
from dossiers.models import (
    Cursus,
    Document,
    Message,
    ModeleCourrier,
    Permis,
    Proposition,
    RendezVous,
    Requete,
    Ressource,
    Situation,
)
from tests.admin_ml.factories import LieuAccueilFactory, UtilisateurFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import ElementReferenceFactory, element

pytestmark = pytest.mark.django_db

# Pages anyone may open (views marked @login_not_required). Adding one is a decision.
PUBLIQUES = {
    "connexion",
    "accessibilite",
    "sante",
    "mot_de_passe_oublie",
    "mot_de_passe_oublie_envoye",
    "mot_de_passe_reinitialiser",
    "mot_de_passe_reinitialise",
}


def motifs(resolver=None, prefixe=""):
    """(full URL name, pattern) of every named URL pattern of the project."""
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            espace = f"{prefixe}{motif.namespace}:" if motif.namespace else prefixe
            yield from motifs(motif, espace)
        elif isinstance(motif, URLPattern):
            assert motif.name, f"Motif d'URL sans nom : {motif.pattern}"
            yield f"{prefixe}{motif.name}", motif


def noms_de_parametres(motif: URLPattern) -> set[str]:
    return set(motif.pattern.converters) | set(motif.pattern.regex.groupindex)


@pytest.fixture
def objets_ml_a(ml_a):
    """One object of ML A for each URL parameter of the project."""
    lieu = LieuAccueilFactory(structure=ml_a)
    utilisateur = UtilisateurFactory(structure=ml_a)
    jeune = JeuneFactory(structure=ml_a)
    ressource = Ressource.objects.create(
        jeune=jeune, type=element("type_ressource", "salaire"), montant=900, debut="2026-01-01"
    )
    permis = Permis.objects.create(jeune=jeune, permis=element("permis", "b"), etape="code")
    rendez_vous = RendezVous.objects.create(
        jeune=jeune,
        debut=timezone.now(),
        fin=timezone.now(),
        conseiller=utilisateur,
        objet="Suivi",
        lieu=lieu,
        created_by=utilisateur,
    )
    return {
        "lieu_id": lieu.pk,
        "utilisateur_id": utilisateur.pk,
        # An ML's own profile (the standard ones are shared and read-only).
        "profil_id": Profil.objects.create(
            structure=ml_a, code="accueil-renforce", nom="Accueil renforcé"
        ).pk,
        "jeune_id": jeune.pk,
        "ressource_id": ressource.pk,
        "permis_id": permis.pk,
        "rendez_vous_id": rendez_vous.pk,
        "proposition_id": Proposition.objects.create(
            jeune=jeune, nature="demande", theme="emploi", libelle="Job d'été", auteur=utilisateur
        ).pk,
        "situation_id": Situation.objects.create(
            jeune=jeune, categorie="demandeur", debut="2026-01-05", auteur=utilisateur
        ).pk,
        "requete_id": Requete.objects.create(
            structure=ml_a, nom="Mes jeunes", created_by=utilisateur, partagee=True
        ).pk,
        "cursus_id": Cursus.objects.create(
            jeune=jeune, intitule="CAP Cuisine", obtenu_le="2024-07-01"
        ).pk,
        "message_id": Message.objects.create(
            jeune=jeune,
            canal="sms",
            destinataire="+33612345678",
            contenu="Bonjour",
            auteur=utilisateur,
        ).pk,
        "modele_id": ModeleCourrier.objects.create(
            structure=ml_a, nom="Rappel", canal="sms", corps="Bonjour {prenom}"
        ).pk,
        # A row only: another ML is refused before the file is opened.
        "document_id": Document.objects.create(
            jeune=jeune,
            nom="Avis d'imposition",
            fichier=f"documents/{ml_a.pk}/{jeune.pk}/avis.pdf",
            type_mime="application/pdf",
            taille=1024,
            created_by=utilisateur,
        ).pk,
        **_objets_des_dispositifs(jeune, utilisateur),
        **_objets_des_referentiels(ml_a, utilisateur),
        **_objets_des_offres(ml_a, jeune, utilisateur, lieu),
        # Password reset links are not objects of an ML; a forged one is simply invalid.
        "uidb64": "MQ",
        "token": "jeton-invalide",
    }


def _objets_des_dispositifs(jeune, utilisateur):
    from datetime import date

    from dispositifs.models import ActionAutomatique, DemandeAllocation, Dispositif, Phase

    dispositif = Dispositif.objects.create(
        jeune=jeune,
        type=element("type_dispositif", "pacea"),
        entree_le=date(2026, 1, 5),
        fin_prevue=date(2027, 1, 5),
        prescripteur=utilisateur,
        referent=utilisateur,
        created_by=utilisateur,
    )
    phase = Phase.objects.create(
        dispositif=dispositif,
        type=element("type_phase", "emploi"),
        debut=date(2026, 1, 5),
        fin_prevue=date(2026, 6, 5),
    )
    allocation = DemandeAllocation.objects.create(
        dispositif=dispositif, mois=date(2026, 2, 1), montant=300, demandee_par=utilisateur
    )
    action = ActionAutomatique.objects.create(
        jeune=jeune, libelle="CEP ouvert", raison="offre P61", faite_par=utilisateur
    )
    return {
        "dispositif_id": dispositif.pk,
        "phase_id": phase.pk,
        "allocation_id": allocation.pk,
        "action": "soumettre",
        "action_id": action.pk,
    }


def _objets_des_referentiels(ml, utilisateur):
    from referentiels.models import TransfertReference

    local = ElementReferenceFactory(
        table=element("origine_venue", "famille_amis").table,
        code="forum",
        libelle="Forum de l'emploi",
        locale=True,
        structure=ml,
    )
    transfert = TransfertReference.objects.create(
        structure=ml,
        table_id="origine_venue",
        source=local,
        destination=element("origine_venue", "famille_amis"),
        source_libelle=local.libelle,
        destination_libelle="Famille / amis",
        planifie_par=utilisateur,
    )
    return {"element_id": local.pk, "transfert_id": transfert.pk}


def _objets_des_offres(ml, jeune, utilisateur, lieu):
    from offres.models import (
        ActionFormation,
        ContactEntreprise,
        Entreprise,
        Inscription,
        MiseEnRelation,
        OffreDeService,
        OffreEmploi,
        Session,
    )
    from referentiels.models import MetierRome

    offre = OffreDeService.objects.create(
        structure=ml,
        code="P61",
        intitule="Ateliers projets",
        theme="projet",
        referent=utilisateur,
        created_by=utilisateur,
    )
    session = Session.objects.create(
        offre=offre,
        type=element("type_session", "atelier"),
        debut=timezone.now(),
        capacite=8,
        animateur=utilisateur,
        lieu=lieu,
        created_by=utilisateur,
    )
    entreprise = Entreprise.objects.create(
        structure=ml,
        raison_sociale="Restaurant L'Écluse",
        siren="843772104",
        siret="84377210400017",
        referent=utilisateur,
        created_by=utilisateur,
    )
    offre_emploi = OffreEmploi.objects.create(
        entreprise=entreprise,
        intitule="Commis de cuisine",
        metier=MetierRome.objects.get_or_create(code="G1602", defaults={"libelle": "Cuisine"})[0],
        type_contrat=element("type_contrat", "cdi"),
        created_by=utilisateur,
    )
    # An internal action of ML A (the regional catalogue is shared by every ML).
    action = ActionFormation.objects.create(
        origine="interne", structure=ml, intitule="POE logistique", organisme="AFPA"
    )
    return {
        "offre_id": offre.pk,
        "session_id": session.pk,
        "inscription_id": Inscription.objects.create(
            jeune=jeune, offre=offre, session=session, prescrit_par=utilisateur
        ).pk,
        "entreprise_id": entreprise.pk,
        "contact_id": ContactEntreprise.objects.create(entreprise=entreprise, nom="MADEC").pk,
        "offre_emploi_id": offre_emploi.pk,
        "action_formation_id": action.pk,
        "mer_id": MiseEnRelation.objects.create(
            jeune=jeune, offre_emploi=offre_emploi, created_by=utilisateur
        ).pk,
    }


def test_tous_les_motifs_sont_nommes_et_couverts(objets_ml_a):
    for nom, motif in motifs():
        inconnus = noms_de_parametres(motif) - set(objets_ml_a)
        assert not inconnus, f"{nom} : ajoutez {inconnus} aux objets du balayage d'isolation"


def test_balayage_isolation_une_autre_ml_recoit_404(client, direction_autre_ml, objets_ml_a):
    client.force_login(direction_autre_ml)
    verifies = 0
    for nom, motif in motifs():
        noms = noms_de_parametres(motif)
        if not noms or nom in PUBLIQUES:
            continue
        url = reverse(nom, kwargs={cle: objets_ml_a[cle] for cle in noms})
        for methode in (client.get, client.post):
            statut = methode(url).status_code
            assert statut in (404, 405), f"{methode.__name__.upper()} {url} → {statut}"
            assert statut != 200
        verifies += 1
    assert verifies >= 13


def test_balayage_anonyme_renvoie_vers_la_connexion(client, objets_ml_a):
    connexion = reverse("connexion")
    for nom, motif in motifs():
        url = reverse(nom, kwargs={cle: objets_ml_a[cle] for cle in noms_de_parametres(motif)})
        reponse = client.get(url)
        if nom in PUBLIQUES:
            assert reponse.status_code in (200, 302), f"{url} → {reponse.status_code}"
            if reponse.status_code == 302:
                assert not reponse.url.startswith(connexion), f"{url} devrait être publique"
        else:
            assert reponse.status_code == 302, f"{url} → {reponse.status_code}"
            assert reponse.url.startswith(f"{connexion}?next="), f"{url} → {reponse.url}"


def test_les_pages_publiques_sont_exactement_celles_marquees(db):
    marquees = {
        nom for nom, motif in motifs() if getattr(motif.callback, "login_required", True) is False
    }
    assert marquees == PUBLIQUES


def _droit_de(motif: URLPattern):
    vue = motif.callback
    return getattr(vue, "droit_requis", None) or getattr(
        getattr(vue, "view_class", None), "droit_requis", None
    )


def test_balayage_des_droits_sans_le_droit_403(client, sans_droit, objets_ml_a):
    """A user of the same ML whose profile lacks the page's right gets 403 on every URL
    that declares one (GET, and POST for the actions), before anything is read or written."""
    client.force_login(sans_droit)
    verifies = 0
    for nom, motif in motifs():
        if _droit_de(motif) is None:
            continue
        url = reverse(nom, kwargs={cle: objets_ml_a[cle] for cle in noms_de_parametres(motif)})
        statuts = {client.get(url).status_code, client.post(url).status_code}
        assert 403 in statuts and statuts <= {403, 405}, f"{url} → {statuts}"
        verifies += 1
    assert verifies >= 60
