from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dossiers import messagerie
from dossiers.frise import faits_des_messages, frise
from dossiers.fusion import fusionner
from dossiers.messagerie import (
    empechements,
    message_envoyer,
    message_expedier,
    modele_courrier_enregistrer,
    modele_standard,
    modeles_par_defaut,
)
from dossiers.models import Jeune, Message, ModeleCourrier, RendezVous
from dossiers.services import jeune_modifier, rendez_vous_marquer
from imilo.erreurs import RegleMetierError
from imilo.registres import Registre
from tests.dossiers.donnees import envoyer_sms, rendez_vous_demain
from tests.dossiers.factories import MOBILE, JeuneFactory
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_compte(settings):
    """An SMS backend that keeps what it was asked to send."""
    settings.SMS_BACKEND = "tests.dossiers.test_messages.SmsMemoire"
    SmsMemoire.envoyes = []
    return SmsMemoire.envoyes


class SmsMemoire:
    envoyes: list = []

    def envoyer(self, *, numero, texte, reference):
        self.envoyes.append((numero, texte, reference))
        return f"id-{len(self.envoyes)}"


# --- Who may be written to ---------------------------------------------------------------


def test_npai_ni_courrier_ni_sms(jeune_joignable, conseiller):
    jeune_modifier(jeune=jeune_joignable, par=conseiller, npai=True)
    for canal in ("courrier", "sms"):
        with pytest.raises(RegleMetierError, match="NPAI") as refus:
            message_envoyer(jeune=jeune_joignable, par=conseiller, canal=canal, contenu="Bonjour")
        assert refus.value.champ == "canal"
    assert not Message.objects.exists()


def test_npai_le_courriel_reste_possible(jeune_joignable, conseiller):
    jeune_modifier(jeune=jeune_joignable, par=conseiller, npai=True)
    message = message_envoyer(
        jeune=jeune_joignable,
        par=conseiller,
        canal="courriel",
        objet="Nouvelles",
        contenu="Bonjour",
    )
    assert message.destinataire == "chloe.dupont@example.org"


def test_sms_refuse_si_le_mobile_est_non_joignable(jeune_joignable, conseiller):
    jeune_modifier(jeune=jeune_joignable, par=conseiller, mobile_joignable=False)
    with pytest.raises(RegleMetierError, match="non joignable"):
        envoyer_sms(jeune_joignable, conseiller)


def test_sms_refuse_sans_mobile(conseiller):
    jeune = JeuneFactory(structure=conseiller.structure, telephone_fixe="+33299001122")
    with pytest.raises(RegleMetierError, match="Aucun téléphone mobile"):
        envoyer_sms(jeune, conseiller)


def test_sms_refuse_vers_un_numero_fixe_note_comme_mobile(conseiller):
    jeune = JeuneFactory(structure=conseiller.structure, telephone_mobile="+33299001122")
    with pytest.raises(RegleMetierError, match="pas un numéro de mobile"):
        envoyer_sms(jeune, conseiller)


def test_courriel_refuse_sans_adresse_electronique(conseiller):
    jeune = JeuneFactory(structure=conseiller.structure)
    with pytest.raises(RegleMetierError, match="Aucune adresse électronique"):
        message_envoyer(jeune=jeune, par=conseiller, canal="courriel", objet="A", contenu="B")


def test_courrier_refuse_sans_adresse_en_cours(conseiller):
    jeune = JeuneFactory(structure=conseiller.structure)
    with pytest.raises(RegleMetierError, match="Aucune adresse en cours"):
        message_envoyer(jeune=jeune, par=conseiller, canal="courrier", contenu="Bonjour")


def test_jeune_decede_aucun_canal_par_le_registre(jeune_joignable, conseiller, monkeypatch):
    # The dispositifs app will register the exit motif « Décès »; a fake stands for it.
    monkeypatch.setattr(messagerie, "EMPECHEMENTS", Registre("essai"))
    messagerie.EMPECHEMENTS.enregistrer(
        lambda j: (
            "Décès noté en sortie de dispositif : aucun envoi."
            if j.pk == jeune_joignable.pk
            else None
        )
    )
    for canal in ("courrier", "sms", "courriel"):
        with pytest.raises(RegleMetierError, match="Décès"):
            message_envoyer(
                jeune=jeune_joignable, par=conseiller, canal=canal, objet="A", contenu="B"
            )
    autre = JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True, prenom="Léo")
    assert envoyer_sms(autre, conseiller).jeune == autre


def test_ni_convocation_ni_rappel_pour_un_rendez_vous_passe_ou_annule(
    jeune_joignable, conseiller, rdv
):
    RendezVous.objects.filter(pk=rdv.pk).update(debut=timezone.now() - timedelta(hours=1))
    modele = modele_standard(structure=jeune_joignable.structure, canal="sms")
    with pytest.raises(RegleMetierError, match="passé"):
        message_envoyer(
            jeune=jeune_joignable, par=conseiller, canal="sms", modele=modele, rendez_vous=rdv
        )
    demain = rendez_vous_demain(jeune_joignable, conseiller, heure=9)
    rendez_vous_marquer(rendez_vous=demain, par=conseiller, statut="annule")
    with pytest.raises(RegleMetierError, match="annulé"):
        message_envoyer(
            jeune=jeune_joignable, par=conseiller, canal="sms", modele=modele, rendez_vous=demain
        )


def test_rendez_vous_d_un_autre_jeune_refuse(jeune_joignable, conseiller):
    autre = JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True, prenom="Léo")
    rdv_autre = rendez_vous_demain(autre, conseiller)
    with pytest.raises(RegleMetierError, match="pas celui de ce jeune"):
        envoyer_sms(jeune_joignable, conseiller, rendez_vous=rdv_autre)


# --- The text ----------------------------------------------------------------------------


def test_modele_avec_un_champ_inconnu_refuse_au_champ(ml_a):
    modele = ModeleCourrier(structure=ml_a, nom="Test", canal="sms", corps="Bonjour {adresse}")
    with pytest.raises(ValidationError) as erreur:
        modele.full_clean()
    assert "Champ inconnu : {adresse}" in erreur.value.message_dict["corps"][0]


def test_pas_d_injection_de_gabarit_dans_les_modeles(ml_a, jeune_joignable, conseiller, rdv):
    for corps in ("{{ settings.SECRET_KEY }}", "{% debug %}", "Bonjour {prenom"):
        modele = ModeleCourrier(structure=ml_a, nom="Piège", canal="sms", corps=corps)
        with pytest.raises(ValidationError):
            modele.full_clean()
    # What a value holds is never merged again, nor evaluated.
    RendezVous.objects.filter(pk=rdv.pk).update(objet="{nom} {% debug %}")
    modele = ModeleCourrier.objects.create(
        structure=ml_a, nom="Objet", canal="sms", corps="{prenom} : {objet_rdv}"
    )
    message = message_envoyer(
        jeune=jeune_joignable, par=conseiller, canal="sms", modele=modele, rendez_vous=rdv
    )
    assert message.contenu == "Chloé : {nom} {% debug %}"
    assert fusionner("{a}{prenom}", {"prenom": "{a}"}) == "{a}{a}"


def test_modele_qui_cite_le_rendez_vous_exige_le_rendez_vous(jeune_joignable, conseiller):
    modele = modele_standard(structure=jeune_joignable.structure, canal="sms")
    with pytest.raises(RegleMetierError, match="cite le rendez-vous") as refus:
        message_envoyer(jeune=jeune_joignable, par=conseiller, canal="sms", modele=modele)
    assert refus.value.champ == "rendez_vous"


def test_rappel_sms_remplit_les_champs_du_rendez_vous(jeune_joignable, conseiller, rdv):
    modele = modele_standard(structure=jeune_joignable.structure, canal="sms")
    message = message_envoyer(
        jeune=jeune_joignable, par=conseiller, canal="sms", modele=modele, rendez_vous=rdv
    )
    assert "14 h 30" in message.contenu
    assert "Antenne de Betton" in message.contenu
    assert str(conseiller) in message.contenu
    assert "02 99 00 11 22" in message.contenu  # the site's phone
    assert (message.destinataire, message.modele, message.rendez_vous) == (MOBILE, modele, rdv)


def test_sms_trop_long_refuse_au_champ_texte(jeune_joignable, conseiller):
    assert envoyer_sms(jeune_joignable, conseiller, contenu="x" * 459)
    with pytest.raises(RegleMetierError, match="459 caractères au plus") as refus:
        envoyer_sms(jeune_joignable, conseiller, contenu="x" * 460)
    assert refus.value.champ == "contenu"


def test_courriel_sans_objet_refuse(jeune_joignable, conseiller):
    with pytest.raises(RegleMetierError, match="objet") as refus:
        message_envoyer(jeune=jeune_joignable, par=conseiller, canal="courriel", contenu="Bonjour")
    assert refus.value.champ == "objet"


def test_modeles_standard_crees_une_fois_et_modifications_gardees(ml_a, direction):
    modeles_par_defaut(structure=ml_a, par=direction)
    assert set(ModeleCourrier.objects.filter(structure=ml_a).values_list("code", flat=True)) == {
        "convocation",
        "rappel_sms",
        "convocation_courriel",
    }
    sms = ModeleCourrier.objects.get(structure=ml_a, code="rappel_sms")
    modele_courrier_enregistrer(modele=sms, par=direction, corps="RDV {date_rdv}", actif=False)
    modeles_par_defaut(structure=ml_a, par=direction)
    sms.refresh_from_db()
    assert (sms.corps, sms.actif) == ("RDV {date_rdv}", False)
    assert ModeleCourrier.objects.filter(structure=ml_a).count() == 3
    assert sms.history.latest("history_date").history_user == direction
    with pytest.raises(RegleMetierError, match="désactivé"):
        modele_standard(structure=ml_a, canal="sms")


def test_modele_d_une_autre_ml_refuse(jeune_joignable, conseiller, ml_b, rdv):
    modeles_par_defaut(structure=ml_b)
    modele = ModeleCourrier.objects.get(structure=ml_b, code="rappel_sms")
    with pytest.raises(RegleMetierError, match="modèle") as refus:
        message_envoyer(
            jeune=jeune_joignable, par=conseiller, canal="sms", modele=modele, rendez_vous=rdv
        )
    assert refus.value.champ == "modele"


# --- Sending -----------------------------------------------------------------------------


def test_sms_en_attente_puis_envoye_apres_le_commit(
    jeune_joignable, conseiller, sms_compte, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        message = envoyer_sms(jeune_joignable, conseiller, contenu="Rendez-vous demain")
    message.refresh_from_db()
    assert message.statut == "en_attente" and not sms_compte
    for rappel in rappels:
        rappel()
    message.refresh_from_db()
    assert message.statut == "envoye" and message.envoye_le is not None
    assert message.identifiant_fournisseur == "id-1"
    assert sms_compte == [(MOBILE, "Rendez-vous demain", f"imilo-{message.pk}")]


def test_un_message_n_est_jamais_envoye_deux_fois(
    jeune_joignable, conseiller, sms_compte, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = envoyer_sms(jeune_joignable, conseiller)
    # The task replayed (acks_late, broker redelivery): nothing leaves again.
    assert message_expedier(message_id=message.pk) == "envoye"
    assert len(sms_compte) == 1


def test_npai_note_avant_l_envoi_arrete_le_sms(
    jeune_joignable, conseiller, sms_compte, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = envoyer_sms(jeune_joignable, conseiller)
    jeune_modifier(jeune=jeune_joignable, par=conseiller, npai=True)
    assert message_expedier(message_id=message.pk) == "non_envoye"
    message.refresh_from_db()
    assert "NPAI" in message.detail_statut and message.en_echec
    assert not sms_compte


def test_historique_de_l_envoi_avec_son_auteur(
    jeune_joignable, conseiller, sms_compte, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = envoyer_sms(jeune_joignable, conseiller)
    creation, envoi = message.history.order_by("history_date")
    assert (creation.statut, creation.history_user) == ("en_attente", conseiller)
    assert (envoi.statut, envoi.history_user) == ("envoye", conseiller)
    assert envoi.history_origine == "tâche dossiers.expedier_message"


def test_courriel_par_django_reponse_a_la_mission_locale(
    jeune_joignable, conseiller, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "imilo <ne-pas-repondre@example.org>"
    jeune_joignable.structure.email = "contact@ml-a.example.org"
    jeune_joignable.structure.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = message_envoyer(
            jeune=jeune_joignable,
            par=conseiller,
            canal="courriel",
            objet="Atelier CV",
            contenu="Bonjour",
        )
    (courriel,) = mail.outbox
    assert courriel.to == ["chloe.dupont@example.org"]
    assert courriel.reply_to == ["contact@ml-a.example.org"]
    assert courriel.from_email == "Mission Locale A <ne-pas-repondre@example.org>"
    assert (courriel.subject, courriel.body) == ("Atelier CV", "Bonjour")
    message.refresh_from_db()
    assert message.statut == "envoye"
    assert message.identifiant_fournisseur == courriel.extra_headers["Message-ID"]


# --- Timeline and file page --------------------------------------------------------------


def test_la_frise_montre_les_messages_et_les_echecs_en_rouge(
    jeune_joignable, conseiller, sms_compte
):
    envoye = envoyer_sms(jeune_joignable, conseiller)
    Message.objects.filter(pk=envoye.pk).update(statut="envoye", envoye_le=timezone.now())
    echoue = envoyer_sms(jeune_joignable, conseiller, contenu="Deuxième")
    Message.objects.filter(pk=echoue.pk).update(statut="echec", detail_statut="HTTP 500")
    faits = {
        f.detail: f
        for f in frise(Jeune.objects.get(pk=jeune_joignable.pk))
        if f.categorie == "message"
    }
    assert faits["Bonjour"].libelle == "SMS envoyé à 06 12 34 56 78"
    assert faits["Bonjour"].alerte is False
    assert faits["Deuxième — HTTP 500"].alerte is True


def _jeune_de_la_fiche(jeune):
    """The file as the file page loads it (addresses and appointments prefetched)."""
    return (
        Jeune.objects.select_related("structure")
        .prefetch_related("adresses", "rendez_vous")
        .get(pk=jeune.pk)
    )


@pytest.mark.parametrize("nombre", [1, 6])
def test_sections_de_la_fiche_sans_requete_par_rendez_vous(
    jeune_joignable, conseiller, django_assert_num_queries, nombre
):
    for rang in range(nombre):
        rdv = rendez_vous_demain(jeune_joignable, conseiller, heure=8 + rang)
        message_envoyer(
            jeune=jeune_joignable,
            par=conseiller,
            canal="sms",
            modele=modele_standard(structure=jeune_joignable.structure, canal="sms"),
            rendez_vous=rdv,
        )
    fiche = _jeune_de_la_fiche(jeune_joignable)
    contexte = {"jeune": fiche, "peut_modifier": True, "csrf_token": "jeton"}
    # The timeline's provider reads the messages (one query); the sections reuse them and
    # decide the closed channels once for the file, whatever the number of appointments
    # (+ 1: its dispositifs, a « Décès » exit closing every channel).
    with django_assert_num_queries(2):
        faits_des_messages(fiche)
        html = render_to_string("dossiers/_messages_fiche.html", contexte)
        for rendez_vous in fiche.rendez_vous.all():
            html += render_to_string("dossiers/_rdv_actions.html", {**contexte, "rdv": rendez_vous})
    assert html.count("Envoyer un rappel par SMS") == nombre
    assert html.count("Convocation (PDF)") == nombre
    assert html.count("rappel de votre rendez-vous") == min(nombre, 5)


def test_boutons_caches_avec_la_raison_quand_la_regle_l_interdit(jeune_joignable, conseiller, rdv):
    jeune_modifier(jeune=jeune_joignable, par=conseiller, npai=True, email="")
    fiche = _jeune_de_la_fiche(jeune_joignable)
    html = render_to_string(
        "dossiers/_rdv_actions.html",
        {"jeune": fiche, "rdv": fiche.rendez_vous.get(), "peut_modifier": True, "csrf_token": "x"},
    )
    assert "Convocation (PDF)" not in html and "Envoyer un rappel" not in html
    assert "Convocation : Dossier NPAI" in html
    assert "Rappel par courriel : Aucune adresse électronique" in html
    assert empechements(fiche)["sms"].startswith("Dossier NPAI")


# --- Pages -------------------------------------------------------------------------------


def url(nom, **kwargs):
    return reverse(f"dossiers:{nom}", kwargs=kwargs)


def test_liste_des_messages_filtree_par_canal_et_statut(client_de, jeune_joignable, conseiller):
    envoyer_sms(jeune_joignable, conseiller)
    message_envoyer(jeune=jeune_joignable, par=conseiller, canal="courriel", objet="A", contenu="B")
    Message.objects.filter(canal="sms").update(statut="envoye", envoye_le=timezone.now())
    Message.objects.filter(canal="courriel").update(statut="echec", detail_statut="refusé")
    client = client_de(conseiller)
    reponse = client.get(url("messages", jeune_id=jeune_joignable.pk))
    assert reponse.context["page"].paginator.count == 2
    reponse = client.get(url("messages", jeune_id=jeune_joignable.pk), {"canal": "courriel"})
    assert [m.canal for m in reponse.context["page"]] == ["courriel"]
    reponse = client.get(url("messages", jeune_id=jeune_joignable.pk), {"statut": "envoye"})
    assert [m.canal for m in reponse.context["page"]] == ["sms"]
    assert "refusé" in client.get(url("messages", jeune_id=jeune_joignable.pk)).content.decode()


@pytest.mark.parametrize("nombre", [1, 30])
def test_requetes_liste_des_messages_constantes(
    client_de, jeune_joignable, conseiller, sms_compte, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        envoyer_sms(jeune_joignable, conseiller)
    client = client_de(conseiller)
    # + 1 the file, + 1 the count of the paginator, + 1 the page of messages with authors.
    with django_assert_num_queries(SESSION + 3):
        assert client.get(url("messages", jeune_id=jeune_joignable.pk)).status_code == 200


def test_detail_d_un_message(client_de, jeune_joignable, conseiller, rdv):
    message = message_envoyer(
        jeune=jeune_joignable,
        par=conseiller,
        canal="sms",
        modele=modele_standard(structure=jeune_joignable.structure, canal="sms"),
        rendez_vous=rdv,
    )
    reponse = client_de(conseiller).get(
        url("message", jeune_id=jeune_joignable.pk, message_id=message.pk)
    )
    assert reponse.status_code == 200
    assert message.contenu in reponse.content.decode()


def test_ecrire_reprendre_le_modele_remplit_le_texte(client_de, jeune_joignable, conseiller, rdv):
    modele = modele_standard(structure=jeune_joignable.structure, canal="courriel")
    client = client_de(conseiller)
    adresse = url("message_ecrire", jeune_id=jeune_joignable.pk)
    assert client.get(adresse).status_code == 200
    reponse = client.post(
        adresse,
        {"canal": "sms", "modele": modele.pk, "rendez_vous": rdv.pk, "reprendre": "1"},
    )
    formulaire = reponse.context["form"]
    assert formulaire["canal"].value() == "courriel"
    assert formulaire["contenu"].value().startswith("Bonjour Chloé,")
    assert "{" not in formulaire["objet"].value()
    assert not Message.objects.exists()
    donnees = {
        "canal": "courriel",
        "modele": modele.pk,
        "rendez_vous": rdv.pk,
        "objet": formulaire["objet"].value(),
        "contenu": formulaire["contenu"].value() + "\nÀ demain !",
    }
    reponse = client.post(adresse, donnees)
    assert reponse.status_code == 302
    message = Message.objects.get()
    assert message.contenu.endswith("À demain !")
    assert message.rendez_vous == rdv


def test_ecrire_un_sms_a_un_dossier_npai_erreur_a_cote_du_champ(
    client_de, jeune_joignable, conseiller
):
    jeune_modifier(jeune=jeune_joignable, par=conseiller, npai=True)
    reponse = client_de(conseiller).post(
        url("message_ecrire", jeune_id=jeune_joignable.pk), {"canal": "sms", "contenu": "Bonjour"}
    )
    assert reponse.status_code == 200
    assert "NPAI" in reponse.context["form"].errors["canal"][0]
    assert not Message.objects.exists()


def test_rappel_sms_depuis_le_rendez_vous(
    client_de, jeune_joignable, conseiller, rdv, sms_compte, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_de(conseiller).post(
            url("rappel_sms", jeune_id=jeune_joignable.pk, rendez_vous_id=rdv.pk)
        )
    assert reponse.status_code == 302 and reponse.url == jeune_joignable.get_absolute_url()
    message = Message.objects.get()
    assert (message.statut, message.modele.code, message.rendez_vous) == (
        "envoye",
        "rappel_sms",
        rdv,
    )
    assert len(sms_compte) == 1


def test_rappel_courriel_refuse_sans_adresse_message_d_erreur(
    client_de, jeune_joignable, conseiller, rdv
):
    jeune_modifier(jeune=jeune_joignable, par=conseiller, email="")
    reponse = client_de(conseiller).post(
        url("rappel_courriel", jeune_id=jeune_joignable.pk, rendez_vous_id=rdv.pk)
    )
    assert reponse.status_code == 302
    (erreur,) = get_messages(reponse.wsgi_request)
    assert erreur.level_tag == "error" and "Aucune adresse électronique" in erreur.message
    assert not Message.objects.exists()


def test_accueil_consulte_les_messages_mais_n_envoie_pas(client_de, accueil, jeune_joignable, rdv):
    client = client_de(accueil)
    assert client.get(url("messages", jeune_id=jeune_joignable.pk)).status_code == 200
    assert client.get(url("message_ecrire", jeune_id=jeune_joignable.pk)).status_code == 403
    adresse = url("rappel_sms", jeune_id=jeune_joignable.pk, rendez_vous_id=rdv.pk)
    assert client.post(adresse).status_code == 403
    assert client.get(url("modeles_courrier")).status_code == 403
    assert not Message.objects.exists()


def test_messages_d_une_autre_ml_404(
    client_de, conseiller_autre_ml, jeune_joignable, conseiller, rdv
):
    message = envoyer_sms(jeune_joignable, conseiller)
    client = client_de(conseiller_autre_ml)
    assert client.get(url("messages", jeune_id=jeune_joignable.pk)).status_code == 404
    assert (
        client.get(url("message", jeune_id=jeune_joignable.pk, message_id=message.pk)).status_code
        == 404
    )
    adresse = url("rappel_sms", jeune_id=jeune_joignable.pk, rendez_vous_id=rdv.pk)
    assert client.post(adresse).status_code == 404
    assert Message.objects.count() == 1


def test_message_d_un_autre_jeune_de_la_ml_404(client_de, jeune_joignable, conseiller):
    autre = JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True, prenom="Léo")
    message = envoyer_sms(autre, conseiller)
    reponse = client_de(conseiller).get(
        url("message", jeune_id=jeune_joignable.pk, message_id=message.pk)
    )
    assert reponse.status_code == 404


# --- Templates of the ML -----------------------------------------------------------------


def test_modeles_reserves_a_qui_gere_la_structure(client_de, conseiller, direction):
    assert client_de(conseiller).get(url("modeles_courrier")).status_code == 403
    reponse = client_de(direction).get(url("modeles_courrier"))
    assert reponse.status_code == 200
    assert len(reponse.context["modeles"]) == 3


def test_modifier_un_modele_champ_inconnu_erreur_a_cote_du_champ(client_de, direction):
    modeles_par_defaut(structure=direction.structure)
    modele = ModeleCourrier.objects.get(structure=direction.structure, code="rappel_sms")
    client = client_de(direction)
    adresse = url("modele_courrier", modele_id=modele.pk)
    donnees = {"nom": modele.nom, "canal": "courriel", "corps": "Bonjour {age}", "actif": "on"}
    reponse = client.post(adresse, donnees)
    assert reponse.status_code == 200
    assert "Champ inconnu : {age}" in reponse.context["form"].errors["corps"][0]
    reponse = client.post(adresse, {**donnees, "corps": "Bonjour {prenom}"})
    assert reponse.status_code == 302
    modele.refresh_from_db()
    # The channel is chosen at creation.
    assert (modele.corps, modele.canal) == ("Bonjour {prenom}", "sms")


def test_creer_un_modele_nom_deja_pris_erreur_au_champ(client_de, direction):
    modeles_par_defaut(structure=direction.structure)
    client = client_de(direction)
    adresse = url("modele_courrier_creer")
    donnees = {
        "nom": "Convocation par courriel",
        "canal": "courriel",
        "objet": "Atelier",
        "corps": "Bonjour {prenom}",
        "actif": "on",
    }
    reponse = client.post(adresse, donnees)
    assert "déjà un modèle de ce nom" in reponse.context["form"].errors["nom"][0]
    reponse = client.post(adresse, {**donnees, "nom": "Atelier CV"})
    assert reponse.status_code == 302
    assert ModeleCourrier.objects.get(nom="Atelier CV").structure == direction.structure


def test_modele_d_une_autre_ml_404(client_de, direction_autre_ml, ml_a):
    modeles_par_defaut(structure=ml_a)
    modele = ModeleCourrier.objects.filter(structure=ml_a).first()
    client = client_de(direction_autre_ml)
    adresse = url("modele_courrier", modele_id=modele.pk)
    assert client.get(adresse).status_code == 404
    assert client.post(adresse, {"nom": "Volé", "corps": "x"}).status_code == 404


def test_demo_des_messages_relancable(
    ml_a, conseiller, direction, django_capture_on_commit_callbacks
):
    from dossiers.demo_messages import peupler_messages
    from imilo.demo import Demo

    JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True)
    JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True, prenom="Léo", npai=True)
    demo = Demo(
        objets={
            "structures": [
                {
                    "ml": ml_a,
                    "lieux": list(ml_a.lieux.all()),
                    "utilisateurs": {"direction": direction},
                }
            ]
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        peupler_messages(demo)
    # Chloé: a letter, an SMS and an email; Léo (NPAI): the email only.
    assert sorted(Message.objects.values_list("jeune__prenom", "canal", "statut")) == [
        ("Chloé", "courriel", "envoye"),
        ("Chloé", "courrier", "imprime"),
        ("Chloé", "sms", "envoye"),
        ("Léo", "courriel", "envoye"),
    ]
    peupler_messages(demo)
    assert Message.objects.count() == 4
    assert "4 messages" in demo.resume[0]


@pytest.mark.parametrize("nombre", [0, 10])
def test_requetes_modeles_de_message_constantes(
    client_de, direction, django_assert_num_queries, nombre
):
    modeles_par_defaut(structure=direction.structure)
    for rang in range(nombre):
        ModeleCourrier.objects.create(
            structure=direction.structure, nom=f"Atelier {rang}", canal="sms", corps="{prenom}"
        )
    client = client_de(direction)
    # + 1 the standard templates the ML already has, + 1 the list.
    with django_assert_num_queries(SESSION + 2):
        assert client.get(url("modeles_courrier")).status_code == 200


@pytest.mark.parametrize("nombre", [1, 8])
def test_requetes_ecrire_et_detail_constantes(
    client_de, jeune_joignable, conseiller, django_assert_num_queries, nombre
):
    modeles_par_defaut(structure=jeune_joignable.structure)
    for rang in range(nombre):
        rendez_vous_demain(jeune_joignable, conseiller, heure=8 + rang)
        message = envoyer_sms(jeune_joignable, conseiller)
    client = client_de(conseiller)
    # + 3 the file, its addresses and its dispositifs (closed channels), + 1 the standard
    # templates the ML has, + 2 the options: the ML's templates, the file's upcoming
    # appointments.
    with django_assert_num_queries(SESSION + 6):
        assert client.get(url("message_ecrire", jeune_id=jeune_joignable.pk)).status_code == 200
    # + 1 the file, + 1 the message with its author, appointment and template.
    with django_assert_num_queries(SESSION + 2):
        reponse = client.get(url("message", jeune_id=jeune_joignable.pk, message_id=message.pk))
    assert reponse.status_code == 200
