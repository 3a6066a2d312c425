import pytest
from django.db import IntegrityError

from referentiels.enums import Portee
from referentiels.models import ElementReference, champs_de_reference
from tests.admin_ml.factories import MissionLocaleFactory
from tests.referentiels.factories import ElementReferenceFactory, element

pytestmark = pytest.mark.django_db


def test_elements_disponibles_national_regional_et_local(ml_a, ml_b):
    national = element("origine_venue", "famille_amis")
    regional = ElementReferenceFactory(
        table=national.table,
        code="arml",
        libelle="Réseau régional",
        regionale=True,
        region=ml_a.region,
    )
    local_a = ElementReferenceFactory(
        table=national.table, code="forum", libelle="Forum de l'emploi", locale=True, structure=ml_a
    )
    ElementReferenceFactory(
        table=national.table, code="salon", libelle="Salon de B", locale=True, structure=ml_b
    )
    ElementReferenceFactory(table=national.table, code="vieux", libelle="Ancien", actif=False)
    autre_region = MissionLocaleFactory(region__code="11", region__nom="Île-de-France")
    disponibles = set(ElementReference.objects.de_la_table("origine_venue").disponibles_pour(ml_a))
    assert disponibles == {national, regional, local_a}
    pour_autre = set(
        ElementReference.objects.de_la_table("origine_venue").disponibles_pour(autre_region)
    )
    assert pour_autre == {national}


def test_portee_coherente_imposee_par_la_base(ml_a):
    element("hebergement", "parents")
    with pytest.raises(IntegrityError):
        ElementReference.objects.create(
            table_id="hebergement", code="x", libelle="X", portee=Portee.LOCALE
        )


def test_code_national_unique_par_table():
    element("hebergement", "parents")
    with pytest.raises(IntegrityError):
        ElementReference.objects.create(table_id="hebergement", code="parents", libelle="Bis")


def test_le_meme_code_local_dans_deux_ml(ml_a, ml_b):
    element("hebergement", "parents")
    for ml in (ml_a, ml_b):
        ElementReference.objects.create(
            table_id="hebergement", code="gite", libelle="Gîte", portee=Portee.LOCALE, structure=ml
        )
    assert ElementReference.objects.filter(code="gite").count() == 2


def test_champs_de_reference_decouverts_pour_le_transfert():
    # Every ReferenceField of the project is found, whatever its app: the nightly transfer
    # relies on it. Listed here so that a new one is a conscious addition.
    trouves = {
        f"{modele._meta.label}.{champ.name}:{champ.table_reference}"
        for modele, champ in champs_de_reference()
    }
    assert trouves == CHAMPS_DE_REFERENCE_ATTENDUS


CHAMPS_DE_REFERENCE_ATTENDUS = {
    "dossiers.Jeune.situation_familiale:situation_familiale",
    "dossiers.Jeune.moyen_garde:moyen_garde",
    "dossiers.Jeune.hebergement:hebergement",
    "dossiers.Jeune.couverture_principale:couverture_principale",
    "dossiers.Jeune.couverture_complementaire:couverture_complementaire",
    "dossiers.Jeune.categorie_rqth:categorie_rqth",
    "dossiers.Jeune.origine_venue:origine_venue",
    "dossiers.Jeune.savoirs_base:savoirs_base",
    "dossiers.Jeune.mobilite:mobilite",
    "dossiers.JustificationIdentite.piece:piece_identite",
    "dossiers.Ressource.type:type_ressource",
    "dossiers.Permis.permis:permis",
    "dossiers.MoyenLocomotion.moyen:locomotion",
    "dossiers.RendezVous.motif_absence:motif_absence",
    "dossiers.Evenement.contexte:contexte",
    "dossiers.Situation.type_contrat:type_contrat",
    "dossiers.Situation.objectif:objectif_formation",
    "dossiers.Situation.validation:validation_formation",
    "dossiers.Situation.nsf:nsf",
    "dossiers.Situation.motif_interruption:motif_interruption",
    "dossiers.Cursus.validation:validation_formation",
    "dispositifs.DureeDispositif.type:type_dispositif",
    "dispositifs.Dispositif.type:type_dispositif",
    "dispositifs.Dispositif.motif_sortie:motif_sortie",
    "dispositifs.Dispositif.aiguilleur:aiguilleur_cep",
    "dispositifs.Dispositif.motif_sollicitation:motif_sollicitation_cep",
    "dispositifs.Phase.type:type_phase",
    "offres.OffreDeService.groupe:groupe_offre",
    "offres.OffreDeService.motif_sollicitation:motif_sollicitation_cep",
    "offres.Session.type:type_session",
    "offres.Entreprise.type:type_partenaire",
    "offres.OffreEmploi.type_contrat:type_contrat",
    "offres.ActionFormation.objectif:objectif_formation",
    "offres.ActionFormation.validation:validation_formation",
    "offres.MiseEnRelation.issue:issue_mer",
}
