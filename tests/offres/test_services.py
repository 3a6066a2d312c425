"""Offres de service and their sessions: the rules, by name (enrolments: test_inscriptions)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from imilo.erreurs import RegleMetierError
from offres import services
from offres.enums import EtatOffre
from tests.dossiers.factories import JeuneFactory
from tests.offres.donnees import (
    aujourdhui,
    moment,
    offre_de,
    session_de,
)
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


def test_offre_de_niveau_cep_a_son_motif(conseiller):
    with pytest.raises(ValidationError, match="indique le motif de sollicitation"):
        offre_de(conseiller, code="P70", niveau_cep=2)


def test_offre_permanente_sans_fin(conseiller):
    with pytest.raises(ValidationError, match="permanente n'a pas de date de fin"):
        offre_de(conseiller, etat=EtatOffre.PERMANENT, fin=aujourdhui())


def test_code_d_offre_unique_par_ml(conseiller, conseiller_autre_ml):
    offre_de(conseiller, code="p61")
    with pytest.raises(ValidationError, match="déjà une offre de service de ce code"):
        offre_de(conseiller, code="P61 ")
    assert offre_de(conseiller_autre_ml, code="P61").code == "P61"


def test_referent_de_l_offre_de_la_ml(conseiller, conseiller_autre_ml):
    with pytest.raises(ValidationError) as refus:
        offre_de(conseiller, referent=conseiller_autre_ml)
    assert "referent" in refus.value.message_dict


def test_capacite_ne_descend_pas_sous_les_inscrits(conseiller, offre):
    session = session_de(offre, conseiller, capacite=3)
    services.inscriptions_creer(
        jeunes=JeuneFactory.create_batch(2, suivi_par=conseiller),
        par=conseiller,
        session=session,
    )
    with pytest.raises(RegleMetierError, match="compte déjà 2 inscrits"):
        services.session_modifier(session=session, par=conseiller, capacite=1)


def test_date_limite_ne_suit_pas_la_session(conseiller, offre):
    with pytest.raises(ValidationError) as refus:
        session_de(offre, conseiller, jours=2, date_limite_inscription=aujourdhui() + timedelta(3))
    assert "date_limite_inscription" in refus.value.message_dict


def test_pas_de_session_pour_une_offre_terminee(conseiller, offre):
    services.offre_modifier(offre=offre, par=conseiller, etat=EtatOffre.TERMINEE)
    with pytest.raises(RegleMetierError, match="elle n'a plus de session"):
        session_de(offre, conseiller)


def test_session_a_son_lieu(conseiller, offre):
    with pytest.raises(ValidationError, match="Indiquez le lieu"):
        session_de(offre, conseiller, lieu_autre="")


def test_session_passee_a_la_semaine(conseiller, offre):
    session = session_de(offre, conseiller, jours=-2)
    assert session.passee
    assert session.debut == moment(-2)
    assert element("type_session", "atelier") == session.type
