"""Offres de service, sessions and enrolments: the rules, by name."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from dispositifs.models import ActionAutomatique, Dispositif
from dossiers.enums import EtatProposition, NatureProposition, ThemeProposition, TypeEvenement
from imilo.erreurs import RegleMetierError
from offres import services
from offres.enums import EtatInscription, EtatOffre
from offres.models import Inscription
from tests.offres.donnees import (
    aujourdhui,
    jeune_de,
    moment,
    offre_cep,
    offre_de,
    session_de,
)
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


@pytest.fixture
def offre(conseiller):
    return offre_de(conseiller)


@pytest.fixture
def jeune(conseiller):
    return jeune_de(conseiller, prenom="Léa", nom_usage="MARTIN")


def test_inscription_note_la_proposition_du_theme_de_l_offre(conseiller, offre, jeune):
    session = session_de(offre, conseiller)
    inscription = services.inscription_creer(jeune=jeune, par=conseiller, session=session)
    proposition = inscription.proposition
    assert inscription.offre == offre
    assert inscription.etat == EtatInscription.PRESCRIT
    assert proposition.jeune == jeune
    assert proposition.nature == NatureProposition.PROPOSITION
    assert proposition.theme == ThemeProposition.PROJET
    assert proposition.etat == EtatProposition.EN_COURS
    assert proposition.libelle.startswith("P61 Ateliers projets — session du ")


def test_inscription_realisee_clot_la_proposition_et_note_l_evenement_collectif(
    conseiller, offre, jeune
):
    session = session_de(offre, conseiller, jours=-1)
    inscription = services.inscription_creer(jeune=jeune, par=conseiller, session=session)
    inscription = services.inscription_realiser(inscription=inscription, par=conseiller)
    inscription.proposition.refresh_from_db()
    assert inscription.etat == EtatInscription.REALISE
    assert inscription.cloturee_le == aujourdhui()
    assert inscription.proposition.etat == EtatProposition.REALISEE
    evenement = inscription.evenement
    assert evenement.jeune == jeune
    assert evenement.type == TypeEvenement.COLLECTIF
    assert evenement.date == session.debut
    assert "P61 Ateliers projets" in evenement.notes
    assert evenement.auteur == conseiller


def test_inscription_sans_session_realisee_note_un_entretien(conseiller, offre, jeune):
    inscription = services.inscription_creer(jeune=jeune, par=conseiller, offre=offre)
    inscription = services.inscription_realiser(inscription=inscription, par=conseiller)
    assert inscription.session is None
    assert inscription.evenement.type == TypeEvenement.ENTRETIEN


@pytest.mark.parametrize("etat", [EtatInscription.REFUS_TIERS, EtatInscription.REFUS_JEUNE])
def test_refus_tiers_et_refus_jeune_closent_la_proposition_refusee(conseiller, offre, jeune, etat):
    inscription = services.inscription_creer(
        jeune=jeune, par=conseiller, session=session_de(offre, conseiller)
    )
    inscription = services.inscription_refuser(
        inscription=inscription, par=conseiller, etat=etat, commentaire="Indisponible"
    )
    inscription.proposition.refresh_from_db()
    assert inscription.etat == etat
    assert inscription.evenement is None
    assert inscription.proposition.etat == EtatProposition.REFUSEE
    assert inscription.commentaire == "Indisponible"


def test_session_complete_refuse_avec_la_raison(conseiller, offre):
    session = session_de(offre, conseiller, capacite=1)
    services.inscription_creer(jeune=jeune_de(conseiller), par=conseiller, session=session)
    with pytest.raises(ValidationError) as refus:
        services.inscription_creer(jeune=jeune_de(conseiller), par=conseiller, session=session)
    assert "est complète : 1 places, 1 inscrits" in refus.value.messages[0]
    assert Inscription.objects.count() == 1


def test_date_limite_depassee_refuse_l_inscription(conseiller, offre, jeune):
    session = session_de(
        offre, conseiller, jours=5, date_limite_inscription=aujourdhui() - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refus:
        services.inscription_creer(jeune=jeune, par=conseiller, session=session)
    assert "sont closes depuis le" in refus.value.messages[0]


def test_refus_libere_la_place(conseiller, offre):
    session = session_de(offre, conseiller, capacite=1)
    premiere = services.inscription_creer(
        jeune=jeune_de(conseiller), par=conseiller, session=session
    )
    services.inscription_refuser(
        inscription=premiere, par=conseiller, etat=EtatInscription.REFUS_JEUNE
    )
    seconde = services.inscription_creer(
        jeune=jeune_de(conseiller), par=conseiller, session=session
    )
    assert seconde.etat == EtatInscription.PRESCRIT


def test_inscription_groupee_tout_ou_rien_avec_les_raisons(conseiller, offre):
    session = session_de(offre, conseiller, capacite=3)
    deja = jeune_de(conseiller, prenom="Paul", nom_usage="DURAND")
    services.inscription_creer(jeune=deja, par=conseiller, session=session)
    nouveaux = [jeune_de(conseiller) for _ in range(2)]
    with pytest.raises(ValidationError) as refus:
        services.inscriptions_creer(jeunes=[deja, *nouveaux], par=conseiller, session=session)
    raisons = refus.value.messages
    assert any("n'a plus que 2 places libres" in raison for raison in raisons)
    assert "DURAND Paul est déjà inscrit(e) à cette session." in raisons
    # Nothing was written for the others, not even their propositions.
    assert Inscription.objects.count() == 1
    assert not nouveaux[0].propositions.exists()
    inscriptions = services.inscriptions_creer(jeunes=nouveaux, par=conseiller, session=session)
    assert len(inscriptions) == 2


def test_deja_inscrit_a_l_offre_sans_session_refuse(conseiller, offre, jeune):
    services.inscription_creer(jeune=jeune, par=conseiller, offre=offre)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.inscription_creer(jeune=jeune, par=conseiller, offre=offre)


def test_places_de_l_offre_limitent_les_inscriptions(conseiller):
    offre = offre_de(conseiller, code="S20", places=1, etat=EtatOffre.PERMANENT)
    services.inscription_creer(jeune=jeune_de(conseiller), par=conseiller, offre=offre)
    with pytest.raises(ValidationError, match="S20 Ateliers projets » est complète"):
        services.inscription_creer(jeune=jeune_de(conseiller), par=conseiller, offre=offre)


def test_offre_terminee_refuse_l_inscription(conseiller, offre, jeune):
    session = session_de(offre, conseiller)
    services.offre_modifier(offre=offre, par=conseiller, etat=EtatOffre.TERMINEE)
    with pytest.raises(RegleMetierError, match="est terminée : on ne s'y inscrit plus"):
        services.inscription_creer(jeune=jeune, par=conseiller, session=session)


def test_session_pas_encore_eue_ne_se_realise_pas(conseiller, offre, jeune):
    inscription = services.inscription_creer(
        jeune=jeune, par=conseiller, session=session_de(offre, conseiller, jours=3)
    )
    with pytest.raises(RegleMetierError, match="n'a pas encore eu lieu"):
        services.inscription_realiser(inscription=inscription, par=conseiller)
    inscription.refresh_from_db()
    assert inscription.etat == EtatInscription.PRESCRIT


def test_une_inscription_notee_ne_se_renote_pas(conseiller, offre, jeune):
    inscription = services.inscription_creer(jeune=jeune, par=conseiller, offre=offre)
    services.inscription_realiser(inscription=inscription, par=conseiller)
    with pytest.raises(RegleMetierError, match="déjà notée « réalisé »"):
        services.inscription_refuser(
            inscription=inscription, par=conseiller, etat=EtatInscription.REFUS_JEUNE
        )


def test_inscription_d_un_jeune_d_une_autre_ml_refusee(conseiller, offre, conseiller_autre_ml):
    autre = jeune_de(conseiller_autre_ml, nom_usage="AILLEURS", prenom="Zoé")
    with pytest.raises(ValidationError, match="AILLEURS Zoé n'est pas suivi"):
        services.inscription_creer(jeune=autre, par=conseiller, offre=offre)


def test_offre_cep_ouvre_le_cep_du_jeune(conseiller, jeune):
    offre = offre_cep(conseiller, niveau=2)
    services.inscription_creer(jeune=jeune, par=conseiller, offre=offre)
    cep = Dispositif.objects.get(jeune=jeune, type__code="cep")
    assert cep.niveau_cep == 2
    assert cep.motif_sollicitation == offre.motif_sollicitation
    assert cep.aiguilleur.code == "entree_directe"
    action = ActionAutomatique.objects.get(jeune=jeune)
    assert "P62 Construire son projet" in action.raison


def test_offre_cep_niveau_3_releve_le_cep(conseiller, jeune):
    services.inscription_creer(jeune=jeune, par=conseiller, offre=offre_cep(conseiller, 2))
    services.inscription_creer(
        jeune=jeune, par=conseiller, offre=offre_cep(conseiller, 3, code="P63")
    )
    assert Dispositif.objects.get(jeune=jeune, type__code="cep").niveau_cep == 3


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
        jeunes=[jeune_de(conseiller), jeune_de(conseiller)], par=conseiller, session=session
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


def test_historique_avec_l_auteur(conseiller, offre, jeune):
    inscription = services.inscription_creer(jeune=jeune, par=conseiller, offre=offre)
    services.inscription_refuser(
        inscription=inscription, par=conseiller, etat=EtatInscription.REFUS_TIERS
    )
    versions = inscription.history.order_by("history_date")
    assert [v.etat for v in versions] == ["prescrit", "refus_tiers"]
    assert {v.history_user for v in versions} == {conseiller}
    assert offre.history.get().history_user == conseiller


def test_session_a_son_lieu(conseiller, offre):
    with pytest.raises(ValidationError, match="Indiquez le lieu"):
        session_de(offre, conseiller, lieu_autre="")


def test_session_passee_a_la_semaine(conseiller, offre):
    session = session_de(offre, conseiller, jours=-2)
    assert session.passee
    assert session.debut == moment(-2)
    assert element("type_session", "atelier") == session.type


def test_proposition_d_une_inscription_se_termine_par_l_inscription(conseiller):
    """Closing it from the file would leave the enrolment « prescrit » and its seat taken."""
    from dossiers.services import proposition_terminer
    from imilo.erreurs import RegleMetierError

    offre = offre_de(conseiller)
    session = session_de(offre, conseiller)
    (inscription,) = services.inscriptions_creer(
        jeunes=[jeune_de(conseiller)], par=conseiller, session=session
    )
    with pytest.raises(RegleMetierError, match="depuis l'inscription"):
        proposition_terminer(proposition=inscription.proposition, par=conseiller, etat="abandonnee")
    services.inscription_refuser(
        inscription=inscription, par=conseiller, etat=EtatInscription.REFUS_JEUNE
    )
    inscription.proposition.refresh_from_db()
    assert inscription.proposition.etat == "refusee"
