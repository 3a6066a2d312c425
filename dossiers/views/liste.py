"""The list of youth files: the search box and the criteria, its exports with chosen
columns (CSV, XLSX, printable PDF), « Ma liste » (a user's working selection) and its group
actions."""

from django.contrib import messages
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from admin_ml.transferts import transfert_executer
from dossiers import exports, ma_liste
from dossiers.criteres import appliquer_criteres, criteres_form
from dossiers.exports import LIGNES_MAX_PDF, ColonnesForm
from dossiers.forms.liste import ActionGroupeeForm
from dossiers.models import Jeune, SelectionJeune
from dossiers.pilotage import indicateur_du_lien
from imilo.droits import Droit, droit_requis
from imilo.pdf import rendre_pdf
from imilo.vues import REFUS, paginer, telechargement, texte_du_refus


def resultats(request):
    """The files matching the search box and the criteria of the request's query string."""
    texte = request.GET.get("q", "").strip()
    jeunes = Jeune.objects.de_la_structure(request.structure)
    if texte:
        jeunes = jeunes.rechercher(texte, voit_nir=request.user.a_le_droit(Droit.DOSSIERS_VOIR_NIR))
    criteres = criteres_form(request.structure, request.GET if len(request.GET) else None)
    return texte, appliquer_criteres(jeunes, criteres), criteres


@droit_requis(Droit.DOSSIERS_VOIR)
def liste(request):
    """The search box of the shell lands here; one exact answer opens the file directly.
    Criteria narrow the list; files go to « Ma liste » one by one or all at once."""
    texte, jeunes, criteres = resultats(request)
    page, parametres = paginer(
        request, jeunes.avec_donnees_liste().order_by("nom_usage", "prenom", "pk")
    )
    if texte and page.paginator.count == 1 and not request.GET.get("page"):
        return redirect("dossiers:fiche", jeune_id=page.object_list[0].pk)
    # Reached from a figure of the Pilotage page: say what the list counts.
    compte = indicateur_du_lien(request.structure, request.GET.get("indicateur", ""))
    return render(
        request,
        "dossiers/liste.html",
        {
            "page": page,
            "texte": texte,
            "criteres": criteres,
            "parametres": parametres,
            "compte": compte,
            # The search, for the export form (a GET form sends only its own fields).
            "recherche": [(cle, valeur) for cle, valeur in _parametres(request) if cle != "page"],
            "colonnes_form": ColonnesForm(
                utilisateur=request.user,
                initial={"colonnes": request.GET.getlist("colonnes")}
                if "colonnes" in request.GET
                else None,
            ),
            "peut_ouvrir": request.user.a_le_droit(Droit.DOSSIERS_CREER),
            "taille_ma_liste": SelectionJeune.objects.filter(utilisateur=request.user).count(),
        },
    )


@require_POST
@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_ajouter(request):
    """Checked files, or every result of the search (`tous`, with its query string)."""
    if request.POST.get("tous"):
        request.GET = QueryDict(request.POST.get("parametres", ""))
        jeunes = resultats(request)[1]
    else:
        identifiants = [i for i in request.POST.getlist("jeunes") if i.isdigit()]
        jeunes = Jeune.objects.de_la_structure(request.structure).filter(pk__in=identifiants)
    nombre = ma_liste.ma_liste_ajouter(utilisateur=request.user, jeunes=jeunes)
    messages.success(request, f"{nombre} dossier(s) ajouté(s) à Ma liste.")
    return redirect(f"{reverse('dossiers:liste')}?{request.POST.get('parametres', '')}")


@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_page(request):
    jeunes = ma_liste.selection(request.user)
    page, _ = paginer(request, jeunes.avec_donnees_liste().order_by("nom_usage", "prenom", "pk"))
    return render(
        request,
        "dossiers/ma_liste.html",
        {
            "page": page,
            "action_form": ActionGroupeeForm(structure=request.structure),
            "colonnes_form": ColonnesForm(utilisateur=request.user),
            "peut_modifier": request.user.a_le_droit(Droit.DOSSIERS_MODIFIER),
        },
    )


@require_POST
@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_retirer(request):
    if request.POST.get("tout"):
        ma_liste.ma_liste_retirer(utilisateur=request.user)
    else:
        ma_liste.ma_liste_retirer(
            utilisateur=request.user,
            jeune_ids=[i for i in request.POST.getlist("jeunes") if i.isdigit()],
        )
    return redirect("dossiers:ma_liste")


@require_POST
@droit_requis(Droit.DOSSIERS_MODIFIER)
def ma_liste_action(request):
    formulaire = ActionGroupeeForm(request.POST, structure=request.structure)
    jeunes = ma_liste.selection(request.user)
    if not formulaire.is_valid():
        messages.error(request, "Ce conseiller ou ce lieu n'est pas disponible.")
        return redirect("dossiers:ma_liste")
    referent, lieu = formulaire.cleaned_data["referent"], formulaire.cleaned_data["lieu"]
    faits = []
    try:
        # Both changes or neither; through the admin portal's registry of group transfers
        # (its rules hold whatever page asks for a transfer).
        with transaction.atomic():
            if referent:
                nombre = transfert_executer(
                    genre="jeunes_referent", objets=jeunes, destination=referent, par=request.user
                )
                faits.append(f"{nombre} dossier(s) confiés à {referent}.")
            if lieu:
                nombre = transfert_executer(
                    genre="jeunes_lieu", objets=jeunes, destination=lieu, par=request.user
                )
                faits.append(f"{nombre} dossier(s) rattachés à {lieu}.")
    except REFUS as erreur:
        messages.error(request, texte_du_refus(erreur))
    else:
        # Said once the transaction has committed: a refused second transfer undoes the
        # first, which must not be announced.
        for fait in faits:
            messages.success(request, fait)
    if not (referent or lieu):
        messages.warning(request, "Choisissez un conseiller ou un lieu.")
    return redirect("dossiers:ma_liste")


def _parametres(request):
    return [(cle, valeur) for cle in request.GET for valeur in request.GET.getlist(cle)]


def _exporter(request, jeunes, format: str, nom: str, retour: str):
    """The files in the chosen columns, as CSV, XLSX or a printable PDF; each file logged
    as opened. A PDF of too many files is refused, with the way out."""
    colonnes = ColonnesForm(request.GET, utilisateur=request.user).colonnes()
    if format == "pdf":
        nombre = jeunes.count()
        if nombre > LIGNES_MAX_PDF:
            messages.error(
                request,
                f"{nombre} dossiers : la liste imprimable en prend {LIGNES_MAX_PDF} au plus. "
                "Précisez les critères, ou exportez en CSV ou XLSX.",
            )
            return redirect(retour)
    exports.noter_export(jeunes=jeunes, par=request.user)
    fichier = f"{nom}-{timezone.localdate():%Y-%m-%d}.{format}"
    if format == "pdf":
        pdf = rendre_pdf(
            "pdf/liste_jeunes.html",
            {
                "colonnes": colonnes,
                "lignes": list(exports.lignes(jeunes, colonnes))[1:],
                "structure": request.structure,
                "edite_le": timezone.localtime(),
                "edite_par": request.user,
            },
        )
        return telechargement(pdf, "application/pdf", fichier)
    if format == "xlsx":
        contenu = exports.export_xlsx(jeunes, colonnes)
        type_mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        contenu = exports.export_csv(jeunes, colonnes)
        type_mime = "text/csv; charset=utf-8"
    return telechargement(contenu, type_mime, fichier)


@droit_requis(Droit.DOSSIERS_VOIR)
def liste_export(request, format):
    """The search's results, in the chosen columns."""
    _, jeunes, _ = resultats(request)
    retour = f"{reverse('dossiers:liste')}?{request.GET.urlencode()}"
    return _exporter(request, jeunes, format, "jeunes", retour)


@droit_requis(Droit.DOSSIERS_VOIR)
def ma_liste_export(request, format):
    jeunes = ma_liste.selection(request.user)
    return _exporter(request, jeunes, format, "ma-liste", reverse("dossiers:ma_liste"))
