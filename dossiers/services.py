"""Every write to a youth file. Keyword-only, atomic, with the acting user (`par`)."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from stdnum import iban as stdnum_iban

from dossiers.enums import (
    CATEGORIES_AVEC_CONTRAT,
    CATEGORIES_AVEC_ORGANISME,
    CATEGORIES_DIPLOMANTES,
    EtapePermis,
    EtatProposition,
    ResultatFormation,
    StatutNormalisation,
    StatutRendezVous,
)
from dossiers.models import (
    AccesDossier,
    Adresse,
    Cursus,
    Evenement,
    Jeune,
    JustificationIdentite,
    MoyenLocomotion,
    Permis,
    Proposition,
    RendezVous,
    Ressource,
    Situation,
)
from dossiers.models.jeune import CHAMPS_JUSTIFIES
from dossiers.models.situations import NIVEAU_DES_VALIDATIONS
from dossiers.nir import PREMIERS_CHIFFRES_CERTIFIABLES, nir_normaliser
from dossiers.registres import PROPRIETAIRES_DE_PROPOSITION
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer, supprimer
from referentiels.adresses import (
    AdresseIntrouvable,
    AdresseSaisie,
    ServiceIndisponible,
    statut_qpv,
)
from referentiels.adresses import fournisseur as fournisseur_adresse

MESSAGE_REFERENT = (
    "Le conseiller référent doit être un utilisateur actif de la mission locale ayant la "
    "fonction « conseiller référent »."
)


def _enregistrer_jeune(jeune: Jeune, par) -> Jeune:
    jeune.nir = nir_normaliser(jeune.nir)
    # Compacted before the length checks of full_clean (an IBAN typed in groups of four).
    jeune.iban = stdnum_iban.compact(jeune.iban or "")
    jeune.calculer_cles()
    return enregistrer(jeune, par=par)


@transaction.atomic
def jeune_creer(*, structure, par, **donnees) -> Jeune:
    """Open a file (premier accueil). Possible duplicates are shown by the view before."""
    jeune = Jeune(structure=structure, created_by=par, **donnees)
    if not jeune.referent_admissible():
        raise ValidationError({"conseiller_referent": MESSAGE_REFERENT})
    return _enregistrer_jeune(jeune, par)


@transaction.atomic
def jeune_modifier_identite(
    *, jeune: Jeune, par, justification: dict | None = None, **donnees
) -> Jeune:
    """Change the identity. A justified field can only change with a new justification
    (charte: « le processus est le même si vous devez modifier les informations déjà
    justifiées »); `justification` is {"piece": element, "date": datetime}. A changed NIR
    loses its certification."""
    jeune = Jeune.objects.select_for_update(of=("self",)).get(pk=jeune.pk)
    etait_justifiee = jeune.justification_en_cours is not None
    avant, nir_avant = jeune.valeurs_justifiees(), jeune.nir
    situation_avant = jeune.situation_familiale_id
    for champ, valeur in donnees.items():
        setattr(jeune, champ, valeur)
    # Charte: « renseignez la situation sans indiquer Non renseigné » once it is known.
    if situation_avant is not None and jeune.situation_familiale_id is None:
        raise ValidationError(
            {"situation_familiale": "La situation familiale connue ne peut pas être effacée."}
        )
    if (
        jeune.situation_familiale_id != situation_avant
        and "situation_familiale_confirmee_le" not in donnees
    ):
        jeune.situation_familiale_confirmee_le = None
    jeune.calculer_cles()
    apres = jeune.valeurs_justifiees()
    changes = [champ for champ in CHAMPS_JUSTIFIES if apres[champ] != avant[champ]]
    if etait_justifiee and changes and justification is None:
        libelles = ", ".join(str(Jeune._meta.get_field(c).verbose_name) for c in changes)
        raise RegleMetierError(
            f"L'identité est justifiée : pour modifier {libelles}, indiquez la pièce présentée.",
            champ="piece",
        )
    if nir_normaliser(jeune.nir) != nir_avant:
        jeune.nir_certifie_le = None
        jeune.nir_certifie_par = None
    _enregistrer_jeune(jeune, par)
    if justification is not None:
        jeune_justifier_identite(jeune=jeune, par=par, **justification)
    return jeune


@transaction.atomic
def jeune_justifier_identite(
    *, jeune: Jeune, par, piece, date: datetime | None = None
) -> JustificationIdentite:
    if piece.table_id != "piece_identite":
        raise RegleMetierError("Choisissez une pièce d'identité de la liste.", champ="piece")
    date = date or timezone.now()
    if date > timezone.now():
        raise RegleMetierError("La date de justification ne peut pas être future.", champ="date")
    justification = JustificationIdentite(
        jeune=jeune, piece=piece, date=date, par=par, valeurs=jeune.valeurs_justifiees()
    )
    return enregistrer(justification, par=par)


@transaction.atomic
def jeune_certifier_nir(*, jeune: Jeune, par) -> Jeune:
    jeune = Jeune.objects.select_for_update(of=("self",)).get(pk=jeune.pk)
    if not jeune.nir:
        raise RegleMetierError("Il n'y a pas de NIR à certifier.", champ="nir")
    if jeune.nir[0] not in PREMIERS_CHIFFRES_CERTIFIABLES:
        raise RegleMetierError(
            "Seul un NIR commençant par 1 ou 2 peut être certifié : les numéros commençant "
            "par 7 ou 8 sont provisoires.",
            champ="nir",
        )
    jeune.nir_certifie_le = timezone.now()
    jeune.nir_certifie_par = par
    return enregistrer(jeune, par=par, champs=["nir_certifie_le", "nir_certifie_par"])


def jeune_noter_acces(*, jeune: Jeune, par) -> None:
    """Opening a file is logged (append-only): who, when, which file."""
    AccesDossier.objects.create(jeune=jeune, utilisateur=par)


CHAMPS_ADRESSE = ("voie", "complement", "code_postal", "commune")


def jeune_modifier_coordonnees(*, jeune: Jeune, par, adresse: dict | None = None, **champs):
    """Contact details; a different address closes the current one (dated) and opens a new
    one. The new address is normalised after the write is committed, outside the row lock:
    a slow or absent address service never holds the file, nor blocks the save."""
    jeune, nouvelle = _modifier_coordonnees(jeune=jeune, par=par, adresse=adresse, **champs)
    if nouvelle is not None:
        adresse_normaliser(adresse=nouvelle, par=par)
    return jeune


@transaction.atomic
def _modifier_coordonnees(*, jeune: Jeune, par, adresse: dict | None, **champs):
    jeune = jeune_modifier(jeune=jeune, par=par, **champs)
    if adresse is None:
        return jeune, None
    courante = jeune.adresses.courantes().first()
    if courante is not None and all(
        getattr(courante, champ) == adresse.get(champ, "") for champ in CHAMPS_ADRESSE
    ):
        return jeune, None
    aujourdhui = timezone.localdate()
    if courante is not None:
        courante.fin = aujourdhui
        enregistrer(courante, par=par, champs=["fin"])
    nouvelle = Adresse(jeune=jeune, debut=aujourdhui, **adresse)
    return jeune, enregistrer(nouvelle, par=par)


def adresse_normaliser(*, adresse: Adresse, par=None) -> Adresse:
    """Ask the address service. Found: the normalised address with its coordinates, EPCI,
    ZRR and QPV. Not found: "introuvable" with the reason. Service down: stays "à
    normaliser" for the nightly retry. Never raises for the service's sake."""
    try:
        resultat = fournisseur_adresse().normaliser(
            AdresseSaisie(
                voie=adresse.voie,
                code_postal=adresse.code_postal,
                commune=adresse.commune,
                complement=adresse.complement,
            )
        )
    except AdresseIntrouvable as exc:
        adresse.statut = StatutNormalisation.INTROUVABLE
        adresse.message_normalisation = str(exc)[:300]
    except ServiceIndisponible as exc:
        adresse.statut = StatutNormalisation.A_NORMALISER
        adresse.message_normalisation = str(exc)[:300]
    else:
        adresse.voie = resultat.voie
        adresse.code_postal = resultat.code_postal
        adresse.commune = resultat.commune
        adresse.latitude, adresse.longitude = resultat.latitude, resultat.longitude
        adresse.epci_id = resultat.commune.epci_id
        adresse.zrr = resultat.commune.zrr
        adresse.qpv, adresse.code_qpv = statut_qpv(resultat.latitude, resultat.longitude)
        adresse.statut = StatutNormalisation.NORMALISEE
        adresse.message_normalisation = ""
    adresse.normalisation_tentee_le = timezone.now()
    # Only what normalisation owns: a `fin` set meanwhile by a counsellor is kept.
    return enregistrer(adresse, par=par, champs=CHAMPS_NORMALISES)


CHAMPS_NORMALISES = [
    "voie",
    "code_postal",
    "commune",
    "latitude",
    "longitude",
    "epci",
    "zrr",
    "qpv",
    "code_qpv",
    "statut",
    "message_normalisation",
    "normalisation_tentee_le",
]


@transaction.atomic
def jeune_modifier(*, jeune: Jeune, par, **champs) -> Jeune:
    """Fields of the file with no rule across rows (compléments, contact details…); the
    identity has its own service (justification)."""
    if set(champs) & set(CHAMPS_JUSTIFIES):
        raise ValueError("L'identité se modifie par jeune_modifier_identite (justification).")
    jeune = Jeune.objects.select_for_update(of=("self",)).get(pk=jeune.pk)
    referent_avant = jeune.conseiller_referent_id
    for champ, valeur in champs.items():
        setattr(jeune, champ, valeur)
    if jeune.conseiller_referent_id != referent_avant and not jeune.referent_admissible():
        raise ValidationError({"conseiller_referent": MESSAGE_REFERENT})
    return _enregistrer_jeune(jeune, par)


@transaction.atomic
def ressource_ajouter(*, jeune: Jeune, par, type, montant, debut, fin=None) -> Ressource:
    return enregistrer(
        Ressource(jeune=jeune, type=type, montant=montant, debut=debut, fin=fin), par=par
    )


@transaction.atomic
def ressource_clore(*, ressource: Ressource, par, fin) -> Ressource:
    if ressource.fin is not None:
        raise ValidationError({"fin": "Cette ressource est déjà close."})
    ressource.fin = fin
    return enregistrer(ressource, par=par)


@transaction.atomic
def permis_noter(*, jeune: Jeune, par, permis, etape: str, date_obtention=None) -> Permis:
    """Charte: « si vous n'avez aucune idée de la date, indiquez le 1er janvier de l'année
    en cours »."""
    if etape == EtapePermis.OBTENU and date_obtention is None:
        date_obtention = timezone.localdate().replace(month=1, day=1)
    if etape != EtapePermis.OBTENU:
        date_obtention = None
    ligne = Permis.objects.filter(jeune=jeune, permis=permis).first() or Permis(
        jeune=jeune, permis=permis
    )
    ligne.etape, ligne.date_obtention = etape, date_obtention
    return enregistrer(ligne, par=par)


@transaction.atomic
def permis_retirer(*, permis: Permis, par) -> None:
    supprimer(permis, par=par)


@transaction.atomic
def jeune_modifier_mobilite(*, jeune: Jeune, par, mobilite, locomotions: list, principal=None):
    """The mobility radius and the means of transport; `principal` must be among them."""
    if principal is not None and principal not in locomotions:
        raise RegleMetierError(
            "Le moyen principal doit faire partie des moyens cochés.", champ="principal"
        )
    if len(locomotions) > 1 and any(m.code == "aucun" for m in locomotions):
        raise RegleMetierError(
            "« Aucun » (à pied) ne se coche pas avec un autre moyen.", champ="locomotions"
        )
    if len(locomotions) == 1:
        principal = locomotions[0]
    if len(locomotions) > 1 and principal is None:
        raise RegleMetierError(
            "Plusieurs moyens cochés : indiquez le moyen principal.", champ="principal"
        )
    jeune = jeune_modifier(jeune=jeune, par=par, mobilite=mobilite)
    existants = {ligne.moyen_id: ligne for ligne in jeune.locomotions.all()}
    for moyen_id, ligne in existants.items():
        if moyen_id not in {m.pk for m in locomotions}:
            supprimer(ligne, par=par)
    # Principal flags cleared first: the database allows one at a time.
    jeune.locomotions.filter(principal=True).exclude(moyen=principal).update(principal=False)
    for moyen in locomotions:
        ligne = existants.get(moyen.pk) or MoyenLocomotion(jeune=jeune, moyen=moyen)
        ligne.principal = moyen == principal
        enregistrer(ligne, par=par)
    return jeune


def rendez_vous_conflits(*, conseiller, debut, duree: int, exclure=None):
    """The counsellor's other kept appointments that overlap: shown before saving."""
    conflits = RendezVous.objects.chevauchant(
        conseiller=conseiller, debut=debut, fin=debut + timedelta(minutes=duree)
    ).select_related("jeune")
    if exclure is not None:
        conflits = conflits.exclude(pk=exclure.pk)
    return conflits


@transaction.atomic
def rendez_vous_planifier(
    *, jeune: Jeune, par, debut, duree: int, conseiller, objet: str, lieu=None, lieu_autre=""
) -> RendezVous:
    rendez_vous = RendezVous(
        jeune=jeune,
        debut=debut,
        duree=duree,
        fin=debut + timedelta(minutes=duree or 0),
        conseiller=conseiller,
        objet=objet,
        lieu=lieu,
        lieu_autre=lieu_autre,
        created_by=par,
    )
    return enregistrer(rendez_vous, par=par)


@transaction.atomic
def rendez_vous_marquer(*, rendez_vous: RendezVous, par, statut: str, motif_absence=None):
    """Présent, absent (with its motif), annulé, reporté. A missed appointment shows red
    on the timeline; "présent" leads the view to the event, already filled in."""
    rendez_vous = RendezVous.objects.select_for_update(of=("self",)).get(pk=rendez_vous.pk)
    if statut == StatutRendezVous.ABSENT and motif_absence is None:
        raise RegleMetierError("Indiquez le motif de l'absence.", champ="motif_absence")
    rendez_vous.statut = statut
    rendez_vous.motif_absence = motif_absence if statut == StatutRendezVous.ABSENT else None
    return enregistrer(rendez_vous, par=par)


@transaction.atomic
def evenement_noter(
    *, jeune: Jeune, par, type: str, date=None, contexte=None, notes="", rendez_vous=None
) -> Evenement:
    evenement = Evenement(
        jeune=jeune,
        type=type,
        date=date or timezone.now(),
        auteur=par,
        contexte=contexte,
        notes=notes,
        rendez_vous=rendez_vous,
    )
    return enregistrer(evenement, par=par)


@transaction.atomic
def proposition_noter(*, jeune: Jeune, par, nature, theme, libelle, date=None) -> Proposition:
    return enregistrer(
        Proposition(
            jeune=jeune,
            nature=nature,
            theme=theme,
            libelle=libelle,
            date=date or timezone.localdate(),
            auteur=par,
        ),
        par=par,
    )


@transaction.atomic
def proposition_terminer(
    *, proposition: Proposition, par, etat: str, date_fin=None, par_son_proprietaire=False
):
    """Réalisée, abandonnée or refusée, dated (today by default); a finished one stays so.
    `par_son_proprietaire`: the app that owns the proposition (an enrolment) ends it."""
    if proposition.etat != EtatProposition.EN_COURS:
        raise RegleMetierError("Cette demande est déjà terminée.")
    for proprietaire in [] if par_son_proprietaire else PROPRIETAIRES_DE_PROPOSITION:
        ailleurs = proprietaire(proposition)
        if ailleurs:
            raise RegleMetierError(ailleurs)
    if etat == EtatProposition.EN_COURS or etat not in EtatProposition.values:
        raise RegleMetierError("Choisissez comment la demande s'est terminée.", champ="etat")
    proposition.etat = etat
    proposition.date_fin = date_fin or timezone.localdate()
    return enregistrer(proposition, par=par)


# What a situation records beside its dates, by category; other fields are left empty.
_CHAMPS_CONTRAT = ("type_contrat", "heures_hebdo")
_CHAMPS_FORMATION = ("objectif", "validation", "niveau", "nsf", "formacode", "resultat")


def _appliquer_situation(situation: Situation, par) -> Situation:
    """Derive what is derived (niveau from the validation), drop the fields the category
    does not have, save, and keep the cursus in step: « obtenu » makes its entry."""
    if situation.categorie not in CATEGORIES_AVEC_CONTRAT:
        for champ in _CHAMPS_CONTRAT:
            setattr(situation, champ, None)
    if situation.categorie not in CATEGORIES_DIPLOMANTES:
        for champ in _CHAMPS_FORMATION:
            setattr(situation, champ, None if champ in ("objectif", "validation", "nsf") else "")
    if situation.categorie not in CATEGORIES_AVEC_ORGANISME:
        situation.organisme = ""
    if situation.validation_id and situation.validation.code in NIVEAU_DES_VALIDATIONS:
        situation.niveau = NIVEAU_DES_VALIDATIONS[situation.validation.code]
    enregistrer(situation, par=par)
    entree = Cursus.objects.filter(situation=situation).first()
    if situation.resultat == ResultatFormation.OBTENU:
        entree = entree or Cursus(jeune=situation.jeune, situation=situation)
        entree.intitule = situation.intitule or str(situation.validation or situation)
        entree.validation = situation.validation
        entree.niveau = situation.niveau
        entree.obtenu_le = situation.fin_reelle
        enregistrer(entree, par=par)
    elif entree is not None:
        supprimer(entree, par=par)
    return situation


@transaction.atomic
def situation_noter(*, jeune: Jeune, par, categorie: str, debut, **champs) -> Situation:
    situation = Situation(jeune=jeune, categorie=categorie, debut=debut, auteur=par, **champs)
    return _appliquer_situation(situation, par)


@transaction.atomic
def situation_modifier(*, situation: Situation, par, **champs) -> Situation:
    """Any field but the category (a situation noted in the wrong category is deleted)."""
    if "categorie" in champs and champs.pop("categorie") != situation.categorie:
        raise RegleMetierError(
            "La catégorie d'une situation ne change pas : supprimez-la et notez la bonne."
        )
    situation = Situation.objects.select_for_update().get(pk=situation.pk)
    for champ, valeur in champs.items():
        setattr(situation, champ, valeur)
    return _appliquer_situation(situation, par)


@transaction.atomic
def situation_supprimer(*, situation: Situation, par) -> None:
    """A situation typed by mistake; its cursus entry goes with it (history keeps both)."""
    entree = Cursus.objects.filter(situation=situation).first()
    if entree is not None:
        supprimer(entree, par=par)
    supprimer(situation, par=par)


@transaction.atomic
def cursus_ajouter(*, jeune: Jeune, par, intitule, obtenu_le, validation=None, niveau="") -> Cursus:
    if validation is not None and validation.code in NIVEAU_DES_VALIDATIONS:
        niveau = NIVEAU_DES_VALIDATIONS[validation.code]
    return enregistrer(
        Cursus(
            jeune=jeune,
            intitule=intitule,
            obtenu_le=obtenu_le,
            validation=validation,
            niveau=niveau,
        ),
        par=par,
    )


@transaction.atomic
def cursus_retirer(*, cursus: Cursus, par) -> None:
    if cursus.situation_id:
        raise RegleMetierError(
            "Ce diplôme vient d'une formation « obtenu » : changez le résultat de la formation."
        )
    supprimer(cursus, par=par)
