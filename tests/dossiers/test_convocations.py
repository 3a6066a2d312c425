import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dossiers.messagerie import adresse_postale, courrier_pdf, message_envoyer
from dossiers.models import Adresse, Jeune, Message
from dossiers.services import jeune_modifier
from imilo.pdf import RecuperationLocale, rendre_pdf
from tests.dossiers.donnees import rendez_vous_demain
from tests.dossiers.factories import AdresseFactory, JeuneFactory
from tests.referentiels.factories import CommuneFactory

pytestmark = pytest.mark.django_db

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def texte_du_pdf(contenu: bytes) -> str:
    assert contenu.startswith(b"%PDF-")
    lecteur = PdfReader(io.BytesIO(contenu))
    # Lines of the layout may be cut anywhere: compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in lecteur.pages).split())


def url_convocation(jeune, rdv):
    return reverse(
        "dossiers:convocation_pdf", kwargs={"jeune_id": jeune.pk, "rendez_vous_id": rdv.pk}
    )


def test_convocation_pdf_avec_nom_date_et_adresse_complete(
    client_de, jeune_joignable, conseiller, rdv
):
    reponse = client_de(conseiller).post(url_convocation(jeune_joignable, rdv))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith('attachment; filename="convocation-dupont-')
    texte = texte_du_pdf(reponse.content)
    debut = timezone.localtime(rdv.debut)
    assert "Chloé DUPONT" in texte
    assert f"{debut.day} {MOIS[debut.month - 1]} {debut.year}" in texte
    assert "14 h 30" in texte
    # The young person's complete address, complément included, the commune in capitals.
    assert "Résidence Les Tilleuls, bâtiment B" in texte
    assert "12 rue de la Paix" in texte and "35000 RENNES" in texte
    # The site of the appointment and its address; the counsellor; the ML.
    assert "3 place Charles de Gaulle" in texte and "1er étage" in texte
    assert "35830 Betton" in texte
    assert conseiller.nom_complet in texte
    assert jeune_joignable.structure.nom in texte


def test_convocation_notee_dans_le_dossier_comme_imprimee(
    client_de, jeune_joignable, conseiller, rdv
):
    client_de(conseiller).post(url_convocation(jeune_joignable, rdv))
    message = Message.objects.get()
    assert (message.canal, message.statut, message.rendez_vous) == ("courrier", "imprime", rdv)
    assert message.envoye_le is not None and message.auteur == conseiller
    assert message.modele.code == "convocation"
    assert message.destinataire.splitlines() == [
        "Chloé DUPONT",
        "Résidence Les Tilleuls, bâtiment B",
        "12 rue de la Paix",
        "35000 RENNES",
    ]


def test_convocation_refusee_pour_un_dossier_npai(client_de, jeune_joignable, conseiller, rdv):
    jeune_modifier(jeune=jeune_joignable, par=conseiller, npai=True)
    reponse = client_de(conseiller).post(url_convocation(jeune_joignable, rdv))
    assert reponse.status_code == 302 and reponse.url == jeune_joignable.get_absolute_url()
    (erreur,) = get_messages(reponse.wsgi_request)
    assert "NPAI" in erreur.message
    assert not Message.objects.exists()


def test_convocation_d_une_autre_ml_404(client_de, conseiller_autre_ml, jeune_joignable, rdv):
    assert (
        client_de(conseiller_autre_ml).post(url_convocation(jeune_joignable, rdv)).status_code
        == 404
    )
    assert not Message.objects.exists()


def test_convocation_d_un_rendez_vous_d_un_autre_jeune_404(client_de, jeune_joignable, conseiller):
    autre = JeuneFactory(suivi_par=conseiller, chloe=True, joignable=True, prenom="Léo")
    rdv_autre = rendez_vous_demain(autre, conseiller)
    assert (
        client_de(conseiller).post(url_convocation(jeune_joignable, rdv_autre)).status_code == 404
    )


def test_convocation_demande_le_droit_de_modifier(client_de, accueil, jeune_joignable, rdv):
    client = client_de(accueil)
    assert client.post(url_convocation(jeune_joignable, rdv)).status_code == 403
    # A letter is recorded when it is made: never by a simple link.
    assert client_de(accueil).get(url_convocation(jeune_joignable, rdv)).status_code == 405


def test_copie_du_courrier_depuis_le_dossier(client_de, accueil, jeune_joignable, conseiller, rdv):
    client_de(conseiller).post(url_convocation(jeune_joignable, rdv))
    message = Message.objects.get()
    # Whoever may read the file may read a copy of what was sent.
    reponse = client_de(accueil).get(
        reverse(
            "dossiers:message_copie_pdf",
            kwargs={"jeune_id": jeune_joignable.pk, "message_id": message.pk},
        )
    )
    assert reponse.status_code == 200
    texte = texte_du_pdf(reponse.content)
    assert "Copie du courrier imprimé le" in texte
    assert "Résidence Les Tilleuls, bâtiment B" in texte
    assert Message.objects.count() == 1


def test_courrier_libre_telecharge_et_note(client_de, jeune_joignable, conseiller):
    reponse = client_de(conseiller).post(
        reverse("dossiers:message_ecrire", kwargs={"jeune_id": jeune_joignable.pk}),
        {"canal": "courrier", "objet": "Votre dossier", "contenu": "Merci de passer signer."},
    )
    assert reponse.status_code == 200
    texte = texte_du_pdf(reponse.content)
    assert "Objet : Votre dossier" in texte and "Merci de passer signer." in texte
    # Without an appointment, the letter is signed by its author on the ML's paper.
    assert conseiller.nom_complet in texte
    assert Message.objects.get().statut == "imprime"


def test_adresse_postale_d_un_lieu_dit_sans_voie(conseiller):
    jeune = JeuneFactory(structure=conseiller.structure, prenom="Éloïse", nom_usage="LEFEVRE")
    AdresseFactory(
        jeune=jeune,
        voie="-",
        complement="Lieu-dit La Ville Goyon",
        code_postal="22400",
        commune=CommuneFactory(code_insee="22093", nom="Lamballe-Armor"),
    )
    jeune = Jeune.objects.prefetch_related("adresses__commune").get(pk=jeune.pk)
    assert adresse_postale(jeune) == "Éloïse LEFEVRE\nLieu-dit La Ville Goyon\n22400 LAMBALLE-ARMOR"


def test_le_pdf_se_refait_depuis_la_copie_enregistree(jeune_joignable, conseiller, rdv):
    message = message_envoyer(
        jeune=jeune_joignable,
        par=conseiller,
        canal="courrier",
        contenu="Texte d'origine",
        rendez_vous=rdv,
    )
    # The address changes afterwards: the letter sent stays as it was.
    Adresse.objects.filter(jeune=jeune_joignable).update(complement="Appartement 3")
    texte = texte_du_pdf(courrier_pdf(Message.objects.get(pk=message.pk), copie=True))
    assert "Résidence Les Tilleuls" in texte and "Appartement 3" not in texte


def test_pdf_sans_ressource_du_reseau_ni_fichier_hors_statiques(settings):
    recuperation = RecuperationLocale()
    with pytest.raises(ValueError):
        recuperation.fetch("https://exemple.org/logo.png")
    with pytest.raises(ValueError):
        recuperation.fetch("file:///etc/passwd")
    css = settings.STATICFILES_DIRS[0] / "imilo" / "imilo.css"
    reponse = recuperation.fetch(css.resolve().as_uri())
    assert reponse is not None


def test_rendre_pdf_d_un_gabarit(ml_a):
    contenu = rendre_pdf("pdf/_base.html", {})
    assert contenu.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(contenu)).pages) == 1
