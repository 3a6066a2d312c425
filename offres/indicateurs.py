"""The offres de service in the Pilotage: a session attended is a contact with the young
person, and the indicator « Séances collectives » (rubrique « Activité ») with their
attendance. Registered in offres/apps.py; the definitions are those of docs/pilotage.md."""

from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from dossiers.pilotage import restreindre_aux_jeunes
from dossiers.registres import Indicateur
from offres.enums import EtatInscription
from offres.models import Inscription, Session


def contact_par_seance(du, au) -> Q:
    """A session of an offer the young person attended (enrolment noted « réalisé »), dated
    in the period."""
    return Q(
        Exists(
            Inscription.objects.filter(
                jeune=OuterRef("pk"),
                etat=EtatInscription.REALISE,
                session__debut__gte=du,
                session__debut__lt=au,
            )
        )
    )


def inscriptions_des_jeunes(structure, jeunes: str):
    """The ML's enrolments that hold a place (prescrit, réalisé) of the young people a search
    selects (`jeunes`: its query string; every young person when empty)."""
    return restreindre_aux_jeunes(
        Inscription.objects.de_la_structure(structure).occupant(), structure, jeunes
    )


def seances_collectives(perimetre, periode, valeur):
    """The ML's sessions dated in the period; for a perimeter, those where one of its young
    people holds a place. The list of sessions filtered alike."""
    structure = perimetre["structure"]
    jeunes = urlencode(perimetre["criteres"])
    lignes = Session.objects.de_la_structure(structure).entre(periode.debut, periode.fin)
    parametres = {"du": periode.du.isoformat(), "au": periode.au.isoformat()}
    if jeunes:
        lignes = lignes.ou_sont_inscrits(inscriptions_des_jeunes(structure, jeunes))
        parametres["jeunes"] = jeunes
    return lignes, f"{reverse('offres:sessions')}?{urlencode(parametres)}"


def presence(comptes, periode, valeur, perimetre) -> str:
    """Enrolled and present in the sessions counted (the perimeter's young people only):
    the sums of the columns of their list."""
    inscriptions = inscriptions_des_jeunes(
        perimetre["structure"], urlencode(perimetre["criteres"])
    ).filter(session__in=comptes.values("pk"))
    nombres = inscriptions.aggregate(
        inscrits=Count("pk"), presents=Count("pk", filter=Q(etat=EtatInscription.REALISE))
    )
    return (
        f"{nombres['inscrits']} inscrit{'s' if nombres['inscrits'] > 1 else ''}, "
        f"{nombres['presents']} présent{'s' if nombres['presents'] > 1 else ''} "
        "(inscription notée « réalisé »)"
    )


INDICATEURS_DES_OFFRES = [
    Indicateur(
        "seances_collectives",
        "Séances collectives",
        "activite",
        "Séances (sessions) des offres de service datées dans la période, y compris celles "
        "encore à venir si la période n'est pas finie ; pour un périmètre, celles où l'un de "
        "ses jeunes est inscrit. À côté : les inscrits (prescrits ou réalisés) et les "
        "présents (inscription notée « réalisé »), du périmètre.",
        "Sessions des offres de service et leurs inscriptions.",
        lignes=seances_collectives,
        complement=presence,
        ordre=45,
    ),
]
