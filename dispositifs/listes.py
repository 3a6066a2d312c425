"""The weekly printable list of PACEA exits for « réorientation anticipée autre
dispositif » (usually towards the CEJ): the exits **dated** in the week, and those
**entered** in the week (the date of the change in the history), whatever their date.

Each line shows the following CEJ entry when there is one: a PACEA exit dated the day of
the CEJ entry is flagged, the ASP rejects it (the exit is at the latest the day before).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from dispositifs.models import Dispositif
from dispositifs.regles import CEJ, PACEA
from imilo.dates import debut_du_jour

MOTIF_REORIENTATION = "reorientation_anticipee"


def lundi_de(jour: date) -> date:
    return jour - timedelta(days=jour.weekday())


def semaine_precedente(aujourdhui: date | None = None) -> date:
    """The Monday of last week."""
    return lundi_de(aujourdhui or timezone.localdate()) - timedelta(days=7)


@dataclass(frozen=True)
class Semaine:
    lundi: date

    @property
    def dimanche(self) -> date:
        return self.lundi + timedelta(days=6)

    @property
    def precedente(self) -> date:
        return self.lundi - timedelta(days=7)

    @property
    def suivante(self) -> date:
        return self.lundi + timedelta(days=7)

    def instants(self) -> tuple[datetime, datetime]:
        """From Monday 0:00 to the next Monday 0:00, local time."""
        debut = debut_du_jour(self.lundi)
        return debut, debut_du_jour(self.suivante)


def sorties_reorientation(structure, semaine: Semaine) -> QuerySet:
    """The ML's PACEA exits for réorientation anticipée dated or entered in the week, with
    `saisie_le` (first time the exit was recorded with this motif), `entree_cej` (the
    next CEJ entry of the young person, or None) and `sortie_le_jour_du_cej` (the exit is
    dated the day of that entry: the ASP rejects it). One query."""
    historique = Dispositif.history.model
    saisie = (
        historique.objects.filter(
            id=OuterRef("pk"), fin_reelle__isnull=False, motif_sortie__code=MOTIF_REORIENTATION
        )
        .order_by("history_date")
        .values("history_date")[:1]
    )
    entree_cej = (
        Dispositif.objects.du_type(CEJ)
        .filter(jeune=OuterRef("jeune"), entree_le__gte=OuterRef("fin_reelle"))
        .order_by("entree_le")
        .values("entree_le")[:1]
    )
    debut, fin = semaine.instants()
    return (
        Dispositif.objects.de_la_structure(structure)
        .du_type(PACEA)
        .filter(fin_reelle__isnull=False, motif_sortie__code=MOTIF_REORIENTATION)
        .annotate(saisie_le=Subquery(saisie), entree_cej=Subquery(entree_cej))
        .annotate(
            sortie_le_jour_du_cej=ExpressionWrapper(
                Q(entree_cej=F("fin_reelle")), output_field=BooleanField()
            )
        )
        .filter(
            Q(fin_reelle__range=(semaine.lundi, semaine.dimanche))
            | Q(saisie_le__gte=debut, saisie_le__lt=fin)
        )
        .select_related("jeune", "referent")
        .order_by("fin_reelle", "jeune__nom_usage", "jeune__prenom", "pk")
    )
