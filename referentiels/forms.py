"""Form fields for reference data: a commune typed as people say it, an element of a table."""

import re

from django import forms
from django.core.exceptions import ValidationError

from referentiels.models import Commune, ElementReference, Pays
from referentiels.recherche import communes_rechercher

_CODE_EN_TETE = re.compile(r"^\s*(\d{5}|2[AB]\d{3})\b")


def libelle_commune(commune: Commune) -> str:
    return f"{commune.code_insee} {commune.nom} ({commune.departement_id})"


class CommuneWidget(forms.TextInput):
    """A text input with the proposals of the commune search (datalist, filled by htmx)."""

    template_name = "referentiels/widgets/commune.html"

    def format_value(self, value):
        if isinstance(value, Commune):
            return libelle_commune(value)
        if value and re.fullmatch(r"\d{5}|2[AB]\d{3}", str(value)):
            commune = Commune.objects.filter(pk=value).select_related("departement").first()
            return libelle_commune(commune) if commune else value
        return value


class CommuneField(forms.CharField):
    widget = CommuneWidget
    # Required or not depending on another field (born abroad): the model decides.
    conditionnel = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text", "Nom, code postal ou code INSEE ; ajoutez le département : Saint Pierre 17"
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        texte = super().to_python(value)
        if not texte:
            return None
        code = _CODE_EN_TETE.match(texte)
        if code:
            commune = Commune.objects.actives().filter(pk=code.group(1)).first()
            if commune:
                return commune
        trouvees = list(communes_rechercher(texte, limite=2))
        if len(trouvees) == 1:
            return trouvees[0]
        if not trouvees:
            raise ValidationError("Aucune commune ne correspond : vérifiez l'orthographe.")
        raise ValidationError(
            "Plusieurs communes correspondent : choisissez-en une dans la liste ou ajoutez le "
            "département (ex. « Saint Pierre 17 »)."
        )


def champ_element(table: str, structure, **kwargs) -> forms.ModelChoiceField:
    """A select of the elements of `table` available to the ML (national, regional, own)."""
    kwargs.setdefault("required", False)
    return forms.ModelChoiceField(
        queryset=ElementReference.objects.de_la_table(table).disponibles_pour(structure),
        empty_label="—",
        **kwargs,
    )


class PaysField(forms.ModelChoiceField):
    conditionnel = True


def champ_pays(**kwargs) -> forms.ModelChoiceField:
    return PaysField(
        queryset=Pays.objects.filter(actif=True).exclude(groupe="1"),
        empty_label="—",
        **kwargs,
    )
