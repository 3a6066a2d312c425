"""The widgets of the home page, from the registry the apps fill (imilo.registres.WIDGETS),
so that the home page (imilo) never imports them."""

from django.template.loader import render_to_string

from imilo.registres import WIDGETS


def widgets_pour(request) -> list[dict]:
    """The widgets for this user, rendered, in their order."""
    resultats = [widget for fonction in WIDGETS if (widget := fonction(request)) is not None]
    return [
        {
            "titre": widget.titre,
            "html": render_to_string(widget.gabarit, widget.contexte, request=request),
        }
        for widget in sorted(resultats, key=lambda widget: widget.ordre)
    ]
