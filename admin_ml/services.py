"""Writes of the admin portal. Keyword-only, atomic, with the acting user (`par`).

Users' lifecycle (seed 003, « Gestion des utilisateurs »): creation after a search across
all MLs, recovery of an account from another ML, functions and profile, change of name,
deactivation and reactivation (billing), unsubscription (RGPD, definitive); the ML's own
profiles.
"""

import secrets
from datetime import date

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from admin_ml.blocages import blocages, phrase
from admin_ml.models import (
    DONNEE_ANONYMISEE,
    LieuAccueil,
    MissionLocale,
    Profil,
    ProfilDroit,
    Utilisateur,
)
from admin_ml.regles import identifiant_libre, verifier_personne
from imilo.droits import Droit
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer, supprimer


@transaction.atomic
def lieu_modifier(*, lieu: LieuAccueil, par, **champs) -> LieuAccueil:
    """A site's name, postal address and phone: printed on the letters of the
    appointments held there."""
    lieu = LieuAccueil.objects.select_for_update().get(pk=lieu.pk)
    for champ, valeur in champs.items():
        setattr(lieu, champ, valeur)
    if (
        LieuAccueil.objects.filter(structure=lieu.structure_id, nom=lieu.nom)
        .exclude(pk=lieu.pk)
        .exists()
    ):
        raise ValidationError({"nom": "Cette mission locale a déjà un lieu d'accueil de ce nom."})
    return enregistrer(lieu, par=par)


# What the user page may change; the name has its own action, the state its own services.
CHAMPS_MODIFIABLES = frozenset({"profil", "email", "delegation_rgs", *Utilisateur.FONCTIONS})


def _verrouiller_structure(structure) -> None:
    """Changes of functions in one ML wait for each other: two directors at once cannot
    both pass the Direction check."""
    MissionLocale.objects.select_for_update().filter(pk=structure.pk).first()


def _erreurs_du_compte(utilisateur: Utilisateur) -> dict[str, str]:
    """The rules of functions and profile, each message next to its field."""
    erreurs = {}
    if utilisateur.fonction_direction:
        titulaire = (
            Utilisateur.objects.filter(structure=utilisateur.structure_id, fonction_direction=True)
            .exclude(pk=utilisateur.pk)
            .first()
        )
        if titulaire is not None:
            # Seed 003: one Direction per ML, deactivated accounts included; the message
            # names the holder so that the director knows whose account to open.
            etat = "" if titulaire.is_active else " (compte désactivé)"
            erreurs["fonction_direction"] = (
                f"{titulaire.nom_complet}, {titulaire.identifiant}{etat}, a déjà la fonction "
                "Direction : une seule personne l'a dans la mission locale. Retirez-la lui "
                "d'abord depuis sa fiche."
            )
    if utilisateur.delegation_rgs and not utilisateur.fonction_validateur:
        erreurs["delegation_rgs"] = (
            "La délégation du certificat RGS ne va qu'à un validateur : cochez aussi la "
            "fonction validateur."
        )
    if (
        utilisateur.profil_id
        and not Profil.objects.disponibles_pour(utilisateur.structure_id)
        .filter(pk=utilisateur.profil_id)
        .exists()
    ):
        erreurs["profil"] = "Ce profil n'est pas un profil de votre mission locale."
    return erreurs


@transaction.atomic
def utilisateur_creer(
    *,
    structure: MissionLocale,
    nom: str,
    prenom: str,
    date_naissance: date,
    email: str,
    profil: Profil,
    par,
    **fonctions: bool,
) -> Utilisateur:
    """A new account for a physical person, with the first free identifier (s.debout,
    sy.debout, syl.debout…). The person chooses a password from the welcome email."""
    inconnues = set(fonctions) - set(Utilisateur.FONCTIONS) - {"delegation_rgs"}
    if inconnues:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnues))}")
    verifier_personne(nom=nom, prenom=prenom)
    _verrouiller_structure(structure)
    utilisateur = Utilisateur(
        structure=structure,
        nom=" ".join(nom.split()),
        prenom=" ".join(prenom.split()),
        date_naissance=date_naissance,
        email=Utilisateur.objects.normalize_email(email),
        profil=profil,
        **fonctions,
    )
    erreurs = _erreurs_du_compte(utilisateur)
    if erreurs:
        raise ValidationError(erreurs)
    utilisateur.set_password(secrets.token_urlsafe(32))
    # Two directors may create the same identifier at the same instant in two MLs: the
    # unique index refuses the second, which takes the next free one.
    for essai in range(3):
        utilisateur.identifiant = identifiant_libre(prenom=utilisateur.prenom, nom=utilisateur.nom)
        try:
            with transaction.atomic():
                enregistrer(utilisateur, par=par, raison="création")
            return utilisateur
        except IntegrityError:
            if essai == 2:
                raise
            utilisateur.pk = None


@transaction.atomic
def utilisateur_recuperer(
    *, utilisateur: Utilisateur, structure: MissionLocale, profil: Profil, par
) -> Utilisateur:
    """Move the account of someone who worked in another ML to this one: the person keeps
    the identifier, the password and the history (seed 003: « il est préférable de
    récupérer le compte »). Functions, delegation and profile start again for the new ML;
    the old ML's référent links must have been transferred first."""
    compte = (
        Utilisateur.objects.select_for_update().select_related("structure").get(pk=utilisateur.pk)
    )
    if compte.est_desabonne:
        raise RegleMetierError("Ce compte a été désabonné : il ne peut pas être récupéré.")
    if compte.structure_id == structure.pk:
        raise RegleMetierError("Ce compte est déjà celui d'un utilisateur de votre mission locale.")
    # Someone who *worked* elsewhere: an account still in use is never taken from its ML.
    if compte.is_active:
        raise RegleMetierError(
            f"Ce compte est encore actif à {compte.structure} : cette mission locale doit "
            "d'abord le désactiver (départ de la personne), puis vous pourrez le récupérer."
        )
    if blocages(compte):
        # What the other ML still holds is its business: no counts, no names.
        raise RegleMetierError(
            f"{compte.structure} doit d'abord transférer ce que cette personne suivait encore "
            "(dossiers, dispositifs, offres) ; vous pourrez ensuite récupérer le compte."
        )
    _verrouiller_structure(structure)
    ancienne = compte.structure
    compte.structure = structure
    compte.profil = profil
    for champ in Utilisateur.FONCTIONS:
        setattr(compte, champ, False)
    compte.delegation_rgs = False
    compte.is_active = True
    erreurs = _erreurs_du_compte(compte)
    if erreurs:
        raise ValidationError(erreurs)
    enregistrer(compte, par=par, raison=f"récupéré de {ancienne}"[:100])
    return compte


def _refuser_si_desabonne(utilisateur: Utilisateur) -> None:
    if utilisateur.est_desabonne:
        raise RegleMetierError("Ce compte est désabonné : il ne se modifie plus.")


@transaction.atomic
def utilisateur_modifier(*, utilisateur: Utilisateur, par, **champs) -> Utilisateur:
    """Profile, email, functions and RGS delegation. A deactivated account stays editable,
    so that its Direction function can be removed without reactivating it."""
    inconnus = set(champs) - CHAMPS_MODIFIABLES
    if inconnus:
        raise TypeError(f"Champs non modifiables ici : {', '.join(sorted(inconnus))}")
    _verrouiller_structure(utilisateur.structure)
    compte = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
    _refuser_si_desabonne(compte)
    for champ, valeur in champs.items():
        setattr(compte, champ, valeur)
    if "email" in champs:
        compte.email = Utilisateur.objects.normalize_email(compte.email)
    erreurs = _erreurs_du_compte(compte)
    if (
        compte.pk == par.pk
        and "profil" in champs
        and not compte.profil.droits.filter(droit=Droit.ADMIN_ML_GERER_UTILISATEURS).exists()
    ):
        erreurs["profil"] = (
            "Avec ce profil, vous perdriez le droit de gérer les utilisateurs : demandez à un "
            "autre administrateur de le changer."
        )
    if erreurs:
        raise ValidationError(erreurs)
    enregistrer(compte, par=par)
    return compte


@transaction.atomic
def utilisateur_changer_de_nom(*, utilisateur: Utilisateur, nom: str, par) -> Utilisateur:
    """The only rename (marriage, divorce): the identifier and the history stay. Replacing
    a person by another is a new account (seed 003)."""
    compte = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
    _refuser_si_desabonne(compte)
    nom = " ".join((nom or "").split())
    verifier_personne(nom=nom, prenom=compte.prenom)
    if nom == compte.nom:
        raise RegleMetierError("C'est déjà le nom de ce compte.", champ="nom")
    compte.nom = nom
    # The former name stays in the account's history rows (scrubbed if the person
    # unsubscribes), never in a free-text reason.
    enregistrer(compte, par=par, raison="changement de nom")
    return compte


@transaction.atomic
def utilisateur_desactiver(*, utilisateur: Utilisateur, par) -> Utilisateur:
    """The person may come back (long sick leave…); billing stops from the next month."""
    compte = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
    _refuser_si_desabonne(compte)
    if compte.pk == par.pk:
        raise RegleMetierError("Vous ne pouvez pas désactiver votre propre compte.")
    if not compte.is_active:
        raise RegleMetierError("Ce compte est déjà désactivé.")
    compte.is_active = False
    enregistrer(compte, par=par, raison="désactivation")
    return compte


@transaction.atomic
def utilisateur_reactiver(*, utilisateur: Utilisateur, par) -> Utilisateur:
    compte = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
    if compte.est_desabonne:
        raise RegleMetierError("Un compte désabonné ne peut pas être réactivé.")
    if compte.is_active:
        raise RegleMetierError("Ce compte est déjà actif.")
    compte.is_active = True
    enregistrer(compte, par=par, raison="réactivation")
    return compte


@transaction.atomic
def utilisateur_desabonner(*, utilisateur: Utilisateur, par) -> Utilisateur:
    """Definitive (RGPD): the person's data is erased, in the account and in its history;
    what they did keeps its author, shown as « Donnée anonymisée » (seed 003). Refused
    while they are still référent of records, which must be transferred first."""
    compte = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
    if compte.est_desabonne:
        raise RegleMetierError("Ce compte est déjà désabonné.")
    if compte.pk == par.pk:
        raise RegleMetierError("Vous ne pouvez pas désabonner votre propre compte.")
    liens = blocages(compte)
    if liens:
        raise RegleMetierError(
            f"{compte.nom_complet} est encore {phrase(liens)} : transférez-les d'abord à un "
            "autre conseiller."
        )
    ancien_identifiant = compte.identifiant
    neutre = {
        "nom": DONNEE_ANONYMISEE,
        "prenom": DONNEE_ANONYMISEE,
        "email": f"desabonne-{compte.pk}@anonyme.invalid",
        "identifiant": f"x.desabonne-{compte.pk}",
        "date_naissance": date(1900, 1, 1),
    }
    for champ, valeur in neutre.items():
        setattr(compte, champ, valeur)
    for champ in Utilisateur.FONCTIONS:
        setattr(compte, champ, False)
    compte.delegation_rgs = False
    compte.is_active = False
    compte.desabonne_le = timezone.now()
    compte.set_unusable_password()
    enregistrer(compte, par=par, raison="désabonnement")
    # The history pages must not show the old name either; the states (active, ML,
    # profile, dates) stay: the past billing lists depend on them.
    Utilisateur.history.filter(id=compte.pk).update(**neutre)
    for journal in (AccessLog, AccessFailureLog, AccessAttempt):
        journal.objects.filter(username=ancien_identifiant).delete()
    return compte


# The ML's own profiles -------------------------------------------------------------------


def _code_libre(structure: MissionLocale, nom: str, profil: Profil | None = None) -> str:
    base = slugify(nom)[:40] or "profil"
    pris = set(
        Profil.objects.filter(structure=structure)
        .exclude(pk=getattr(profil, "pk", None))
        .values_list("code", flat=True)
    )
    code, numero = base, 2
    while code in pris:
        code, numero = f"{base}-{numero}", numero + 1
    return code


def _verifier_profil(profil: Profil, droits: set[str], par) -> None:
    erreurs = {}
    homonyme = (
        Profil.objects.disponibles_pour(profil.structure_id)
        .filter(nom__iexact=profil.nom.strip())
        .exclude(pk=profil.pk)
        .first()
    )
    if homonyme is not None:
        erreurs["nom"] = f"Le profil « {homonyme.nom} » existe déjà : choisissez un autre nom."
    inconnus = droits - set(Droit.values)
    if inconnus:
        erreurs["droits"] = f"Droits inconnus : {', '.join(sorted(inconnus))}."
    if profil.pk and par.profil_id == profil.pk and Droit.ADMIN_ML_GERER_UTILISATEURS not in droits:
        erreurs["droits"] = (
            "C'est votre profil : sans « gérer les utilisateurs », vous perdriez l'accès à "
            "cette page. Demandez à un autre administrateur."
        )
    if erreurs:
        raise ValidationError(erreurs)


def _remplacer_droits(profil: Profil, droits: set[str], par) -> None:
    actuels = set(profil.droits.values_list("droit", flat=True))
    # Row by row deletes and a history-aware insert: who changed a right is traced.
    for retire in profil.droits.exclude(droit__in=droits):
        supprimer(retire, par=par)
    bulk_create_with_history(
        [ProfilDroit(profil=profil, droit=droit) for droit in sorted(droits - actuels)],
        ProfilDroit,
        default_user=par,
    )


@transaction.atomic
def profil_creer(
    *, structure: MissionLocale, nom: str, description: str = "", droits, par
) -> Profil:
    """An ML's own profile (seed 003: « Evitez de créer trop de profils »)."""
    droits = {str(droit) for droit in droits}
    _verrouiller_structure(structure)
    profil = Profil(structure=structure, nom=" ".join(nom.split()), description=description)
    _verifier_profil(profil, droits, par)
    profil.code = _code_libre(structure, profil.nom)
    enregistrer(profil, par=par)
    _remplacer_droits(profil, droits, par)
    return profil


@transaction.atomic
def profil_modifier(*, profil: Profil, nom: str, description: str = "", droits, par) -> Profil:
    """Only an ML's own profiles change here; the standard ones are the code's."""
    profil = Profil.objects.select_for_update().get(pk=profil.pk)
    if profil.est_standard:
        raise RegleMetierError("Les profils standard ne se modifient pas : créez-en un pour la ML.")
    droits = {str(droit) for droit in droits}
    profil.nom = " ".join(nom.split())
    profil.description = description
    _verifier_profil(profil, droits, par)
    profil.code = _code_libre(profil.structure, profil.nom, profil)
    enregistrer(profil, par=par)
    _remplacer_droits(profil, droits, par)
    return profil
