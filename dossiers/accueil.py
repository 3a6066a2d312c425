"""The counsellor's home widgets contributed by the youth file."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from dossiers.criteres import (
    FORMATION_SANS_OBJECTIF,
    MOIS_SANS_CONTACT,
    condition_sans_contact,
    condition_sans_suite,
)
from dossiers.enums import StatutRendezVous
from dossiers.models import Jeune, JustificationIdentite, RendezVous
from imilo.dates import debut_du_jour
from imilo.droits import Droit
from imilo.registres import Widget


def _aujourdhui():
    debut = debut_du_jour(timezone.localdate())
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


def alertes_de_saisie(request):
    """What is missing or stalled in the counsellor's portfolio (identity to justify, NIR
    to certify, formation without objective, situation ended without a next one, no
    contact for months): each count links to the filtered list."""
    if not request.user.a_le_droit(Droit.DOSSIERS_VOIR):
        return None
    portefeuille = Jeune.objects.de_la_structure(request.structure).filter(
        conseiller_referent=request.user
    )
    compte = portefeuille.aggregate(
        non_justifiees=Count(
            "pk", filter=~Q(Exists(JustificationIdentite.objects.filter(jeune=OuterRef("pk"))))
        ),
        nir_non_certifies=Count("pk", filter=~Q(nir="") & Q(nir_certifie_le__isnull=True)),
        formations_sans_objectif=Count("pk", filter=Q(FORMATION_SANS_OBJECTIF)),
        sans_suite=Count("pk", filter=condition_sans_suite()),
        sans_contact=Count("pk", filter=condition_sans_contact(MOIS_SANS_CONTACT)),
    )
    return Widget(
        "Alertes de saisie de mon portefeuille",
        "dossiers/widgets/alertes.html",
        {"compte": compte, "moi": request.user.pk, "mois_sans_contact": MOIS_SANS_CONTACT},
        ordre=30,
    )
