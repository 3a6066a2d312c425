"""What dispositifs add to the youth file: the timeline, the search criteria, the file
page's section and the home page's alerts (registries of dossiers and imilo)."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from dispositifs.models import Dispositif, Phase
from dispositifs.regles import AGE_LIMITE_PACEA, DIAGNOSTIC, PACEA, ajouter_mois
from dossiers.criteres import Critere
from dossiers.forms import ChampDate
from dossiers.frise import Fait
from imilo.accueil import Widget
from imilo.droits import Droit
from referentiels.forms import champ_element


def faits_des_dispositifs(jeune) -> list[Fait]:
    from dispositifs.views import dispositifs_du_jeune

    faits = []
    for dispositif in dispositifs_du_jeune(jeune):
        faits.append(Fait(dispositif.entree_le, f"Entrée en {dispositif.type}", "dispositif"))
        for phase in dispositif.phases.all():
            faits.append(
                Fait(phase.debut, f"Phase « {phase.type} »", "dispositif", f"{dispositif.type}")
            )
        if dispositif.fin_reelle:
            faits.append(
                Fait(
                    dispositif.fin_reelle,
                    f"Sortie de {dispositif.type}",
                    "dispositif",
                    str(dispositif.motif_sortie),
                )
            )
    return faits


def _dispositifs(qs=None):
    return (Dispositif.objects.all() if qs is None else qs).filter(jeune=OuterRef("pk"))


def _en_cours(qs, type_dispositif):
    return qs.filter(
        Exists(_dispositifs(Dispositif.objects.ouverts()).filter(type=type_dispositif))
    )


def _sortie_entre(qs, periode):
    du, au = periode
    sorties = Dispositif.objects.filter(fin_reelle__isnull=False)
    if du:
        sorties = sorties.filter(fin_reelle__gte=du)
    if au:
        sorties = sorties.filter(fin_reelle__lte=au)
    return qs.filter(Exists(_dispositifs(sorties)))


CRITERES_DES_DISPOSITIFS = [
    Critere(
        "dispositif_en_cours",
        lambda structure: champ_element(
            "type_dispositif", structure, label="Dispositif en cours", empty_label="indifférent"
        ),
        _en_cours,
    ),
    Critere(
        "sortie",
        lambda structure: ChampDate(label="Sortie de dispositif", required=False),
        _sortie_entre,
        periode=True,
    ),
]


def alertes_des_dispositifs(request):
    """The counsellor's files (as référent of the dispositif): diagnostics over a month,
    phases ending within 15 days, PACEA reaching 24 months or the age limit."""
    if not request.user.a_le_droit(Droit.DISPOSITIFS_GERER):
        return None
    aujourdhui = timezone.localdate()
    ouverts = Dispositif.objects.de_la_structure(request.structure).ouverts()
    mes = ouverts.filter(referent=request.user)
    dans_un_mois = ajouter_mois(aujourdhui, 1)
    compte = mes.aggregate(
        diagnostics_longs=Count(
            "pk", filter=Q(type__code=DIAGNOSTIC, entree_le__lt=ajouter_mois(aujourdhui, -1))
        ),
        pacea_24_mois=Count(
            "pk",
            filter=Q(type__code=PACEA, entree_le__lte=ajouter_mois(dans_un_mois, -24)),
        ),
        pacea_limite_age=Count(
            "pk",
            filter=Q(
                type__code=PACEA,
                jeune__date_naissance__lte=ajouter_mois(dans_un_mois, -12 * AGE_LIMITE_PACEA),
            ),
        ),
        phases_finissantes=Count(
            "pk",
            filter=Exists(
                Phase.objects.filter(
                    dispositif=OuterRef("pk"),
                    fin_reelle__isnull=True,
                    fin_prevue__lte=aujourdhui + timedelta(days=15),
                )
            ),
        ),
    )
    return Widget(
        "Alertes de mes dispositifs",
        "dispositifs/widgets/alertes.html",
        {"compte": compte},
        ordre=35,
    )
