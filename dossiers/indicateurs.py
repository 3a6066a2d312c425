"""The indicators of the youth file's own activity (Pilotage, rubrique « Activité »), and what
counts as a contact. Registered in dossiers/apps.py; the definitions are those of
docs/pilotage.md."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from dossiers.enums import StatutRendezVous, ThemeProposition, TypeEvenement
from dossiers.models import Evenement, Proposition, RendezVous
from dossiers.pilotage import restreindre_aux_jeunes
from dossiers.registres import CONTACTS, Critere, Indicateur
from imilo.dates import debut_du_jour
from imilo.formulaires import ChampDate


def contact_par_evenement(du, au) -> Q:
    """An event (interview, phone call, workshop…) dated in the period."""
    return Q(Exists(Evenement.objects.filter(jeune=OuterRef("pk"), date__gte=du, date__lt=au)))


def contact_par_rendez_vous(du, au) -> Q:
    """An appointment the young person came to, in the period."""
    return Q(
        Exists(
            RendezVous.objects.filter(
                jeune=OuterRef("pk"),
                statut=StatutRendezVous.PRESENT,
                debut__gte=du,
                debut__lt=au,
            )
        )
    )


def en_contact(qs, periode, valeur):
    condition = Q(pk__in=[])
    for fonction in CONTACTS:
        condition |= fonction(periode.debut, periode.fin)
    return qs.filter(condition)


def premiers_accueils(qs, periode, valeur):
    return qs.filter(created_at__gte=periode.debut, created_at__lt=periode.fin)


def entretiens_entre(debut=None, fin=None):
    """Individual interviews from `debut` (included) to `fin` (excluded), either open."""
    entretiens = Evenement.objects.filter(type=TypeEvenement.ENTRETIEN)
    if debut:
        entretiens = entretiens.filter(date__gte=debut)
    if fin:
        entretiens = entretiens.filter(date__lt=fin)
    return entretiens


def _entretiens(periode):
    return entretiens_entre(periode.debut, periode.fin)


def accompagnes(qs, periode, valeur):
    return qs.filter(Exists(_entretiens(periode).filter(jeune=OuterRef("pk"))))


def _accompagnes_entre(qs, dates):
    du, au = dates
    entretiens = entretiens_entre(
        debut_du_jour(du) if du else None, debut_du_jour(au + timedelta(days=1)) if au else None
    )
    return qs.filter(Exists(entretiens.filter(jeune=OuterRef("pk"))))


# The search's criterion for the same rule as « Jeunes accompagnés », between two dates.
CRITERE_ACCOMPAGNE = Critere(
    "accompagne",
    lambda structure: ChampDate(label="Accompagné (entretien individuel)", required=False),
    _accompagnes_entre,
    periode=True,
)


def _restreindre(lignes, perimetre, chemin: str = "jeune"):
    """Rows of the perimeter's young people (its criteria, the search's own)."""
    lignes = lignes.de_la_structure(perimetre["structure"])
    return restreindre_aux_jeunes(
        lignes, perimetre["structure"], urlencode(perimetre["criteres"]), chemin
    )


def _parametres(perimetre, periode, **filtres) -> str:
    parametres = {"du": periode.du.isoformat(), "au": periode.au.isoformat(), **filtres}
    if perimetre["criteres"]:
        parametres["jeunes"] = urlencode(perimetre["criteres"])
    return urlencode(parametres)


def entretiens_individuels(perimetre, periode, valeur):
    lignes = _restreindre(_entretiens(periode), perimetre)
    url = reverse("dossiers:evenements_liste")
    return lignes, f"{url}?{_parametres(perimetre, periode, type=TypeEvenement.ENTRETIEN)}"


def rendez_vous(perimetre, periode, statut):
    lignes = _restreindre(
        RendezVous.objects.filter(statut=statut, debut__gte=periode.debut, debut__lt=periode.fin),
        perimetre,
    )
    url = reverse("dossiers:rendez_vous_liste")
    return lignes, f"{url}?{_parametres(perimetre, periode, statut=statut)}"


def propositions(qs, periode, theme):
    faites = Proposition.objects.filter(
        jeune=OuterRef("pk"), theme=theme, date__gte=periode.du, date__lte=periode.au
    )
    return qs.filter(Exists(faites))


INDICATEURS_DU_DOSSIER = [
    Indicateur(
        "jeunes_en_contact",
        "Jeunes en contact",
        "activite",
        "Jeunes dont le dossier note dans la période au moins un contact : un événement "
        "(entretien, téléphone, atelier…), un rendez-vous honoré ou une séance d'une offre "
        "de service à laquelle ils ont participé.",
        "Charte de saisie : tout contact est un événement du dossier.",
        jeunes=en_contact,
        ordre=10,
    ),
    Indicateur(
        "premiers_accueils",
        "Premiers accueils",
        "activite",
        "Dossiers ouverts dans la période (premier accueil du jeune à la mission locale).",
        "Date d'ouverture du dossier.",
        jeunes=premiers_accueils,
        ordre=20,
    ),
    Indicateur(
        "jeunes_accompagnes",
        "Jeunes accompagnés",
        "activite",
        "Jeunes qui ont eu au moins un entretien individuel dans la période.",
        "Événements de type « entretien individuel ».",
        jeunes=accompagnes,
        ordre=30,
    ),
    Indicateur(
        "entretiens_individuels",
        "Entretiens individuels",
        "activite",
        "Entretiens individuels notés dans la période (un jeune peut en avoir plusieurs).",
        "Événements de type « entretien individuel ».",
        lignes=entretiens_individuels,
        ordre=40,
    ),
    Indicateur(
        "rendez_vous",
        "Rendez-vous",
        "activite",
        "Rendez-vous de la période selon leur issue : honorés (présent), manqués (absent), "
        "annulés ou reportés.",
        "Statut du rendez-vous.",
        lignes=rendez_vous,
        valeurs=lambda structure: [
            (statut, libelle)
            for statut, libelle in StatutRendezVous.choices
            if statut != StatutRendezVous.PREVU
        ],
        ordre=50,
    ),
    Indicateur(
        "propositions",
        "Jeunes ayant reçu une proposition",
        "activite",
        "Jeunes à qui une demande ou une proposition de ce thème a été notée dans la "
        "période (date de la demande).",
        "Demandes et propositions du dossier, par thème.",
        jeunes=propositions,
        valeurs=lambda structure: ThemeProposition.choices,
        ordre=60,
    ),
]
