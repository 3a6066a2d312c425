"""Offres de service, sessions and enrolments. Keyword-only, atomic, with the acting user
(`par`); refusals are French and say why.

Enrolling notes the proposition in the youth file (theme of the offer, linked) and, for an
offer of a CEP level, mobilises the CEP (dispositifs.cep_mobiliser); « réalisé » closes the
proposition and notes the event (collective for a session): the counsellor types one fact
once. Companies and job offers are in `services_entreprises.py`, the training catalogue
and the mises en relation in `services_formations.py`."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dispositifs.services import cep_mobiliser
from dossiers.enums import EtatProposition, NatureProposition, TypeEvenement
from dossiers.models import Jeune
from dossiers.services import evenement_noter, proposition_noter, proposition_terminer
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer, modifier_en_masse
from offres.enums import ETATS_INSCRIPTION_REFUS, EtatInscription
from offres.models import Inscription, OffreDeService, Session
from offres.referents import est_referent_possible


def _jour(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}"


def nom_du_jeune(jeune: Jeune) -> str:
    return f"{jeune.nom_usage} {jeune.prenom}"


# --- Offres de service --------------------------------------------------------------------


@transaction.atomic
def offre_creer(*, structure, par, code: str, **champs) -> OffreDeService:
    offre = OffreDeService(structure=structure, created_by=par, code=code.strip().upper(), **champs)
    return enregistrer(offre, par=par)


@transaction.atomic
def offre_modifier(*, offre: OffreDeService, par, **champs) -> OffreDeService:
    offre = OffreDeService.objects.select_for_update().get(pk=offre.pk)
    if "code" in champs:
        champs["code"] = champs["code"].strip().upper()
    for champ, valeur in champs.items():
        setattr(offre, champ, valeur)
    return enregistrer(offre, par=par)


def changer_referent(*, objets, referent, par) -> int:
    """A group transfer of référent (admin portal, « Transferts groupés »): one UPDATE per
    batch and one historical row per record, with its author."""
    if not est_referent_possible(referent, par.structure_id):
        raise RegleMetierError(
            "Le nouveau référent est un utilisateur actif de la mission locale.",
            champ="destination",
        )
    return modifier_en_masse(objets, par=par, raison="transfert groupé", referent=referent)


@transaction.atomic
def offres_changer_referent(*, offres, referent, par) -> int:
    return changer_referent(objets=offres, referent=referent, par=par)


# --- Sessions -----------------------------------------------------------------------------


@transaction.atomic
def session_creer(*, offre: OffreDeService, par, **champs) -> Session:
    offre = OffreDeService.objects.select_for_update().get(pk=offre.pk)
    if not offre.active:
        raise RegleMetierError(f"L'offre « {offre} » est terminée : elle n'a plus de session.")
    return enregistrer(Session(offre=offre, created_by=par, **champs), par=par)


@transaction.atomic
def session_modifier(*, session: Session, par, **champs) -> Session:
    session = Session.objects.select_for_update().select_related("offre").get(pk=session.pk)
    for champ, valeur in champs.items():
        setattr(session, champ, valeur)
    inscrits = session.inscriptions.occupant().count()
    if session.capacite is not None and session.capacite < inscrits:
        raise RegleMetierError(
            f"La session compte déjà {inscrits} inscrits : sa capacité ne peut pas être "
            "inférieure.",
            champ="capacite",
        )
    return enregistrer(session, par=par)


# --- Inscriptions -------------------------------------------------------------------------


def _libelle_proposition(offre: OffreDeService, session: Session | None) -> str:
    libelle = str(offre)
    if session is not None:
        libelle = f"{libelle} — session du {timezone.localtime(session.debut):%d/%m/%Y}"
    return libelle[:200]


def _refus_de_places(offre: OffreDeService, session: Session | None, jeunes: list) -> list[str]:
    """Why the session or the offer cannot take these young people: enrolments closed,
    no places left (the rows are locked by the caller)."""
    refus = []
    if session is None and offre.sessions.exists():
        refus.append(
            f"L'offre « {offre} » a des sessions : inscrivez le jeune à l'une d'elles (leurs "
            "places comptent)."
        )
    if session is not None:
        limite = session.date_limite_inscription
        if limite and timezone.localdate() > limite:
            refus.append(
                f"Les inscriptions à la session du {_jour(session.debut)} sont closes depuis "
                f"le {limite:%d/%m/%Y}."
            )
        prises = session.inscriptions.occupant().count()
        if prises + len(jeunes) > session.capacite:
            refus.append(
                _complet(
                    f"La session du {_jour(session.debut)}", session.capacite, prises, len(jeunes)
                )
            )
    if offre.places:
        prises = offre.inscriptions.occupant().count()
        if prises + len(jeunes) > offre.places:
            refus.append(_complet(f"L'offre « {offre} »", offre.places, prises, len(jeunes)))
    return refus


def _complet(quoi: str, places: int, prises: int, demandees: int) -> str:
    libres = max(places - prises, 0)
    if libres == 0:
        return f"{quoi} est complète : {places} places, {prises} inscrits."
    reste = "qu'une place libre" if libres == 1 else f"que {libres} places libres"
    return f"{quoi} n'a plus {reste} ({places} places, {prises} inscrits) pour {demandees} jeunes."


def _deja_inscrits(offre: OffreDeService, session: Session | None, jeunes: list) -> set[int]:
    inscriptions = Inscription.objects.filter(jeune__in=jeunes)
    if session is not None:
        inscriptions = inscriptions.occupant().filter(session=session)
    else:
        inscriptions = inscriptions.filter(
            offre=offre, session__isnull=True, etat=EtatInscription.PRESCRIT
        )
    return set(inscriptions.values_list("jeune_id", flat=True))


@transaction.atomic
def inscriptions_creer(
    *,
    jeunes: list,
    par,
    offre: OffreDeService | None = None,
    session: Session | None = None,
    commentaire: str = "",
) -> list[Inscription]:
    """Enrol young people on an offer, or on one of its sessions. All or nothing: any
    refusal (session full, enrolments closed, already enrolled) refuses the whole group,
    with every reason."""
    if session is None and offre is None:
        raise RegleMetierError("Choisissez l'offre de service ou sa session.", champ="offre")
    if session is not None:
        # The session's row is locked: two counsellors never take its last place together.
        session = Session.objects.select_for_update().get(pk=session.pk)
        if offre is not None and offre.pk != session.offre_id:
            raise RegleMetierError(
                "Cette session n'est pas une session de l'offre.", champ="session"
            )
        offre = session.offre
    offre = OffreDeService.objects.select_for_update().get(pk=offre.pk)
    if not jeunes:
        raise RegleMetierError("Choisissez au moins un jeune.", champ="jeunes")
    if not offre.active:
        raise RegleMetierError(f"L'offre « {offre} » est terminée : on ne s'y inscrit plus.")
    refus = _refus_de_places(offre, session, jeunes)
    deja = _deja_inscrits(offre, session, jeunes)
    cible = "cette session" if session is not None else "cette offre"
    for jeune in jeunes:
        if jeune.structure_id != offre.structure_id:
            refus.append(f"{nom_du_jeune(jeune)} n'est pas suivi(e) par la mission locale.")
        elif jeune.pk in deja:
            refus.append(f"{nom_du_jeune(jeune)} est déjà inscrit(e) à {cible}.")
    if refus:
        raise ValidationError(refus)
    inscriptions = []
    for jeune in jeunes:
        proposition = proposition_noter(
            jeune=jeune,
            par=par,
            nature=NatureProposition.PROPOSITION,
            theme=offre.theme,
            libelle=_libelle_proposition(offre, session),
        )
        inscriptions.append(
            enregistrer(
                Inscription(
                    jeune=jeune,
                    offre=offre,
                    session=session,
                    prescrit_par=par,
                    proposition=proposition,
                    commentaire=commentaire,
                ),
                par=par,
            )
        )
        if offre.niveau_cep:
            # Seed 000: mobilising an offer of a CEP level opens the CEP or raises it.
            cep_mobiliser(
                jeune=jeune,
                par=par,
                niveau=offre.niveau_cep,
                motif_sollicitation=offre.motif_sollicitation,
                origine=f"L'offre de service « {offre} »",
            )
    return inscriptions


def inscription_creer(
    *, jeune: Jeune, par, offre=None, session=None, commentaire=""
) -> Inscription:
    return inscriptions_creer(
        jeunes=[jeune], par=par, offre=offre, session=session, commentaire=commentaire
    )[0]


def _a_noter(inscription: Inscription) -> Inscription:
    inscription = (
        Inscription.objects.select_for_update(of=("self",))
        .select_related("offre", "session", "proposition", "jeune")
        .get(pk=inscription.pk)
    )
    if inscription.etat != EtatInscription.PRESCRIT:
        raise RegleMetierError(
            f"Cette inscription est déjà notée « {inscription.get_etat_display()} ».", champ="etat"
        )
    return inscription


def _clore_proposition(inscription: Inscription, par, etat: str, jour: date) -> None:
    proposition = inscription.proposition
    if proposition is not None and proposition.etat == EtatProposition.EN_COURS:
        proposition_terminer(
            proposition=proposition,
            par=par,
            etat=etat,
            date_fin=max(jour, proposition.date),
            par_son_proprietaire=True,
        )


@transaction.atomic
def inscription_realiser(*, inscription: Inscription, par, notes: str = "") -> Inscription:
    """The young person took part: the proposition is réalisée and the event is noted
    (a collective one at the session's date, an interview otherwise)."""
    inscription = _a_noter(inscription)
    session, offre = inscription.session, inscription.offre
    maintenant = timezone.now()
    if session is not None and session.debut > maintenant:
        raise RegleMetierError(
            f"La session du {_jour(session.debut)} n'a pas encore eu lieu : notez-la réalisée "
            "après.",
            champ="etat",
        )
    details = [str(offre)]
    if session is not None:
        details += [str(session.type), session.ou]
    evenement = evenement_noter(
        jeune=inscription.jeune,
        par=par,
        type=TypeEvenement.COLLECTIF if session is not None else TypeEvenement.ENTRETIEN,
        date=session.debut if session is not None else maintenant,
        notes="\n".join(filter(None, [" — ".join(details), notes])),
    )
    jour = max(timezone.localdate(), inscription.prescrit_le)
    _clore_proposition(inscription, par, EtatProposition.REALISEE, jour)
    inscription.etat = EtatInscription.REALISE
    inscription.cloturee_le = jour
    inscription.evenement = evenement
    return enregistrer(inscription, par=par)


@transaction.atomic
def inscription_refuser(*, inscription: Inscription, par, etat: str, commentaire: str = ""):
    """Refused by a third party (the organiser, the employer…) or by the young person: the
    proposition is refusée and the place is free again."""
    if etat not in ETATS_INSCRIPTION_REFUS:
        raise RegleMetierError("Indiquez qui refuse : un tiers ou le jeune.", champ="etat")
    inscription = _a_noter(inscription)
    jour = max(timezone.localdate(), inscription.prescrit_le)
    _clore_proposition(inscription, par, EtatProposition.REFUSEE, jour)
    inscription.etat = etat
    inscription.cloturee_le = jour
    if commentaire:
        inscription.commentaire = commentaire[:300]
    return enregistrer(inscription, par=par)


def inscription_noter(*, inscription: Inscription, par, etat: str, commentaire: str = ""):
    if etat == EtatInscription.REALISE:
        return inscription_realiser(inscription=inscription, par=par, notes=commentaire)
    return inscription_refuser(inscription=inscription, par=par, etat=etat, commentaire=commentaire)
