"""The CERFA of a PACEA and of a CEJ (with its annex 1, the bank details): a reproduction in
HTML/CSS rendered by WeasyPrint in a Celery task, stored in the youth file's documents.

- `cerfa_demander(*, dispositif, par)` (the counsellor's button) checks the rules, notes
  `cerfa_demande_le` and queues `dispositifs.generer_cerfa` after the commit; the page
  shows « en cours de génération » until the document is there. When the CERFA already
  generated is up to date (same data), it is returned and nothing is queued.
- `cerfa_generer(...)` (the task's body) checks the rules again (the file may have changed
  since the request), builds the context, and stores the PDF through
  `dossiers.documents.document_generer`: the same data never make a second document,
  changed data make the next version.
- What the CERFA prints comes from `contexte_cerfa(dispositif)`; its canonical JSON is the
  document's `empreinte`. The address is printed **complete** (complément: bâtiment,
  étage, résidence, lieu-dit…): seed 003 reports that the national tool drops it. The NIR
  is printed in full (the paying agency needs it): the document is flagged
  `contient_nir` and only users with `dossiers.voir_nir` download it.
- CERFA numbering (charte PACEA/Garantie jeunes): 0 for the PACEA (or a Garantie jeunes
  starting the same day), 1 for a Garantie jeunes started after the PACEA entry, 2 for
  its renewal: the number of the latest Garantie jeunes phase, else the PACEA's. A CEJ is
  one contract: 0.
"""

import hashlib
import json
import logging

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from stdnum import iban as stdnum_iban

from dispositifs.models import Dispositif, Phase
from dispositifs.regles import CEJ, PACEA, PLAFOND_RESSOURCES_PACEA
from dossiers.documents import document_generer
from dossiers.messagerie import adresse_postale
from dossiers.models import Adresse, Document, Jeune
from imilo.erreurs import RegleMetierError
from imilo.historique import enregistrer
from imilo.pdf import rendre_pdf
from imilo.taches import mettre_en_file

logger = logging.getLogger(__name__)

# Raised when the layout of a CERFA changes: the data then make a new version.
VERSION_DES_GABARITS = 1
GABARITS = {PACEA: "pdf/cerfa_pacea.html", CEJ: "pdf/cerfa_cej.html"}


def a_un_cerfa(dispositif: Dispositif) -> bool:
    """A PACEA or a CEJ (the dispositifs with a CERFA layout)."""
    return dispositif.code in GABARITS


def cle_cerfa(dispositif: Dispositif) -> str:
    return f"cerfa-{dispositif.code}-{dispositif.pk}"


def raison_sans_cerfa(dispositif: Dispositif, jeune: Jeune) -> str:
    """Why no CERFA may be generated for this dispositif ("" when it may). `jeune` is the
    dispositif's youth file, as the page or the task loaded it."""
    if not a_un_cerfa(dispositif):
        return "Seuls le PACEA et le CEJ ont un CERFA."
    if dispositif.est_cej and not jeune.iban:
        return (
            "Renseignez d'abord les coordonnées bancaires (IBAN) du jeune dans ses "
            "coordonnées : l'annexe 1 du CERFA du CEJ les porte pour le versement de "
            "l'allocation, un CERFA sans IBAN est rejeté."
        )
    return ""


def dernier_cerfa(dispositif: Dispositif) -> Document | None:
    return Document.objects.de_la_cle(cle_cerfa(dispositif)).first()


def _charger(dispositif_id: int) -> Dispositif:
    """The dispositif with everything its CERFA prints."""
    return (
        Dispositif.objects.select_related(
            "type",
            "motif_sortie",
            "prescripteur",
            "referent",
            "diagnostic",
            "jeune__structure",
            "jeune__commune_naissance__departement",
            "jeune__pays_naissance",
            "jeune__lieu_rattachement",
        )
        .prefetch_related(
            Prefetch("jeune__adresses", queryset=Adresse.objects.select_related("commune")),
            Prefetch(
                "phases",
                queryset=Phase.objects.select_related("type").prefetch_related("objectifs"),
            ),
        )
        .get(pk=dispositif_id)
    )


def _lignes(*lignes: str) -> list[str]:
    return [ligne.strip() for ligne in lignes if ligne and ligne.strip()]


def numero_cerfa(dispositif: Dispositif, phases: list[Phase]) -> str:
    garanties = [p for p in phases if p.est_garantie_jeunes and p.numero_cerfa is not None]
    if garanties:
        return str(garanties[-1].numero_cerfa)
    return str(dispositif.numero_cerfa if dispositif.numero_cerfa is not None else 0)


def _jeune(jeune: Jeune) -> dict:
    if jeune.ne_etranger:
        lieu_naissance = str(jeune.pays_naissance or "")
    else:
        commune = jeune.commune_naissance
        lieu_naissance = f"{commune.nom} ({commune.departement_id})" if commune else ""
    return {
        "nom_usage": jeune.nom_usage,
        "nom_naissance": jeune.nom_naissance,
        "prenom": jeune.prenom,
        "sexe": jeune.sexe,
        "sexe_libelle": jeune.get_sexe_display(),
        "date_naissance": jeune.date_naissance,
        "lieu_naissance": lieu_naissance,
        "nationalite": jeune.get_nationalite_display(),
        "nir": jeune.nir,
        "pas_de_nir": jeune.pas_de_nir,
        # The postal block without the name line: voie, complément, code postal COMMUNE.
        "adresse": adresse_postale(jeune).splitlines()[1:],
        "telephone_mobile": jeune.mobile_affiche,
        "telephone_fixe": jeune.fixe_affiche,
        "email": jeune.email,
        "identifiant_france_travail": jeune.identifiant_france_travail,
        "rqth": jeune.rqth,
    }


def _structure(jeune: Jeune) -> dict:
    structure = jeune.structure
    lieu = jeune.lieu_rattachement
    return {
        "nom": structure.nom,
        "code": structure.code,
        "siret": structure.siret,
        "adresse": _lignes(
            structure.adresse,
            structure.complement_adresse,
            f"{structure.code_postal} {structure.commune}",
        ),
        "telephone": structure.telephone,
        "email": structure.email,
        "lieu": {
            "nom": lieu.nom,
            "adresse": _lignes(
                lieu.adresse, lieu.complement_adresse, f"{lieu.code_postal} {lieu.commune}"
            ),
            "telephone": lieu.telephone,
        }
        if lieu is not None
        else None,
    }


def _phases(phases: list[Phase]) -> list[dict]:
    return [
        {
            "type": str(phase.type),
            "debut": phase.debut,
            "fin_prevue": phase.fin_prevue,
            "fin_reelle": phase.fin_reelle,
            "garantie_jeunes": phase.est_garantie_jeunes,
            "numero_cerfa": phase.numero_cerfa,
            "objectifs": [
                {"libelle": o.libelle, "etat": o.get_etat_display(), "clos_le": o.clos_le}
                for o in phase.objectifs.all()
            ],
        }
        for phase in phases
    ]


def contexte_cerfa(dispositif: Dispositif) -> dict:
    """Everything the CERFA prints, as plain values (dates, strings, lists): its canonical
    JSON is the document's `empreinte`. `dispositif` comes from `_charger`."""
    jeune = dispositif.jeune
    phases = list(dispositif.phases.all())
    diagnostic = dispositif.diagnostic
    return {
        "gabarit": VERSION_DES_GABARITS,
        "type": dispositif.code,
        "numero_cerfa": numero_cerfa(dispositif, phases),
        "dispositif": {
            "libelle": str(dispositif.type),
            "initialise_le": dispositif.initialise_le,
            "entree_le": dispositif.entree_le,
            "fin_prevue": dispositif.fin_prevue,
            "fin_reelle": dispositif.fin_reelle,
            "motif_sortie": str(dispositif.motif_sortie or ""),
            "prescripteur": dispositif.prescripteur.nom_complet,
            "referent": dispositif.referent.nom_complet,
            "diagnostic": {"du": diagnostic.entree_le, "au": diagnostic.fin_reelle}
            if diagnostic is not None
            else None,
        },
        "jeune": _jeune(jeune),
        "structure": _structure(jeune),
        "phases": _phases(phases) if dispositif.est_pacea else [],
        "plafond_ressources": PLAFOND_RESSOURCES_PACEA,
        "banque": {
            "titulaire": f"{jeune.prenom} {jeune.nom_usage}",
            "iban": stdnum_iban.format(jeune.iban) if jeune.iban else "",
            "bic": jeune.bic,
        }
        if dispositif.est_cej
        else None,
    }


def empreinte(contexte: dict) -> str:
    canonique = json.dumps(
        contexte, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonique.encode()).hexdigest()


def nom_du_cerfa(contexte: dict) -> str:
    if contexte["type"] == CEJ:
        return "CERFA du CEJ et annexe 1 (coordonnées bancaires)"
    return f"CERFA du PACEA n° {contexte['numero_cerfa']}"


@transaction.atomic
def cerfa_demander(*, dispositif: Dispositif, par) -> Document | None:
    """Ask for the CERFA. Returns the document already generated when it is up to date
    (same data); otherwise None: the task is queued and makes it after the commit."""
    from dispositifs.tasks import generer_cerfa

    verrouille = Dispositif.objects.select_for_update(of=("self",)).get(pk=dispositif.pk)
    complet = _charger(verrouille.pk)
    raison = raison_sans_cerfa(complet, complet.jeune)
    if raison:
        raise RegleMetierError(raison)
    contexte = contexte_cerfa(complet)
    a_jour = Document.objects.filter(cle=cle_cerfa(complet), empreinte=empreinte(contexte)).first()
    if a_jour is not None:
        _lever_demande_servie(verrouille, a_jour, par)
        return a_jour
    _noter_la_demande(verrouille, timezone.now(), par)
    mettre_en_file(generer_cerfa, verrouille.pk, demandeur_id=par.pk, par=par)
    return None


def _noter_la_demande(dispositif: Dispositif, demande_le, auteur) -> None:
    """`cerfa_demande_le` alone, on the row the caller locked: this bookkeeping column
    neither validates nor rewrites the rest of the dispositif (a closed one may hold a
    référent who has since moved to another ML); without an author (a task whose requester
    was deleted), the one of the task."""
    dispositif.cerfa_demande_le = demande_le
    enregistrer(dispositif, par=auteur, champs=["cerfa_demande_le"])


def _lever_demande(dispositif: Dispositif, auteur) -> None:
    if dispositif.cerfa_demande_le is not None:
        _noter_la_demande(dispositif, None, auteur)


def _lever_demande_servie(dispositif: Dispositif, document: Document, auteur) -> None:
    """A pending request that an earlier version already answers (the data came back to
    what that version prints) is lifted: otherwise the page would show « en cours » until
    the next change. `dispositif` is locked by the caller."""
    if dispositif.cerfa_demande_le and dispositif.cerfa_demande_le > document.created_at:
        _lever_demande(dispositif, auteur)


def _abandonner(dispositif_id: int, demandeur) -> None:
    """The request cannot be served: the page stops showing « en cours » and shows the
    reason next to the button again."""
    with transaction.atomic():
        _lever_demande(
            Dispositif.objects.select_for_update(of=("self",)).get(pk=dispositif_id), demandeur
        )


def cerfa_generer(*, dispositif_id: int, demandeur_id: int | None = None) -> Document:
    """Render and store the CERFA (the task's body); safe to run again. Raises
    Dispositif.DoesNotExist when the dispositif was deleted since, RegleMetierError when
    the rules refuse it now (a CEJ whose IBAN was removed)."""
    demandeur = get_user_model().objects.filter(pk=demandeur_id).first() if demandeur_id else None
    dispositif = _charger(dispositif_id)
    raison = raison_sans_cerfa(dispositif, dispositif.jeune)
    if raison:
        _abandonner(dispositif.pk, demandeur)
        raise RegleMetierError(raison)
    contexte = contexte_cerfa(dispositif)
    cle, signature = cle_cerfa(dispositif), empreinte(contexte)
    existant = Document.objects.filter(cle=cle, empreinte=signature).first()
    if existant is not None:
        with transaction.atomic():
            verrouille = Dispositif.objects.select_for_update(of=("self",)).get(pk=dispositif.pk)
            _lever_demande_servie(verrouille, existant, demandeur)
        return existant
    pdf = rendre_pdf(
        GABARITS[contexte["type"]], {"cerfa": contexte, "edite_le": timezone.localtime()}
    )
    return document_generer(
        jeune=dispositif.jeune,
        par=demandeur,
        cle=cle,
        nom=nom_du_cerfa(contexte),
        numero=contexte["numero_cerfa"],
        contenu_pdf=pdf,
        empreinte=signature,
        contient_nir=bool(contexte["jeune"]["nir"]),
    )
