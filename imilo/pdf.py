"""PDF documents (convocations, CERFA, printable lists), rendered from HTML
templates with WeasyPrint.

Templates extend `pdf/_base.html` (A4 page, margins, the fonts installed on the server).
Nothing is fetched from the network: only files of the project's static folders and
`data:` URLs may be referenced; anything else is skipped (and logged by WeasyPrint).
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def _dossiers_statiques() -> list[Path]:
    return [Path(dossier).resolve() for dossier in settings.STATICFILES_DIRS]


class RecuperationLocale(URLFetcher):
    """file: URLs inside the static folders, and data: URLs; nothing else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            chemin = Path(unquote(urlsplit(url).path)).resolve()
            if not any(chemin.is_relative_to(dossier) for dossier in _dossiers_statiques()):
                raise ValueError(f"Fichier hors des dossiers statiques refusé : {url}")
        return super().fetch(url, headers)


def rendre_pdf(template_name: str, contexte: dict) -> bytes:
    """The PDF of an HTML template; relative URLs (images, fonts) point into `static/`."""
    html = render_to_string(template_name, contexte)
    dossiers = _dossiers_statiques()
    return HTML(
        string=html,
        base_url=f"{dossiers[0].as_uri()}/" if dossiers else None,
        url_fetcher=RecuperationLocale(),
    ).write_pdf()
