"""The monthly billing list of the ML: page, CSV and PDF. Right: `admin_ml.gerer_utilisateurs`
(the billing of accounts goes with their management)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from admin_ml.facturation import Mois, facturation, facturation_csv
from imilo.droits import Droit, droit_requis
from imilo.pdf import rendre_pdf


def _contexte(request) -> dict:
    mois = Mois.de_texte(request.GET.get("mois"))
    return {"mois": mois, "lignes": facturation(request.structure, mois)}


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def facturation_page(request):
    return render(request, "admin_ml/facturation.html", _contexte(request))


def _fichier(contenu: bytes, type_mime: str, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def facturation_telecharger_csv(request):
    contexte = _contexte(request)
    return _fichier(
        facturation_csv(contexte["lignes"]),
        "text/csv; charset=utf-8",
        f"facturation-{request.structure.code}-{contexte['mois']}.csv",
    )


@droit_requis(Droit.ADMIN_ML_GERER_UTILISATEURS)
def facturation_telecharger_pdf(request):
    contexte = _contexte(request)
    pdf = rendre_pdf(
        "pdf/facturation.html",
        {
            **contexte,
            "structure": request.structure,
            "edite_le": timezone.localtime(),
            "edite_par": request.user,
        },
    )
    return _fichier(
        pdf, "application/pdf", f"facturation-{request.structure.code}-{contexte['mois']}.pdf"
    )
