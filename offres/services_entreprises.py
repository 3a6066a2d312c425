"""Companies and partners, their contacts and job offers. Keyword-only, atomic, with the
acting user (`par`).

The register (offres/sirene.py) is asked outside the write's transaction: a slow or
absent register never holds the row nor blocks the save; the company simply stays « non
rattachée » with the reason, and the counsellor attaches it later."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer, supprimer
from offres.enums import TrancheEffectif
from offres.models import ContactEntreprise, Entreprise, OffreEmploi
from offres.models_entreprises import compacter
from offres.services import changer_referent
from offres.sirene import Etablissement, RegistreIndisponible, fournisseur
from referentiels.models import Commune

CHAMPS_DU_REGISTRE = [
    "siren",
    "categorie_juridique",
    "categorie_juridique_libelle",
    "tranche_effectif",
    "code_naf",
    "rattachee_le",
    "message_registre",
]


@dataclass(frozen=True)
class Consultation:
    """What the register said about a number: its establishments, or why not."""

    etablissements: tuple[Etablissement, ...] = ()
    message: str = ""


def registre_consulter(numero: str) -> Consultation:
    """Ask the register for a SIRET or a SIREN; never raises for the register's sake."""
    numero = compacter(numero or "")
    if not numero.isdigit() or len(numero) not in (9, 14):
        return Consultation(message="Tapez un SIRET (14 chiffres) ou un SIREN (9 chiffres).")
    try:
        trouves = fournisseur().chercher(numero)
    except RegistreIndisponible:
        return Consultation(
            message="Le registre des entreprises ne répond pas : saisissez l'entreprise, vous "
            "la rattacherez plus tard."
        )
    if not trouves:
        return Consultation(message=f"Le registre ne connaît pas le numéro {numero} : vérifiez-le.")
    return Consultation(etablissements=tuple(trouves))


def entreprise_creer(*, structure, par, **champs) -> Entreprise:
    """Create, then attach to the register (outside the transaction)."""
    entreprise = _creer(structure=structure, par=par, **champs)
    entreprise_rattacher(entreprise=entreprise, par=par)
    return entreprise


@transaction.atomic
def _creer(*, structure, par, **champs) -> Entreprise:
    entreprise = Entreprise(structure=structure, created_by=par, **champs)
    entreprise.calculer_cles()
    _verifier_siret_libre(entreprise, entreprise.siret)
    return enregistrer(entreprise, par=par)


def _verifier_siret_libre(entreprise: Entreprise, siret: str) -> None:
    if not siret:
        return
    autre = (
        Entreprise.objects.de_la_structure(entreprise.structure)
        .filter(siret=siret)
        .exclude(pk=entreprise.pk)
        .first()
    )
    if autre is not None:
        raise RegleMetierError(
            f"Cet établissement (SIRET {siret}) est déjà enregistré : « {autre} ». Ouvrez sa "
            "fiche plutôt que d'en créer un doublon.",
            champ="siret",
        )


@transaction.atomic
def entreprise_modifier(*, entreprise: Entreprise, par, **champs) -> Entreprise:
    """Everything but the identity in the register: the SIREN never changes once known,
    and the SIRET changes only by a move (entreprise_demenager)."""
    entreprise = Entreprise.objects.select_for_update().get(pk=entreprise.pk)
    siren, siret = entreprise.siren, entreprise.siret
    for champ, valeur in champs.items():
        setattr(entreprise, champ, valeur)
    entreprise.calculer_cles()
    if siren and entreprise.siren != siren:
        raise RegleMetierError(
            f"Le SIREN d'une entreprise ne change jamais ({siren}) : une autre entreprise se "
            "crée à part.",
            champ="siren",
        )
    if siret and entreprise.siret != siret:
        raise RegleMetierError(
            "Le SIRET change quand l'établissement déménage : utilisez « Déménagement ».",
            champ="siret",
        )
    _verifier_siret_libre(entreprise, entreprise.siret)
    return enregistrer(entreprise, par=par)


def entreprise_demenager(
    *, entreprise: Entreprise, par, siret: str, voie: str = "", code_postal: str = "", commune=None
) -> Entreprise:
    """A move: new SIRET (same SIREN) and new address; history keeps the previous ones. The
    new establishment is attached to the register again."""
    entreprise = _demenager(
        entreprise=entreprise,
        par=par,
        siret=siret,
        voie=voie,
        code_postal=code_postal,
        commune=commune,
    )
    entreprise_rattacher(entreprise=entreprise, par=par)
    return entreprise


@transaction.atomic
def _demenager(*, entreprise: Entreprise, par, siret, voie, code_postal, commune) -> Entreprise:
    entreprise = Entreprise.objects.select_for_update().get(pk=entreprise.pk)
    siret = compacter(siret)
    if not entreprise.siren:
        raise RegleMetierError(
            "Cette entreprise n'a pas de SIREN : notez son SIRET dans « Modifier ».", champ="siret"
        )
    if siret == entreprise.siret:
        raise RegleMetierError("C'est déjà le SIRET de l'établissement.", champ="siret")
    if siret[:9] != entreprise.siren:
        # Seed 003: « le SIRET change mais pas le SIREN » when a company moves.
        raise RegleMetierError(
            f"Un déménagement change le SIRET, jamais le SIREN : ce SIRET appartient à une "
            f"autre entreprise (SIREN {siret[:9]}, et non {entreprise.siren}).",
            champ="siret",
        )
    _verifier_siret_libre(entreprise, siret)
    entreprise.siret = siret
    entreprise.voie, entreprise.code_postal, entreprise.commune = voie, code_postal, commune
    # The new establishment is not attached yet.
    entreprise.rattachee_le = None
    return enregistrer(entreprise, par=par)


def entreprise_rattacher(*, entreprise: Entreprise, par) -> Entreprise:
    """Ask the register: found, the legal category, headcount and activity are filled and
    the company is « rattachée »; unknown or register down, it stays as it is with the
    reason. Never raises for the register's sake."""
    numero = entreprise.siret or entreprise.siren
    if not numero:
        entreprise.message_registre = "Sans SIRET ni SIREN, l'entreprise ne se rattache pas."
        return _noter_registre(entreprise, par)
    consultation = registre_consulter(numero)
    if not consultation.etablissements:
        entreprise.message_registre = consultation.message[:300]
        return _noter_registre(entreprise, par)
    etablissement = next(
        (e for e in consultation.etablissements if not e.ferme), consultation.etablissements[0]
    )
    entreprise.siren = entreprise.siren or etablissement.siren
    entreprise.categorie_juridique = etablissement.categorie_juridique
    entreprise.categorie_juridique_libelle = etablissement.categorie_juridique_libelle[:200]
    if etablissement.tranche_effectif in TrancheEffectif.values:
        entreprise.tranche_effectif = etablissement.tranche_effectif
    entreprise.code_naf = etablissement.code_naf[:6]
    entreprise.rattachee_le = timezone.now()
    entreprise.message_registre = (
        "Cet établissement est fermé au registre : s'il a déménagé, notez son nouveau SIRET."
        if entreprise.siret and etablissement.ferme
        else ""
    )
    return _noter_registre(entreprise, par)


def _noter_registre(entreprise: Entreprise, par) -> Entreprise:
    # Only what the register owns: what a counsellor saved meanwhile is kept.
    return enregistrer(entreprise, par=par, champs=CHAMPS_DU_REGISTRE)


def valeurs_du_registre(etablissement: Etablissement) -> dict:
    """The form's values from an establishment of the register (the creation page)."""
    commune = Commune.objects.filter(pk=etablissement.code_commune).first()
    return {
        "raison_sociale": etablissement.raison_sociale,
        "enseigne": etablissement.enseigne,
        "siret": etablissement.siret,
        "siren": etablissement.siren,
        "voie": etablissement.voie,
        "code_postal": etablissement.code_postal,
        "commune": commune.pk if commune else "",
    }


@transaction.atomic
def entreprises_changer_referent(*, entreprises, referent, par) -> int:
    return changer_referent(objets=entreprises, referent=referent, par=par)


# --- Contacts and job offers --------------------------------------------------------------


@transaction.atomic
def contact_ajouter(*, entreprise: Entreprise, par, **champs) -> ContactEntreprise:
    return enregistrer(ContactEntreprise(entreprise=entreprise, **champs), par=par)


@transaction.atomic
def contact_retirer(*, contact: ContactEntreprise, par) -> None:
    supprimer(contact, par=par)


@transaction.atomic
def offre_emploi_creer(*, entreprise: Entreprise, par, **champs) -> OffreEmploi:
    return enregistrer(OffreEmploi(entreprise=entreprise, created_by=par, **champs), par=par)


@transaction.atomic
def offre_emploi_modifier(*, offre_emploi: OffreEmploi, par, **champs) -> OffreEmploi:
    offre_emploi = OffreEmploi.objects.select_for_update().get(pk=offre_emploi.pk)
    for champ, valeur in champs.items():
        setattr(offre_emploi, champ, valeur)
    return enregistrer(offre_emploi, par=par)
