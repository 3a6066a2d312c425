"""What several services of dispositifs share: dates as they are written in a refusal, and
the reference elements a service needs by their code."""

from datetime import date

from imilo.erreurs import RegleMetierError
from referentiels.models import ElementReference


def date_fr(jour: date) -> str:
    return f"{jour:%d/%m/%Y}"


def element_requis(table: str, code: str, structure) -> ElementReference:
    """The element of `table` with `code` available to the ML; a refusal when the reference
    tables were not loaded."""
    element = (
        ElementReference.objects.de_la_table(table)
        .disponibles_pour(structure)
        .filter(code=code)
        .first()
    )
    if element is None:
        raise RegleMetierError(
            f"La valeur « {code} » manque dans la table « {table} » : chargez les référentiels."
        )
    return element
