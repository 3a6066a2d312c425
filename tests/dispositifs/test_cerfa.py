import io
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from stdnum.fr import nir as stdnum_nir

from dispositifs.cerfa import cerfa_demander, cerfa_generer, cle_cerfa
from dispositifs.models import Objectif, Phase
from dispositifs.tasks import generer_cerfa
from dossiers.models import Adresse, Document
from imilo.erreurs import RegleMetierError
from imilo.models import TacheEnAttente
from tests.dispositifs.factories import DispositifFactory
from tests.dossiers.factories import JeuneFactory
from tests.processus import worker_celery
from tests.referentiels.factories import element

pytestmark = pytest.mark.django_db

NIR_SANS_CLE = "2050335238012"  # a woman born in March 2005 in Rennes (35238)
NIR = NIR_SANS_CLE + stdnum_nir.calc_check_digits(NIR_SANS_CLE)
NIR_IMPRIME = f"{NIR[:13]} {NIR[13:]}"
IBAN = "FR7630006000011234567890189"
IBAN_IMPRIME = "FR76 3000 6000 0112 3456 7890 189"
COMPLEMENT = "Résidence Les Tilleuls, bâtiment B"
ENTREE = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _media_temporaire(settings, tmp_path):
    """Generated PDFs go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def jeune_joignable_avec_nir(conseiller):
    """Everything a CERFA prints: identity, NIR, address, phone and email."""
    return JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True, nir=NIR)


@pytest.fixture
def pacea(jeune_joignable_avec_nir, conseiller):
    parcours = DispositifFactory(
        jeune=jeune_joignable_avec_nir, par=conseiller, pacea=True, entree_le=ENTREE
    )
    phase = Phase.objects.create(
        dispositif=parcours,
        type=element("type_phase", "emploi", "Accès à l'emploi"),
        debut=ENTREE,
        fin_prevue=date(2026, 4, 5),
    )
    Objectif.objects.create(phase=phase, libelle="Trouver un stage en cuisine")
    return parcours


@pytest.fixture
def cej(jeune_joignable_avec_nir, conseiller):
    jeune_joignable_avec_nir.iban, jeune_joignable_avec_nir.bic = IBAN, "AGRIFRPP"
    jeune_joignable_avec_nir.save()
    return DispositifFactory(
        jeune=jeune_joignable_avec_nir, par=conseiller, cej=True, entree_le=ENTREE
    )


def texte_du_pdf(contenu: bytes) -> str:
    assert contenu.startswith(b"%PDF-")
    lecteur = PdfReader(io.BytesIO(contenu))
    # Lines of the layout may be cut anywhere: compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in lecteur.pages).split())


def texte_du_document(document: Document) -> str:
    with document.fichier.open("rb") as fichier:
        return texte_du_pdf(fichier.read())


def url_cerfa(parcours):
    return reverse(
        "dispositifs:cerfa", kwargs={"jeune_id": parcours.jeune_id, "dispositif_id": parcours.pk}
    )


def rendu_section(parcours, utilisateur, peut_gerer=True) -> str:
    requete = RequestFactory().get("/")
    requete.user = utilisateur
    return render_to_string(
        "dispositifs/_cerfa.html",
        {"dispositif": parcours, "jeune": parcours.jeune, "peut_gerer": peut_gerer},
        request=requete,
    )


def test_cerfa_pacea_genere_apres_le_commit_avec_adresse_complete_et_nir(
    client_de, conseiller, jeune_joignable_avec_nir, pacea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        reponse = client_de(conseiller).post(url_cerfa(pacea))
    assert len(rappels) == 1
    assert reponse.status_code == 302 and reponse.url == pacea.get_absolute_url()
    (message,) = get_messages(reponse.wsgi_request)
    assert message.message.startswith("Le CERFA est en cours de génération")
    document = Document.objects.get()
    assert (document.jeune, document.genere, document.contient_nir) == (
        jeune_joignable_avec_nir,
        True,
        True,
    )
    assert (document.cle, document.version, document.numero) == (f"cerfa-pacea-{pacea.pk}", 1, "0")
    assert document.nom == "CERFA du PACEA n° 0"
    assert document.created_by == conseiller
    texte = texte_du_document(document)
    assert "Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie (PACEA)" in texte
    assert "DUPONT" in texte and "Chloé" in texte
    assert NIR_IMPRIME in texte
    # The complete address: the national tool drops the complément, ours prints it.
    assert COMPLEMENT in texte and "12 rue de la Paix" in texte and "35000 RENNES" in texte
    assert "CERFA n° 0" in texte
    assert "Trouver un stage en cuisine" in texte
    assert conseiller.nom_complet in texte and jeune_joignable_avec_nir.structure.nom in texte
    pacea.refresh_from_db()
    assert pacea.cerfa_demande_le is not None
    assert pacea.history.first().history_user == conseiller


def test_numero_de_cerfa_des_phases_garantie_jeunes(conseiller, jeune_joignable_avec_nir):
    """0 for the PACEA, 1 for a Garantie jeunes started after the entry, 2 for its
    renewal: the CERFA carries the number of the latest one, and prints each."""
    parcours = DispositifFactory(
        jeune=jeune_joignable_avec_nir, par=conseiller, pacea=True, entree_le=date(2021, 3, 1)
    )
    garantie = element("type_phase", "garantie_jeunes", "Garantie jeunes")
    Phase.objects.create(
        dispositif=parcours,
        type=garantie,
        debut=date(2021, 4, 1),
        fin_prevue=date(2021, 9, 30),
        fin_reelle=date(2021, 9, 30),
        numero_cerfa=1,
    )
    Phase.objects.create(
        dispositif=parcours,
        type=garantie,
        debut=date(2021, 10, 1),
        fin_prevue=date(2022, 2, 28),
        numero_cerfa=2,
    )
    document = cerfa_generer(dispositif_id=parcours.pk, demandeur_id=conseiller.pk)
    assert (document.numero, document.nom) == ("2", "CERFA du PACEA n° 2")
    texte = texte_du_document(document)
    assert "CERFA n° 2" in texte
    assert "Garantie jeunes n° 1" in texte and "Garantie jeunes n° 2" in texte


def test_cerfa_cej_avec_annexe_bancaire(conseiller, jeune_joignable_avec_nir, cej):
    document = generer_cerfa(cej.pk, demandeur_id=conseiller.pk)
    document = Document.objects.get(pk=document)
    assert (document.cle, document.numero, document.contient_nir) == (
        f"cerfa-cej-{cej.pk}",
        "0",
        True,
    )
    texte = texte_du_document(document)
    assert "Contrat d'engagement jeune" in texte and "annexe 1" in texte
    assert IBAN_IMPRIME in texte and "AGRIFRPP" in texte
    assert NIR_IMPRIME in texte and COMPLEMENT in texte
    assert "CERFA n° 0" in texte


def test_cej_sans_iban_refuse_avant_la_generation(
    client_de, conseiller, jeune_joignable_avec_nir, django_capture_on_commit_callbacks
):
    sans_iban = DispositifFactory(
        jeune=jeune_joignable_avec_nir, par=conseiller, cej=True, entree_le=ENTREE
    )
    with django_capture_on_commit_callbacks() as rappels:
        reponse = client_de(conseiller).post(url_cerfa(sans_iban))
    assert rappels == []
    (message,) = get_messages(reponse.wsgi_request)
    assert message.message.startswith("Renseignez d'abord les coordonnées bancaires (IBAN)")
    sans_iban.refresh_from_db()
    assert sans_iban.cerfa_demande_le is None
    assert not Document.objects.exists()
    # The page says why, instead of the button.
    section = rendu_section(sans_iban, conseiller)
    assert "Renseignez d&#x27;abord les coordonnées bancaires (IBAN)" in section
    assert "Générer le CERFA" not in section


def test_la_tache_refuse_aussi_un_cej_dont_l_iban_a_ete_retire(
    conseiller, jeune_joignable_avec_nir, cej, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as rappels:
        assert cerfa_demander(dispositif=cej, par=conseiller) is None
    assert len(rappels) == 1
    jeune_joignable_avec_nir.iban = ""
    jeune_joignable_avec_nir.save()
    assert generer_cerfa(cej.pk, demandeur_id=conseiller.pk) is None
    assert not Document.objects.exists()
    with pytest.raises(RegleMetierError, match="IBAN"):
        cerfa_generer(dispositif_id=cej.pk)
    # No longer « en cours »: the reason shows next to the button again.
    cej.refresh_from_db()
    assert cej.cerfa_demande_le is None
    assert "en cours de génération" not in rendu_section(cej, conseiller)


def test_relancer_la_tache_ne_duplique_pas_et_un_changement_fait_une_version_2(
    conseiller, jeune_joignable_avec_nir, pacea
):
    premier = generer_cerfa(pacea.pk, demandeur_id=conseiller.pk)
    assert generer_cerfa(pacea.pk, demandeur_id=conseiller.pk) == premier
    assert Document.objects.count() == 1
    Adresse.objects.filter(jeune=jeune_joignable_avec_nir).update(
        complement="Bâtiment C, 3e étage, porte 12"
    )
    second = Document.objects.get(pk=generer_cerfa(pacea.pk, demandeur_id=conseiller.pk))
    assert second.pk != premier
    assert (second.version, second.cle) == (2, cle_cerfa(pacea))
    assert second.empreinte != Document.objects.get(pk=premier).empreinte
    assert "Bâtiment C, 3e étage, porte 12" in texte_du_document(second)
    assert generer_cerfa(pacea.pk, demandeur_id=conseiller.pk) == second.pk
    assert Document.objects.count() == 2


def test_demande_inutile_quand_le_cerfa_est_a_jour(
    client_de, conseiller, pacea, django_capture_on_commit_callbacks
):
    document = cerfa_generer(dispositif_id=pacea.pk, demandeur_id=conseiller.pk)
    with django_capture_on_commit_callbacks() as rappels:
        reponse = client_de(conseiller).post(url_cerfa(pacea))
    assert rappels == []
    (message,) = get_messages(reponse.wsgi_request)
    assert "il est à jour" in message.message and "version 1" in message.message
    pacea.refresh_from_db()
    assert pacea.cerfa_demande_le is None
    assert Document.objects.get() == document


def test_donnees_revenues_a_une_version_existante_plus_en_cours(
    conseiller, jeune_joignable_avec_nir, pacea, django_capture_on_commit_callbacks
):
    premier = cerfa_generer(dispositif_id=pacea.pk, demandeur_id=conseiller.pk)
    Adresse.objects.filter(jeune=jeune_joignable_avec_nir).update(complement="Chez Mme Durand")
    with django_capture_on_commit_callbacks() as rappels:
        assert cerfa_demander(dispositif=pacea, par=conseiller) is None
    # Typed by mistake, put back before the worker ran.
    Adresse.objects.filter(jeune=jeune_joignable_avec_nir).update(complement=COMPLEMENT)
    for rappel in rappels:
        rappel()
    assert Document.objects.get() == premier
    pacea.refresh_from_db()
    assert pacea.cerfa_demande_le is None
    assert "en cours de génération" not in rendu_section(pacea, conseiller)


def test_en_cours_de_generation_jusqu_au_document(
    conseiller, pacea, django_capture_on_commit_callbacks
):
    assert "Générer le CERFA" in rendu_section(pacea, conseiller)
    with django_capture_on_commit_callbacks() as rappels:
        cerfa_demander(dispositif=pacea, par=conseiller)
    pacea.refresh_from_db()
    section = rendu_section(pacea, conseiller)
    assert "en cours de génération" in section
    assert "Aucun CERFA généré" not in section
    for rappel in rappels:
        rappel()
    section = rendu_section(pacea, conseiller)
    assert "en cours de génération" not in section
    document = Document.objects.get()
    assert (
        reverse(
            "dossiers:document", kwargs={"jeune_id": pacea.jeune_id, "document_id": document.pk}
        )
        in section
    )
    assert "Générer à nouveau le CERFA" in section
    # Without the right to manage dispositifs: the document, no button.
    assert "Générer" not in rendu_section(pacea, conseiller, peut_gerer=False)


def test_sans_droit_de_voir_le_nir_le_cerfa_est_liste_sans_lien(
    client_de, accueil, conseiller, pacea
):
    document = cerfa_generer(dispositif_id=pacea.pk, demandeur_id=conseiller.pk)
    section = rendu_section(pacea, accueil, peut_gerer=False)
    assert "CERFA du PACEA n° 0" in section
    assert "réservé aux personnes habilitées à voir le NIR" in section
    telechargement = reverse(
        "dossiers:document", kwargs={"jeune_id": pacea.jeune_id, "document_id": document.pk}
    )
    assert telechargement not in section
    assert client_de(accueil).get(telechargement).status_code == 403


def test_pas_de_cerfa_pour_un_autre_dispositif(conseiller, jeune_joignable_avec_nir):
    diagnostic = DispositifFactory(jeune=jeune_joignable_avec_nir, par=conseiller, entree_le=ENTREE)
    assert rendu_section(diagnostic, conseiller).strip() == ""
    with pytest.raises(RegleMetierError, match="Seuls le PACEA et le CEJ"):
        cerfa_demander(dispositif=diagnostic, par=conseiller)


def test_droits_et_isolation_du_bouton(client_de, accueil, conseiller_autre_ml, pacea):
    assert client_de(accueil).post(url_cerfa(pacea)).status_code == 403
    assert client_de(conseiller_autre_ml).post(url_cerfa(pacea)).status_code == 404
    assert client_de(conseiller_autre_ml).get(url_cerfa(pacea)).status_code == 405
    pacea.refresh_from_db()
    assert pacea.cerfa_demande_le is None


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_genere_le_cerfa_du_cej(
    tmp_path, settings, monkeypatch, conseiller, jeune_joignable_avec_nir, cej
):
    """Queued after the commit, carried by the real Redis, rendered by a real worker
    process into the temporary MEDIA_ROOT."""
    assert settings.REDIS_URL, "make test démarre un Redis : REDIS_URL doit être défini"
    # A queue of this test's own: a worker started by another test (in parallel, on
    # another database) never takes this task, and this worker takes no other.
    file = f"cerfa-{uuid.uuid4().hex}"
    monkeypatch.setattr(generer_cerfa, "queue", file, raising=False)
    monkeypatch.setattr(generer_cerfa, "_exec_options", None)
    with worker_celery(tmp_path, files=(file,), MEDIA_ROOT=str(settings.MEDIA_ROOT)) as worker:
        assert cerfa_demander(dispositif=cej, par=conseiller) is None
        assert not TacheEnAttente.objects.exists(), "la tâche n'a pas pu être publiée"
        document = worker.attendre(
            lambda: Document.objects.filter(cle=cle_cerfa(cej)).first(), delai=90, pas=0.3
        )
    assert Path(settings.MEDIA_ROOT, document.fichier.name).is_file()
    texte = texte_du_document(document)
    assert "Contrat d'engagement jeune" in texte
    assert "DUPONT" in texte and "Chloé" in texte
    assert NIR_IMPRIME in texte and IBAN_IMPRIME in texte
    assert COMPLEMENT in texte and "35000 RENNES" in texte
    assert "CERFA n° 0" in texte
    historique = document.history.get()
    assert historique.history_user == conseiller
    assert historique.history_origine == "tâche dispositifs.generer_cerfa"
    cej.refresh_from_db()
    assert cej.cerfa_demande_le < document.created_at <= timezone.now()
