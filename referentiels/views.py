from django.shortcuts import render

from referentiels.recherche import communes_rechercher


def communes(request):
    """Proposals for a commune input (htmx fills its datalist): at most 10."""
    saisie = next((valeur for valeur in request.GET.values() if valeur.strip()), "")
    return render(
        request, "referentiels/communes_options.html", {"communes": communes_rechercher(saisie)}
    )
