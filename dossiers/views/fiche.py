"""The file page and the history of the file and its rows."""

from django.db.models import Prefetch
from django.shortcuts import render

from dossiers import services
from dossiers.enums import CategorieSituation
from dossiers.fiche import sections_de_la_fiche
from dossiers.forms.identite import JustificationForm
from dossiers.forms.suivi import PropositionForm
from dossiers.frise import frise
from dossiers.models import (
    Adresse,
    Cursus,
    Document,
    Evenement,
    Jeune,
    JustificationIdentite,
    Message,
    MoyenLocomotion,
    Permis,
    Proposition,
    RendezVous,
    Ressource,
    Situation,
)
from imilo.droits import Droit, droit_requis
from imilo.vues import objet_de_la_ml
from referentiels.models import ElementReference


@droit_requis(Droit.DOSSIERS_VOIR)
def fiche(request, jeune_id, proposition_form=None):
    """The file page; a refused demand comes back here with what was typed."""
    jeune = objet_de_la_ml(
        request,
        Jeune.objects.select_related(
            "conseiller_referent",
            "lieu_rattachement",
            "commune_naissance__departement",
            "pays_naissance",
            "situation_familiale",
            "moyen_garde",
            "created_by",
            "nir_certifie_par",
            "hebergement",
            "couverture_principale",
            "couverture_complementaire",
            "categorie_rqth",
            "origine_venue",
            "savoirs_base",
            "mobilite",
        ).prefetch_related(
            Prefetch(
                "justifications",
                queryset=JustificationIdentite.objects.select_related("piece", "par"),
            ),
            Prefetch("adresses", queryset=Adresse.objects.select_related("commune", "epci")),
            Prefetch("ressources", queryset=Ressource.objects.select_related("type")),
            Prefetch("locomotions", queryset=MoyenLocomotion.objects.select_related("moyen")),
            Prefetch("permis", queryset=Permis.objects.select_related("permis")),
            Prefetch(
                "rendez_vous",
                queryset=RendezVous.objects.select_related("conseiller", "motif_absence", "lieu"),
            ),
            Prefetch("evenements", queryset=Evenement.objects.select_related("auteur", "contexte")),
            "propositions",
            Prefetch(
                "situations",
                queryset=Situation.objects.select_related(
                    "type_contrat", "objectif", "validation", "metier", "motif_interruption"
                ),
            ),
            "cursus",
        ),
        pk=jeune_id,
    )
    services.jeune_noter_acces(jeune=jeune, par=request.user)
    return render(
        request,
        "dossiers/fiche.html",
        {
            "jeune": jeune,
            "sections": sections_de_la_fiche(request, jeune),
            "frise": frise(jeune),
            "voit_nir": request.user.a_le_droit(Droit.DOSSIERS_VOIR_NIR),
            "peut_modifier": request.user.a_le_droit(Droit.DOSSIERS_MODIFIER),
            "justification_form": JustificationForm(structure=request.structure),
            "proposition_form": proposition_form or PropositionForm(),
            "categories_situation": CategorieSituation.choices,
            "motifs_absence": ElementReference.objects.de_la_table(
                "motif_absence"
            ).disponibles_pour(request.structure),
        },
    )


# The file and its rows, each with its own history: one query per model.
HISTORIQUES = [
    (Jeune, "id", "dossier"),
    (Adresse, "jeune_id", "adresse"),
    (JustificationIdentite, "jeune_id", "justification"),
    (Ressource, "jeune_id", "ressource"),
    (Permis, "jeune_id", "permis"),
    (MoyenLocomotion, "jeune_id", "locomotion"),
    (RendezVous, "jeune_id", "rendez-vous"),
    (Evenement, "jeune_id", "événement"),
    (Proposition, "jeune_id", "demande"),
    (Situation, "jeune_id", "situation"),
    (Cursus, "jeune_id", "cursus"),
    (Message, "jeune_id", "message"),
    (Document, "jeune_id", "document"),
]


def _lignes_historique(modele, versions, objet):
    """One line per historical row: what changed since the previous version of that row."""
    precedentes: dict = {}
    lignes = []
    for version in sorted(versions, key=lambda v: v.history_date):
        precedente = precedentes.get(version.id)
        changements = []
        if precedente is not None:
            difference = version.diff_against(precedente, foreign_keys_are_objs=False)
            changements = [
                str(modele._meta.get_field(c.field).verbose_name) for c in difference.changes
            ]
        precedentes[version.id] = version
        lignes.append({"version": version, "objet": objet, "changements": changements})
    return lignes


@droit_requis(Droit.DOSSIERS_VOIR)
def historique(request, jeune_id):
    jeune = objet_de_la_ml(request, Jeune, pk=jeune_id)
    lignes = []
    for modele, cle, objet in HISTORIQUES:
        versions = modele.history.filter(**{cle: jeune.pk}).select_related("history_user")
        lignes += _lignes_historique(modele, list(versions), objet)
    lignes.sort(key=lambda ligne: ligne["version"].history_date, reverse=True)
    return render(request, "dossiers/historique.html", {"jeune": jeune, "lignes": lignes})
