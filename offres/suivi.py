"""What offres add to the youth file and the home page: the timeline (sessions and
enrolments, mises en relation with their partner), the search criteria, the file page's
section and the week's sessions of the counsellor (registries of dossiers and imilo)."""

from datetime import timedelta

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from dossiers.criteres import OUI_NON
from dossiers.registres import Critere, Fait
from imilo.dates import debut_du_jour
from imilo.droits import Droit
from imilo.registres import Widget
from offres.enums import EtatMer
from offres.forms import CHOIX_ETAT_INSCRIPTION
from offres.models import Entreprise, Inscription, MiseEnRelation, OffreDeService, Session


def inscriptions_du_jeune(jeune) -> list:
    """The file's enrolments, read once per request (the section and the timeline share
    them)."""
    if not hasattr(jeune, "_inscriptions"):
        jeune._inscriptions = list(
            Inscription.objects.filter(jeune=jeune).select_related(
                "offre", "session__type", "session__lieu"
            )
        )
        for inscription in jeune._inscriptions:
            # The file is already in hand: no query per row to name the young person.
            inscription.jeune = jeune
    return jeune._inscriptions


def mer_du_jeune(jeune) -> list:
    if not hasattr(jeune, "_mises_en_relation"):
        jeune._mises_en_relation = list(
            MiseEnRelation.objects.filter(jeune=jeune).select_related(
                "offre_emploi__entreprise", "action_formation", "issue"
            )
        )
    return jeune._mises_en_relation


def faits_des_offres(jeune) -> list[Fait]:
    faits = []
    for inscription in inscriptions_du_jeune(jeune):
        session, offre = inscription.session, inscription.offre
        if session is not None:
            faits.append(
                Fait(
                    session.debut,
                    f"Session {offre} ({inscription.get_etat_display()})",
                    "offre de service",
                    " — ".join(filter(None, [str(session.type), session.ou])),
                )
            )
        else:
            faits.append(
                Fait(
                    inscription.cloturee_le or inscription.prescrit_le,
                    f"Offre {offre} ({inscription.get_etat_display()})",
                    "offre de service",
                    inscription.commentaire,
                )
            )
    for mer in mer_du_jeune(jeune):
        if mer.offre_emploi_id:
            cible = f"{mer.offre_emploi.intitule} chez {mer.offre_emploi.entreprise}"
        else:
            cible = f"{mer.action_formation.intitule} ({mer.action_formation.organisme})"
        faits.append(
            Fait(
                mer.etat_le if mer.etat != EtatMer.PROPOSEE else mer.proposee_le,
                f"Mise en relation ({mer.get_etat_display()}) : {cible}",
                "mise en relation",
                str(mer.issue or ""),
            )
        )
    return faits


def section_de_la_fiche(request, jeune):
    """The « Offres et mises en relation » section of the file page (two queries, shared
    with the timeline)."""
    if not request.user.a_le_droit(Droit.DOSSIERS_VOIR):
        return None
    return {
        "inscriptions": inscriptions_du_jeune(jeune),
        "mises_en_relation": mer_du_jeune(jeune),
        # Enrolling and MER write into the file: both rights.
        "peut_gerer": request.user.a_le_droit(Droit.OFFRES_GERER)
        and request.user.a_le_droit(Droit.DOSSIERS_MODIFIER),
        "issues": CHOIX_ETAT_INSCRIPTION,
    }


def _inscrit_a(qs, offre):
    return qs.filter(
        Exists(Inscription.objects.occupant().filter(jeune=OuterRef("pk"), offre=offre))
    )


def _mer_en_cours(qs, valeur):
    condition = Exists(MiseEnRelation.objects.en_cours().filter(jeune=OuterRef("pk")))
    return qs.filter(condition if valeur == "oui" else ~condition)


def _mer_chez(qs, texte):
    """Put in touch with a job offer of the partner named (raison sociale, enseigne or
    SIRET), whatever the state of the MER."""
    entreprises = Entreprise.objects.rechercher(texte)
    return qs.filter(
        Exists(
            MiseEnRelation.objects.filter(
                jeune=OuterRef("pk"), offre_emploi__entreprise__in=entreprises
            )
        )
    )


CRITERES_DES_OFFRES = [
    Critere(
        "inscrit_offre",
        lambda structure: forms.ModelChoiceField(
            label="Inscrit à l'offre de service",
            queryset=OffreDeService.objects.de_la_structure(structure),
            required=False,
            empty_label="indifférent",
            help_text="Prescrit ou réalisé.",
        ),
        _inscrit_a,
    ),
    Critere(
        "mer_en_cours",
        lambda structure: forms.ChoiceField(
            label="Mise en relation en cours", choices=OUI_NON, required=False
        ),
        _mer_en_cours,
    ),
    Critere(
        "mer_entreprise",
        lambda structure: forms.CharField(
            label="Mis en relation avec l'entreprise",
            max_length=100,
            required=False,
            help_text="Raison sociale, enseigne ou SIRET.",
        ),
        _mer_chez,
    ),
]


def sessions_de_la_semaine(request):
    """The sessions the counsellor leads this week (Monday to Sunday), with their
    enrolments (one query)."""
    if not request.user.a_le_droit(Droit.DOSSIERS_VOIR):
        return None
    aujourdhui = timezone.localdate()
    lundi = aujourdhui - timedelta(days=aujourdhui.weekday())
    debut = debut_du_jour(lundi)
    sessions = (
        Session.objects.de_la_structure(request.structure)
        .filter(animateur=request.user)
        .entre(debut, debut + timedelta(days=7))
        .avec_inscrits()
        .select_related("offre", "type", "lieu")
    )
    return Widget(
        "Mes sessions de la semaine",
        "offres/widgets/sessions.html",
        {"sessions": sessions},
        ordre=15,
    )


def inscription_de_la_proposition(proposition) -> str | None:
    """The proposition an enrolment wrote ends with the enrolment (réalisé, refus), so that
    the seat, the event and the proposition never disagree."""
    from offres.models import Inscription

    inscription = (
        Inscription.objects.filter(proposition=proposition).select_related("offre").first()
    )
    if inscription is None:
        return None
    return (
        f"Cette proposition suit l'inscription à « {inscription.offre} » : notez son issue "
        "(réalisé, refus) depuis l'inscription, la proposition suivra."
    )
