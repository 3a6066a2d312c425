import io
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dispositifs.listes import Semaine, lundi_de, semaine_precedente, sorties_reorientation
from dispositifs.models import Dispositif
from tests.dispositifs.factories import DispositifFactory
from tests.dossiers.factories import JeuneFactory
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db


def lundi_dernier() -> date:
    return semaine_precedente()


def instant(jour: date, heure: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time(heure)))


def sortie_pacea(
    conseiller,
    nom: str,
    fin_reelle: date,
    saisie: date | None = None,
    motif="reorientation_anticipee",
) -> Dispositif:
    """A PACEA left on `fin_reelle`, the exit entered on `saisie` (the history's date)."""
    jeune = JeuneFactory(structure=conseiller.structure, nom_usage=nom, prenom="Alex")
    pacea = DispositifFactory(
        jeune=jeune,
        par=conseiller,
        pacea=True,
        sorti=True,
        motif=motif,
        entree_le=fin_reelle - timedelta(days=200),
        fin_prevue=fin_reelle + timedelta(days=100),
        fin_reelle=fin_reelle,
    )
    Dispositif.history.filter(id=pacea.pk).update(history_date=instant(saisie or fin_reelle))
    return pacea


def cej_le(pacea, entree_le: date) -> Dispositif:
    return DispositifFactory(jeune=pacea.jeune, par=pacea.referent, cej=True, entree_le=entree_le)


@pytest.fixture
def sorties(conseiller, conseiller_autre_ml):
    lundi = lundi_dernier()
    il_y_a_un_mois = lundi - timedelta(days=30)
    datee = sortie_pacea(conseiller, "DATEE", lundi + timedelta(days=2))
    # Dated a month ago, but entered last week (the counsellor was late).
    saisie = sortie_pacea(conseiller, "SAISIE", il_y_a_un_mois, saisie=lundi + timedelta(days=6))
    cej_le(saisie, il_y_a_un_mois)
    # Not listed: another motif, another week, another ML.
    sortie_pacea(conseiller, "AUTONOMIE", lundi + timedelta(days=1), motif="autonomie")
    sortie_pacea(conseiller, "ANCIENNE", il_y_a_un_mois)
    sortie_pacea(conseiller, "AVANTHIER", lundi - timedelta(days=1))
    sortie_pacea(conseiller_autre_ml, "AUTREML", lundi + timedelta(days=3))
    return datee, saisie


def test_semaine_precedente_du_lundi_au_dimanche():
    assert semaine_precedente(date(2026, 3, 11)) == date(2026, 3, 2)
    assert semaine_precedente(date(2026, 3, 9)) == date(2026, 3, 2)
    assert lundi_de(date(2026, 3, 8)) == date(2026, 3, 2)
    assert Semaine(date(2026, 3, 2)).dimanche == date(2026, 3, 8)


def test_sorties_datees_ou_saisies_dans_la_semaine(conseiller, sorties):
    datee, saisie = sorties
    lignes = list(sorties_reorientation(conseiller.structure, Semaine(lundi_dernier())))
    assert lignes == [saisie, datee]
    assert timezone.localdate(lignes[0].saisie_le) == lundi_dernier() + timedelta(days=6)
    # Left the PACEA the day the CEJ started: the ASP rejects it.
    assert lignes[0].entree_cej == saisie.fin_reelle
    assert lignes[1].entree_cej is None


def test_page_semaine_precedente_par_defaut(client_de, conseiller, sorties):
    reponse = client_de(conseiller).get(reverse("dispositifs:sorties_pacea"))
    assert reponse.status_code == 200
    assert reponse.context["semaine"] == Semaine(lundi_dernier())
    page = reponse.content.decode()
    assert "DATEE Alex" in page and "SAISIE Alex" in page
    for absent in ("AUTONOMIE", "ANCIENNE", "AVANTHIER", "AUTREML"):
        assert absent not in page
    assert "sortie le jour de l'entrée : rejet ASP" in page
    assert f"semaine={lundi_dernier():%Y-%m-%d}" in page


def test_choisir_une_autre_semaine(client_de, conseiller, sorties):
    autre = lundi_dernier() - timedelta(days=7)
    reponse = client_de(conseiller).get(
        reverse("dispositifs:sorties_pacea"), {"semaine": str(autre + timedelta(days=3))}
    )
    assert reponse.context["semaine"] == Semaine(autre)
    page = reponse.content.decode()
    assert "AVANTHIER Alex" in page and "DATEE" not in page


def test_date_invalide_semaine_precedente_et_message(client_de, conseiller, sorties):
    reponse = client_de(conseiller).get(
        reverse("dispositifs:sorties_pacea"), {"semaine": "pas-une-date"}
    )
    assert reponse.status_code == 200
    assert reponse.context["semaine"] == Semaine(lundi_dernier())
    assert reponse.context["form"].errors["semaine"]


def test_liste_imprimable_en_pdf(client_de, conseiller, sorties):
    reponse = client_de(conseiller).get(reverse("dispositifs:sorties_pacea_pdf"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"] == (
        f'attachment; filename="sorties-pacea-reorientation-{lundi_dernier():%Y-%m-%d}.pdf"'
    )
    assert reponse.content.startswith(b"%PDF-")
    texte = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(reponse.content)).pages).split()
    )
    assert "Sorties de PACEA pour réorientation anticipée autre dispositif" in texte
    dimanche = lundi_dernier() + timedelta(days=6)
    assert f"Semaine du {lundi_dernier():%d/%m/%Y} au {dimanche:%d/%m/%Y}" in texte
    assert "DATEE Alex" in texte and "SAISIE Alex" in texte and "2 sorties" in texte
    assert "rejet ASP" in texte
    assert "AUTREML" not in texte and "AUTONOMIE" not in texte
    assert conseiller.structure.nom in texte


def test_droit_de_gerer_les_dispositifs(client_de, accueil):
    client = client_de(accueil)
    assert client.get(reverse("dispositifs:sorties_pacea")).status_code == 403
    assert client.get(reverse("dispositifs:sorties_pacea_pdf")).status_code == 403


@pytest.mark.parametrize("nombre", [1, 12])
def test_requetes_liste_constantes(client_de, conseiller, django_assert_num_queries, nombre):
    for rang in range(nombre):
        pacea = sortie_pacea(conseiller, f"JEUNE {chr(65 + rang)}", lundi_dernier())
        cej_le(pacea, lundi_dernier() + timedelta(days=1))
    client = client_de(conseiller)
    # + 1 the exits, with the young person, the référent, the entry date and the CEJ.
    with django_assert_num_queries(SESSION + 1):
        reponse = client.get(reverse("dispositifs:sorties_pacea"))
    assert len(reponse.context["lignes"]) == nombre
