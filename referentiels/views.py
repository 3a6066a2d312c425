"""Pages of the admin portal for the reference tables and the transfers between elements.

Everything but the commune proposals needs `referentiels.gerer`. A table is national (its
code is in the query string, not in the path); the ML's own objects — its local elements,
its transfer requests — are read through `objet_de_la_ml`: another ML's answer 404.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from imilo.droits import Droit, droit_requis
from imilo.vues import agir, objet_de_la_ml, paginer, soumettre
from referentiels import services
from referentiels.enums import Portee
from referentiels.forms import ElementLocalForm, TableChoixForm, TransfertForm
from referentiels.models import (
    ElementReference,
    TableReference,
    TransfertReference,
    champs_de_reference,
)
from referentiels.recherche import communes_rechercher
from referentiels.utilisations import utilisations_par_element

TRANSFERTS_PAR_PAGE = 50


def communes(request):
    """Proposals for a commune input (htmx fills its datalist): at most 10."""
    saisie = next((valeur for valeur in request.GET.values() if valeur.strip()), "")
    return render(
        request, "referentiels/communes_options.html", {"communes": communes_rechercher(saisie)}
    )


def _table(code: str) -> TableReference:
    table = TableReference.objects.filter(code=code).first() if code else None
    if table is None:
        raise Http404("Aucune table ne correspond.")
    return table


def _url_table(table_id: str) -> str:
    return f"{reverse('referentiels:table_reference')}?table={table_id}"


def _champs_par_table() -> dict[str, list[str]]:
    """Where each table is used, in words (from the models: no query)."""
    champs = defaultdict(list)
    for modele, champ in champs_de_reference():
        champs[champ.table_reference].append(
            f"{modele._meta.verbose_name_plural} ({champ.verbose_name})"
        )
    return champs


@droit_requis(Droit.REFERENTIELS_GERER)
def tables_reference(request):
    ml = request.structure
    tables = TableReference.objects.annotate(
        nationaux=Count("elements", filter=Q(elements__portee=Portee.NATIONALE)),
        regionaux=Count(
            "elements",
            filter=Q(elements__portee=Portee.REGIONALE, elements__region_id=ml.region_id),
        ),
        locaux=Count("elements", filter=Q(elements__portee=Portee.LOCALE, elements__structure=ml)),
    ).order_by("libelle")
    champs = _champs_par_table()
    return render(
        request,
        "referentiels/tables.html",
        {
            "tables": [(table, champs.get(table.code, [])) for table in tables],
            "transferts_en_attente": TransfertReference.objects.de_la_structure(ml)
            .en_attente()
            .count(),
        },
    )


@droit_requis(Droit.REFERENTIELS_GERER)
def table_reference(request):
    """One table: national, regional and local elements, each with its use by the ML; the
    ML adds local elements here."""
    ml = request.structure
    table = _table(request.GET.get("table", ""))
    formulaire = ElementLocalForm(request.POST or None)
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.element_ajouter(
                structure=ml, table=table, libelle=donnees["libelle"], par=request.user
            ),
            message=lambda element: f"L'élément « {element} » est ajouté.",
            vers=_url_table(table.code),
        )
        if reponse:
            return reponse
    utilises = utilisations_par_element(table.code, structure=ml)
    en_attente = {
        transfert.source_id: transfert
        for transfert in TransfertReference.objects.de_la_structure(ml)
        .en_attente()
        .filter(table=table)
    }
    sections = {portee: [] for portee in Portee}
    for element in ElementReference.objects.de_la_table(table.code).visibles_pour(ml):
        sections[element.portee].append(
            {
                "element": element,
                "utilisations": utilises.get(element.pk, []),
                "transfert": en_attente.get(element.pk),
            }
        )
    return render(
        request,
        "referentiels/table.html",
        {
            "table": table,
            "form": formulaire,
            "nationaux": sections[Portee.NATIONALE],
            "regionaux": sections[Portee.REGIONALE],
            "locaux": sections[Portee.LOCALE],
            "champs": _champs_par_table().get(table.code, []),
        },
    )


def _action_sur_element(request, element_id, action, message: str):
    element = objet_de_la_ml(
        request, ElementReference.objects.select_related("table"), pk=element_id
    )
    return agir(
        request,
        lambda: action(structure=request.structure, element=element, par=request.user),
        message=message.format(element=element),
        vers=_url_table(element.table_id),
    )


@require_POST
@droit_requis(Droit.REFERENTIELS_GERER)
def element_reference_activer(request, element_id):
    return _action_sur_element(
        request, element_id, services.element_activer, "« {element} » est activé."
    )


@require_POST
@droit_requis(Droit.REFERENTIELS_GERER)
def element_reference_desactiver(request, element_id):
    return _action_sur_element(
        request,
        element_id,
        services.element_desactiver,
        "« {element} » est désactivé : il n'est plus proposé, les dossiers qui l'ont le gardent.",
    )


@require_POST
@droit_requis(Droit.REFERENTIELS_GERER)
def element_reference_supprimer(request, element_id):
    return _action_sur_element(
        request, element_id, services.element_supprimer, "« {element} » est supprimé."
    )


@droit_requis(Droit.REFERENTIELS_GERER)
def transferts_reference(request):
    """« Suivre le transfert de références »: the ML's requests, newest first."""
    transferts = TransfertReference.objects.de_la_structure(request.structure).avec_donnees_liste()
    page, _ = paginer(request, transferts, TRANSFERTS_PAR_PAGE)
    return render(request, "referentiels/transferts.html", {"page": page})


@droit_requis(Droit.REFERENTIELS_GERER)
def transfert_reference_planifier(request):
    """« Mode transfert »: choose the table, then source and destination."""
    choix = TableChoixForm(request.GET if "table" in request.GET else None)
    if not choix.is_valid():
        return render(request, "referentiels/transfert_planifier.html", {"choix": choix})
    table = choix.cleaned_data["table"]
    initial = {"source": request.GET.get("source")} if request.GET.get("source") else {}
    formulaire = TransfertForm(
        request.POST or None, table=table, structure=request.structure, initial=initial
    )
    if request.method == "POST":
        reponse = soumettre(
            request,
            formulaire,
            lambda donnees: services.transfert_planifier(
                structure=request.structure, par=request.user, **donnees
            ),
            message=lambda transfert: (
                f"Le transfert de « {transfert.source_libelle} » vers "
                f"« {transfert.destination_libelle} » est planifié : il sera fait le "
                f"{transfert.execution_prevue:%d/%m/%Y} à {transfert.execution_prevue.hour} h."
            ),
            vers=reverse("referentiels:transferts_reference"),
        )
        if reponse:
            return reponse
    return render(
        request,
        "referentiels/transfert_planifier.html",
        {"choix": choix, "table": table, "form": formulaire},
    )


@require_POST
@droit_requis(Droit.REFERENTIELS_GERER)
def transfert_reference_annuler(request, transfert_id):
    transfert = objet_de_la_ml(request, TransfertReference, pk=transfert_id)
    return agir(
        request,
        lambda: services.transfert_annuler(transfert=transfert, par=request.user),
        message=(
            f"Le transfert de « {transfert.source_libelle} » vers "
            f"« {transfert.destination_libelle} » est annulé."
        ),
        vers=reverse("referentiels:transferts_reference"),
    )
