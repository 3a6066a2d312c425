"""The counsellor's home widgets contributed by the youth file."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from dossiers.enums import StatutRendezVous
from dossiers.models import RendezVous
from imilo.accueil import Widget
from imilo.droits import Droit


def _aujourdhui():
    debut = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return debut, debut + timedelta(days=1)


def rendez_vous_du_jour(request):
    if not request.user.a_le_droit(Droit.DOSSIERS_VOIR):
        return None
    debut, fin = _aujourdhui()
    rendez_vous = (
        RendezVous.objects.de_la_structure(request.structure)
        .filter(conseiller=request.user, debut__gte=debut, debut__lt=fin)
        .select_related("jeune", "lieu")
    )
    return Widget(
        "Mes rendez-vous du jour",
        "dossiers/widgets/rendez_vous_du_jour.html",
        {"rendez_vous": rendez_vous},
        ordre=10,
    )


def absences_a_relancer(request):
    """Appointments missed in the last fortnight in the counsellor's own agenda."""
    if not request.user.a_le_droit(Droit.DOSSIERS_VOIR):
        return None
    debut, _ = _aujourdhui()
    absences = (
        RendezVous.objects.de_la_structure(request.structure)
        .filter(
            conseiller=request.user,
            statut=StatutRendezVous.ABSENT,
            debut__gte=debut - timedelta(days=14),
        )
        .select_related("jeune", "motif_absence")
        .order_by("-debut")[:10]
    )
    return Widget(
        "Absences à relancer",
        "dossiers/widgets/absences.html",
        {"absences": absences},
        ordre=20,
    )
