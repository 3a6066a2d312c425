"""Pilotage, what offres add: a session attended is a contact, and « Séances collectives »
with their attendance, on a dataset whose answer is known; the list of sessions it opens
(period, offer, the perimeter's young people), its cost and its isolation."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.pilotage import figures, jeunes_comptes, mois
from dossiers.registres import INDICATEURS
from offres.enums import EtatInscription
from offres.models import Inscription, Session
from tests.dossiers.factories import JeuneFactory
from tests.offres.donnees import offre_de
from tests.referentiels.factories import element
from tests.requetes import SESSION

pytestmark = pytest.mark.django_db

MARS = mois(2026, 3)


def instant(jour: date, heure: int = 9, minute: int = 0):
    return timezone.make_aware(datetime.combine(jour, time(heure, minute)))


def seance(offre, debut):
    return Session.objects.create(
        offre=offre,
        type=element("type_session", "atelier", "Atelier"),
        debut=debut,
        capacite=10,
        animateur=offre.referent,
        lieu_autre="Salle du conseil",
        created_by=offre.referent,
    )


def inscrire(jeune, session, etat):
    """Written as is: no event in the file, so a contact can come from the enrolment only."""
    return Inscription.objects.create(
        jeune=jeune,
        offre=session.offre,
        session=session,
        etat=etat,
        prescrit_le=date(2026, 2, 1),
        prescrit_par=session.offre.referent,
        cloturee_le=None if etat == EtatInscription.PRESCRIT else date(2026, 2, 1),
    )


@pytest.fixture
def seances(conseiller, validateur, conseiller_autre_ml):
    """P61 in March 2026: a session on 1 March 9:00 (Ana present, Bea enrolled), one on
    31 March 23:30 (Cyr present, Dan refused), one on 28 February and one on 1 April 0:00
    (Ana present: outside March). Ana and Bea are the conseiller's, Cyr and Dan the
    validateur's. ML B has a session in March with its young person present."""
    offre = offre_de(conseiller)
    ana, bea = (JeuneFactory(suivi_par=conseiller, prenom=p) for p in ("Ana", "Bea"))
    cyr, dan = (JeuneFactory(suivi_par=validateur, prenom=p) for p in ("Cyr", "Dan"))
    premier = seance(offre, instant(date(2026, 3, 1)))
    dernier = seance(offre, instant(date(2026, 3, 31), 23, 30))
    seance(offre, instant(date(2026, 2, 28), 18))
    avril = seance(offre, timezone.make_aware(datetime(2026, 4, 1)))
    inscrire(ana, premier, EtatInscription.REALISE)
    inscrire(bea, premier, EtatInscription.PRESCRIT)
    inscrire(cyr, dernier, EtatInscription.REALISE)
    inscrire(dan, dernier, EtatInscription.REFUS_JEUNE)
    inscrire(ana, avril, EtatInscription.REALISE)
    offre_b = offre_de(conseiller_autre_ml, code="B01")
    inscrire(
        JeuneFactory(suivi_par=conseiller_autre_ml),
        seance(offre_b, instant(date(2026, 3, 5))),
        EtatInscription.REALISE,
    )
    return {"offre": offre, "premier": premier, "dernier": dernier}


def figure(structure, perimetre=None, periode=MARS):
    return next(
        f
        for f in figures(structure, perimetre or {}, periode)
        if f.indicateur.code == "seances_collectives"
    )


def test_une_seance_suivie_est_un_contact(ml_a, seances):
    en_contact = jeunes_comptes(ml_a, {"indicateur": f"jeunes_en_contact|{MARS.texte()}|"})
    # Ana and Cyr were present; Bea only enrolled, Dan refused.
    assert sorted(en_contact.values_list("prenom", flat=True)) == ["Ana", "Cyr"]


def test_seances_collectives_et_leur_frequentation(ml_a, seances):
    resultat = figure(ml_a)
    assert resultat.nombre == 2  # 1 March 9:00 and 31 March 23:30
    assert resultat.complement == "3 inscrits, 2 présents (inscription notée « réalisé »)"
    assert figure(ml_a, periode=mois(2026, 4)).nombre == 1


def test_le_portefeuille_du_conseiller(ml_a, conseiller, seances):
    resultat = figure(ml_a, {"conseiller": conseiller})
    # The session of 1 March: Ana and Bea are his; Cyr and Dan are not counted.
    assert resultat.nombre == 1
    assert resultat.complement == "2 inscrits, 1 présent (inscription notée « réalisé »)"


def test_une_autre_ml_n_est_jamais_comptee(ml_a, ml_b, seances):
    assert figure(ml_b).nombre == 1
    assert figure(ml_b).complement.startswith("1 inscrit, 1 présent")


def test_chaque_chiffre_est_la_longueur_de_la_liste_qu_il_ouvre(
    client_de, direction, conseiller, seances
):
    for utilisateur in (direction, conseiller):
        client = client_de(utilisateur)
        page = client.get(reverse("dossiers:pilotage"), {"mois": "2026-03"})
        vus = set()
        for rubrique in page.context["rubriques"]:
            for chiffre in rubrique["figures"]:
                liste = client.get(chiffre.url)
                assert liste.status_code == 200, chiffre.url
                assert liste.context["page"].paginator.count == chiffre.nombre, chiffre.url
                if chiffre.nombre:
                    vus.add(chiffre.indicateur.code)
        assert {i.code for i in INDICATEURS} >= vus >= {"seances_collectives", "jeunes_en_contact"}


def test_la_liste_des_seances_dit_les_inscrits_du_perimetre(client_de, conseiller, seances):
    client = client_de(conseiller)
    lien = figure(conseiller.structure, {"conseiller": conseiller}).url
    reponse = client.get(lien)
    (session,) = reponse.context["page"].object_list
    assert session == seances["premier"]
    assert (session.nombre_inscrits, session.nombre_presents) == (2, 1)
    # Without the perimeter, every enrolment of the session; refusals hold no place.
    toutes = client.get(reverse("offres:sessions"), {"du": "2026-03-31", "au": "2026-03-31"})
    (dernier,) = toutes.context["page"].object_list
    assert (dernier.nombre_inscrits, dernier.nombre_presents) == (1, 1)


def test_liste_des_seances_par_offre(client_de, conseiller, seances):
    autre = offre_de(conseiller, code="P99", intitule="Atelier CV")
    seance(autre, instant(date(2026, 3, 10)))
    client = client_de(conseiller)
    reponse = client.get(
        reverse("offres:sessions"),
        {"offre": autre.pk, "du": "2026-03-01", "au": "2026-03-31"},
    )
    assert [s.offre for s in reponse.context["page"].object_list] == [autre]
    # Every session of ML A, never ML B's.
    assert client.get(reverse("offres:sessions")).context["page"].paginator.count == 5


@pytest.mark.parametrize(
    ("parametres", "champ"),
    [
        ({"du": "2026-03-31", "au": "2026-03-01"}, "au"),
        ({"du": "mars"}, "du"),
        ({"offre": "999999"}, "offre"),
    ],
)
def test_filtre_invalide_dit_a_cote_du_champ(client_de, conseiller, seances, parametres, champ):
    reponse = client_de(conseiller).get(reverse("offres:sessions"), parametres)
    assert reponse.status_code == 200
    assert champ in reponse.context["filtres"].errors
    assert reponse.context["page"].paginator.count == 0


def test_l_offre_d_une_autre_ml_n_est_pas_un_filtre(client_de, conseiller, conseiller_autre_ml):
    offre_b = offre_de(conseiller_autre_ml, code="B01")
    seance(offre_b, instant(date(2026, 3, 5)))
    reponse = client_de(conseiller).get(reverse("offres:sessions"), {"offre": offre_b.pk})
    assert "offre" in reponse.context["filtres"].errors
    assert reponse.context["page"].paginator.count == 0


@pytest.mark.parametrize("nombre", [1, 6])
def test_requetes_liste_des_seances_constantes(
    client_de, conseiller, django_assert_num_queries, nombre
):
    offre = offre_de(conseiller)
    for rang in range(nombre):
        session = seance(offre, instant(date(2026, 3, 2 + rang)))
        inscrire(JeuneFactory(suivi_par=conseiller), session, EtatInscription.REALISE)
    client = client_de(conseiller)
    # + 1 the count, + 1 the page of sessions with offer, type, place, animateur and their
    # enrolments counted (subqueries), + 1 the offers of the filter.
    with django_assert_num_queries(SESSION + 3):
        reponse = client.get(reverse("offres:sessions"), {"du": "2026-03-01"})
    assert reponse.context["page"].paginator.count == nombre
    # With a perimeter: + 1 the counsellor of `jeunes`, read by the search's form for the
    # restriction of the sessions and for their counts (twice).
    with django_assert_num_queries(SESSION + 5):
        reponse = client.get(
            reverse("offres:sessions"),
            {"du": "2026-03-01", "jeunes": f"conseiller={conseiller.pk}"},
        )
    assert [s.nombre_presents for s in reponse.context["page"].object_list] == [1] * nombre
