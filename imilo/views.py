from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from imilo.accueil import widgets_pour


def accueil(request):
    """The counsellor's home page: who and where they are, and where they can go."""
    # Through the ML's own relation: imilo does not import the apps (direction of dependency).
    lieux = request.structure.lieux.actifs()
    return render(
        request,
        "socle/accueil.html",
        {"aujourdhui": timezone.localdate(), "lieux": lieux, "widgets": widgets_pour(request)},
    )


@login_not_required
def accessibilite(request):
    return render(request, "socle/accessibilite.html")


@login_not_required
@never_cache
def sante(request):
    """For the load balancer and docker compose: the database answers."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def erreur_serveur(request):
    # Inside the shell when possible; plain text when the failure is the shell's own
    # dependencies (database down…).
    try:
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponseServerError(
            "Une erreur est survenue. Elle est enregistrée dans les journaux de l'application. "
            "Réessayez dans quelques minutes ; si l'erreur se reproduit, prévenez la personne "
            "qui administre imilo dans votre Mission Locale.",
            content_type="text/plain; charset=utf-8",
        )
