"""The widgets of the home page: a registry the apps fill from their AppConfig.ready(), so
that the home page (imilo) never imports them. A widget is a function of the request
returning a `Widget`, or None when it has nothing to show for this user; one query each."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string


@dataclass
class Widget:
    titre: str
    gabarit: str
    contexte: dict = field(default_factory=dict)
    ordre: int = 50


WIDGETS: list[Callable] = []


def enregistrer_widget(fonction: Callable) -> Callable:
    if fonction not in WIDGETS:
        WIDGETS.append(fonction)
    return fonction


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
