"""Demo dispositifs: a diagnostic running late, a PACEA in its second phase with an
allocation, a CEJ after a PACEA exit of last week with requests at every step, a CEP opened
by an offer, a PACEA closed with the entry/exit comparison."""

from datetime import timedelta

from django.utils import timezone

from dispositifs import services
from dispositifs.models import Dispositif
from dispositifs.regles import ajouter_mois
from dossiers.models import Jeune
from dossiers.services import jeune_modifier, ressource_ajouter
from referentiels.models import ElementReference

IBAN_DEMO = "FR7630006000011234567890189"


def peupler(demo) -> None:
    elements = {
        (e.table_id, e.code): e for e in ElementReference.objects.filter(portee="nationale")
    }
    if ("type_dispositif", "pacea") not in elements:
        demo.resume.append("Dispositifs non créés : chargez d'abord les référentiels.")
        return
    for structure in demo.objets.get("structures", []):
        ml = structure["ml"]
        equipe = structure["utilisateurs"].values()
        conseiller = next((u for u in equipe if u.fonction_prescripteur), None)
        validateur = next((u for u in equipe if u.delegation_rgs), None)
        jeunes = list(Jeune.objects.filter(structure=ml).order_by("pk"))
        if conseiller is None or len(jeunes) < 10:
            continue
        if Dispositif.objects.filter(jeune__structure=ml).exists():
            continue
        _peupler_ml(jeunes, conseiller, validateur, elements)
        demo.resume.append(
            f"{ml.nom} : {Dispositif.objects.filter(jeune__structure=ml).count()} dispositifs"
        )


def _peupler_ml(jeunes, par, validateur, elements) -> None:
    aujourdhui = timezone.localdate()
    element = elements.get

    def entrer(jeune, code, entree_le):
        return services.dispositif_entrer(
            jeune=jeune,
            par=par,
            type=element(("type_dispositif", code)),
            entree_le=entree_le,
            prescripteur=par,
            referent=jeune.conseiller_referent or par,
        ).objet

    def sortir(dispositif, le, motif):
        return services.dispositif_sortir(
            dispositif=dispositif,
            par=par,
            fin_reelle=le,
            motif_sortie=element(("motif_sortie", motif)),
        )

    def parcours(jeune, entree_le):
        diagnostic = entrer(jeune, "diagnostic", entree_le - timedelta(days=21))
        sortir(diagnostic, entree_le - timedelta(days=1), "pacea")
        return entrer(jeune, "pacea", entree_le)

    # A PACEA in its second phase (ending within 15 days), with this month's allocation.
    lea = jeunes[0]
    pacea = parcours(lea, aujourdhui - timedelta(days=90))
    premiere = services.phase_ajouter(
        dispositif=pacea,
        par=par,
        type=element(("type_phase", "diagnostic_projet")),
        debut=pacea.entree_le,
        fin_prevue=pacea.entree_le + timedelta(days=60),
        objectifs=["Identifier deux métiers", "Stage de découverte"],
    )
    services.bilan_de_phase(
        phase=premiere,
        par=par,
        le=pacea.entree_le + timedelta(days=60),
        decision="suivante",
        objectifs_atteints=[premiere.objectifs.first().pk],
        type_suivante=element(("type_phase", "formation")),
        fin_prevue=aujourdhui + timedelta(days=10),
        objectifs_suivante=["Entrer en CAP Cuisine"],
        notes="Projet cuisine confirmé après le stage.",
    )
    # No resource last month (« Aucun », 0 €): this month's allocation is due.
    debut_du_mois = aujourdhui.replace(day=1)
    ressource_ajouter(
        jeune=lea,
        par=par,
        type=element(("type_ressource", "aucun")),
        montant=0,
        debut=ajouter_mois(debut_du_mois, -3),
        fin=debut_du_mois - timedelta(days=1),
    )
    services.allocation_demander(dispositif=pacea, par=par, mois=aujourdhui, montant=250)

    # A diagnostic running for more than a month (flagged on the home page).
    entrer(jeunes[1], "diagnostic", aujourdhui - timedelta(days=40))

    # A PACEA left last week for a CEJ (the weekly list), the CEJ's request validated.
    ines = jeunes[2]
    lundi = aujourdhui - timedelta(days=aujourdhui.weekday() + 7)
    ancien = parcours(ines, lundi - timedelta(days=120))
    sortir(ancien, lundi + timedelta(days=2), "reorientation_anticipee")
    cej = entrer(ines, "cej", lundi + timedelta(days=3))
    jeune_modifier(jeune=ines, par=par, iban=IBAN_DEMO, bic="BDFEFRPPXXX")
    demande = services.allocation_demander(dispositif=cej, par=par, mois=aujourdhui, montant=528)
    if ines.justifications.exists():
        services.allocation_soumettre(demande=demande, par=par)
        if validateur is not None:
            services.allocation_valider(demande=demande, par=validateur)

    # A CEJ whose request waits: the file lacks its bank details.
    cej_incomplet = entrer(jeunes[4], "cej", aujourdhui - timedelta(days=20))
    services.allocation_demander(dispositif=cej_incomplet, par=par, mois=aujourdhui, montant=528)

    # A CEP opened by an offer of level 2 (the automatic action is shown, undoable).
    if ("motif_sollicitation_cep", "projet") in elements:
        services.cep_mobiliser(
            jeune=jeunes[6],
            par=par,
            niveau=2,
            motif_sollicitation=element(("motif_sollicitation_cep", "projet")),
            origine="L'atelier « Construire son projet » (P61)",
        )

    # A PACEA closed on « accès à l'autonomie », entry and exit compared.
    lucas = jeunes[9]
    ferme = parcours(lucas, ajouter_mois(aujourdhui, -14))
    sortir(ferme, aujourdhui - timedelta(days=10), "autonomie")
