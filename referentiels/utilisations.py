"""Where the elements of a reference table are used: every `ReferenceField` of the project.

One query per question, whatever the number of fields pointing at the table: the counts of
all the referencing fields come back from a single UNION ALL of grouped queries.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Q, Value

from referentiels.models import TransfertReference, champs_de_reference


@dataclass(frozen=True)
class Utilisation:
    """`nombre` records of `modele` hold the element in `champ`."""

    modele: type
    champ: object
    nombre: int

    def __str__(self):
        meta = self.modele._meta
        nom = meta.verbose_name if self.nombre == 1 else meta.verbose_name_plural
        return f"{self.nombre} {nom} ({self.champ.verbose_name})"


def champs_de_la_structure(table: str):
    """(model, field) of the table's referencing fields whose rows belong to an ML: the
    only rows an ML sees, counts or transfers."""
    for modele, champ in champs_de_reference(table):
        if hasattr(modele._default_manager.all(), "de_la_structure"):
            yield modele, champ


def utilisations_par_element(
    table: str, *, structure=None, elements=None
) -> dict[int, list[Utilisation]]:
    """{element id: its uses} in the ML's records (`structure`), or in every record (None);
    for the `elements` given, else for every element of the table. One query."""
    if structure is None:
        champs = list(champs_de_reference(table))
    else:
        champs = list(champs_de_la_structure(table))
    cles = None if elements is None else [getattr(e, "pk", e) for e in elements]
    requetes = []
    for rang, (modele, champ) in enumerate(champs):
        lignes = modele._default_manager.all()
        if structure is not None:
            lignes = lignes.de_la_structure(structure)
        if cles is None:
            lignes = lignes.filter(**{f"{champ.attname}__isnull": False})
        else:
            lignes = lignes.filter(**{f"{champ.attname}__in": cles})
        requetes.append(
            lignes.order_by()
            .values(element=F(champ.attname), rang=Value(rang, output_field=IntegerField()))
            .annotate(nombre=Count("pk"))
        )
    resultat: dict[int, list[Utilisation]] = defaultdict(list)
    if not requetes:
        return resultat
    lignes = requetes[0].union(*requetes[1:], all=True) if len(requetes) > 1 else requetes[0]
    for ligne in lignes:
        modele, champ = champs[ligne["rang"]]
        resultat[ligne["element"]].append(Utilisation(modele, champ, ligne["nombre"]))
    return resultat


def utilisations(element) -> list[str]:
    """What still points at `element`, in words, for the refusal of a deletion: records of
    any ML and transfer requests waiting to run (two queries)."""
    textes = [
        str(utilisation)
        for utilisation in utilisations_par_element(element.table_id, elements=[element])[
            element.pk
        ]
    ]
    nombre = (
        TransfertReference.objects.en_attente()
        .filter(Q(source=element) | Q(destination=element))
        .count()
    )
    if nombre:
        pluriel = "s" if nombre > 1 else ""
        textes.append(f"{nombre} transfert{pluriel} planifié{pluriel}")
    return textes
