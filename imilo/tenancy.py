"""The tenant boundary: every tenant-owned row belongs to one Mission Locale (its structure).

- `StructureMiddleware` puts the signed-in user's Mission Locale on `request.structure`.
- Tenant-owned models use `StructureQuerySet`; `de_la_structure(ml)` is the one way to scope
  them. A model reaching its Mission Locale through a parent says so in `chemin_structure`
  (e.g. "jeune__structure").
- Models check in `clean()` that the rows they point at are of their ML with
  `hors_de_la_structure()`.
- Views fetch objects with `imilo.vues.objet_de_la_ml()` (this module's
  `objet_de_la_structure()` for the request's ML): another ML's object raises Http404,
  exactly like a missing one, so nothing tells them apart.
"""

from django.db import models
from django.http import Http404


class StructureQuerySet(models.QuerySet):
    def de_la_structure(self, structure):
        if structure is None:
            return self.none()
        chemin = getattr(self.model, "chemin_structure", "structure")
        return self.filter(**{chemin: structure})


# Next to a field whose value is another ML's row (a forged request: forms offer the ML's
# rows only).
HORS_DE_LA_STRUCTURE = "Ce choix n'appartient pas à la mission locale : choisissez dans la liste."


def structure_id_de(objet) -> int | None:
    """The id of the ML a row belongs to, through its `chemin_structure` (None for a row
    shared by every ML, such as a regional catalogue's training)."""
    *relations, dernier = getattr(type(objet), "chemin_structure", "structure").split("__")
    for relation in relations:
        objet = getattr(objet, relation)
    return getattr(objet, f"{dernier}_id")


def hors_de_la_structure(objet, structure_id, *champs, communs_admis=False) -> dict[str, str]:
    """For `clean()`: the foreign keys of `objet` among `champs` that point at another ML's
    row, each with its message. `communs_admis`: a row of no ML (shared) is accepted."""
    erreurs = {}
    for champ in champs:
        if getattr(objet, f"{champ}_id") is None:
            continue
        proprietaire = structure_id_de(getattr(objet, champ))
        if proprietaire != structure_id and not (communs_admis and proprietaire is None):
            erreurs[champ] = HORS_DE_LA_STRUCTURE
    return erreurs


def objet_de_la_structure(structure, queryset, **lookup):
    """The object of `queryset` matching `lookup` inside `structure`, or Http404."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return queryset.de_la_structure(structure).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Aucun élément ne correspond.") from exc


class StructureMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # The backend loads the user with its structure: no extra query here.
        request.structure = user.structure if user.is_authenticated else None
        return self.get_response(request)
