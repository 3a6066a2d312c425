"""The tenant boundary: every tenant-owned row belongs to one Mission Locale (its structure).

- `StructureMiddleware` puts the signed-in user's Mission Locale on `request.structure`.
- Tenant-owned models use `StructureQuerySet`; `de_la_structure(ml)` is the one way to scope
  them. A model reaching its Mission Locale through a parent says so in `chemin_structure`
  (e.g. "jeune__structure").
- Views fetch objects with `objet_de_la_structure()`: another ML's object raises Http404,
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
