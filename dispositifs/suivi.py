"""What dispositifs add to the youth file: the timeline, the search criteria, the file
page's section and the home page's alerts (registries of dossiers and imilo)."""

from datetime import timedelta

from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from dispositifs.models import Dispositif, Phase, dispositifs_du_jeune
from dispositifs.regles import AGE_LIMITE_PACEA, DIAGNOSTIC, PACEA, ajouter_mois
from dossiers.models import Jeune
from dossiers.registres import Critere, Fait
from imilo.droits import Droit
from imilo.formulaires import ChampDate
from imilo.registres import Widget
from referentiels.forms import champ_element


def faits_des_dispositifs(jeune) -> list[Fait]:
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


def _ouverts(code: str):
    return Dispositif.objects.ouverts().filter(jeune=OuterRef("pk"), type__code=code)


def conditions_d_alerte() -> dict:
    """The dispositifs' alerts, as conditions on youth files (home counts and list filter
    share them)."""
    aujourdhui = timezone.localdate()
    dans_un_mois = ajouter_mois(aujourdhui, 1)
    return {
        "diagnostic_long": (
            "diagnostic de plus d'un mois",
            Exists(_ouverts(DIAGNOSTIC).filter(entree_le__lt=ajouter_mois(aujourdhui, -1))),
        ),
        "phase_finissante": (
            "phase de PACEA finissant dans les 15 jours",
            Exists(
                Phase.objects.filter(
                    dispositif__jeune=OuterRef("pk"),
                    dispositif__fin_reelle__isnull=True,
                    fin_reelle__isnull=True,
                    fin_prevue__lte=aujourdhui + timedelta(days=15),
                )
            ),
        ),
        "pacea_24_mois": (
            "PACEA atteignant 24 mois dans le mois",
            Exists(_ouverts(PACEA).filter(entree_le__lte=ajouter_mois(dans_un_mois, -24))),
        ),
        "pacea_26_ans": (
            "jeune en PACEA atteignant 26 ans dans le mois",
            Q(date_naissance__lte=ajouter_mois(dans_un_mois, -12 * AGE_LIMITE_PACEA))
            & Exists(_ouverts(PACEA)),
        ),
    }


def _alerte(qs, code):
    return qs.filter(conditions_d_alerte()[code][1])


CRITERES_DES_DISPOSITIFS.append(
    Critere(
        "alerte_dispositif",
        lambda structure: forms.ChoiceField(
            label="Alerte de dispositif",
            choices=[("", "indifférent")]
            + [(code, libelle) for code, (libelle, _) in conditions_d_alerte().items()],
            required=False,
        ),
        _alerte,
    )
)


def alertes_des_dispositifs(request):
    """The counsellor's portfolio: diagnostics over a month, phases ending within 15 days,
    PACEA reaching 24 months or the age limit; each count leads to the filtered list."""
    if not request.user.a_le_droit(Droit.DISPOSITIFS_GERER):
        return None
    conditions = conditions_d_alerte()
    compte = (
        Jeune.objects.de_la_structure(request.structure)
        .filter(conseiller_referent=request.user)
        .aggregate(
            **{
                code: Count("pk", filter=Q(condition))
                for code, (_, condition) in conditions.items()
            }
        )
    )
    return Widget(
        "Alertes des dispositifs de mon portefeuille",
        "dispositifs/widgets/alertes.html",
        {
            "alertes": [(libelle, compte[code], code) for code, (libelle, _) in conditions.items()],
            "moi": request.user.pk,
        },
        ordre=35,
    )


def deces(jeune) -> str | None:
    """The charte: no special field for a death; a dispositif closed with motif « Décès »
    stops every letter, SMS and email (the messages' registry of what forbids sending)."""
    for dispositif in dispositifs_du_jeune(jeune):
        if dispositif.motif_sortie_id and dispositif.motif_sortie.code == "deces":
            return (
                f"décès noté à la sortie de {dispositif.type} le "
                f"{dispositif.fin_reelle:%d/%m/%Y} : aucun message ne part."
            )
    return None
