"""Pilotage, what dispositifs add: the perimeter « un dispositif », the rubrique
« Dispositifs » (entries, exits by motif and their length, in progress, allocation requests)
and the situations at exit (the CPO ratio, exits with no known situation), each on a
dataset whose answer is known, each figure equal to the list it opens."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dispositifs.enums import EtapeAllocation, EtatAllocation
from dispositifs.indicateurs import PACEA_ET_CEJ
from dispositifs.models import DemandeAllocation
from dossiers.enums import CategorieSituation
from dossiers.models import Situation
from dossiers.pilotage import figures, jeunes_comptes, mois
from dossiers.registres import INDICATEURS
from tests.dispositifs.factories import DispositifFactory
from tests.dossiers.factories import JeuneFactory
from tests.referentiels.factories import element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db

MARS = mois(2026, 3)
CODES = {
    "entrees_dispositif",
    "sorties_dispositif",
    "dispositifs_en_cours",
    "allocations",
    "sortis_cpo",
    "sortis_en_emploi_ou_alternance",
    "sortis_sans_situation_connue",
}


def instant(jour: date, heure: int = 10, minute: int = 0):
    return timezone.make_aware(datetime.combine(jour, time(heure, minute)))


def dispositif(jeune, code, entree, sortie=None, motif=None, **champs):
    valeurs = {
        "jeune": jeune,
        "code": code,
        "entree_le": entree,
        "fin_prevue": (sortie or entree) + timedelta(days=365),
    }
    if sortie:
        valeurs["fin_reelle"] = sortie
        valeurs["motif_sortie"] = element("motif_sortie", motif, motif.replace("_", " "))
    return DispositifFactory(**valeurs, **champs)


def situation(jeune, categorie, debut, fin_reelle=None, **champs):
    if categorie == CategorieSituation.FORMATION:
        champs.setdefault("organisme", "AFPA")
        champs.setdefault("fin_prevue", debut + timedelta(days=180))
    return Situation.objects.create(
        jeune=jeune,
        categorie=categorie,
        debut=debut,
        fin_reelle=fin_reelle,
        auteur=jeune.conseiller_referent,
        **champs,
    )


def allocation(dispositif_, mois_, montant, etat, demandee, decidee=None, transmise=None):
    return DemandeAllocation.objects.create(
        dispositif=dispositif_,
        mois=mois_,
        montant=Decimal(montant),
        etat=etat,
        demandee_par=dispositif_.referent,
        demandee_le=demandee,
        decidee_par=dispositif_.referent if decidee else None,
        decidee_le=decidee,
        transmise_le=transmise,
    )


@pytest.fixture
def parcours(conseiller, validateur, conseiller_autre_ml):
    """March 2026 in ML A, each date on or just beside a bound of the month:
    - Ana (conseiller's): PACEA entered 1 March, in progress;
    - Bea (conseiller's): PACEA left 31 March (« autonomie »), a job starting 20 April
      (20 days after: counted by the CPO);
    - Cyr (validateur's): PACEA left 10 March (« abandon »), a job starting 19 April (40 days
      after: not counted), nothing else: no known situation;
    - Hal (validateur's): PACEA left 12 March (« abandon »), his job ended that same day:
      no known situation;
    - Ivy (validateur's): PACEA left 28 February: outside the month and the perimeter;
    - Dan (validateur's): CEJ entered 28 February, left 1 April: in progress at the end;
    - Eve (conseiller's): CEJ left 15 March (« emploi durable »), in alternance since
      1 March: counted by the CPO;
    - Fay (conseiller's): CEP of level 2 entered 20 March;
    - Gus (validateur's): diagnostic left 1 March (« orientation interne »), in formation:
      a known situation, not a job.
    ML B's young person left a PACEA in March with a job: never counted for ML A.
    Allocation requests: Ana's, requested 1 March 0:00, validated 5 March, transmitted
    1 April 0:00; Eve's, requested in February, validated 31 March 23:59; Eve's, requested
    10 March, rejected; Dan's, transmitted 15 March."""
    for utilisateur in (conseiller, validateur):
        utilisateur.fonction_prescripteur = True
        utilisateur.save(update_fields=["fonction_prescripteur"])

    def jeune(prenom, suivi_par):
        return JeuneFactory(suivi_par=suivi_par, prenom=prenom, age=20)

    ana, bea, eve, fay = (jeune(p, conseiller) for p in ("Ana", "Bea", "Eve", "Fay"))
    cyr, dan, gus, hal, ivy = (jeune(p, validateur) for p in ("Cyr", "Dan", "Gus", "Hal", "Ivy"))
    pacea_ana = dispositif(ana, "pacea", date(2026, 3, 1))
    dispositif(bea, "pacea", date(2025, 9, 10), date(2026, 3, 31), "autonomie")
    situation(bea, CategorieSituation.EMPLOI, date(2026, 4, 20))
    dispositif(cyr, "pacea", date(2025, 6, 1), date(2026, 3, 10), "abandon")
    situation(cyr, CategorieSituation.EMPLOI, date(2026, 4, 19))
    dispositif(hal, "pacea", date(2025, 12, 12), date(2026, 3, 12), "abandon")
    situation(hal, CategorieSituation.EMPLOI, date(2026, 1, 5), fin_reelle=date(2026, 3, 12))
    dispositif(ivy, "pacea", date(2025, 5, 1), date(2026, 2, 28), "autonomie")
    cej_dan = dispositif(dan, "cej", date(2026, 2, 28), date(2026, 4, 1), "fin_contrat")
    cej_eve = dispositif(eve, "cej", date(2025, 10, 1), date(2026, 3, 15), "emploi_durable")
    situation(eve, CategorieSituation.ALTERNANCE, date(2026, 3, 1))
    dispositif(fay, "cep", date(2026, 3, 20), niveau_cep=2)
    dispositif(gus, "diagnostic", date(2026, 2, 10), date(2026, 3, 1), "orientation_interne")
    situation(gus, CategorieSituation.FORMATION, date(2026, 2, 20))
    autre = JeuneFactory(suivi_par=conseiller_autre_ml, prenom="Zoe")
    dispositif(autre, "pacea", date(2026, 3, 5), date(2026, 3, 20), "autonomie")
    situation(autre, CategorieSituation.EMPLOI, date(2026, 3, 25))
    minuit = timezone.make_aware(datetime(2026, 3, 1))
    allocation(
        pacea_ana,
        date(2026, 3, 1),
        "300",
        EtatAllocation.TRANSMISE,
        demandee=minuit,
        decidee=instant(date(2026, 3, 5)),
        transmise=timezone.make_aware(datetime(2026, 4, 1)),
    )
    allocation(
        cej_eve,
        date(2026, 2, 1),
        "500",
        EtatAllocation.VALIDEE,
        demandee=instant(date(2026, 2, 27)),
        decidee=instant(date(2026, 3, 31), 23, 59),
    )
    allocation(
        cej_eve,
        date(2026, 3, 1),
        "200",
        EtatAllocation.REJETEE,
        demandee=instant(date(2026, 3, 10)),
        decidee=instant(date(2026, 3, 11)),
    )
    allocation(
        cej_dan,
        date(2026, 1, 1),
        "500",
        EtatAllocation.TRANSMISE,
        demandee=instant(date(2026, 1, 10)),
        decidee=instant(date(2026, 2, 1)),
        transmise=instant(date(2026, 3, 15)),
    )
    return {"ana": ana, "bea": bea, "cyr": cyr, "eve": eve, "hal": hal}


def type_(code):
    return str(element("type_dispositif", code).pk)


def par_figure(liste):
    return {(f.indicateur.code, f.valeur): f for f in liste}


def chiffres(structure, perimetre=None, periode=MARS):
    return {
        cle: f.nombre for cle, f in par_figure(figures(structure, perimetre or {}, periode)).items()
    }


def test_entrees_sorties_en_cours_par_type_bornes_incluses(ml_a, parcours):
    resultat = chiffres(ml_a)
    pacea, cej, cep, diagnostic = (type_(c) for c in ("pacea", "cej", "cep", "diagnostic"))
    # Entered: Ana on 1 March (PACEA), Fay on 20 March (CEP 2); Dan on 28 February is not.
    assert resultat[("entrees_dispositif", "")] == 2
    assert resultat[("entrees_dispositif", pacea)] == 1
    assert resultat[("entrees_dispositif", cej)] == 0
    assert resultat[("entrees_dispositif", cep)] == 1
    assert resultat[("entrees_dispositif", f"{cep}:2")] == 1
    assert resultat[("entrees_dispositif", f"{cep}:1")] == 0
    # Left: Gus on 1 March, Cyr, Hal, Eve, Bea on 31 March; Ivy (28 Feb), Dan (1 Apr) not.
    assert resultat[("sorties_dispositif", "")] == 5
    assert resultat[("sorties_dispositif", pacea)] == 3
    assert resultat[("sorties_dispositif", cej)] == 1
    assert resultat[("sorties_dispositif", diagnostic)] == 1
    abandon, autonomie = (element("motif_sortie", c).pk for c in ("abandon", "autonomie"))
    assert resultat[("sorties_dispositif", f"{pacea}/{abandon}")] == 2
    assert resultat[("sorties_dispositif", f"{pacea}/{autonomie}")] == 1
    # Only the motifs the ML's exits have had: no row for a CEJ left « abandon ».
    assert ("sorties_dispositif", f"{cej}/{abandon}") not in resultat
    # At the end of 31 March: Ana, Dan (leaves 1 April), Fay; Bea left that day.
    assert resultat[("dispositifs_en_cours", "")] == 3
    assert resultat[("dispositifs_en_cours", pacea)] == 1
    assert resultat[("dispositifs_en_cours", cej)] == 1


def test_duree_moyenne_des_sorties_a_cote_du_chiffre(ml_a, parcours):
    liste = par_figure(figures(ml_a, {}, MARS))
    # Bea 202 days, Cyr 282, Hal 90: 191.3 days, 6.3 months.
    jours = [
        (date(2026, 3, 31) - date(2025, 9, 10)).days,
        (date(2026, 3, 10) - date(2025, 6, 1)).days,
        (date(2026, 3, 12) - date(2025, 12, 12)).days,
    ]
    assert jours == [202, 282, 90]
    complement = liste[("sorties_dispositif", type_("pacea"))].complement
    assert complement == "durée moyenne 6,3 mois (191 jours)"
    assert liste[("sorties_dispositif", type_("cep"))].complement == ""


def test_ratio_cpo_emploi_ou_alternance_dans_le_mois_de_la_sortie(ml_a, parcours):
    liste = par_figure(figures(ml_a, {}, MARS))
    # Left a PACEA or a CEJ in March: Bea, Cyr, Hal, Eve.
    assert liste[("sortis_cpo", PACEA_ET_CEJ)].nombre == 4
    # Bea (job 20 days after), Eve (alternance in progress); not Cyr (40 days after), not
    # Hal (his job ended the day he left).
    emploi = liste[("sortis_en_emploi_ou_alternance", PACEA_ET_CEJ)]
    assert emploi.nombre == 2
    assert emploi.complement == "50,0\u00a0% des 4 jeunes sortis"
    assert liste[("sortis_en_emploi_ou_alternance", type_("pacea"))].nombre == 1
    sans = liste[("sortis_sans_situation_connue", PACEA_ET_CEJ)]
    assert sans.nombre == 2  # Cyr and Hal
    assert sans.complement == "50,0\u00a0% des 4 jeunes sortis"
    # Gus left his diagnostic in formation: a known situation, not a job.
    assert liste[("sortis_cpo", type_("diagnostic"))].nombre == 1
    assert liste[("sortis_en_emploi_ou_alternance", type_("diagnostic"))].nombre == 0
    assert liste[("sortis_sans_situation_connue", type_("diagnostic"))].nombre == 0
    assert liste[("sortis_en_emploi_ou_alternance", type_("cep"))].complement == (
        "aucun jeune sorti"
    )


def test_la_cpo_compte_les_noms_attendus(ml_a, parcours):
    numerateur = jeunes_comptes(
        ml_a, {"indicateur": f"sortis_en_emploi_ou_alternance|{MARS.texte()}|{PACEA_ET_CEJ}"}
    )
    assert sorted(numerateur.values_list("prenom", flat=True)) == ["Bea", "Eve"]
    sans = jeunes_comptes(
        ml_a, {"indicateur": f"sortis_sans_situation_connue|{MARS.texte()}|{PACEA_ET_CEJ}"}
    )
    assert sorted(sans.values_list("prenom", flat=True)) == ["Cyr", "Hal"]


def test_demandes_d_allocation_par_etape_et_montant(ml_a, parcours):
    liste = par_figure(figures(ml_a, {}, MARS))
    demandees = liste[("allocations", EtapeAllocation.DEMANDEE)]
    # Ana's (1 March 0:00) and Eve's rejected one; not Eve's of 27 February.
    assert (demandees.nombre, demandees.complement) == (2, "montant 500,00 €")
    validees = liste[("allocations", EtapeAllocation.VALIDEE)]
    # Ana's (transmitted since) and Eve's of 31 March 23:59; the rejected one is not.
    assert (validees.nombre, validees.complement) == (2, "montant 800,00 €")
    transmises = liste[("allocations", EtapeAllocation.TRANSMISE)]
    # Dan's; Ana's left on 1 April 0:00.
    assert (transmises.nombre, transmises.complement) == (1, "montant 500,00 €")
    assert "payées ne sont pas encore connues" in demandees.indicateur.definition


def test_le_portefeuille_du_conseiller(ml_a, conseiller, parcours):
    resultat = chiffres(ml_a, {"conseiller": conseiller})
    assert resultat[("entrees_dispositif", "")] == 2  # Ana, Fay
    assert resultat[("sorties_dispositif", "")] == 2  # Bea, Eve
    assert resultat[("sortis_en_emploi_ou_alternance", PACEA_ET_CEJ)] == 2
    assert resultat[("sortis_sans_situation_connue", PACEA_ET_CEJ)] == 0
    assert resultat[("allocations", EtapeAllocation.TRANSMISE)] == 0  # Dan's is not his
    assert resultat[("allocations", EtapeAllocation.VALIDEE)] == 2


def test_une_autre_ml_n_est_jamais_comptee(ml_a, ml_b, parcours):
    assert chiffres(ml_a)[("sortis_cpo", PACEA_ET_CEJ)] == 4
    resultat_b = chiffres(ml_b)
    assert resultat_b[("sorties_dispositif", "")] == 1
    assert resultat_b[("sortis_en_emploi_ou_alternance", PACEA_ET_CEJ)] == 1
    assert resultat_b[("allocations", EtapeAllocation.DEMANDEE)] == 0


def test_perimetre_un_dispositif(client_de, direction, ml_a, parcours):
    pacea = type_("pacea")
    # PACEA during March: Ana (entered 1 March), Bea (left 31 March), Cyr, Hal; not Ivy
    # (left 28 February).
    dans = jeunes_comptes(ml_a, {"dans_le_dispositif": f"{pacea}|{MARS.texte()}"})
    assert sorted(dans.values_list("prenom", flat=True)) == ["Ana", "Bea", "Cyr", "Hal"]
    page = client_de(direction).get(
        reverse("dossiers:pilotage"), {"mois": "2026-03", "dans_le_dispositif": pacea}
    )
    assert page.status_code == 200
    resultat = {
        (f.indicateur.code, f.valeur): f for r in page.context["rubriques"] for f in r["figures"]
    }
    sorties = resultat[("sorties_dispositif", "")]
    assert sorties.nombre == 3  # Bea, Cyr, Hal: not Eve (CEJ) nor Gus (diagnostic)
    assert f"dans_le_dispositif={pacea}%7C2026-03-01%7C2026-03-31" in sorties.url
    assert resultat[("allocations", EtapeAllocation.DEMANDEE)].nombre == 1  # Ana's
    liste = client_de(direction).get(sorties.url)
    assert sorted(j.prenom for j in liste.context["page"].object_list) == ["Bea", "Cyr", "Hal"]


@pytest.mark.parametrize(
    "texte",
    [
        "abc|2026-03-01|2026-03-31",
        "{pacea}|2026-03-31|2026-03-01",
        "{pacea}|2026-03-01",
        "{pacea}|2026-03-01|2026-03-31|x",
        "{pacea}",
    ],
)
def test_perimetre_mal_forme_ne_selectionne_rien(ml_a, parcours, texte):
    assert (
        jeunes_comptes(ml_a, {"dans_le_dispositif": texte.format(pacea=type_("pacea"))}).count()
        == 0
    )


@pytest.mark.parametrize("valeur", ["abc", "1:x", "1/", "pacea"])
def test_valeur_d_indicateur_mal_formee_ne_selectionne_rien(ml_a, parcours, valeur):
    for code in ("entrees_dispositif", "sortis_en_emploi_ou_alternance"):
        texte = f"{code}|{MARS.texte()}|{valeur}"
        assert jeunes_comptes(ml_a, {"indicateur": texte}).count() == 0


def _parcourir(client, parametres):
    """Every figure of the page against the list it opens; the figures seen."""
    page = client.get(reverse("dossiers:pilotage"), parametres)
    assert page.status_code == 200
    vues = []
    for rubrique in page.context["rubriques"]:
        for figure in rubrique["figures"]:
            liste = client.get(figure.url)
            assert liste.status_code == 200, figure.url
            assert liste.context["page"].paginator.count == figure.nombre, figure.url
            vues.append(figure)
    return vues


@pytest.mark.parametrize("perimetre", ["ml", "dispositif"])
def test_chaque_chiffre_est_la_longueur_de_la_liste_qu_il_ouvre(
    client_de, direction, parcours, perimetre
):
    parametres = {"mois": "2026-03"}
    if perimetre == "dispositif":
        parametres["dans_le_dispositif"] = type_("pacea")
    vues = _parcourir(client_de(direction), parametres)
    assert {f.indicateur.code for f in vues} == {i.code for i in INDICATEURS}
    # Not a walk over zeros: each of these indicators counts someone here.
    assert {f.indicateur.code for f in vues if f.nombre} >= CODES


def test_le_conseiller_parcourt_son_portefeuille(client_de, conseiller, parcours):
    vues = _parcourir(client_de(conseiller), {"mois": "2026-03"})
    assert {f.indicateur.code for f in vues if f.nombre} >= CODES - {"sortis_sans_situation_connue"}


def test_liste_des_demandes_par_etape_et_periode(client_de, direction, parcours):
    client = client_de(direction)
    url = reverse("dispositifs:allocations")
    validees = client.get(url, {"etape": "validee", "du": "2026-03-01", "au": "2026-03-31"})
    assert {d.montant for d in validees.context["page"].object_list} == {300, 500}
    # The validateurs' queue stays the default: nothing is soumise here.
    assert client.get(url).context["page"].paginator.count == 0
    tous = client.get(url, {"etat": ""})
    assert tous.context["page"].paginator.count == 4  # never ML B's


def test_liste_des_demandes_periode_invalide_dite_a_cote_du_champ(client_de, direction, parcours):
    reponse = client_de(direction).get(
        reverse("dispositifs:allocations"), {"du": "2026-03-31", "au": "2026-03-01"}
    )
    assert reponse.status_code == 200
    assert "au" in reponse.context["filtres"].errors
    assert reponse.context["page"].paginator.count == 0


def test_la_liste_des_demandes_se_lit_avec_le_droit_de_voir_les_dossiers(
    client_de, accueil, parcours
):
    reponse = client_de(accueil).get(reverse("dispositifs:allocations"), {"etat": ""})
    assert reponse.status_code == 200
    assert reponse.context["page"].paginator.count == 4
    assert "Valider</button>" not in reponse.content.decode()


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_liste_des_demandes_filtree_constantes(
    client_de, direction, conseiller, django_assert_num_queries, nombre
):
    conseiller.fonction_prescripteur = True
    conseiller.save(update_fields=["fonction_prescripteur"])
    for rang in range(nombre):
        cej = dispositif(JeuneFactory(suivi_par=conseiller), "cej", date(2026, 1, 1))
        allocation(
            cej, date(2026, 3, 1), "500", EtatAllocation.SOUMISE, instant(date(2026, 3, 2 + rang))
        )
    client = client_de(direction)
    parametres = {
        "etape": "demandee",
        "du": "2026-03-01",
        "au": "2026-03-31",
        "jeunes": f"conseiller={conseiller.pk}",
    }
    # + 1 the counsellor of `jeunes` (the search's field), + 1 the count, + 1 the page of
    # requests with their file and users.
    with django_assert_num_queries(SESSION + 3):
        reponse = client.get(reverse("dispositifs:allocations"), parametres)
    assert reponse.context["page"].paginator.count == nombre


def test_requetes_de_la_page_pilotage_constantes_avec_les_dispositifs(
    client_de, direction, parcours
):
    client = client_de(direction)
    comptes = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(reverse("dossiers:pilotage"), {"mois": "2026-03"}).status_code == 200
        comptes.append(len(contexte.captured_queries))
        dispositif(
            JeuneFactory(suivi_par=direction),
            "pacea",
            date(2026, 3, 3),
            date(2026, 3, 30),
            "abandon",
        )
    # Another exit of a motif already there: no new row, no new query.
    assert comptes[0] == comptes[1]


def test_la_page_montre_le_complement_a_cote_du_chiffre(client_de, direction, parcours):
    contenu = (
        client_de(direction).get(reverse("dossiers:pilotage"), {"mois": "2026-03"}).content.decode()
    )
    assert "durée moyenne 6,3 mois (191 jours)" in contenu
    assert "50,0\u00a0% des 4 jeunes sortis" in contenu
    assert "montant 800,00 €" in contenu
