"""Enrolling young people in an offre de service (inscriptions): in a session or on the
offer, one by one or from Ma liste; noting what became of it; what it writes in the file."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dispositifs.models import ActionAutomatique, Dispositif
from dossiers import ma_liste
from dossiers.enums import EtatProposition, NatureProposition, ThemeProposition, TypeEvenement
from dossiers.models import Evenement, Jeune, Proposition
from imilo.erreurs import RegleMetierError
from offres import services
from offres.enums import EtatInscription, EtatOffre
from offres.models import Inscription, Session
from tests.dossiers.factories import JeuneFactory
from tests.offres.donnees import aujourdhui, moment, offre_cep, offre_de, session_de
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db


def url(nom, **kwargs):
    return reverse(f"offres:{nom}", kwargs=kwargs)


# --- The rules ----------------------------------------------------------------------------


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
    services.inscription_creer(
        jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, session=session
    )
    with pytest.raises(ValidationError) as refus:
        services.inscription_creer(
            jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, session=session
        )
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
        jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, session=session
    )
    services.inscription_refuser(
        inscription=premiere, par=conseiller, etat=EtatInscription.REFUS_JEUNE
    )
    seconde = services.inscription_creer(
        jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, session=session
    )
    assert seconde.etat == EtatInscription.PRESCRIT


def test_inscription_groupee_tout_ou_rien_avec_les_raisons(conseiller, offre):
    session = session_de(offre, conseiller, capacite=3)
    deja = JeuneFactory(suivi_par=conseiller, prenom="Paul", nom_usage="DURAND")
    services.inscription_creer(jeune=deja, par=conseiller, session=session)
    nouveaux = JeuneFactory.create_batch(2, suivi_par=conseiller)
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
    services.inscription_creer(
        jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, offre=offre
    )
    with pytest.raises(ValidationError, match="S20 Ateliers projets » est complète"):
        services.inscription_creer(
            jeune=JeuneFactory(suivi_par=conseiller), par=conseiller, offre=offre
        )


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
    autre = JeuneFactory(suivi_par=conseiller_autre_ml, nom_usage="AILLEURS", prenom="Zoé")
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


def test_inscription_historisee_avec_son_auteur(conseiller, offre, jeune):
    inscription = services.inscription_creer(jeune=jeune, par=conseiller, offre=offre)
    services.inscription_refuser(
        inscription=inscription, par=conseiller, etat=EtatInscription.REFUS_TIERS
    )
    versions = inscription.history.order_by("history_date")
    assert [v.etat for v in versions] == ["prescrit", "refus_tiers"]
    assert {v.history_user for v in versions} == {conseiller}
    assert offre.history.get().history_user == conseiller


def test_proposition_d_une_inscription_se_termine_par_l_inscription(conseiller):
    """Closing it from the file would leave the enrolment « prescrit » and its seat taken."""
    from dossiers.services import proposition_terminer

    offre = offre_de(conseiller)
    session = session_de(offre, conseiller)
    (inscription,) = services.inscriptions_creer(
        jeunes=[JeuneFactory(suivi_par=conseiller)], par=conseiller, session=session
    )
    with pytest.raises(RegleMetierError, match="depuis l'inscription"):
        proposition_terminer(proposition=inscription.proposition, par=conseiller, etat="abandonnee")
    services.inscription_refuser(
        inscription=inscription, par=conseiller, etat=EtatInscription.REFUS_JEUNE
    )
    inscription.proposition.refresh_from_db()
    assert inscription.proposition.etat == "refusee"


# --- The pages ----------------------------------------------------------------------------


def test_creer_une_session_puis_inscrire_ma_liste(client_de, conseiller, offre):
    client = client_de(conseiller)
    reponse = client.post(
        url("session_creer", offre_id=offre.pk),
        {
            "type": element("type_session", "atelier", "Atelier").pk,
            "debut": moment(3).strftime("%Y-%m-%dT%H:%M"),
            "duree": "120",
            "lieu": conseiller.structure.lieux.first().pk,
            "capacite": "2",
            "animateur": conseiller.pk,
        },
    )
    session = Session.objects.get()
    assert reponse.url == session.get_absolute_url()
    jeunes = JeuneFactory.create_batch(2, suivi_par=conseiller)
    ma_liste.ma_liste_ajouter(
        utilisateur=conseiller, jeunes=Jeune.objects.filter(pk__in=[j.pk for j in jeunes])
    )
    page = client.get(session.get_absolute_url())
    assert {j.pk for j in page.context["groupe_form"].fields["jeunes"].queryset} == {
        j.pk for j in jeunes
    }
    reponse = client.post(
        url("session_inscrire", session_id=session.pk), {"jeunes": [j.pk for j in jeunes]}
    )
    assert reponse.status_code == 302
    assert session.inscriptions.count() == 2
    assert Proposition.objects.filter(jeune__in=jeunes, inscription__isnull=False).count() == 2


def test_inscription_groupee_refusee_garde_la_selection_et_les_raisons(
    client_de, conseiller, offre
):
    session = session_de(offre, conseiller, capacite=1)
    jeunes = JeuneFactory.create_batch(2, suivi_par=conseiller)
    ma_liste.ma_liste_ajouter(
        utilisateur=conseiller, jeunes=Jeune.objects.filter(pk__in=[j.pk for j in jeunes])
    )
    reponse = client_de(conseiller).post(
        url("session_inscrire", session_id=session.pk), {"jeunes": [j.pk for j in jeunes]}
    )
    assert reponse.status_code == 200
    formulaire = reponse.context["groupe_form"]
    assert "n'a plus qu'une place libre" in " ".join(formulaire.non_field_errors())
    assert {int(pk) for pk in formulaire["jeunes"].value()} == {j.pk for j in jeunes}
    assert not Inscription.objects.exists()


def test_ma_liste_d_une_autre_ml_ne_s_inscrit_pas(client_de, conseiller, offre, jeune_autre_ml):
    session = session_de(offre, conseiller)
    reponse = client_de(conseiller).post(
        url("session_inscrire", session_id=session.pk), {"jeunes": [jeune_autre_ml.pk]}
    )
    assert reponse.status_code == 200
    assert "jeunes" in reponse.context["groupe_form"].errors
    assert not Inscription.objects.exists()


def test_inscrire_ma_liste_a_une_offre_sans_session(client_de, conseiller):
    permanente = offre_de(conseiller, code="S20", etat=EtatOffre.PERMANENT)
    jeune = JeuneFactory(suivi_par=conseiller)
    ma_liste.ma_liste_ajouter(utilisateur=conseiller, jeunes=Jeune.objects.filter(pk=jeune.pk))
    client = client_de(conseiller)
    assert client.get(url("offre", offre_id=permanente.pk)).context["groupe_form"] is not None
    reponse = client.post(url("offre_inscrire", offre_id=permanente.pk), {"jeunes": [jeune.pk]})
    assert reponse.url == permanente.get_absolute_url()
    inscription = Inscription.objects.get()
    assert (inscription.offre, inscription.session) == (permanente, None)


def test_noter_realise_et_refus_depuis_la_session(client_de, conseiller, offre):
    session = session_de(offre, conseiller, jours=-1)
    lea, paul = JeuneFactory.create_batch(2, suivi_par=conseiller)
    premiere, seconde = services.inscriptions_creer(
        jeunes=[lea, paul], par=conseiller, session=session
    )
    client = client_de(conseiller)
    retour = session.get_absolute_url()
    reponse = client.post(
        url("inscription_noter", inscription_id=premiere.pk),
        {"etat": "realise", "retour": retour},
    )
    assert reponse.url == retour
    client.post(
        url("inscription_noter", inscription_id=seconde.pk),
        {"etat": "refus_tiers", "retour": "https://ailleurs.example.org/"},
    )
    premiere.refresh_from_db()
    seconde.refresh_from_db()
    assert premiere.etat == EtatInscription.REALISE
    assert Evenement.objects.get(jeune=lea).type == "collectif"
    assert seconde.etat == EtatInscription.REFUS_TIERS
    assert not Evenement.objects.filter(jeune=paul).exists()


def test_inscrire_depuis_la_fiche(client_de, conseiller, offre):
    jeune = JeuneFactory(suivi_par=conseiller)
    session = session_de(offre, conseiller)
    client = client_de(conseiller)
    page = client.get(url("jeune_inscrire", jeune_id=jeune.pk))
    assert list(page.context["form"].fields["session"].queryset) == [session]
    reponse = client.post(url("jeune_inscrire", jeune_id=jeune.pk), {"session": session.pk})
    assert reponse.url == jeune.get_absolute_url()
    refus = client.post(url("jeune_inscrire", jeune_id=jeune.pk), {"session": session.pk})
    assert "déjà inscrit(e) à cette session" in str(refus.context["form"].non_field_errors())


def test_gerer_les_offres_sans_modifier_les_dossiers_n_inscrit_pas(client_de, conseiller, offre):
    """Enrolling and MER write into the youth file (proposition, event, situation, CEP):
    the right to manage offers alone is not enough."""
    from imilo.droits import Droit
    from tests.admin_ml.factories import ProfilFactory, UtilisateurFactory

    profil = ProfilFactory(
        structure=conseiller.structure,
        code="relations-entreprises",
        nom="Relations entreprises",
        droits=[Droit.DOSSIERS_VOIR, Droit.OFFRES_GERER],
    )
    charge = UtilisateurFactory(structure=conseiller.structure, profil=profil)
    jeune = JeuneFactory(suivi_par=conseiller)
    session = session_de(offre, conseiller)
    client = client_de(charge)
    assert (
        client.post(url("jeune_inscrire", jeune_id=jeune.pk), {"session": session.pk}).status_code
        == 403
    )
    assert not Inscription.objects.exists()
    fiche = client.get(reverse("dossiers:fiche", kwargs={"jeune_id": jeune.pk}))
    assert url("jeune_inscrire", jeune_id=jeune.pk) not in fiche.content.decode()


def test_offre_a_sessions_refuse_l_inscription_sans_session(conseiller, offre):
    """A full session is not bypassed by enrolling « on the offer »."""
    session_de(offre, conseiller, capacite=1)
    with pytest.raises(ValidationError, match="a des sessions"):
        services.inscriptions_creer(
            jeunes=[JeuneFactory(suivi_par=conseiller)], par=conseiller, offre=offre
        )
