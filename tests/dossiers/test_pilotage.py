"""Pilotage: each indicator on a dataset whose answer is known, each figure equal to the
length of the list it opens, the perimeter (a counsellor sees their portfolio only), the
period, and the page's cost."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.enums import StatutRendezVous, ThemeProposition, TypeEvenement
from dossiers.models import Evenement, Jeune, Proposition, RendezVous
from dossiers.pilotage import Periode, annee, figures, jeunes_comptes, mois, trimestre
from dossiers.registres import INDICATEURS, PERIMETRES
from tests.admin_ml.factories import LieuAccueilFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db

MARS = mois(2026, 3)


def a(jour: date, heure: int = 10):
    return timezone.make_aware(datetime.combine(jour, datetime.min.time()).replace(hour=heure))


def evenement(jeune, jour, type_=TypeEvenement.ENTRETIEN):
    return Evenement.objects.create(
        jeune=jeune, date=a(jour), type=type_, auteur=jeune.conseiller_referent
    )


def rendez_vous(jeune, jour, statut):
    return RendezVous.objects.create(
        jeune=jeune,
        conseiller=jeune.conseiller_referent,
        created_by=jeune.conseiller_referent,
        debut=a(jour),
        duree=30,
        fin=a(jour) + timedelta(minutes=30),
        objet="Point",
        lieu_autre="Téléphone",
        statut=statut,
        motif_absence=element("motif_absence", "oubli", "Oubli")
        if statut == StatutRendezVous.ABSENT
        else None,
    )


@pytest.fixture
def activite(conseiller, validateur, ml_a, jeune_autre_ml):
    """March 2026 in ML A, with something just outside it each time:
    - Ana: opened in March, an interview on 3 March, present at an appointment on 10 March;
    - Bea: opened in January, a phone call on 31 March (contact, not an interview);
    - Cyr (validateur's): an interview on 1 April (outside), absent on 15 March;
    - Dan (validateur's): nothing in March; an employment demand on 5 March.
    ML B's young person has an interview in March: never counted for ML A."""
    ana = JeuneFactory(suivi_par=conseiller, prenom="Ana", created_at=a(date(2026, 3, 2)))
    bea = JeuneFactory(suivi_par=conseiller, prenom="Bea", created_at=a(date(2026, 1, 5)))
    cyr = JeuneFactory(suivi_par=validateur, prenom="Cyr", created_at=a(date(2025, 12, 1)))
    dan = JeuneFactory(suivi_par=validateur, prenom="Dan", created_at=a(date(2026, 2, 28)))
    evenement(ana, date(2026, 3, 3))
    rendez_vous(ana, date(2026, 3, 10), StatutRendezVous.PRESENT)
    evenement(bea, date(2026, 3, 31), TypeEvenement.TELEPHONE)
    evenement(cyr, date(2026, 4, 1))
    rendez_vous(cyr, date(2026, 3, 15), StatutRendezVous.ABSENT)
    Proposition.objects.create(
        jeune=dan,
        nature="demande",
        theme=ThemeProposition.EMPLOI,
        libelle="Chercher un emploi",
        date=date(2026, 3, 5),
        auteur=validateur,
    )
    evenement(jeune_autre_ml, date(2026, 3, 3))
    return {"ana": ana, "bea": bea, "cyr": cyr, "dan": dan}


def chiffres(structure, perimetre=None, periode=MARS):
    return {
        (figure.indicateur.code, figure.valeur): figure.nombre
        for figure in figures(structure, perimetre or {}, periode)
    }


def test_periodes_et_leurs_libelles():
    assert (MARS.du, MARS.au, MARS.libelle) == (date(2026, 3, 1), date(2026, 3, 31), "mars 2026")
    assert (trimestre(2026, 4).du, trimestre(2026, 4).au) == (date(2026, 10, 1), date(2026, 12, 31))
    assert annee(2025).libelle == "année 2025"
    assert mois(2026, 2).au == date(2026, 2, 28)
    assert Periode(date(2026, 3, 3), date(2026, 3, 9)).libelle == "du 03/03/2026 au 09/03/2026"
    with pytest.raises(ValueError):
        Periode.du_texte("2026-03-09|2026-03-01")


def test_indicateurs_d_activite_sur_un_jeu_connu(ml_a, activite):
    resultat = chiffres(ml_a)
    assert resultat[("jeunes_en_contact", "")] == 2  # Ana (interview, present), Bea (call)
    assert resultat[("premiers_accueils", "")] == 1  # Ana
    assert resultat[("jeunes_accompagnes", "")] == 1  # Ana; Cyr's interview is in April
    assert resultat[("entretiens_individuels", "")] == 1
    assert resultat[("rendez_vous", StatutRendezVous.PRESENT)] == 1
    assert resultat[("rendez_vous", StatutRendezVous.ABSENT)] == 1
    assert resultat[("propositions", ThemeProposition.EMPLOI)] == 1
    assert resultat[("propositions", ThemeProposition.SANTE)] == 0


def test_les_bornes_de_la_periode_sont_incluses_du_premier_au_dernier_jour(ml_a, activite):
    avril = chiffres(ml_a, periode=mois(2026, 4))
    assert avril[("jeunes_accompagnes", "")] == 1  # Cyr, 1 April
    assert avril[("jeunes_en_contact", "")] == 1


def test_chaque_chiffre_est_la_longueur_de_la_liste_qu_il_ouvre(client_de, direction, activite):
    client = client_de(direction)
    page = client.get(reverse("dossiers:pilotage"), {"type_periode": "mois", "mois": "2026-03"})
    assert page.status_code == 200
    vus = set()
    for rubrique in page.context["rubriques"]:
        for figure in rubrique["figures"]:
            liste = client.get(figure.url)
            assert liste.status_code == 200, figure.url
            assert liste.context["page"].paginator.count == figure.nombre, figure.url
            vus.add(figure.indicateur.code)
    assert vus == {indicateur.code for indicateur in INDICATEURS}


def test_la_liste_dit_ce_qu_elle_compte(client_de, direction, activite):
    page = client_de(direction).get(reverse("dossiers:pilotage"), {"mois": "2026-03"})
    figure = next(
        f
        for r in page.context["rubriques"]
        for f in r["figures"]
        if f.indicateur.code == "propositions" and f.valeur == "emploi"
    )
    contenu = client_de(direction).get(figure.url).content.decode()
    assert (
        "Jeunes comptés par l'indicateur « Jeunes ayant reçu une proposition » (emploi), mars 2026"
        in contenu
    )
    assert "Dan" in contenu and "Ana" not in contenu


def test_un_conseiller_voit_son_portefeuille_et_aucun_autre(
    client_de, conseiller, validateur, activite
):
    client = client_de(conseiller)
    # Asking for the validateur's portfolio changes nothing: the field is not there.
    page = client.get(
        reverse("dossiers:pilotage"), {"mois": "2026-03", "conseiller": validateur.pk}
    )
    assert "conseiller" not in page.context["form"].fields
    assert page.context["portefeuille"] is True
    resultat = {
        (f.indicateur.code, f.valeur): f.nombre
        for r in page.context["rubriques"]
        for f in r["figures"]
    }
    assert resultat[("jeunes_en_contact", "")] == 2  # Ana and Bea, both his
    assert resultat[("rendez_vous", StatutRendezVous.ABSENT)] == 0  # Cyr is the validateur's
    for rubrique in page.context["rubriques"]:
        for figure in rubrique["figures"]:
            assert client.get(figure.url).context["page"].paginator.count == figure.nombre


def test_la_direction_choisit_le_perimetre(client_de, direction, validateur, ml_a, activite):
    client = client_de(direction)
    page = client.get(
        reverse("dossiers:pilotage"), {"mois": "2026-03", "conseiller": validateur.pk}
    )
    resultat = {
        (f.indicateur.code, f.valeur): f.nombre
        for r in page.context["rubriques"]
        for f in r["figures"]
    }
    assert resultat[("jeunes_en_contact", "")] == 0
    assert resultat[("rendez_vous", StatutRendezVous.ABSENT)] == 1
    # A site: the young people attached to it.
    nord = LieuAccueilFactory(structure=ml_a, nom="Antenne Nord")
    Jeune.objects.filter(pk=activite["ana"].pk).update(lieu_rattachement=nord)
    assert chiffres(ml_a, {"lieu": nord})[("jeunes_en_contact", "")] == 1


def test_l_indicateur_d_une_autre_forme_ne_selectionne_rien(ml_a, activite):
    for texte in (
        "inconnu|2026-03-01|2026-03-31|",
        "jeunes_en_contact|2026-03-31|2026-03-01|",
        "nimporte",
    ):
        assert jeunes_comptes(ml_a, {"indicateur": texte}).count() == 0
    assert (
        jeunes_comptes(ml_a, {"indicateur": "jeunes_en_contact|2026-03-01|2026-03-31|"}).count()
        == 2
    )


@pytest.mark.parametrize(
    ("parametres", "champ"),
    [
        ({"type_periode": "dates", "du": "2026-03-09", "au": "2026-03-01"}, "au"),
        ({"type_periode": "dates", "du": "2026-03-09"}, "au"),
        ({"type_periode": "dates", "du": "2020-01-01", "au": "2026-03-01"}, "au"),
        ({"type_periode": "mois", "mois": "mars"}, "mois"),
    ],
)
def test_periode_invalide_dite_a_cote_du_champ(client_de, direction, parametres, champ):
    page = client_de(direction).get(reverse("dossiers:pilotage"), parametres)
    assert page.status_code == 200
    assert champ in page.context["form"].errors
    assert page.context["rubriques"] == []


def test_une_autre_ml_n_est_jamais_comptee(ml_b, conseiller_autre_ml, activite):
    assert chiffres(ml_b)[("jeunes_accompagnes", "")] == 1
    assert chiffres(ml_b)[("jeunes_en_contact", "")] == 1


def test_liste_des_evenements_filtree(client_de, direction, conseiller, activite):
    client = client_de(direction)
    reponse = client.get(
        reverse("dossiers:evenements_liste"),
        {"type": "entretien", "du": "2026-03-01", "au": "2026-03-31"},
    )
    assert [e.jeune.prenom for e in reponse.context["page"].object_list] == ["Ana"]
    tous = client.get(reverse("dossiers:evenements_liste"))
    assert tous.context["page"].paginator.count == 3  # never ML B's


def test_requetes_de_la_page_pilotage_constantes(client_de, direction, conseiller):
    """One count per figure, whatever the number of files (and no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_de(direction)
    comptes = []
    for _ in range(2):
        for _ in range(4):
            evenement(JeuneFactory(suivi_par=conseiller), timezone.localdate())
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(reverse("dossiers:pilotage")).status_code == 200
        comptes.append(len(contexte.captured_queries))
    with CaptureQueriesContext(connection) as valeurs:
        nombres = {
            indicateur.code: len(indicateur.valeurs(direction.structure))
            if indicateur.valeurs
            else 1
            for indicateur in INDICATEURS
        }
    complements = sum(nombres[i.code] for i in INDICATEURS if i.complement)
    # SESSION, the lists of the form (counsellors, sites, and one per perimeter another app
    # adds), the values read from the database (the ML's types of dispositif…), one count
    # per figure and one query per complement (an average, a ratio, an amount).
    lectures = len(valeurs.captured_queries)
    attendu = SESSION + 2 + len(PERIMETRES) + lectures + sum(nombres.values()) + complements
    assert comptes == [attendu] * 2


def test_critere_accompagne_entre_deux_dates_comme_l_indicateur(ml_a, activite):
    assert (
        jeunes_comptes(ml_a, {"accompagne_du": "2026-03-01", "accompagne_au": "2026-03-31"}).count()
        == 1
    )
    assert set(
        jeunes_comptes(ml_a, {"accompagne_du": "2026-03-01"}).values_list("prenom", flat=True)
    ) == {"Ana", "Cyr"}
    assert jeunes_comptes(ml_a, {"accompagne_au": "2026-03-02"}).count() == 0
