"""Allocation requests of a PACEA or a CEJ (services/allocations.py): what is due,
submitting, validating, rejecting, transmitting."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from dispositifs import services
from dispositifs.enums import EtatAllocation
from dispositifs.models import DemandeAllocation, Dispositif
from dossiers.services import jeune_justifier_identite, ressource_ajouter
from imilo.erreurs import RegleMetierError
from tests.dispositifs.donnees import aujourdhui, entrer, jours, pacea
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


# --- PACEA -------------------------------------------------------------------------------


def test_allocation_pacea_refusee_si_ressources_du_mois_precedent_300_euros(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-70))
    mois = aujourdhui().replace(day=1)
    precedent = (mois - timedelta(days=1)).replace(day=1)
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "salaire", "Salaire"),
        montant=Decimal("300"),
        debut=precedent,
        fin=precedent + timedelta(days=10),
    )
    with pytest.raises(RegleMetierError) as erreur:
        services.allocation_demander(dispositif=parcours, par=conseiller, mois=mois, montant=200)
    assert "300" in erreur.value.message and "Salaire 300" in erreur.value.message


def test_allocation_pacea_accordee_sous_300_euros(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-70))
    mois = aujourdhui().replace(day=1)
    precedent = (mois - timedelta(days=1)).replace(day=1)
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "salaire"),
        montant=Decimal("299.99"),
        debut=precedent,
    )
    # A resource of two months before does not count.
    ressource_ajouter(
        jeune=jeune,
        par=conseiller,
        type=element("type_ressource", "chomage"),
        montant=Decimal("800"),
        debut=precedent - timedelta(days=60),
        fin=precedent - timedelta(days=1),
    )
    demande = services.allocation_demander(
        dispositif=parcours, par=conseiller, mois=mois, montant=200
    )
    assert demande.etat == EtatAllocation.ENREGISTREE


def test_allocation_pacea_refusee_sans_ressources_notees_du_mois_precedent(jeune, conseiller):
    parcours = pacea(jeune, conseiller, entree_le=jours(-70))
    with pytest.raises(RegleMetierError, match="Renseignez les ressources"):
        services.allocation_demander(
            dispositif=parcours, par=conseiller, mois=aujourdhui(), montant=200
        )


# --- CEJ ---------------------------------------------------------------------------------


@pytest.fixture
def cej(jeune, conseiller):
    return entrer(jeune, conseiller, "cej", entree_le=jours(-40))


def test_allocation_cej_pour_le_mois_en_cours_seulement(cej, conseiller):
    mois_ecoule = (aujourdhui().replace(day=1) - timedelta(days=1)).replace(day=1)
    with pytest.raises(RegleMetierError, match="mois en cours"):
        services.allocation_demander(dispositif=cej, par=conseiller, mois=mois_ecoule, montant=500)


def test_dossier_incomplet_reste_enregistre(cej, conseiller):
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    with pytest.raises(RegleMetierError, match="reste enregistrée"):
        services.allocation_soumettre(demande=demande, par=conseiller)
    demande.refresh_from_db()
    assert demande.etat == EtatAllocation.ENREGISTREE
    assert "IBAN" in demande.motif


def _dossier_complet(jeune, par):
    jeune.iban = "FR7630006000011234567890189"
    jeune.nir = ""
    jeune.pas_de_nir = True
    jeune.save()
    jeune_justifier_identite(jeune=jeune, par=par, piece=element("piece_identite", "1"))


def test_seul_un_validateur_avec_delegation_rgs_valide(cej, jeune, conseiller, validateur):
    _dossier_complet(jeune, conseiller)
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    services.allocation_soumettre(demande=demande, par=conseiller)
    for sans_droit in (conseiller, validateur):
        with pytest.raises(RegleMetierError, match="délégation du certificat RGS"):
            services.allocation_valider(demande=demande, par=sans_droit)
    validateur.delegation_rgs = True
    validateur.save()
    validee = services.allocation_valider(demande=demande, par=validateur)
    assert (validee.etat, validee.decidee_par) == (EtatAllocation.VALIDEE, validateur)
    transmise = services.allocation_transmettre(demande=validee, par=validateur)
    assert transmise.etat == EtatAllocation.TRANSMISE and transmise.transmise_le


def test_delegation_rgs_reservee_aux_validateurs(conseiller):
    conseiller.delegation_rgs = True
    with pytest.raises(IntegrityError), transaction.atomic():
        conseiller.save()


def test_rejet_avec_motif(cej, jeune, conseiller, validateur):
    _dossier_complet(jeune, conseiller)
    validateur.delegation_rgs = True
    validateur.save()
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    services.allocation_soumettre(demande=demande, par=conseiller)
    with pytest.raises(RegleMetierError, match="motif"):
        services.allocation_rejeter(demande=demande, par=validateur, motif=" ")
    rejetee = services.allocation_rejeter(demande=demande, par=validateur, motif="RIB illisible")
    assert rejetee.etat == EtatAllocation.REJETEE
    # A rejected request leaves the month free for a new one.
    services.allocation_demander(dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500)


def test_cej_supprimable_tant_qu_aucune_demande_transmise(cej, jeune, conseiller, validateur):
    _dossier_complet(jeune, conseiller)
    validateur.delegation_rgs = True
    validateur.save()
    demande = services.allocation_demander(
        dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500
    )
    services.allocation_soumettre(demande=demande, par=conseiller)
    services.allocation_valider(demande=demande, par=validateur)
    services.allocation_transmettre(demande=demande, par=validateur)
    with pytest.raises(RegleMetierError, match="transmise à l'ASP"):
        services.dispositif_supprimer(dispositif=cej, par=conseiller)
    autre = entrer(JeuneFactory(suivi_par=conseiller, age=20), conseiller, "cej")
    services.dispositif_supprimer(dispositif=autre, par=conseiller)
    assert not Dispositif.objects.filter(pk=autre.pk).exists()
    assert Dispositif.history.filter(id=autre.pk, history_type="-").get().history_user == conseiller


def test_une_demande_par_mois_en_base(cej, conseiller):
    services.allocation_demander(dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500)
    with pytest.raises(Exception, match="existe déjà"):
        services.allocation_demander(dispositif=cej, par=conseiller, mois=aujourdhui(), montant=500)
    assert DemandeAllocation.objects.count() == 1


# --- one table: the buttons, the view and the services ---------------------------------


@pytest.fixture
def validateur_rgs(validateur):
    """A validateur with the RGS delegation of the ML's certificate."""
    validateur.delegation_rgs = True
    validateur.save()
    return validateur


def _demande(cej, par, etat):
    return DemandeAllocation.objects.create(
        dispositif=cej, mois=aujourdhui().replace(day=1), montant=500, demandee_par=par, etat=etat
    )


def test_actions_possibles_selon_l_etat_et_la_delegation_rgs(cej, conseiller, validateur_rgs):
    attendues = {
        EtatAllocation.ENREGISTREE: (["soumettre"], ["soumettre"]),
        EtatAllocation.SOUMISE: ([], ["valider", "rejeter"]),
        EtatAllocation.VALIDEE: ([], ["transmettre"]),
        EtatAllocation.REJETEE: ([], []),
    }
    for etat, (du_conseiller, du_validateur) in attendues.items():
        demande = DemandeAllocation(dispositif=cej, etat=etat)
        assert demande.actions_possibles(conseiller) == du_conseiller, etat
        assert demande.actions_possibles(validateur_rgs) == du_validateur, etat


def test_boutons_des_demandes_selon_la_table(client_de, cej, jeune, conseiller, validateur_rgs):
    _demande(cej, conseiller, EtatAllocation.SOUMISE)
    page = reverse("dispositifs:dispositif", kwargs={"jeune_id": jeune.pk, "dispositif_id": cej.pk})
    assert "Valider</button>" not in client_de(conseiller).get(page).content.decode()
    contenu = client_de(validateur_rgs).get(reverse("dispositifs:allocations")).content.decode()
    assert "Valider</button>" in contenu and "Rejeter</button>" in contenu
    assert "Transmettre à l&#x27;ASP</button>" not in contenu


def test_action_que_la_table_refuse_refusee_par_la_page(
    client_de, cej, jeune, conseiller, validateur_rgs
):
    demande = _demande(cej, conseiller, EtatAllocation.ENREGISTREE)

    def action(nom):
        return reverse(
            "dispositifs:allocation_action",
            kwargs={
                "jeune_id": jeune.pk,
                "dispositif_id": cej.pk,
                "allocation_id": demande.pk,
                "action": nom,
            },
        )

    reponse = client_de(validateur_rgs).post(action("valider"), follow=True)
    assert "Seule une demande soumise à validation se valide" in reponse.content.decode()
    demande.refresh_from_db()
    assert demande.etat == EtatAllocation.ENREGISTREE
    # Without the right to validate, the page is forbidden (as before any state is read).
    assert client_de(conseiller).post(action("valider")).status_code == 403
    assert client_de(conseiller).post(action("inconnue")).status_code == 404
