from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from dossiers.documents import document_deposer, document_generer
from dossiers.models import Document
from imilo.erreurs import RegleMetierError
from tests.dossiers.factories import JeuneFactory
from tests.processus import demarrer
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media_temporaire(settings, tmp_path):
    """Files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


def url(nom, **kwargs):
    return reverse(f"dossiers:{nom}", kwargs=kwargs)


def fichier(nom: str, contenu: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu)


def generer(jeune, par, *, empreinte="a" * 64, contient_nir=True, cle=None):
    return document_generer(
        jeune=jeune,
        par=par,
        cle=cle or f"cerfa-pacea-{jeune.pk}",
        nom="CERFA du PACEA n° 0",
        numero="0",
        contenu_pdf=PDF,
        empreinte=empreinte,
        contient_nir=contient_nir,
    )


def fichiers_stockes(settings) -> list[Path]:
    racine = Path(settings.MEDIA_ROOT)
    return [chemin for chemin in racine.rglob("*") if chemin.is_file()] if racine.exists() else []


def test_depot_d_un_pdf_range_sous_un_nom_aleatoire(client_de, conseiller, jeune, settings):
    reponse = client_de(conseiller).post(
        url("documents", jeune_id=jeune.pk),
        {"nom": "Attestation d'hébergement", "fichier": fichier("attestation.pdf", PDF)},
    )
    assert reponse.status_code == 302 and reponse.url == url("documents", jeune_id=jeune.pk)
    document = Document.objects.get()
    assert (document.jeune, document.nom, document.type_mime) == (
        jeune,
        "Attestation d'hébergement",
        "application/pdf",
    )
    assert (document.taille, document.genere, document.created_by) == (len(PDF), False, conseiller)
    # The user's file name never reaches the disk; the extension follows the content.
    nom = document.fichier.name
    assert nom.startswith(f"documents/{jeune.structure_id}/{jeune.pk}/") and nom.endswith(".pdf")
    assert "attestation" not in nom
    chemin = Path(settings.MEDIA_ROOT) / nom
    assert chemin.read_bytes() == PDF
    assert document.history.get().history_user == conseiller


@pytest.mark.parametrize(
    ("nom", "contenu", "type_mime"),
    [("photo.png", PNG, "image/png"), ("scan.JPEG", JPEG, "image/jpeg")],
)
def test_images_png_et_jpeg_acceptees(conseiller, jeune, nom, contenu, type_mime):
    document = document_deposer(jeune=jeune, par=conseiller, fichier=fichier(nom, contenu))
    assert document.type_mime == type_mime
    assert document.nom == nom
    assert document.fichier.name.endswith(".png" if type_mime == "image/png" else ".jpg")


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("facture.pdf", EXECUTABLE, "Le contenu de ce fichier n'est pas celui d'un fichier .pdf"),
        ("photo.jpg", PNG, "Le contenu de ce fichier n'est pas celui d'un fichier .jpg"),
        ("lettre.docx", PDF, "Formats acceptés : PDF, JPEG ou PNG"),
        ("sans-extension", PDF, "Formats acceptés : PDF, JPEG ou PNG"),
    ],
)
def test_depot_refuse_selon_le_contenu_reel_message_a_cote_du_champ(
    client_de, conseiller, jeune, settings, nom, contenu, message
):
    reponse = client_de(conseiller).post(
        url("documents", jeune_id=jeune.pk),
        {"nom": "Justificatif de domicile", "fichier": fichier(nom, contenu)},
    )
    assert reponse.status_code == 200
    formulaire = reponse.context["form"]
    assert message in formulaire.errors["fichier"][0]
    page = reponse.content.decode()
    # Next to the field, and what was typed is still there.
    assert 'id="id_fichier_error"' in page
    assert 'value="Justificatif de domicile"' in page
    assert not Document.objects.exists()
    assert fichiers_stockes(settings) == []


def test_depot_refuse_au_dela_de_la_taille_maximale(client_de, conseiller, jeune, settings):
    settings.DOCUMENTS_TAILLE_MAX = 2048
    reponse = client_de(conseiller).post(
        url("documents", jeune_id=jeune.pk),
        {"nom": "Relevé", "fichier": fichier("releve.pdf", PDF + b"0" * (3400 - len(PDF)))},
    )
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["fichier"] == ["Le fichier pèse 3,3 Ko : 2 Ko au plus."]
    assert "PDF, JPEG ou PNG, 2 Ko au plus." in reponse.content.decode()
    assert not Document.objects.exists()
    assert fichiers_stockes(settings) == []


def test_fichier_vide_refuse(conseiller, jeune):
    with pytest.raises(RegleMetierError, match="vide"):
        document_deposer(jeune=jeune, par=conseiller, fichier=fichier("vide.pdf", b""))


def test_la_taille_maximale_par_defaut_est_de_10_mo(settings):
    assert settings.DOCUMENTS_TAILLE_MAX == 10 * 1024 * 1024


@pytest.mark.parametrize("valeur", ["10Mo", "0", "999999999"])
def test_une_taille_maximale_invalide_arrete_le_demarrage(valeur):
    resultat = demarrer(DEBUG="true", DOCUMENTS_TAILLE_MAX=valeur)
    assert resultat.returncode != 0
    assert "DOCUMENTS_TAILLE_MAX" in resultat.stderr


def test_liste_des_documents(client_de, accueil, conseiller, jeune):
    document_deposer(jeune=jeune, par=conseiller, fichier=fichier("avis.pdf", PDF), nom="Avis")
    generer(jeune, conseiller)
    page = client_de(accueil).get(url("documents", jeune_id=jeune.pk)).content.decode()
    assert "2 documents." in page
    assert "Avis" in page and "CERFA du PACEA n° 0" in page
    assert "généré · n° 0 · version 1" in page
    # Accueil only reads: no deposit form, no delete button.
    assert "Ajouter le document" not in page and "Supprimer" not in page


def test_telechargement_par_la_vue(client_de, accueil, conseiller, jeune):
    document = document_deposer(
        jeune=jeune, par=conseiller, fichier=fichier("scan.pdf", PDF), nom="Avis d'impôt 2025"
    )
    reponse = client_de(accueil).get(url("document", jeune_id=jeune.pk, document_id=document.pk))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"] == 'attachment; filename="avis-dimpot-2025.pdf"'
    assert b"".join(reponse.streaming_content) == PDF


def test_un_document_contenant_le_nir_demande_le_droit_de_voir_le_nir(
    client_de, accueil, conseiller, jeune
):
    document = generer(jeune, conseiller)
    adresse = url("document", jeune_id=jeune.pk, document_id=document.pk)
    assert client_de(accueil).get(adresse).status_code == 403
    # Listed, with the reason, without the link.
    page = client_de(accueil).get(url("documents", jeune_id=jeune.pk)).content.decode()
    assert "CERFA du PACEA n° 0" in page and "contient le NIR" in page
    assert "réservé aux personnes habilitées à voir le NIR" in page
    assert adresse not in page
    reponse = client_de(conseiller).get(adresse)
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"] == 'attachment; filename="cerfa-du-pacea-n-0-v1.pdf"'
    assert b"".join(reponse.streaming_content) == PDF


def test_documents_d_une_autre_ml_404(client_de, conseiller, conseiller_autre_ml, jeune):
    document = document_deposer(jeune=jeune, par=conseiller, fichier=fichier("a.pdf", PDF))
    client = client_de(conseiller_autre_ml)
    assert client.get(url("documents", jeune_id=jeune.pk)).status_code == 404
    cle = {"jeune_id": jeune.pk, "document_id": document.pk}
    assert client.get(url("document", **cle)).status_code == 404
    assert client.post(url("document_supprimer", **cle)).status_code == 404
    depot = client.post(
        url("documents", jeune_id=jeune.pk), {"fichier": fichier("b.pdf", PDF)}
    ).status_code
    assert depot == 404
    assert Document.objects.get() == document


def test_un_document_d_un_autre_jeune_de_la_ml_404(client_de, conseiller, jeune):
    autre = JeuneFactory(structure=conseiller.structure)
    document = document_deposer(jeune=autre, par=conseiller, fichier=fichier("a.pdf", PDF))
    reponse = client_de(conseiller).get(url("document", jeune_id=jeune.pk, document_id=document.pk))
    assert reponse.status_code == 404


def test_depot_et_suppression_demandent_le_droit_de_modifier(client_de, accueil, conseiller, jeune):
    document = document_deposer(jeune=jeune, par=conseiller, fichier=fichier("a.pdf", PDF))
    client = client_de(accueil)
    depot = client.post(url("documents", jeune_id=jeune.pk), {"fichier": fichier("b.pdf", PDF)})
    assert depot.status_code == 403
    cle = {"jeune_id": jeune.pk, "document_id": document.pk}
    assert client.post(url("document_supprimer", **cle)).status_code == 403
    assert client.get(url("document_supprimer", **cle)).status_code == 405
    assert Document.objects.count() == 1


def test_suppression_avec_historique_et_fichier_retire(
    client_de, conseiller, jeune, settings, django_capture_on_commit_callbacks
):
    document = document_deposer(jeune=jeune, par=conseiller, fichier=fichier("a.pdf", PDF))
    chemin = Path(settings.MEDIA_ROOT) / document.fichier.name
    assert chemin.exists()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_de(conseiller).post(
            url("document_supprimer", jeune_id=jeune.pk, document_id=document.pk)
        )
    assert reponse.status_code == 302
    (message,) = get_messages(reponse.wsgi_request)
    assert message.message == "Le document « a.pdf » est supprimé."
    assert not Document.objects.exists()
    assert not chemin.exists()
    suppression = Document.history.get(id=document.pk, history_type="-")
    assert suppression.history_user == conseiller
    assert suppression.fichier == document.fichier.name


def test_un_document_genere_ne_se_supprime_pas(client_de, conseiller, jeune, settings):
    document = generer(jeune, conseiller)
    reponse = client_de(conseiller).post(
        url("document_supprimer", jeune_id=jeune.pk, document_id=document.pk)
    )
    assert reponse.status_code == 302
    (message,) = get_messages(reponse.wsgi_request)
    assert message.message.startswith("Document généré par l'application : il ne se modifie pas")
    assert Document.objects.get() == document
    assert (Path(settings.MEDIA_ROOT) / document.fichier.name).exists()
    page = client_de(conseiller).get(url("documents", jeune_id=jeune.pk)).content.decode()
    assert "Document généré par l&#x27;application" in page


def test_generation_idempotente_puis_nouvelle_version(conseiller, jeune, settings):
    premier = generer(jeune, conseiller, empreinte="a" * 64)
    assert generer(jeune, conseiller, empreinte="a" * 64) == premier
    assert Document.objects.count() == 1
    assert len(fichiers_stockes(settings)) == 1
    second = generer(jeune, conseiller, empreinte="b" * 64)
    assert (premier.version, second.version) == (1, 2)
    assert second.fichier.name != premier.fichier.name
    assert generer(jeune, conseiller, empreinte="a" * 64) == premier
    assert Document.objects.count() == 2


def test_generation_refuse_ce_qui_n_est_pas_un_pdf(conseiller, jeune):
    with pytest.raises(ValueError, match="PDF"):
        document_generer(
            jeune=jeune,
            par=conseiller,
            cle="cerfa-pacea-1",
            nom="CERFA",
            numero="0",
            contenu_pdf=b"<html>",
            empreinte="c" * 64,
            contient_nir=False,
        )


def test_fichier_absent_du_stockage_404(client_de, conseiller, jeune, settings):
    document = document_deposer(jeune=jeune, par=conseiller, fichier=fichier("a.pdf", PDF))
    (Path(settings.MEDIA_ROOT) / document.fichier.name).unlink()
    reponse = client_de(conseiller).get(url("document", jeune_id=jeune.pk, document_id=document.pk))
    assert reponse.status_code == 404


def _documents_en_base(jeune, auteur, nombre):
    # Rows only: the list page never opens the files.
    Document.objects.bulk_create(
        Document(
            jeune=jeune,
            nom=f"Pièce {n}",
            fichier=f"documents/{jeune.structure_id}/{jeune.pk}/{n}.pdf",
            type_mime="application/pdf",
            taille=1000 + n,
            created_by=auteur,
        )
        for n in range(nombre)
    )


@pytest.mark.parametrize("nombre", [1, 30])
def test_requetes_liste_des_documents_constantes(
    client_de, conseiller, jeune, django_assert_num_queries, nombre
):
    _documents_en_base(jeune, conseiller, nombre)
    client = client_de(conseiller)
    # + 1 the file, + 1 the count of the paginator, + 1 the page of documents with authors.
    with django_assert_num_queries(SESSION + 3):
        assert client.get(url("documents", jeune_id=jeune.pk)).status_code == 200


@pytest.mark.parametrize("nombre", [0, 12])
def test_section_de_la_fiche_une_seule_requete(
    conseiller, jeune, django_assert_num_queries, nombre
):
    _documents_en_base(jeune, conseiller, nombre)
    generer(jeune, conseiller)
    with django_assert_num_queries(1):
        html = render_to_string(
            "dossiers/_documents_fiche.html",
            {"jeune": jeune, "voit_nir": False, "peut_modifier": True},
        )
    # The five latest; the CERFA (newest) is listed without its link for this user.
    assert html.count("Pièce ") == min(nombre, 4)
    assert "CERFA du PACEA n° 0" in html and "téléchargement réservé" in html
